"""Two people acting on the same ledger at once (two threads, two database connections): one
consistent result, and a clear message to the other."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from payroll.choices import LedgerStatus, PayMethod
from payroll.models import WageLedger
from payroll.services.ledgers import ledger_replace_lines, ledger_submit, line_update
from tests.payroll.ledger_site import MAY, RATE, TODAY, build_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def at_once(*actions):
    """Run ``actions`` in threads started together; each returns its result or its error."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture
def ledger(make_user):
    site = build_site(make_user)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    return site, ledger


def test_two_submissions_at_once_submit_once_and_tell_the_other_who(ledger):
    site, ledger = ledger
    revision = ledger.revision
    results = at_once(
        lambda: ledger_submit(acting_user=site.unit, ledger=ledger, revision=revision),
        lambda: ledger_submit(acting_user=site.contractor, ledger=ledger, revision=revision),
    )
    won = [r for r in results if isinstance(r, WageLedger)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    winner = won[0].submitted_by.get_full_name()
    assert lost[0].messages == [
        f"该台账已由{winner}于{won[0].submitted_at.astimezone(TODAY.tzinfo):%Y-%m-%d %H:%M}"
        "提交，请刷新后查看"
    ]
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.SUBMITTED
    assert list(ledger.steps.values_list("action", flat=True)) == ["upload", "submit"]


def test_two_edits_from_the_same_page_keep_the_first_and_refuse_the_second(ledger):
    site, ledger = ledger
    revision = ledger.revision
    first, second = ledger.lines.order_by("seq")[:2]

    def edit(user, line, paid):
        return lambda: line_update(
            acting_user=user,
            line=line,
            revision=revision,
            days=line.days,
            daily_rate=RATE,
            paid=paid,
            pay_date=dt.date(2026, 6, 10),
            method=PayMethod.BANK_CARD,
            explanation="余款7月补发",
        )

    results = at_once(
        edit(site.unit, first, Decimal("1800.00")),
        edit(site.contractor, second, Decimal("1900.00")),
    )
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(lost) == 1, results
    assert "您看到的不是最新内容，请刷新后再操作" in lost[0].messages[0]
    ledger.refresh_from_db()
    assert ledger.revision == revision + 1
    # Exactly one of the two changes was written, and the totals agree with the lines.
    paid = sorted(ledger.lines.values_list("paid", flat=True))
    assert paid in ([1800, 2000, 2000], [1900, 2000, 2000])
    assert ledger.total_paid == sum(paid)


def test_an_edit_racing_a_submission_never_changes_a_submitted_ledger(ledger):
    site, ledger = ledger
    revision = ledger.revision
    line = ledger.lines.order_by("seq").first()
    results = at_once(
        lambda: ledger_submit(acting_user=site.unit, ledger=ledger, revision=revision),
        lambda: line_update(
            acting_user=site.contractor,
            line=line,
            revision=revision,
            days=line.days,
            daily_rate=RATE,
            paid=Decimal("1000.00"),
            pay_date=dt.date(2026, 6, 10),
            method=PayMethod.BANK_CARD,
            explanation="余款7月补发",
        ),
    )
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(errors) == 1, results
    ledger.refresh_from_db()
    if ledger.status == LedgerStatus.SUBMITTED:  # the submission won: the edit was refused
        assert ledger.lines.get(pk=line.pk).paid == Decimal("2000.00")
        assert "提交，请刷新后查看" in errors[0].messages[0]
    else:  # the edit won: the submission from the older page was refused
        assert ledger.lines.get(pk=line.pk).paid == Decimal("1000.00")
        assert "请刷新后再操作" in errors[0].messages[0]


def test_an_upload_checks_under_the_lock_what_changed_after_the_file_was_read(
    make_user, monkeypatch
):
    """The rules of an upload run once, under the ledger's lock: attendance corrected by
    someone else between reading the file and writing it is still caught."""
    from payroll.importers import ledger as importer
    from payroll.importers.ledger import WageLedgerImport
    from payroll.models import AttendanceMonth
    from tests.payroll.sheets import xlsx
    from yiguoji.imports import run_import

    site = build_site(make_user)
    first = site.workers[0]
    header = ["姓名", "公民身份号码", "出勤天数", "日劳务报酬标准（元）", "应发金额（元）",
              "实发金额（元）", "发放日期"]  # fmt: skip
    body = [
        [w.name, w.id_number_encrypted.reveal(), 10, 200, 2000, 2000, dt.date(2026, 6, 10)]
        for w in site.workers
    ]
    real = importer.ledger_replace_lines

    def after_someone_else_corrects_attendance(**kwargs):
        def correct():  # another connection, committed before the upload takes the lock
            AttendanceMonth.objects.filter(project=site.project, worker=first).update(days=8)

        at_once(correct)
        return real(**kwargs)

    monkeypatch.setattr(importer, "ledger_replace_lines", after_someone_else_corrects_attendance)
    result = run_import(
        WageLedgerImport(project=site.project, month=MAY),
        xlsx([header, *body], text_columns="B"),
        filename="台账.xlsx",
        context={"user": site.unit},
    )
    assert result.messages() == ["第2行 出勤天数：王建军：台账10天，多于考勤记录的8天"]
    assert not WageLedger.objects.exists()
