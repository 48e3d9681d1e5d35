"""Province scale, the code parts (issue 12 item 4): imports, PDFs and reports on queues of
their own, one worker consuming all of them in development; advisory locks keyed by district."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from yiguoji import queues
from yiguoji.celery import app
from yiguoji.core import locks
from yiguoji.core.services.jobs import _kinds


def test_tasks_and_jobs_go_to_their_queue():
    import assessment.jobs  # noqa: F401  (registers the report jobs)
    import payroll.ledger_pdf  # noqa: F401
    import yiguoji.imports.uploads  # noqa: F401

    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert app.amqp.router.route({}, "assessment.project_reports")["queue"].name == (
        f"{default}.reports"
    )
    assert app.amqp.router.route({}, "payroll.send_ledger_reminders")["queue"].name == default
    assert _kinds["imports.upload"].queue == queues.IMPORTS
    assert _kinds["payroll.ledger_pdf"].queue == queues.PDFS
    assert {_kinds[k].queue for k in _kinds if k.startswith("assessment.")} == {queues.REPORTS}
    # a worker started without -Q (make run, the tests) consumes every queue
    assert [q.name for q in app.conf.task_queues] == queues.names(default)


def test_deployment_runs_one_worker_per_queue_and_make_run_one_for_all():
    base = Path(settings.BASE_DIR)
    procfile = (base / "Procfile").read_text()
    for kind in queues.KINDS:
        assert f"-Q ${{CELERY_QUEUE:-yiguoji}}.{kind}" in procfile
    compose = (base / "docker-compose.yml").read_text()
    assert all(f"worker_{kind}:" in compose for kind in queues.KINDS)
    dev = dict(
        line.split(":", 1)
        for line in (base / "Procfile.dev").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert "-Q" not in dev["worker"]


@pytest.mark.django_db
def test_lock_keys_carry_the_district(district):
    locks.forget()
    here = locks.key("ledger", 7, "2026-05-01")
    assert here == locks.key("ledger", 7, "2026-05-01")
    assert here != locks.key("ledger", 8, "2026-05-01") != locks.key("project_code", 7)
    type(district).objects.filter(pk=district.pk).update(project_code_prefix="ZZ")
    locks.forget()
    assert locks.key("ledger", 7, "2026-05-01") != here  # another district, another lock
    locks.forget()
    with transaction.atomic():
        locks.hold("ledger", 7)  # taken, released at commit
