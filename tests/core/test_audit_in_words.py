"""The audit trail in words (issue 10 item 16): actions named, organisations, users and choices
by name, times in Beijing time, never URLs, paths, database ids or internal codes; the same for
the scoring rules' finding kinds. The pages stay O(1) in queries however many changes they show.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pghistory.models import Context

from assessment.choices import FindingKind, RuleKind
from assessment.models import ScoringRule
from tests.factories import OrganisationFactory
from yiguoji.core import history
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import User
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db

#: 01:30 UTC is 09:30 in Beijing.
AT = datetime(2026, 12, 4, 1, 30, tzinfo=UTC)
BEIJING = "2026年12月4日 09:30"


def _text(html: str) -> str:
    """What a reader sees: the page without its tags (links' addresses are not text)."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _no_codes(text: str, *codes: str) -> None:
    assert not re.search(r"(?<![\w.])/[a-z_-]+/", text), "a URL or path is shown"
    assert "_id" not in text and "pgh_" not in text
    for code in codes:
        assert not re.search(rf"(?<![A-Za-z_]){re.escape(code)}(?![A-Za-z_])", text), code


@pytest.fixture
def office(make_user):
    return make_user(Role.DISTRICT_OFFICE, full_name="王建国")


@pytest.fixture
def auditor(make_user):
    return make_user(Role.AUDITOR, full_name="审计员")


@pytest.fixture
def moved(office, auditor):
    """王建国 moves 刘强 from 香营乡 to 八达岭镇 and makes him a project unit's user, by the
    user-edit page, at 09:30 Beijing time."""
    xiangying = OrganisationFactory(name="香营乡人民政府", kind=OrgKind.TOWNSHIP)
    badaling = OrganisationFactory(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP)
    person = User.objects.create(
        username="liuqiang", full_name="刘强", organisation=xiangying, role=Role.TOWNSHIP
    )
    url = reverse("core:user_edit", args=[person.pk])
    with acting_as(office, url=url, ip="10.1.2.3"):
        User.objects.filter(pk=person.pk).update(organisation=badaling, role=Role.PROJECT_UNIT)
    # the triggers stamp the database's clock: move the change to 09:30 Beijing time
    Context.objects.filter(metadata__user=office.pk).update(created_at=AT)
    UserEvent = apps.get_model("core", "UserEvent")
    UserEvent.objects.filter(pgh_obj_id=person.pk).update(pgh_created_at=AT)
    return person, xiangying, badaling, url


def test_an_object_history_entry_reads_as_a_sentence(moved):
    person, xiangying, badaling, url = moved
    update = history.object_history(person)[0]

    assert update.action == "修改" and update.who == "王建国"
    assert update.subject == "用户「刘强」"
    assert update.when == BEIJING
    changes = {c.field: (c.before, c.after) for c in update.changes}
    assert changes["所属单位"] == ("香营乡人民政府", "八达岭镇人民政府")  # by name, not id
    assert changes["角色"] == ("乡镇（街道）", "项目单位")  # by label, not code
    assert update.via == "网页操作：修改"  # the step, not the URL
    assert update.sentence.startswith("王建国修改了用户「刘强」：")
    words = " ".join(
        [update.via, update.subject, *(f"{c.before} {c.after}" for c in update.changes)]
    )
    _no_codes(words, "township", "project_unit", str(xiangying.pk), str(badaling.pk), url)


def test_the_audit_pages_show_names_and_beijing_time_never_urls_or_codes(
    moved, auditor, client_for
):
    person, _, _, url = moved
    auditor = client_for(auditor)
    codes = ("township", "project_unit", "10.1.2.3", url)

    log = _text(auditor.get(reverse("core:audit")).content.decode())
    assert "王建国" in log and BEIJING in log
    assert "修改了用户「刘强」：所属单位、角色" in log
    _no_codes(log, *codes)

    context = Context.objects.filter(metadata__user__isnull=False).latest("created_at")
    action = _text(auditor.get(reverse("core:audit_action", args=[context.pk])).content.decode())
    assert "八达岭镇人民政府" in action and "香营乡人民政府" in action and "项目单位" in action
    assert BEIJING in action
    _no_codes(action, *codes)

    page = auditor.get(reverse("core:object_history", args=["core", "user", person.pk]))
    shown = _text(page.content.decode())
    assert "变更记录：用户「刘强」" in shown and "八达岭镇人民政府" in shown and BEIJING in shown
    _no_codes(shown, *codes)


def test_inserts_show_what_was_filled_in_by_name(office):
    township = OrganisationFactory(name="井庄镇人民政府", kind=OrgKind.TOWNSHIP)
    with acting_as(office, via="user_upsert"):
        person = User.objects.create(
            username="zhaomin", full_name="赵敏", organisation=township, role=Role.TOWNSHIP
        )
    created = history.object_history(person)[0]
    assert created.action == "新增" and created.via == "保存用户"
    filled = {c.field: c.after for c in created.changes}
    assert filled["所属单位"] == "井庄镇人民政府" and filled["角色"] == "乡镇（街道）"
    assert "是否有效" not in filled or filled["是否有效"] in ("是", "否")


def test_jobs_commands_and_unknown_sources_are_named_never_by_their_code():
    assert history.context_via({"via": "ledger upload"}) == "上传劳务报酬台账"
    assert history.context_via({"command": "rotate_personal_data_key"}) == "轮换个人信息密钥"
    assert history.context_via({"via": "something.internal"}) == "系统操作"
    assert history.context_via({"url": "/no/such/page/"}) == "网页操作"
    assert history.context_via({"url": reverse("payroll:ledger_submit", args=[7])}) == (
        "网页操作：提交"
    )
    assert (
        history.context_via({"url": reverse("payroll:ledger_file", args=[7])}) == "网页操作：备案"
    )


def _rule(year=2026, order=1, **kwargs):
    values = {
        "year": year, "order": order, "indicator": "监督检查发现的问题", "weight": Decimal(20),
        "kind": RuleKind.FINDINGS, "points": Decimal(10),
        "finding_kinds": [FindingKind.FALSE_HIRING, FindingKind.ARREARS],
    }  # fmt: skip
    values.update(kwargs)
    return ScoringRule.objects.create(**values)


def test_scoring_rules_show_finding_kinds_by_their_chinese_names(office, client_for):
    with acting_as(office):
        rule = _rule()
        ScoringRule.objects.filter(pk=rule.pk).update(finding_kinds=[FindingKind.MISUSED_FUNDS])
    page = _text(
        client_for(office).get(reverse("assessment:rules"), {"year": 2026}).content.decode()
    )
    assert "挪用、截留资金" in page
    _no_codes(page, "misused_funds", "false_hiring", "findings")

    update, created = history.object_history(rule)[:2]
    kinds = {c.field: (c.before, c.after) for c in update.changes}["问题类型"]
    assert kinds == ("虚报用工、拖欠、克扣劳务报酬", "挪用、截留资金")
    assert {c.field: c.after for c in created.changes}["扣分规则"] == "监督检查发现问题"
    assert update.subject == "考核指标和扣分规则「监督检查发现的问题（20.00分）」"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_audit_pages_stay_o1_in_queries(office, make_user, client_for):
    """More changes, more organisations and users on the page: not one query more."""
    auditor = client_for(make_user(Role.AUDITOR))
    person = User.objects.create(username="chenjing", full_name="陈静", role=Role.TOWNSHIP)

    def changes(count):
        for index in range(count):
            org = OrganisationFactory(name=f"第{index}村股份经济合作社", kind=OrgKind.COLLECTIVE)
            with acting_as(office, url=reverse("core:user_edit", args=[person.pk])):
                User.objects.filter(pk=person.pk).update(
                    organisation=org, phone=f"1390000{index:04d}"
                )

    changes(2)
    context = Context.objects.filter(metadata__user=office.pk).latest("created_at")
    urls = [
        reverse("core:audit"),
        reverse("core:object_history", args=["core", "user", person.pk]),
        reverse("core:audit_action", args=[context.pk]),
    ]
    few = [_queries(auditor, url) for url in urls]
    changes(12)
    assert [_queries(auditor, url) for url in urls] == few
    assert few[0] <= 15, few  # page, session and user; counts, rows and names of the changes
