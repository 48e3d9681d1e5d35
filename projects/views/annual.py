"""The annual list (年度项目清单): compile from reviewed projects, totals, Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.exporters import annual_list_workbook
from projects.models import ProgrammeYear, Project
from projects.selectors import annual_candidates, annual_list, annual_totals
from projects.services.lifecycle import TransitionRefused, project_transition
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.models import District
from yiguoji.core.views.mixins import xlsx_response


def _year(request) -> int:
    value = request.GET.get("year") or request.POST.get("year") or ""
    return (
        int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year
    )


def annual(request):
    user = request.user
    access.require(user, caps.VIEW_ANNUAL_LIST)
    year = _year(request)
    projects = list(annual_list(user, year))
    can_compile = access.has(user, caps.COMPILE_LIST)
    candidates = list(annual_candidates(user, year)) if can_compile else []
    years = sorted(
        set(Project.objects.values_list("year", flat=True).distinct()) | {year}, reverse=True
    )
    context = {
        "year": year,
        "years": years,
        "projects": projects,
        "candidates": candidates,
        "totals": annual_totals(projects),
        "programme": ProgrammeYear.objects.filter(year=year).first(),
        "can_compile": can_compile,
        "page_title": f"{year}年度项目清单",
    }
    return render(request, "projects/annual_list.html", context)


@require_POST
def annual_add(request):
    """List several reviewed projects at once; each goes through the lifecycle service."""
    user = request.user
    access.require(user, caps.COMPILE_LIST)
    year = _year(request)
    ids = [int(i) for i in request.POST.getlist("project") if i.isdigit()]
    chosen = scope.restrict(Project.objects.filter(pk__in=ids), user, scope.CHANGE)
    listed, refused = 0, []
    for project in chosen:
        try:
            project_transition(acting_user=user, project=project, action="list")
        except TransitionRefused as error:
            refused.append(f"{project.code} {project.name}：{'；'.join(error.missing)}")
        except (ValidationError, PermissionDenied) as error:
            refused.append(f"{project.code} {project.name}：{error}")
        else:
            listed += 1
    if listed:
        messages.success(request, f"已将 {listed} 个项目列入{year}年度项目清单")
    for line in refused:
        messages.error(request, f"未能列入：{line}")
    if not ids:
        messages.warning(request, "请先勾选要列入清单的项目")
    return redirect(f"{request.path.rsplit('/add/', 1)[0]}/?year={year}")


def annual_export(request):
    user = request.user
    access.require(user, caps.VIEW_ANNUAL_LIST)
    year = _year(request)
    district = District.objects.first()
    content = annual_list_workbook(
        annual_list(user, year),
        year=year,
        district_name=district.name if district else "",
        exported_by=user.get_full_name(),
    )
    return xlsx_response(content, f"{year}年度以工代赈项目清单.xlsx")
