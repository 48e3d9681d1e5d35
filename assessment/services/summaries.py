"""Township annual summaries and case studies (plan task 5: 各乡镇按年度梳理总结以工代赈政策
落实和项目实施情况，形成总结报告，并至少形成一篇典型案例).

A township writes its summary over several visits (text sections, photos), adds its case
studies, and submits: every section filled and at least one case study. The figures are fixed at
submission. The district office may return a submitted summary with comments.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import SummaryStatus
from assessment.models import AnnualSummary, CaseStudy, SummaryPhoto
from assessment.models.summaries import SECTIONS
from assessment.selectors.townships import township_year
from assessment.services.common import clean_text, require_change
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.terms import terms
from yiguoji.files import IMAGES, check_upload

EDITABLE = (SummaryStatus.DRAFT, SummaryStatus.RETURNED)


def _own_township(user, township) -> None:
    access.require(user, caps.WRITE_SUMMARY)
    if user.township_id != township.pk:
        raise PermissionDenied("只能撰写本乡镇（街道）的年度总结和典型案例")


def _editable(summary: AnnualSummary | None, year: int) -> None:
    if summary is not None and summary.status not in EDITABLE:
        raise ValidationError(
            f"{year}年度总结已提交，不能再修改；如需修改请联系{terms().office}退回"
        )


def summary_of(township, year: int) -> AnnualSummary | None:
    return AnnualSummary.objects.filter(township=township, year=year).first()


def summary_save(*, acting_user, township, year: int, sections: dict) -> AnnualSummary:
    """Save the text sections (a draft may be incomplete)."""
    _own_township(acting_user, township)
    with transaction.atomic(), acting_as(acting_user):
        summary = (
            AnnualSummary.objects.select_for_update(of=("self",))
            .filter(township=township, year=year)
            .first()
        )
        _editable(summary, year)
        summary = summary or AnnualSummary(township=township, year=year)
        for name, _ in SECTIONS:
            if name in sections:
                setattr(summary, name, clean_text(sections[name]))
        summary.updated_by = acting_user
        summary.save()
    return summary


def summary_submit(*, acting_user, summary: AnnualSummary) -> AnnualSummary:
    _own_township(acting_user, summary.township)
    with transaction.atomic(), acting_as(acting_user):
        locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        _editable(locked, locked.year)
        missing = [f"“{heading}”" for name, heading, text in locked.sections() if not text.strip()]
        problems = []
        if missing:
            problems.append("请填写" + "、".join(missing))
        if not CaseStudy.objects.filter(township=locked.township, year=locked.year).exists():
            problems.append("至少形成一篇典型案例（重点任务5）")
        if problems:
            raise ValidationError("不能提交年度总结：" + "；".join(problems))
        locked.figures = township_year(locked.township, locked.year).as_json()
        locked.status = SummaryStatus.SUBMITTED
        locked.submitted_by = acting_user
        locked.submitted_at = timezone.now()
        locked.save()
    return locked


def summary_return(*, acting_user, summary: AnnualSummary, comment: str) -> AnnualSummary:
    comment = clean_text(comment)
    if not comment:
        raise ValidationError({"comment": "请写明退回修改的意见"})
    with transaction.atomic(), acting_as(acting_user):
        locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        require_change(acting_user, caps.RETURN_SUMMARY, locked)
        if locked.status != SummaryStatus.SUBMITTED:
            raise ValidationError("只有已提交的年度总结才能退回")
        locked.status = SummaryStatus.RETURNED
        locked.return_comment = comment
        locked.figures = {}
        locked.save()
    return locked


def summary_photo_add(
    *, acting_user, township, year: int, upload, caption: str = ""
) -> SummaryPhoto:
    _own_township(acting_user, township)
    check_upload(upload, field="image", what="照片", extensions=IMAGES)
    with transaction.atomic(), acting_as(acting_user):
        summary = summary_of(township, year)
        _editable(summary, year)
        if summary is None:
            summary = AnnualSummary.objects.create(
                township=township, year=year, updated_by=acting_user
            )
        photo = SummaryPhoto(
            summary=summary,
            name=upload.name[:200],
            caption=clean_text(caption)[:200],
            uploaded_by=acting_user,
        )
        photo.image.save(upload.name, upload, save=False)
        photo.save()
    return photo


def summary_photo_delete(*, acting_user, photo: SummaryPhoto) -> None:
    _own_township(acting_user, photo.summary.township)
    with transaction.atomic(), acting_as(acting_user):
        _editable(photo.summary, photo.summary.year)
        photo.delete()
        transaction.on_commit(lambda: photo.image.delete(save=False))


CASE_FIELDS = ("title", "project", "background", "practice", "results")


def case_study_save(
    *, acting_user, township, year: int, values: dict, photo=None, case: CaseStudy | None = None
) -> CaseStudy:
    _own_township(acting_user, township)
    if case is not None and (case.township_id != township.pk or case.year != year):
        raise PermissionDenied("只能修改本乡镇本年度的典型案例")
    errors = {
        name: f"请填写{label}"
        for name, label in (
            ("title", "案例标题"), ("background", "基本情况"),
            ("practice", "主要做法"), ("results", "取得成效"),
        )
        if not clean_text(values.get(name))
    }  # fmt: skip
    project = values.get("project")
    if project is not None and not scope.can(acting_user, scope.VIEW, project):
        errors["project"] = "该项目不在您的权限范围内"
    if errors:
        raise ValidationError(errors)
    if photo:
        check_upload(photo, field="photo", what="照片", extensions=IMAGES)
    with transaction.atomic(), acting_as(acting_user):
        _editable(summary_of(township, year), year)
        case = case or CaseStudy(township=township, year=year, created_by=acting_user)
        for name in CASE_FIELDS:
            value = values.get(name)
            setattr(case, name, value if name == "project" else clean_text(value))
        if photo:
            case.photo.save(photo.name, photo, save=False)
            case.photo_name = photo.name[:200]
        case.save()
    return case


def case_study_delete(*, acting_user, case: CaseStudy) -> None:
    _own_township(acting_user, case.township)
    with transaction.atomic(), acting_as(acting_user):
        _editable(summary_of(case.township, case.year), case.year)
        case.delete()
