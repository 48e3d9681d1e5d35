"""Handover, settlement and final accounts, archives (issue 11 item 8; plan task 8: 工程竣工后
应当及时组织工程验收、工程移交、结算、决算审计和落实后期管护责任，并按照有关规定做好项目招标、施工、
监理、财务、验收等档案的管理，保存劳务报酬发放档案; art. 32: 加强项目档案资料管理)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.choices import ArchiveKind, DocumentKind, NoticeKind, ProjectStatus
from projects.models import ArchiveItem, ArchiveRule, Handover
from projects.services.delivery import (
    archive_item_file,
    archive_rules_save,
    handover_record,
)
from projects.services.lifecycle import TransitionRefused, project_transition
from tests.projects.conftest import add_documents, add_notice

pytestmark = pytest.mark.django_db
K = ArchiveKind
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def rules(cast):
    return archive_rules_save(
        acting_user=cast.district_office,
        rules={K.CONSTRUCTION: (50, True), K.FINANCE: (30, True), K.WAGE_PAYMENT: (30, True),
               K.TENDER: (30, False)},
    )  # fmt: skip


@pytest.fixture
def completed(make_project, programme):
    project = make_project(status=ProjectStatus.COMPLETED)
    add_documents(project, DocumentKind.AUDIT)  # 结算、决算审计报告 (the year's requirement)
    return project


def _file(cast, project, kind, on=dt.date(2026, 11, 20), user=None):
    return archive_item_file(
        acting_user=user or cast.project_unit, project=project, kind=kind, filed_on=on,
        keeper="岔道村村民委员会", location=f"档案室 {kind}", volumes=2, today=TODAY,
    )  # fmt: skip


def test_plan_task_8_retention_years_are_the_districts_data(cast, rules):
    assert {r.kind: r.retention_years for r in ArchiveRule.objects.all()} == {
        K.CONSTRUCTION: 50, K.FINANCE: 30, K.WAGE_PAYMENT: 30, K.TENDER: 30
    }  # fmt: skip
    # 保存劳务报酬发放档案: the wage-payment archive cannot be dropped nor made optional
    for wage in ((None, False), (30, False)):
        with pytest.raises(ValidationError, match="劳务报酬发放档案"):
            archive_rules_save(acting_user=cast.district_office, rules={K.WAGE_PAYMENT: wage})
    with pytest.raises(PermissionDenied):
        archive_rules_save(acting_user=cast.project_unit, rules={K.TENDER: (10, False)})


def test_plan_task_8_kept_until_filing_date_plus_the_districts_years(cast, completed, rules):
    item = _file(cast, completed, K.FINANCE, on=dt.date(2026, 11, 20))
    assert item.keep_until == dt.date(2056, 11, 20)  # 30 years
    item = _file(cast, completed, K.CONSTRUCTION, on=dt.date(2024, 2, 29))
    assert item.keep_until == dt.date(2074, 2, 28)  # 50 years from a 29 February
    with pytest.raises(ValidationError, match="尚未设置“监理档案”的保存期限"):
        _file(cast, completed, K.SUPERVISION)
    with pytest.raises(PermissionDenied):  # another unit's project
        _file(cast, completed, K.FINANCE, user=cast.users["other_unit"])


def test_art_32_acceptance_refused_naming_each_archive_missing(cast, completed, rules):
    _file(cast, completed, K.CONSTRUCTION)
    with pytest.raises(TransitionRefused) as refused:
        project_transition(acting_user=cast.district_office, project=completed, action="accept")
    (message,) = refused.value.missing
    assert message.startswith("尚未归档：财务档案、劳务报酬发放档案（重点任务8")
    assert "招标档案" not in message  # kept, but acceptance does not wait for it (the rule)
    _file(cast, completed, K.FINANCE)
    _file(cast, completed, K.WAGE_PAYMENT)
    project_transition(acting_user=cast.district_office, project=completed, action="accept")


def test_plan_task_8_the_wage_payment_archive_even_without_rules(cast, completed):
    with pytest.raises(TransitionRefused, match="尚未归档：劳务报酬发放档案"):
        project_transition(acting_user=cast.district_office, project=completed, action="accept")


def test_plan_task_8_handover_to_the_owner_or_collective_before_upkeep(cast, completed, rules):
    for kind in (K.CONSTRUCTION, K.FINANCE, K.WAGE_PAYMENT):
        _file(cast, completed, kind)
    project_transition(acting_user=cast.district_office, project=completed, action="accept")
    add_notice(completed, NoticeKind.PERMANENT)
    with pytest.raises(TransitionRefused, match="尚未登记工程移交"):
        project_transition(acting_user=cast.project_unit, project=completed, action="maintain")
    values = {
        "handed_on": dt.date(2026, 11, 25), "handed_by": "妫水建筑公司",
        "assets": "步道2.1公里、挡墙260米", "asset_value": D("1000000"),
        "upkeep_by": "岔道村村民委员会", "upkeep_person": "王守田", "today": TODAY,
    }  # fmt: skip
    with pytest.raises(ValidationError, match="接收单位应为项目单位"):
        handover_record(acting_user=cast.project_unit, project=completed,
                        receiver=cast.orgs["contractor"], **values)  # fmt: skip
    handover = handover_record(
        acting_user=cast.project_unit,
        project=completed,
        receiver=cast.orgs["project_unit"],
        **values,
    )
    assert Handover.pgh_event_model.objects.filter(pgh_obj_id=handover.pk).exists()  # audited
    with pytest.raises(ValidationError, match="已登记工程移交"):
        handover_record(acting_user=cast.project_unit, project=completed,
                        receiver=cast.orgs["project_unit"], **values)  # fmt: skip
    project_transition(acting_user=cast.project_unit, project=completed, action="maintain")


def test_plan_task_8_pages(cast, completed, rules, client_for):
    unit = client_for(cast.project_unit)
    url = reverse("projects:delivery", args=[completed.pk])
    response = unit.post(url, {
        "what": "archive", "kind": K.WAGE_PAYMENT, "filed_on": "2026-11-20",
        "keeper": "岔道村村民委员会", "location": "A-12", "volumes": "3",
    })  # fmt: skip
    assert response.status_code == 302
    assert ArchiveItem.objects.get(project=completed).volumes == 3
    page = client_for(cast.leader).get(url).content.decode()
    assert "劳务报酬发放档案" in page and "2056-11-20" in page and "尚未归档" in page
    assert client_for(cast.leader).post(url, {"what": "archive"}).status_code == 403
    office = client_for(cast.district_office)
    assert office.get(reverse("projects:archive_rules")).status_code == 200
    response = office.post(reverse("projects:archive_rules"), {
        f"years_{K.WAGE_PAYMENT}": "25", f"required_{K.WAGE_PAYMENT}": "on",
    })  # fmt: skip
    assert response.status_code == 302
    assert set(ArchiveRule.objects.values_list("kind", "retention_years")) == {(K.WAGE_PAYMENT, 25)}
