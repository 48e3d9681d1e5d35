"""What payroll tells the apps above it when a project's wage figures for a month may have
changed (issue 12 item 3: a dashboard that is never a night behind).

``figures_changed(project_id, month)`` is the one-line call a service makes inside its
transaction when it files, submits, signs, returns, corrects or discards a ledger, or when a
payment batch is made or the bank's reply credits its lines. Nothing is sent unless the
transaction commits; then ``wage_figures_changed`` is sent once per call with ``project_id``
and ``month`` (the ledger's month: reports of that month and every later one may change, as
money paid later and arrears at later month ends read the same lines). Payroll does not know who
listens (the assessment refreshes its monthly reports on a Celery worker).
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.db import transaction
from django.dispatch import Signal

wage_figures_changed = Signal()  # kwargs: project_id, month
log = logging.getLogger(__name__)


def figures_changed(project_id: int, month: dt.date) -> None:
    """Announce, once the current transaction commits, that ``project_id``'s figures from
    ``month`` on may have changed (see the module's docstring)."""
    transaction.on_commit(partial(_send, project_id, month.replace(day=1)))


def _send(project_id: int, month: dt.date) -> None:
    # After the commit: a listener's failure must not turn a committed step into an error page
    # (the nightly job catches up), but it is logged.
    for receiver, result in wage_figures_changed.send_robust(
        sender=None, project_id=project_id, month=month
    ):
        if isinstance(result, Exception):
            log.error("wage_figures_changed: %r failed: %r", receiver, result)
