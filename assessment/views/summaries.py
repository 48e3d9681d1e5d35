"""Township annual summaries and case studies (plan task 5): who has submitted, the township's
own page (sections, live figures, photos, case studies, submit), the printable PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from assessment import capabilities as caps
from assessment.forms import CaseStudyForm, PhotoForm, ReturnForm, SummaryForm
from assessment.models import AnnualSummary, AssessmentYear, CaseStudy, SummaryPhoto
from assessment.models.files import image_content_type
from assessment.pdf import summary_pdf
from assessment.selectors.townships import TownshipYear, township_year
from assessment.services.summaries import (
    case_study_delete,
    case_study_save,
    summary_of,
    summary_photo_add,
    summary_photo_delete,
    summary_return,
    summary_save,
    summary_submit,
)
from assessment.views.common import attempt, flash_errors, form_errors, serve, year_param
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.models import Township
from yiguoji.pdf import PDF_CONTENT_TYPE


def summary_year(today=None) -> int:
    """The year a summary is written for: this year from December on, else last year."""
    today = today or timezone.localdate()
    return today.year if today.month == 12 else today.year - 1


def summaries(request):
    """Every township and where its summary stands (the district office sees who is missing)."""
    user = request.user
    access.require(user, caps.VIEW_SUMMARIES)
    if access.has(user, caps.WRITE_SUMMARY):
        return redirect("assessment:summary_edit", year_param(request, summary_year()))
    year = year_param(request, summary_year())
    townships = Township.objects.order_by("code").annotate(
        cases=Count("case_studies", filter=Q(case_studies__year=year))
    )
    found = {
        s.township_id: s for s in scope.restrict(AnnualSummary.objects.filter(year=year), user)
    }
    settings = AssessmentYear.objects.filter(year=year).first()
    rows = [(township, found.get(township.pk), township.cases) for township in townships]
    return render(
        request,
        "assessment/summary_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "rows": rows,
            "submitted": sum(1 for _, s, _ in rows if s and s.status == "submitted"),
            "settings": settings,
            "page_title": f"{year}年度总结和典型案例",
        },
    )


def _context(summary, township, year, user):
    figures = (
        TownshipYear.from_json(summary.figures)
        if summary is not None and summary.figures
        else township_year(township, year)
    )
    return {
        "summary": summary,
        "township": township,
        "year": year,
        "figures": figures,
        "photos": list(summary.photos.all()) if summary else [],
        "cases": list(
            CaseStudy.objects.filter(township=township, year=year).select_related("project")
        ),
        "settings": AssessmentYear.objects.filter(year=year).first(),
    }


def summary_edit(request, year: int):
    """The township's own summary for ``year``: write, add photos and case studies, submit."""
    user = request.user
    access.require(user, caps.WRITE_SUMMARY)
    township = Township.objects.filter(pk=user.township_id).first()
    if township is None:
        raise PermissionDenied("您的单位未关联乡镇（街道）")
    summary = summary_of(township, year)
    editable = summary is None or summary.status in ("draft", "returned")
    initial = {name: text for name, _, text in summary.sections()} if summary else {}
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and editable and form.is_valid():
        try:
            summary = summary_save(
                acting_user=user, township=township, year=year, sections=form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            if "submit" in request.POST:
                try:
                    summary_submit(acting_user=user, summary=summary)
                except ValidationError as error:
                    flash_errors(request, error)
                else:
                    messages.success(request, f"{year}年度总结已提交")
            else:
                messages.success(request, "已保存")
            return redirect("assessment:summary_edit", year)
    context = _context(summary, township, year, user)
    context.update(
        form=form,
        editable=editable,
        photo_form=PhotoForm(),
        page_title=f"{township.name}{year}年度总结",
    )
    return render(
        request, "assessment/summary_edit.html", context, status=400 if form.errors else 200
    )


def _summary(request, pk: int, action: str = scope.VIEW) -> AnnualSummary:
    access.require(request.user, caps.VIEW_SUMMARIES)
    queryset = AnnualSummary.objects.select_related("township", "submitted_by")
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def summary_detail(request, pk: int):
    summary = _summary(request, pk)
    context = _context(summary, summary.township, summary.year, request.user)
    if access.has(request.user, caps.RETURN_SUMMARY) and summary.status == "submitted":
        context["return_form"] = ReturnForm()
    context["page_title"] = str(summary)
    return render(request, "assessment/summary_detail.html", context)


def summary_pdf_view(request, pk: int):
    summary = _summary(request, pk)
    context = _context(summary, summary.township, summary.year, request.user)
    response = HttpResponse(summary_pdf(summary, context), content_type=PDF_CONTENT_TYPE)
    name = escape_uri_path(f"{summary}.pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


@require_POST
def summary_return_view(request, pk: int):
    access.require(request.user, caps.RETURN_SUMMARY)
    summary = _summary(request, pk, scope.CHANGE)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请写明退回修改的意见")
        summary_return(acting_user=request.user, summary=summary, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "已退回修改")
    return redirect("assessment:summary", pk)


@require_POST
def photo_add(request, year: int):
    user = request.user
    access.require(user, caps.WRITE_SUMMARY)
    township = Township.objects.filter(pk=user.township_id).first()
    form = PhotoForm(request.POST, request.FILES)
    try:
        if township is None or not form.is_valid():
            raise ValidationError("请选择照片")
        summary_photo_add(
            acting_user=user, township=township, year=year,
            upload=form.cleaned_data["image"], caption=form.cleaned_data["caption"],
        )  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "照片已上传")
    return redirect("assessment:summary_edit", year)


def photo_file(request, pk: int):
    access.require(request.user, caps.VIEW_SUMMARIES)
    photo = scope.get_object_or_404(SummaryPhoto.objects.all(), request.user, pk=pk)
    return serve(photo.image, photo.name, image_content_type(photo.name))


@require_POST
def photo_delete(request, pk: int):
    access.require(request.user, caps.WRITE_SUMMARY)
    photo = scope.get_object_or_404(
        SummaryPhoto.objects.select_related("summary__township"), request.user, scope.CHANGE, pk=pk
    )
    try:
        summary_photo_delete(acting_user=request.user, photo=photo)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("assessment:summary_edit", photo.summary.year)


CASE_INTRO = (
    "典型案例：讲清项目基本情况、组织群众务工和发放劳务报酬的主要做法、带动就业增收的成效"
    "（重点任务5）。"
)


def case_form(request, year: int, pk: int | None = None):
    user = request.user
    access.require(user, caps.WRITE_SUMMARY)
    township = Township.objects.filter(pk=user.township_id).first()
    if township is None:
        raise PermissionDenied("您的单位未关联乡镇（街道）")
    case = None
    if pk is not None:
        case = scope.get_object_or_404(
            CaseStudy.objects.all(), user, scope.CHANGE, pk=pk, year=year
        )
    form = CaseStudyForm(request.POST or None, request.FILES or None, instance=case, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        try:
            case_study_save(
                acting_user=user, township=township, year=year, values=data,
                photo=photo if isinstance(photo, UploadedFile) else None, case=case,
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "典型案例已保存")
            return redirect("assessment:summary_edit", year)
    return render(
        request,
        "assessment/form_page.html",
        {"form": form, "page_title": f"{year}年典型案例", "multipart": True, "intro": CASE_INTRO},
        status=400 if form.errors else 200,
    )  # fmt: skip


def case_detail(request, pk: int):
    access.require(request.user, caps.VIEW_SUMMARIES)
    case = scope.get_object_or_404(
        CaseStudy.objects.select_related("township", "project"), request.user, pk=pk
    )
    return render(request, "assessment/case_detail.html", {"case": case, "page_title": case.title})


def case_photo(request, pk: int):
    access.require(request.user, caps.VIEW_SUMMARIES)
    case = scope.get_object_or_404(CaseStudy.objects.all(), request.user, pk=pk)
    return serve(case.photo, case.photo_name, image_content_type(case.photo_name))


@require_POST
def case_delete(request, pk: int):
    access.require(request.user, caps.WRITE_SUMMARY)
    case = scope.get_object_or_404(CaseStudy.objects.all(), request.user, scope.CHANGE, pk=pk)
    attempt(
        request, lambda: case_study_delete(acting_user=request.user, case=case), "典型案例已删除"
    )
    return redirect("assessment:summary_edit", case.year)
