"""Issue 11 item 10, art. 35-36: the county's recognition of rural-infrastructure projects.

Art. 36: 縣級發展改革部門會同相關部門負責農業農村基礎設施建設領域推廣以工代賑方式項目的認定工作,
提請縣級人民政府審定后,納入縣級推廣以工代賑方式項目儲備庫管理,符合條件的項目可通過安排以工代賑專項資金
予以支持. Only projects of that category need it; the office records it with the departments
concerned, then the government's approval (date, number, scan); entering the reserve (审查通过)
and the annual list wait for both."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.choices import Category, DocumentKind, ProjectStatus
from projects.models import ProjectDocument, Recognition
from projects.services.lifecycle import TransitionRefused, project_transition
from projects.services.recognition import recognition_approve, recognition_record
from tests.projects.conftest import pass_review_checklist
from yiguoji.core.demo import placeholder_pdf

pytestmark = pytest.mark.django_db
S = ProjectStatus
RURAL = Category.RURAL_INFRASTRUCTURE
TODAY = timezone.localdate()
WEEK_AGO = TODAY - datetime.timedelta(days=7)


def _scan(name="审定文件.pdf"):
    return SimpleUploadedFile(name, placeholder_pdf("approval"), "application/pdf")


def _missing(project, user, action):
    with pytest.raises(TransitionRefused) as refused:
        project_transition(acting_user=user, project=project, action=action)
    return refused.value.missing


def _recognise(cast, project, **extra):
    values = {
        "recognised_on": WEEK_AGO,
        "departments": [cast.orgs["department"]],
        "opinion": "投资规模较小、技术简单，适宜以工代赈（第三十三条）",
        **extra,
    }
    return recognition_record(acting_user=cast.district_office, project=project, **values)


def test_art_36_review_waits_for_recognition_and_the_governments_approval(
    cast, make_project, programme
):
    project = make_project(category=RURAL)
    pass_review_checklist(project, cast.district_office)
    assert _missing(project, cast.district_office, "review") == [
        "农业农村基础设施推广以工代赈方式项目须经区发展改革委会同相关部门认定、提请区人民政府审定后，"
        "方可纳入储备库管理并安排资金支持（第三十五条、第三十六条）"
    ]
    _recognise(cast, project)
    assert _missing(project, cast.district_office, "review") == [
        f"项目认定（{WEEK_AGO:%Y-%m-%d}）尚未经区人民政府审定：须登记审定日期、文号和审定文件扫描件"
        "（第三十六条）"
    ]
    recognition = recognition_approve(
        acting_user=cast.district_office, project=project, approved_on=TODAY,
        approval_number="延政函〔2026〕12号", upload=_scan(),
    )  # fmt: skip
    # the record: date, recognising body, departments, the government's number and scan
    recognition.refresh_from_db()
    assert recognition.recognised_by == cast.orgs["district_office"]
    assert list(recognition.departments.all()) == [cast.orgs["department"]]
    assert (recognition.approved_on, recognition.approval_number) == (TODAY, "延政函〔2026〕12号")
    scan = recognition.approval_document
    assert (scan.kind, scan.number, scan.issued_on) == (
        DocumentKind.RECOGNITION,
        "延政函〔2026〕12号",
        TODAY,
    )
    project_transition(acting_user=cast.district_office, project=project, action="review")
    assert project.status == S.REVIEWED


def test_art_36_listing_waits_too_and_other_categories_need_nothing(cast, make_project, programme):
    reviewed = make_project(status=S.REVIEWED, category=RURAL)
    (message,) = _missing(reviewed, cast.district_office, "list")
    assert "须经区发展改革委会同相关部门认定" in message
    # a special-fund project (ch. 4) or a key project (ch. 6) is not recognised under art. 36
    special = make_project(status=S.REVIEWED)
    project_transition(acting_user=cast.district_office, project=special, action="list")
    with pytest.raises(ValidationError, match="只有“农业农村基础设施推广以工代赈方式项目”需要认定"):
        _recognise(cast, make_project(category=Category.KEY_PROJECT))


def test_art_36_who_recognises_and_what_the_record_needs(cast, make_project, programme):
    project = make_project(category=RURAL)
    # the office recognises; a department or township does not (and a department's role lacks it)
    for role in ("department", "township", "project_unit"):
        with pytest.raises(PermissionDenied):
            recognition_record(
                acting_user=cast.users[role], project=project, recognised_on=WEEK_AGO,
                departments=[cast.orgs["department"]], opinion="同意",
            )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        recognition_record(acting_user=cast.district_office, project=project,
                           recognised_on=WEEK_AGO, departments=[], opinion="")  # fmt: skip
    assert set(error.value.message_dict) == {"departments", "opinion"}
    with pytest.raises(ValidationError, match="不是行业主管部门"):
        _recognise(cast, project, departments=[cast.orgs["township"]])
    with pytest.raises(ValidationError, match="请先登记区发展改革委会同相关部门的认定"):
        recognition_approve(acting_user=cast.district_office, project=project, approved_on=TODAY,
                            approval_number="延政函〔2026〕1号", upload=_scan())  # fmt: skip
    _recognise(cast, project)
    # corrected before the approval: the departments are replaced
    _recognise(cast, project, departments=[cast.orgs["other_department"], cast.orgs["department"]])
    assert Recognition.objects.get(project=project).departments.count() == 2
    with pytest.raises(ValidationError) as error:
        recognition_approve(acting_user=cast.district_office, project=project, approved_on=TODAY,
                            approval_number=" ", upload=None)  # fmt: skip
    assert set(error.value.message_dict) == {"approval_number", "upload"}
    with pytest.raises(ValidationError, match="审定日期不能早于认定日期"):
        recognition_approve(acting_user=cast.district_office, project=project,
                            approved_on=WEEK_AGO - datetime.timedelta(days=1),
                            approval_number="延政函〔2026〕1号", upload=_scan())  # fmt: skip
    assert not ProjectDocument.objects.filter(kind=DocumentKind.RECOGNITION).exists()
    recognition_approve(acting_user=cast.district_office, project=project, approved_on=TODAY,
                        approval_number="延政函〔2026〕1号", upload=_scan())  # fmt: skip
    # approved: closed
    with pytest.raises(ValidationError, match="已经区人民政府审定"):
        _recognise(cast, project)
    with pytest.raises(ValidationError, match="已经区人民政府审定"):
        recognition_approve(acting_user=cast.district_office, project=project, approved_on=TODAY,
                            approval_number="延政函〔2026〕2号", upload=_scan())  # fmt: skip


def test_art_36_the_project_page_shows_the_recognition(cast, make_project, programme, client_for):
    project = make_project(category=RURAL)
    url = reverse("projects:detail", args=[project.pk])
    page = client_for(cast.district_office).get(url).content.decode()
    assert "项目认定（第三十五条、第三十六条）" in page
    assert "尚未认定" in page
    _recognise(cast, project)
    recognition_approve(acting_user=cast.district_office, project=project, approved_on=TODAY,
                        approval_number="延政函〔2026〕12号", upload=_scan())  # fmt: skip
    page = client_for(cast.users["township"]).get(url).content.decode()
    assert "区水务局" in page and "延政函〔2026〕12号" in page and "区人民政府审定" in page
    # the recognition page: the office records, others read
    recognition_url = reverse("projects:recognition", args=[project.pk])
    assert client_for(cast.users["township"]).get(recognition_url).status_code == 200
    assert (
        client_for(cast.users["township"]).post(recognition_url, {"what": "recognise"}).status_code
        == 403
    )
