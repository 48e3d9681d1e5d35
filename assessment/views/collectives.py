"""Art. 17 per village collective: upkeep posts filled from the projects' own workers and the
dividend shares of the assets built."""

from __future__ import annotations

from django.shortcuts import render

from assessment import capabilities as caps
from assessment.selectors.collectives import collective_rows
from yiguoji.core import access


def collectives_page(request):
    access.require(request.user, caps.VIEW_FUNDS)
    rows = collective_rows(request.user)
    years = sorted({year for row in rows for year in row.dividends_by_year})
    return render(
        request,
        "assessment/collectives.html",
        {"rows": rows, "years": years, "page_title": "村集体管护岗位和资产收益"},
    )
