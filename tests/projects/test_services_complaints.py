"""Complaints (投诉举报; art. 25, 31, 32): one register for every channel, routing by kind and
project, deadlines as data frozen on receipt, escalation and lapse with time frozen at chosen
instants, the complainant's confirm / reopen, SMS per step."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.choices import ComplaintChannel, ComplaintKind, ProjectStatus
from projects.models import Complaint, ComplaintRule, ComplaintStep
from projects.services import complaints as svc
from yiguoji.core.models import Notification
from yiguoji.core.terms import terms

BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 2, 10, 0, tzinfo=BEIJING)  # a Monday morning, Beijing time


@pytest.fixture
def project(make_project, cast):
    project = make_project(status=ProjectStatus.IN_PROGRESS)
    project.department = cast.orgs["department"]
    project.save()
    return project


@pytest.fixture
def sms_dir(settings, tmp_path):
    """SMS written to files; tasks enqueued after commit run at once, in this process."""
    from yiguoji.celery import app

    settings.SMS_BACKEND = "yiguoji.sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    app.conf.task_always_eager = True
    yield tmp_path / "sms"
    app.conf.task_always_eager = False


def _web(project, **fields):
    values = {
        "channel": ComplaintChannel.WEB,
        "kind": ComplaintKind.WAGE_ARREARS,
        "project": project,
        "complainant": "王秀兰",
        "phone": "13800001111",
        "content": "10月在项目务工20天，劳务报酬至今未发。",
        **fields,
    }
    return svc.complaint_submit(**values)


def test_routing_by_kind_and_project(cast, project):
    """Wages go to the project unit, fund misuse and quality to the department, not-hired to
    the township government, other to the district office (the default rules)."""
    expected = {
        ComplaintKind.WAGE_ARREARS: cast.orgs["project_unit"],
        ComplaintKind.WRONG_AMOUNT: cast.orgs["project_unit"],
        ComplaintKind.FUND_MISUSE: cast.orgs["department"],
        ComplaintKind.QUALITY: cast.orgs["department"],
        ComplaintKind.NOT_HIRED: cast.orgs["township"],
        ComplaintKind.OTHER: cast.orgs["district_office"],
    }
    assert {kind: svc.route(kind, project) for kind in expected} == expected
    assert svc.route(ComplaintKind.QUALITY, None) == cast.orgs["district_office"]
    project.department = None
    assert svc.route(ComplaintKind.QUALITY, project) == cast.orgs["district_office"]
    # The routing is data: the district sends quality reports to the township instead.
    ComplaintRule.objects.filter(kind=ComplaintKind.QUALITY).update(handler="township")
    assert svc.route(ComplaintKind.QUALITY, project) == cast.orgs["township"]


def test_deadlines_are_frozen_from_the_rule_at_receipt(cast, project, time_machine):
    time_machine.move_to(T0, tick=False)
    complaint, code = _web(project)
    assert complaint.number == f"TS2026{complaint.pk:06d}"
    assert len(code) == 8 and svc.complaint_by_tracking(complaint.number, code) == complaint
    assert svc.complaint_by_tracking(complaint.number, "WRONGCOD") is None
    assert svc.complaint_by_tracking("TS2099000001", code) is None
    assert (complaint.acknowledge_by, complaint.answer_by, complaint.close_by) == (
        T0 + dt.timedelta(days=1), T0 + dt.timedelta(days=5), T0 + dt.timedelta(days=15),
    )  # fmt: skip
    assert complaint.handler == cast.orgs["project_unit"]
    assert complaint.phone_masked == "138****1111" and complaint.recorded_by is None
    # A later change of the rule does not move this complaint's deadlines.
    ComplaintRule.objects.filter(kind=ComplaintKind.WAGE_ARREARS).update(answer_days=10)
    complaint.refresh_from_db()
    assert complaint.answer_by == T0 + dt.timedelta(days=5)
    # The unit's users are told (home page and notification).
    assert Notification.objects.filter(recipient=cast.project_unit).count() == 1


def test_refusals_of_the_public_form(cast, project):
    with pytest.raises(ValidationError) as refused:
        _web(project, anonymous=True, complainant="", phone="")
    assert "须留姓名和手机号" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        _web(project, phone="12345", content="<script>alert(1)</script>", complainant="")
    assert set(refused.value.message_dict) == {"phone", "content", "complainant"}
    assert "网页代码" in refused.value.message_dict["content"][0]
    with pytest.raises(ValidationError, match="不能超过 2000 个字"):
        _web(project, content="欠" * 2001)
    with pytest.raises(ValidationError, match="手机号码"):
        _web(project, phone="")
    # A quality report may be anonymous; the name and phone must then be empty.
    complaint, _ = _web(project, kind=ComplaintKind.QUALITY, anonymous=True, complainant="",
                        phone="")  # fmt: skip
    assert complaint.anonymous and complaint.phone_encrypted is None
    with pytest.raises(ValidationError, match="匿名投诉不登记"):
        _web(project, kind=ComplaintKind.QUALITY, anonymous=True)
    assert Complaint.objects.count() == 1


def test_staff_channels_need_the_capability_and_the_project(cast, project, make_project):
    base = {"channel": ComplaintChannel.HOTLINE, "kind": ComplaintKind.QUALITY,
            "project": project, "anonymous": True, "content": "路面开裂"}  # fmt: skip
    for role in ("project_unit", "contractor", "leader", "auditor", "finance"):
        with pytest.raises(PermissionDenied):
            svc.complaint_submit(acting_user=cast.users[role], **base)
    other = make_project(townships=[cast.other_township], owner=cast.orgs["other_unit"],
                         department=cast.orgs["other_department"], sector="forestry")  # fmt: skip
    with pytest.raises(PermissionDenied, match="不在您的权限范围内"):
        svc.complaint_submit(acting_user=cast.department, **{**base, "project": other})
    complaint, _ = svc.complaint_submit(acting_user=cast.users["township"], **base)
    assert complaint.recorded_by == cast.users["township"]
    with pytest.raises(ValidationError, match="工作人员请按"):
        svc.complaint_submit(acting_user=cast.district_office, **{**base, "channel": "web"})


def test_the_whole_path_with_an_sms_per_step(cast, project, sms_dir, time_machine,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    time_machine.move_to(T0, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _ = _web(project)
    unit = cast.project_unit
    with pytest.raises(PermissionDenied):  # routed to the unit, not to the contractor
        svc.complaint_acknowledge(acting_user=cast.contractor, complaint=complaint)
    time_machine.move_to(T0 + dt.timedelta(hours=3), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_acknowledge(acting_user=unit, complaint=complaint, note="已联系施工单位")
        svc.complaint_answer(acting_user=unit, complaint=complaint, substantiated=True,
                             answer="经核实，施工单位已于11月3日补发2000元。")  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.status == "answered" and complaint.confirm_by == T0 + dt.timedelta(
        hours=3, days=7
    )
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_reopen(complaint=complaint, reason="只补发了1500元")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.reopen_count) == ("processing", 1)
    assert complaint.answer_by == T0 + dt.timedelta(hours=3, days=5)
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_answer(acting_user=unit, complaint=complaint, substantiated=True,
                             answer="已再补发500元。")  # fmt: skip
        svc.complaint_confirm(complaint=complaint)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_how, complaint.satisfied) == (
        "closed", "confirmed", True,
    )  # fmt: skip
    actions = list(complaint.steps.values_list("action", flat=True))
    assert actions == ["received", "acknowledged", "answered", "reopened", "answered",
                       "confirmed"]  # fmt: skip
    sent = [json.loads(p.read_text()) for p in sorted(sms_dir.glob("*.json"))]
    assert [m["to"] for m in sent] == ["13800001111"] * 6
    assert all(complaint.number in m["text"] for m in sent)
    assert "已由岔道村村民委员会受理" in sent[1]["text"]
    assert ComplaintStep.objects.filter(notified_at__isnull=True).count() == 0
    # Sent once: running a step's task again sends nothing more.
    assert svc.complaint_step_notify(step_id=complaint.steps.first().pk) is False
    assert len(list(sms_dir.glob("*.json"))) == 6
    with pytest.raises(ValidationError, match="已办结"):
        svc.complaint_reopen(complaint=complaint, reason="再次")


def test_reopen_is_limited_and_told_to_the_district_office(cast, project):
    complaint, _ = _web(project)
    for _ in range(svc.MAX_REOPENS):
        svc.complaint_answer(acting_user=cast.project_unit, complaint=complaint,
                             substantiated=False, answer="已足额发放")  # fmt: skip
        svc.complaint_reopen(complaint=complaint, reason="没有收到")
    svc.complaint_answer(acting_user=cast.project_unit, complaint=complaint,
                         substantiated=False, answer="已足额发放")  # fmt: skip
    with pytest.raises(ValidationError, match="监督举报电话"):
        svc.complaint_reopen(complaint=complaint, reason="没有收到")
    assert (
        Notification.objects.filter(
            recipient=cast.district_office, key__contains="reopened"
        ).count()
        == svc.MAX_REOPENS
    )


def test_escalation_with_time_frozen(cast, project, time_machine):
    """Acknowledge within 1 day, answer within 5, close within 15 (wage arrears): each stage
    that passes its deadline escalates once, and a second run at the same instant does not."""
    time_machine.move_to(T0, tick=False)
    complaint, _ = _web(project)
    at = T0 + dt.timedelta(days=1)  # exactly the deadline: not yet overdue
    assert svc.complaints_escalate(now=at) == 0
    late = at + dt.timedelta(seconds=1)
    assert svc.complaints_escalate(now=late) == 1
    assert svc.complaints_escalate(now=late + dt.timedelta(hours=5)) == 0  # same stage: once
    complaint.refresh_from_db()
    assert (complaint.escalated_stage, complaint.escalated_at) == ("acknowledge", late)
    office = Notification.objects.filter(recipient=cast.district_office, key__contains="escal")
    assert office.count() == 1 and "未按期受理" in office.get().title
    step = complaint.steps.get(action="escalated")
    assert step.message == f"未按期受理，已提交{terms().office}督办"

    time_machine.move_to(late, tick=False)
    svc.complaint_acknowledge(acting_user=cast.project_unit, complaint=complaint)
    # Answer due on day 5 counted from receipt.
    assert svc.complaints_escalate(now=T0 + dt.timedelta(days=5)) == 0
    assert svc.complaints_escalate(now=T0 + dt.timedelta(days=5, minutes=1)) == 1
    complaint.refresh_from_db()
    assert complaint.escalated_stage == "answer"
    assert list(Complaint.objects.escalated()) == [complaint]


def test_lapse_closes_answered_complaints_after_the_confirmation_period(cast, project,
                                                                        time_machine):  # fmt: skip
    time_machine.move_to(T0, tick=False)
    complaint, _ = _web(project)
    svc.complaint_answer(acting_user=cast.project_unit, complaint=complaint,
                         substantiated=True, answer="已补发")  # fmt: skip
    assert svc.complaints_lapse(now=T0 + dt.timedelta(days=7)) == 0
    # An answered complaint is not escalated for the close deadline while the complainant
    # decides; after the confirmation period it closes by itself.
    assert svc.complaints_escalate(now=T0 + dt.timedelta(days=6)) == 0
    assert svc.complaints_lapse(now=T0 + dt.timedelta(days=7, seconds=1)) == 1
    assert svc.complaints_lapse(now=T0 + dt.timedelta(days=8)) == 0
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_how) == ("closed", "lapsed")


def test_district_office_reassigns_closes_and_records_phone_answers(cast, project):
    complaint, _ = _web(project, kind=ComplaintKind.OTHER)
    assert complaint.handler == cast.orgs["district_office"]
    with pytest.raises(PermissionDenied):
        svc.complaint_reassign(acting_user=cast.department, complaint=complaint,
                               handler=cast.orgs["township"], reason="属地")  # fmt: skip
    svc.complaint_reassign(acting_user=cast.district_office, complaint=complaint,
                           handler=cast.orgs["township"], reason="属地问题")  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.handler == cast.orgs["township"]
    svc.complaint_answer(acting_user=cast.users["township"], complaint=complaint,
                         substantiated=False, answer="已现场核实")  # fmt: skip
    with pytest.raises(PermissionDenied):  # only the district office records a phone answer
        svc.complaint_confirm(acting_user=cast.users["township"], complaint=complaint)
    svc.complaint_confirm(acting_user=cast.district_office, complaint=complaint, note="满意")
    step = complaint.steps.get(action="confirmed")
    assert not step.by_complainant and step.by == cast.district_office
    other, _ = _web(project, kind=ComplaintKind.QUALITY)
    closed = svc.complaint_close(acting_user=cast.district_office, complaint=other,
                                 reason="与 TS2026000001 重复")  # fmt: skip
    assert closed.closed_how == "by_office" and closed.acknowledged_at is not None


def test_rules_are_set_by_the_district_office(cast):
    rules = {
        kind: {"handler": "owner", "acknowledge_days": 2, "answer_days": 5, "close_days": 20,
               "confirm_days": 5, "anonymous_allowed": kind not in ("wage_arrears",
                                                                     "wrong_amount")}
        for kind in ComplaintKind.values
    }  # fmt: skip
    with pytest.raises(PermissionDenied):
        svc.complaint_rules_update(acting_user=cast.department, rules=rules)
    bad = {**rules, "quality": {**rules["quality"], "answer_days": 30}}
    with pytest.raises(ValidationError, match="受理时限不能长于答复时限"):
        svc.complaint_rules_update(acting_user=cast.district_office, rules=bad)
    bad = {**rules, "wage_arrears": {**rules["wage_arrears"], "anonymous_allowed": True}}
    with pytest.raises(ValidationError, match="须留姓名和手机号"):
        svc.complaint_rules_update(acting_user=cast.district_office, rules=bad)
    svc.complaint_rules_update(acting_user=cast.district_office, rules=rules)
    assert svc.rule_for("quality").close_days == 20


def test_open_wage_complaints_only_block_acceptance(cast, project):
    wage, _ = _web(project)
    _web(project, kind=ComplaintKind.QUALITY)
    assert list(Complaint.objects.blocking_acceptance()) == [wage]
    svc.complaint_answer(acting_user=cast.project_unit, complaint=wage, substantiated=True,
                         answer="已补发")  # fmt: skip
    assert list(Complaint.objects.blocking_acceptance()) == [wage]  # answered is still open
    svc.complaint_confirm(complaint=wage)
    assert not Complaint.objects.blocking_acceptance().exists()
