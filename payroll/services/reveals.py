"""Revealing full resident ID and bank card numbers: capability, scope, and a log per reveal.

Lists, exports and PDFs show the masked forms stored beside the ciphertext. Every full number
a person sees passes through here and leaves a ``core.RevealLog`` row (敏感信息查看记录).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from payroll import capabilities as caps
from payroll.models import Worker
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.services.reveals import reveal_log, reveal_log_many

# field -> (capability, the Worker attribute holding the ciphertext, label in the log)
FIELDS = {
    "id_number": (caps.REVEAL_ID_NUMBER, "id_number_encrypted", "公民身份号码"),
    "bank_card": (caps.REVEAL_BANK_CARD, "bank_card_encrypted", "银行卡号"),
}


def can_reveal(user, field: str) -> bool:
    return access.has(user, FIELDS[field][0])


def _sealed(worker: Worker, field: str):
    return getattr(worker, FIELDS[field][1])


def worker_reveal(
    *, acting_user, worker: Worker, field: str, purpose: str = "", ip: str | None = None
) -> str:
    """The full number of one worker, logged. Raises PermissionDenied / Http404 otherwise."""
    capability, _, label = FIELDS[field]
    access.require(acting_user, capability)
    scope.ensure(acting_user, scope.VIEW, worker)
    sealed = _sealed(worker, field)
    if sealed is None:
        raise PermissionDenied(f"该务工人员没有登记{label}")
    reveal_log(acting_user=acting_user, obj=worker, field=label, purpose=purpose, ip=ip)
    return sealed.reveal()


def workers_reveal(
    *, acting_user, workers: Iterable[Worker], field: str, purpose: str, ip: str | None = None
) -> dict[int, str]:
    """Full numbers of many workers at once (a roster for paying wages), one log row each.

    ``workers`` must already be restricted to the user's scope by the caller's selector.
    """
    capability, _, label = FIELDS[field]
    access.require(acting_user, capability)
    workers = [w for w in workers if _sealed(w, field) is not None]
    reveal_log_many(acting_user=acting_user, objects=workers, field=label, purpose=purpose, ip=ip)
    return {w.pk: _sealed(w, field).reveal() for w in workers}
