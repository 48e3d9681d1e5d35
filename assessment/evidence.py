"""Turning a score line's evidence (``ScoreLine.evidence``) into links the viewer may follow.

Each row is linked only when the viewer may see it (one scoped query per kind of row, whatever
the number of rows); otherwise its label is shown as text. Leaders thus see that two ledger lines
cost a point, never whose lines they were.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from assessment.models import AnnualSummary, Finding, Forecast, MonthlyReport
from payroll.models import WageLine
from projects.models import Complaint, Project
from yiguoji import scope


@dataclass(frozen=True)
class Link:
    kind: str
    label: str
    url: str | None


KIND_NAMES = {
    "project": "项目",
    "forecast": "年初预测",
    "finding": "发现问题",
    "wage_line": "台账明细",
    "report": "月度反馈",
    "summary": "年度总结",
    "complaint": "投诉举报",
}


def _ledger_url(ledger_id: int) -> str | None:
    try:
        return reverse("payroll:ledger_detail", args=[ledger_id])
    except NoReverseMatch:
        return None


def _visible(model, user, ids):
    if not scope.has_rule(model):
        return model.objects.none()
    return scope.restrict(model.objects.filter(pk__in=ids), user)


def evidence_links(user, evidence: list[dict]) -> list[Link]:
    ids = defaultdict(set)
    for item in evidence:
        ids[item["type"]].add(item["id"])
    urls: dict[tuple[str, int], str] = {}
    for pk in _visible(Project, user, ids["project"]).values_list("pk", flat=True):
        urls["project", pk] = reverse("projects:detail", args=[pk])
    for pk, year in _visible(Forecast, user, ids["forecast"]).values_list("pk", "year"):
        urls["forecast", pk] = reverse("assessment:forecasts") + "?" + urlencode({"year": year})
    for model, kind, name in (
        (Finding, "finding", "assessment:finding"),
        (MonthlyReport, "report", "assessment:report"),
        (AnnualSummary, "summary", "assessment:summary"),
        (Complaint, "complaint", "projects:complaint"),
    ):
        for pk in _visible(model, user, ids[kind]).values_list("pk", flat=True):
            urls[kind, pk] = reverse(name, args=[pk])
    for pk, ledger_id in _visible(WageLine, user, ids["wage_line"]).values_list("pk", "ledger_id"):
        url = _ledger_url(ledger_id)
        if url:
            urls["wage_line", pk] = url
    return [
        Link(
            KIND_NAMES.get(item["type"], item["type"]),
            item["label"],
            urls.get((item["type"], item["id"])),
        )
        for item in evidence
    ]
