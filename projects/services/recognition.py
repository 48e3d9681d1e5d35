"""The county's recognition of rural-infrastructure projects (national measures art. 35-36).

Art. 35: the county development and reform department leads the work in the county and keeps
the county's reserve of rural-infrastructure projects using work relief (縣級推廣以工代賑方式項目
儲備庫). Art. 36: 縣級發展改革部門會同相關部門負責……項目的認定工作,提請縣級人民政府審定后,納入縣級
推廣以工代賑方式項目儲備庫管理,符合條件的項目可通過安排以工代賑專項資金予以支持.

So, for a project of the category 农业农村基础设施推广以工代赈方式项目 (ch. 5) only:

* ``recognition_record``: the district office (县级发展改革部门, the only role holding
  ``RECOGNISE``, and only a user of a district-office organisation) records the recognition —
  date, the departments it recognised the project with (at least one: 会同相关部门), its opinion;
  it may correct it until the government has approved it.
* ``recognition_approve``: the government's approval (审定) — date, document number and the scan
  (stored as a project document of the kind 项目认定审定文件); then the record is closed.
* ``recognition_missing``: what the lifecycle refuses without: 审查通过 (entering the county's
  reserve, 纳入县级……储备库管理) and 列入年度清单 (arranging funds, 予以支持) each wait for both the
  recognition and the approval.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import Category, DocumentKind, ProjectStatus
from projects.models import Project, Recognition, RecognitionDepartment
from projects.services.common import require_project_change
from projects.services.documents import document_upload
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.terms import terms

ARTICLE = "第三十六条"
# A recognition is recorded while the project is still being prepared; never after it is
# withdrawn (and never needed again once it is on the annual list).
OPEN_STATES = (ProjectStatus.RESERVE, ProjectStatus.REVIEWED)


def needs_recognition(project: Project) -> bool:
    """Art. 36 applies to projects of ch. 5: rural infrastructure using work relief."""
    return project.category == Category.RURAL_INFRASTRUCTURE


def recognition_missing(project: Project, recognition: Recognition | None) -> list[str]:
    """What a rural-infrastructure project still lacks of art. 36 (nothing for other kinds)."""
    if not needs_recognition(project):
        return []
    words = terms()
    if recognition is None:
        return [
            f"农业农村基础设施推广以工代赈方式项目须经{words.office}会同相关部门认定、"
            f"提请{words.government}审定后，方可纳入储备库管理并安排资金支持（第三十五条、{ARTICLE}）"
        ]
    if not recognition.approved:
        return [
            f"项目认定（{recognition.recognised_on:%Y-%m-%d}）尚未经{words.government}审定："
            f"须登记审定日期、文号和审定文件扫描件（{ARTICLE}）"
        ]
    return []


def _check_project(acting_user, project: Project) -> None:
    require_project_change(acting_user, caps.RECOGNISE, project)
    if not needs_recognition(project):
        raise ValidationError(
            f"只有“{Category.RURAL_INFRASTRUCTURE.label}”需要认定（第三十五条、{ARTICLE}）"
        )
    if project.status not in OPEN_STATES:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，不能再登记认定"
            "（认定在纳入储备库审查和列入年度清单之前）"
        )


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what}不能晚于今天"})


def recognition_record(
    *,
    acting_user,
    project: Project,
    recognised_on: dt.date,
    departments,
    opinion: str,
) -> Recognition:
    """Record (or, before the government's approval, correct) the office's recognition."""
    _check_project(acting_user, project)
    organisation = acting_user.organisation
    if organisation is None or organisation.kind != OrgKind.DISTRICT_OFFICE:
        raise PermissionDenied(f"项目认定由{terms().office}负责（{ARTICLE}）")
    departments = list(departments)
    errors = {}
    if not departments:
        errors["departments"] = f"请选择会同认定的相关部门（{ARTICLE}：会同相关部门负责认定）"
    elif any(d.kind != OrgKind.DEPARTMENT for d in departments):
        wrong = "、".join(d.name for d in departments if d.kind != OrgKind.DEPARTMENT)
        errors["departments"] = f"“{wrong}”不是行业主管部门"
    if not opinion.strip():
        errors["opinion"] = "请填写认定意见"
    if errors:
        raise ValidationError(errors)
    _not_future(recognised_on, "recognised_on", "认定日期")
    with transaction.atomic(), acting_as(acting_user, action="projects.recognise"):
        locked = Project.objects.select_for_update().get(pk=project.pk)
        recognition = Recognition.objects.filter(project=locked).first()
        if recognition is not None and recognition.approved:
            raise ValidationError(f"该项目的认定已经{terms().government}审定，不能再修改")
        if recognition is None:
            recognition = Recognition(project=locked, recorded_by=acting_user)
        recognition.recognised_on = recognised_on
        recognition.recognised_by = organisation
        recognition.opinion = opinion.strip()
        recognition.full_clean(exclude=["project"])
        recognition.save()
        wanted = {d.pk for d in departments}
        RecognitionDepartment.objects.filter(recognition=recognition).exclude(
            department_id__in=wanted
        ).delete()
        have = set(
            RecognitionDepartment.objects.filter(recognition=recognition).values_list(
                "department_id", flat=True
            )
        )
        RecognitionDepartment.objects.bulk_create(
            RecognitionDepartment(recognition=recognition, department_id=pk)
            for pk in sorted(wanted - have)
        )
    return recognition


def recognition_approve(
    *,
    acting_user,
    project: Project,
    approved_on: dt.date,
    approval_number: str,
    upload,
) -> Recognition:
    """Record the county (district) government's approval with its number and scan."""
    _check_project(acting_user, project)
    government = terms().government
    errors = {}
    if not approval_number.strip():
        errors["approval_number"] = f"请填写{government}审定文号"
    if upload is None:
        errors["upload"] = f"请上传{government}审定文件扫描件"
    if errors:
        raise ValidationError(errors)
    _not_future(approved_on, "approved_on", "审定日期")
    with transaction.atomic(), acting_as(acting_user, action="projects.recognition_approve"):
        recognition = Recognition.objects.select_for_update().filter(project_id=project.pk).first()
        if recognition is None:
            raise ValidationError(f"请先登记{terms().office}会同相关部门的认定（{ARTICLE}）")
        if recognition.approved:
            raise ValidationError(f"该项目的认定已经{government}审定")
        if approved_on < recognition.recognised_on:
            raise ValidationError({"approved_on": "审定日期不能早于认定日期"})
        document = document_upload(
            acting_user=acting_user,
            project=project,
            kind=DocumentKind.RECOGNITION,
            upload=upload,
            title=f"{government}关于认定“{project.name}”为推广以工代赈方式项目的审定文件",
            number=approval_number.strip(),
            issued_on=approved_on,
        )
        recognition.approved_on = approved_on
        recognition.approval_number = approval_number.strip()
        recognition.approval_document = document
        recognition.approval_recorded_by = acting_user
        recognition.approval_recorded_at = timezone.now()
        recognition.save()
    return recognition
