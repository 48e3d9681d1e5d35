"""Session rules (training.rules, through the services): dates, hours, modes (plan task 7),
培训+上岗 with the contractor (art. 43), organisers, and who may create which session."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.training.factories import RecordFactory, SessionFactory
from training.choices import OrganiserKind, TrainingKind, TrainingMode
from training.models import TrainingSession
from training.services.sessions import session_create, session_delete, session_update

pytestmark = pytest.mark.django_db


def args(place, **changes):
    values = {
        "title": "2026年八达岭镇岗前培训",
        "kind": TrainingKind.PRE_JOB,
        "mode": TrainingMode.SCHOOL,
        "organiser_kind": OrganiserKind.SCHOOL,
        "organiser": place.school,
        "township": place.a,
        "starts_on": dt.date(2026, 3, 10),
        "ends_on": dt.date(2026, 3, 11),
        "hours": Decimal("16"),
        "place": "职业技能培训学校",
        "trainer": "王建华",
        "content": "安全和砌石",
    }
    return {**values, **changes}


def refused(user, place, **changes) -> dict[str, list[str]]:
    before = TrainingSession.objects.count()
    with pytest.raises(ValidationError) as caught:
        session_create(acting_user=user, **args(place, **changes))
    assert TrainingSession.objects.count() == before  # nothing written
    return caught.value.message_dict


def test_a_valid_session_is_created_by_the_labour_bureau(place, users):
    session = session_create(acting_user=users.labour, **args(place))
    assert session.pk and session.created_by == users.labour and session.days == 2


def test_the_end_may_not_precede_the_start(place, users):
    errors = refused(users.labour, place, ends_on=dt.date(2026, 3, 9))
    assert errors["ends_on"] == ["结束日期（2026-03-09）不能早于开始日期（2026-03-10）"]


@pytest.mark.parametrize("hours", ["0", "-2"])
def test_hours_must_be_positive(place, users, hours):
    errors = refused(users.labour, place, hours=Decimal(hours))
    assert "培训学时须大于零" in errors["hours"]


def test_hours_must_be_plausible_for_the_dates(place, users):
    errors = refused(users.labour, place, hours=Decimal("16.5"))
    assert errors["hours"] == ["培训学时（16.5）与培训日期不符：2天最多16学时（每天不超过8学时）"]
    assert session_create(acting_user=users.labour, **args(place, hours=Decimal("16")))


@pytest.mark.parametrize("mode", [TrainingMode.PROJECT, TrainingMode.ON_THE_JOB])
def test_project_modes_need_a_project(place, users, mode):
    # plan task 7: 培训+项目 依托实施的以工代赈项目; 培训+上岗 利用项目施工场地、机械设备
    errors = refused(
        users.labour, place, mode=mode, organiser_kind=OrganiserKind.LABOUR_BUREAU,
        organiser=place.labour,
    )  # fmt: skip
    assert any("须填写依托的以工代赈项目（重点任务7）" in m for m in errors["project"])


def test_on_the_job_training_is_held_with_the_project_contractor(place, users):
    # art. 43: 采取“培训+上崗”等方式，聯合施工單位開展勞動技能培訓和安全生產培訓
    on_the_job = {
        "mode": TrainingMode.ON_THE_JOB,
        "organiser_kind": OrganiserKind.LABOUR_BUREAU,
        "organiser": place.labour,
        "project": place.project,
    }
    errors = refused(users.labour, place, **on_the_job)
    assert errors["partner"] == [
        "“培训+上岗”须联合项目施工单位开展（《国家以工代赈管理办法》第四十三条）："
        "请将主办单位或联合开展单位选为“妫水建筑公司”"
    ]
    session = session_create(acting_user=users.labour, **args(place, **on_the_job),
                             partner=place.contractor)  # fmt: skip
    assert session.partner == place.contractor
    # organised by the contractor itself, on its project: also "with the contractor"
    assert session_create(
        acting_user=users.contractor,
        **args(place, **{**on_the_job, "organiser_kind": OrganiserKind.CONTRACTOR,
                         "organiser": place.contractor}),
    )  # fmt: skip


def test_on_the_job_training_needs_a_project_with_a_contractor(place, users):
    place.project.contractor = None
    place.project.save()
    errors = refused(
        users.labour, place, mode=TrainingMode.ON_THE_JOB, project=place.project,
        organiser_kind=OrganiserKind.LABOUR_BUREAU, organiser=place.labour,
    )  # fmt: skip
    assert "尚未登记施工单位" in errors["project"][0]


def test_school_training_relies_on_a_vocational_school(place, users):
    # plan task 7: 采取“培训+学校”方式，探索依托职业院校开展培训
    errors = refused(
        users.labour, place, organiser_kind=OrganiserKind.LABOUR_BUREAU, organiser=place.labour
    )
    assert "“培训+学校”须依托职业院校开展（重点任务7）" in errors["partner"][0]
    assert session_create(
        acting_user=users.labour,
        **args(place, organiser_kind=OrganiserKind.LABOUR_BUREAU, organiser=place.labour),
        partner=place.school,
    )


def test_the_organiser_must_be_of_its_declared_kind(place, users, district):
    errors = refused(users.labour, place, organiser_kind=OrganiserKind.LABOUR_BUREAU)
    assert errors["organiser"] == [
        "主办单位“延庆区职业技能培训学校”是职业院校/培训机构，不能作为“区人力社保局”主办培训"
    ]


def test_a_project_unit_organises_only_for_its_own_project(place, users):
    errors = refused(
        users.labour, place, mode=TrainingMode.PROJECT, project=place.project_b,
        township=place.b, organiser_kind=OrganiserKind.PROJECT_UNIT, organiser=place.unit,
    )  # fmt: skip
    assert errors["organiser"] == ["“岔道村村民委员会”不是项目“西五里营村灌渠工程”的项目单位"]


def test_on_site_training_is_held_in_the_project_township(place, users):
    errors = refused(
        users.labour, place, mode=TrainingMode.PROJECT, project=place.project, township=place.b,
        organiser_kind=OrganiserKind.LABOUR_BUREAU, organiser=place.labour,
    )  # fmt: skip
    assert "举办乡镇应为项目“岔道村道路硬化工程”所在乡镇" in errors["township"][0]


def test_a_withdrawn_project_carries_no_training(place, users):
    place.project.status = "withdrawn"
    place.project.save()
    errors = refused(
        users.labour, place, mode=TrainingMode.PROJECT, project=place.project,
        organiser_kind=OrganiserKind.LABOUR_BUREAU, organiser=place.labour,
    )  # fmt: skip
    assert errors["project"] == ["项目“岔道村道路硬化工程”已撤回，不能依托其开展培训"]


def test_a_township_creates_sessions_in_its_own_township_only(place, users):
    own = {"organiser_kind": OrganiserKind.TOWNSHIP, "organiser": place.township_org,
           "partner": place.school}  # fmt: skip
    assert session_create(acting_user=users.township, **args(place, **own))
    with pytest.raises(PermissionDenied, match="乡镇只能登记在本乡镇举办的培训"):
        session_create(acting_user=users.township, **args(place, **own, township=place.b))
    assert TrainingSession.objects.count() == 1  # the refused one was rolled back


def test_a_project_unit_creates_sessions_on_its_own_projects_only(place, users):
    own = {
        "mode": TrainingMode.PROJECT,
        "organiser_kind": OrganiserKind.PROJECT_UNIT,
        "organiser": place.unit,
        "project": place.project,
    }
    assert session_create(acting_user=users.unit, **args(place, **own))
    with pytest.raises(PermissionDenied):
        session_create(
            acting_user=users.unit_b,
            **args(place, **own, township=place.a),
        )


@pytest.mark.parametrize("role", ["office", "department", "leader", "finance", "auditor"])
def test_roles_that_do_not_train_create_nothing(place, users, role):
    with pytest.raises(PermissionDenied):
        session_create(acting_user=getattr(users, role), **args(place))


def test_hours_cannot_drop_below_what_was_recorded(place, users):
    session = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=session, hours=Decimal("12"))
    with pytest.raises(ValidationError) as caught:
        session_update(acting_user=users.labour, session=session, hours=Decimal("10"))
    assert caught.value.message_dict["hours"] == [
        "培训台账中已有人员登记了12学时，培训学时不能少于12"
    ]
    session.refresh_from_db()
    assert session.hours == Decimal("16.0")


def test_a_session_with_ledger_rows_is_not_deleted(place, users):
    session = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=session)
    with pytest.raises(ValidationError, match="培训台账已登记1人，不能删除"):
        session_delete(acting_user=users.labour, session=session)
    empty = SessionFactory(township=place.a, organiser=place.school)
    session_delete(acting_user=users.labour, session=empty)
    assert list(TrainingSession.objects.all()) == [session]


def test_a_township_cannot_change_another_townships_session(place, users):
    session = SessionFactory(township=place.b, organiser=place.school)
    with pytest.raises(PermissionDenied):
        session_update(acting_user=users.township, session=session, title="改名")


def test_a_session_with_uncertified_passes_cannot_become_a_skill_training(place, users):
    session = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=session, passed=True)
    RecordFactory(session=session, passed=False)
    with pytest.raises(ValidationError) as caught:
        session_update(acting_user=users.labour, session=session, kind=TrainingKind.SKILL_UPGRADE)
    assert caught.value.message_dict["kind"] == [
        "培训台账中有1名考核合格人员没有证书编号，不能改为技能提升培训；请先在台账中补登证书编号"
    ]
    assert session_update(acting_user=users.labour, session=session, kind=TrainingKind.SAFETY)
