"""Issue 11 items 4 and 5, on the ledger's workflow.

* item 4: a month's ledger only for a month that has ended (or ends today) — plan task 9 pays
  wages 按月; a ledger of the running month does not lock the rest of its attendance;
* item 5: "登记签字确认" with nothing ticked signs nobody; a signed ledger carries every line's
  confirmation or the signed scan (plan task 9: 经务工人员签字确认后……送项目主管部门备案).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from payroll.choices import LedgerStatus, SignatureMode
from payroll.forms import LedgerConfirmForm
from payroll.models import WageLedger
from payroll.services.attendance import month_is_locked
from payroll.services.ledgers import (
    ledger_confirm_lines,
    ledger_create,
    ledger_file,
    ledger_replace_lines,
    ledger_sign,
    ledger_submit,
)
from tests.payroll.factories import record_attendance
from tests.payroll.ledger_site import MAY, SHANGHAI, build_site

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def test_plan_task_9_no_ledger_for_the_running_month(site, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 30, 12, tzinfo=SHANGHAI), tick=False)
    with pytest.raises(ValidationError, match="2026年5月尚未结束（至05月31日）"):
        ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    with pytest.raises(ValidationError, match="尚未结束"):
        ledger_replace_lines(
            acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
        )
    assert not WageLedger.objects.exists()


def test_plan_task_9_the_ledger_of_a_month_ending_today_may_be_drafted(site, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 31, 9, tzinfo=SHANGHAI), tick=False)
    ledger = ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    assert ledger.month == MAY and ledger.workers == 3


def test_a_filed_ledger_of_the_running_month_does_not_lock_its_attendance(site, time_machine):
    """A ledger filed before its month ended (made before this rule) leaves the days to come
    open; once the month has ended, the filed ledger locks it."""
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=SHANGHAI), tick=False)
    record_attendance(site.project, site.workers[0], [dt.date(2026, 6, 1)])
    WageLedger.objects.create(
        project=site.project, month=JUNE, status=LedgerStatus.FILED,
        pay_deadline=dt.date(2026, 7, 15),
    )  # fmt: skip
    assert month_is_locked(site.project, JUNE) is False
    time_machine.move_to(dt.datetime(2026, 7, 1, 9, tzinfo=SHANGHAI), tick=False)
    assert month_is_locked(site.project, JUNE) is True


@pytest.fixture
def submitted(site, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=SHANGHAI), tick=False)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    return ledger_submit(acting_user=site.unit, ledger=ledger)


def test_plan_task_9_confirming_nobody_signs_nobody(site, submitted):
    with pytest.raises(ValidationError, match="请勾选已在签字表上签字的务工人员"):
        ledger_confirm_lines(acting_user=site.unit, ledger=submitted, line_ids=[])
    assert not submitted.lines.filter(signed=True).exists()
    ids = list(submitted.lines.values_list("pk", flat=True))
    form = LedgerConfirmForm({"revision": submitted.revision, "signed": "1"}, line_ids=ids)
    assert not form.is_valid()
    assert form.errors["__all__"] == ["请勾选已在签字表上签字的务工人员，再登记签字确认"]
    ticked = LedgerConfirmForm(
        {"revision": submitted.revision, "signed": "1", "lines": [str(ids[0])]}, line_ids=ids
    )
    assert ticked.is_valid() and ticked.cleaned_data["lines"] == [ids[0]]
    everyone = LedgerConfirmForm(
        {"revision": submitted.revision, "signed": "1", "everyone": "on"}, line_ids=ids
    )
    assert everyone.is_valid() and everyone.cleaned_data["lines"] == ids


def test_the_confirm_page_with_nothing_ticked_signs_nobody(site, submitted, client):
    client.force_login(site.unit)
    response = client.post(
        reverse("payroll:ledger_confirm", args=[submitted.pk]),
        {"revision": submitted.revision, "signed": "1"},
    )
    assert response.status_code == 302
    assert submitted.lines.filter(signed=True).count() == 0


def test_plan_task_9_a_ledger_is_filed_only_with_every_confirmation_or_the_scan(site, submitted):
    first = submitted.lines.order_by("seq").first()
    ledger_confirm_lines(acting_user=site.unit, ledger=submitted, line_ids=[first.pk])
    with pytest.raises(ValidationError, match="尚有2人未签字确认"):
        ledger_sign(acting_user=site.unit, ledger=submitted)
    # a ledger marked signed some other way (an older version of the code) is not filed
    WageLedger.objects.filter(pk=submitted.pk).update(
        status=LedgerStatus.SIGNED, signature_mode=SignatureMode.LINES
    )
    submitted.refresh_from_db()
    with pytest.raises(ValidationError, match="尚有2人未签字确认，且没有签字台账扫描件"):
        ledger_file(acting_user=site.department, ledger=submitted)
    submitted.refresh_from_db()
    assert submitted.status == LedgerStatus.SIGNED


def test_plan_task_9_the_new_ledger_form_offers_only_months_that_have_ended(site, time_machine):
    from payroll.forms import LedgerNewForm
    from projects.models import Project

    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=SHANGHAI), tick=False)
    running = LedgerNewForm(projects=Project.objects.all())
    assert running.fields["month"].choices[0] == ("2026-05", "2026年5月")
    assert running.initial["month"] == "2026-05"
    time_machine.move_to(dt.datetime(2026, 6, 30, 12, tzinfo=SHANGHAI), tick=False)
    last_day = LedgerNewForm(projects=Project.objects.all())
    assert last_day.fields["month"].choices[0] == ("2026-06", "2026年6月")
