"""Long-term conversions (零工变长工, plan task 6): only a project's own workers, after they were
hired, into a real post with evidence; recorded by those who keep the project or the person."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.payroll.factories import WorkerFactory
from tests.projects.factories import PositionFactory
from tests.training.factories import PDF, PNG
from training.choices import ConversionKind
from training.models import Conversion
from training.services.conversions import conversion_create, conversion_delete

pytestmark = pytest.mark.django_db


def evidence(name="聘用协议.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def convert(user, place, worker, **changes):
    values = {
        "worker": worker,
        "project": place.project,
        "kind": ConversionKind.MAINTENANCE,
        "position": place.upkeep,
        "converted_on": dt.date(2026, 11, 1),
        "employer": place.unit,
        "post": "道路养护员",
        "evidence": evidence(),
    }
    return conversion_create(acting_user=user, **{**values, **changes})


def refused(user, place, worker, **changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        convert(user, place, worker, **changes)
    assert not Conversion.objects.exists()
    return caught.value.message_dict


def test_a_project_worker_is_taken_into_its_maintenance_post(place, users, hire):
    worker = hire().worker
    conversion = convert(users.unit, place, worker)
    assert conversion.employer_label == "岔道村村民委员会"
    assert conversion.evidence_name == "聘用协议.pdf" and conversion.evidence.read() == PDF


def test_only_the_projects_own_workers_convert(place, users):
    # plan task 6: 优先吸纳参与工程建设的劳动力
    outsider = WorkerFactory(name="郭玉兰", township=place.a)
    errors = refused(users.labour, place, outsider)
    assert errors["worker"] == [
        "郭玉兰未在项目“岔道村道路硬化工程”签订劳务合同，不是参与该项目建设的劳动力（重点任务6）"
    ]


def test_the_post_starts_after_the_worker_was_hired_and_not_in_the_future(place, users, hire):
    worker = hire(starts_on=dt.date(2026, 4, 1)).worker
    errors = refused(users.unit, place, worker, converted_on=dt.date(2026, 3, 31))
    assert "早于" in errors["converted_on"][0] and "2026-04-01" in errors["converted_on"][0]
    errors = refused(users.unit, place, worker, converted_on=dt.date(2026, 12, 1))
    assert errors["converted_on"] == ["上岗日期不能晚于今天：请在实际上岗后登记"]


def test_an_employer_is_named(place, users, hire):
    worker = hire().worker
    errors = refused(users.unit, place, worker, employer=None, employer_name=" ")
    assert errors["employer"] == ["请选择或填写用工单位"]
    other = convert(
        users.unit, place, worker, employer=None, employer_name="八达岭长城景区管理处",
        kind=ConversionKind.OTHER_STABLE, position=None,
    )  # fmt: skip
    assert other.employer_label == "八达岭长城景区管理处"


def test_the_maintenance_position_belongs_to_the_project(place, users, hire):
    worker = hire().worker
    errors = refused(users.unit, place, worker, position=place.general)
    assert errors["position"] == ["岗位“普工”不是项目“岔道村道路硬化工程”后期管护环节的就业岗位"]
    elsewhere = PositionFactory(project=place.project_b, segment="maintenance", title="渠道管护")
    assert "不是项目" in refused(users.unit, place, worker, position=elsewhere)["position"][0]
    errors = refused(
        users.unit, place, worker, kind=ConversionKind.CONTRACTOR_STAFF, employer=place.contractor
    )
    assert errors["position"] == ["只有“项目后期管护岗位”需要选择管护岗位"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "请上传证明材料"),
        (SimpleUploadedFile("合同.exe", b"MZ"), "只接受 JPG、PDF、PNG 文件"),
        (SimpleUploadedFile("合同.pdf", PNG), "内容不是有效的 PDF 文件"),
    ],
)
def test_evidence_is_required_and_checked_by_content(place, users, hire, upload, message):
    worker = hire().worker
    errors = refused(users.unit, place, worker, evidence=upload)
    assert message in errors["evidence"][0]


def test_a_worker_converts_once_per_project(place, users, hire):
    worker = hire().worker
    convert(users.unit, place, worker)
    with pytest.raises(ValidationError, match="转为长期岗位已登记"):
        convert(users.labour, place, worker)


def test_who_records_conversions(place, users, hire):
    worker = hire().worker
    with pytest.raises(PermissionDenied):
        convert(users.unit_b, place, worker)  # another unit's project
    with pytest.raises(PermissionDenied):
        convert(users.township_b, place, worker)  # neither its project nor its person
    with pytest.raises(PermissionDenied):
        convert(users.office, place, worker)  # no capability
    assert not Conversion.objects.exists()
    conversion = convert(users.township, place, worker)
    with pytest.raises(PermissionDenied):
        conversion_delete(acting_user=users.unit_b, conversion=conversion)
    conversion_delete(acting_user=users.labour, conversion=conversion)
    assert not Conversion.objects.exists()
