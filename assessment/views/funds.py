"""The district's view of funds disbursed against progress (safeguard (二), art. 21)."""

from __future__ import annotations

from django.shortcuts import render

from assessment import capabilities as caps
from assessment.selectors.funds import funds_watch
from projects.funds import WARNING_LABELS
from yiguoji.core import access


def funds_page(request):
    access.require(request.user, caps.VIEW_FUNDS)
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    warning = request.GET.get("warning", "")
    if warning not in WARNING_LABELS:
        warning = ""
    rows = funds_watch(request.user, year=year, warning=warning)
    counts = dict.fromkeys(WARNING_LABELS, 0)
    for row in funds_watch(request.user, year=year) if warning else rows:
        for code in row.codes:
            counts[code] += 1
    context = {
        "rows": rows,
        "year": year,
        "warning": warning,
        "choices": [(code, label, counts[code]) for code, label in WARNING_LABELS.items()],
        "page_title": "资金拨付与进度",
    }
    return render(request, "assessment/funds.html", context)
