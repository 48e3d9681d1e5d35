"""What payroll shows on the project pages (``registry.slot``): the project's wage ledgers by
month, wages paid to date, the wage share of the special funds actual against planned (art. 30)
and the wage safeguards (plan task 9)."""

from __future__ import annotations

from django.template.loader import render_to_string

from payroll import capabilities as caps
from payroll.selectors.ledgers import project_wages
from yiguoji.core import access, registry


@registry.slot("projects.project_detail")
def project_wages_slot(request, project) -> str:
    if request is None or not access.has(request.user, caps.VIEW_LEDGERS):
        return ""
    context = {"wages": project_wages(request.user, project), "project": project}
    return render_to_string("payroll/ledger_project_slot.html", context, request=request)
