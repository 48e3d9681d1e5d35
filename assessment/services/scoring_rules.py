"""One function per kind of deduction rule (``RuleKind``), each returning how many times the rule
applies to one organisation, in words, and the rows behind it.

They read a :class:`ScoringFacts` loaded once for the whole year (``scoring_facts``), so scoring
every township and project unit is a fixed number of queries. Plan task 10 is the source of the
first three kinds and of "弄虚作假" (findings of false figures); art. 30 of arrears, the wage
share and wage complaints; plan task 5 of the monthly reports and the annual summary;
safeguard (三) (对成效显著的乡镇……予以倾斜) of the one kind that adds points.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from assessment.choices import FindingKind, Metric, ReportStatus, RuleKind, SummaryStatus
from assessment.models import (
    AnnualSummary,
    AssessmentYear,
    CaseStudy,
    Finding,
    Forecast,
    MonthlyReport,
    ScoringRule,
)
from assessment.periods import month_label
from assessment.selectors.actuals import Actual, actuals, is_township
from assessment.selectors.wages import counted_lines, unpaid_at
from projects import funds
from projects.choices import WAGE_KINDS
from projects.models import Complaint, ProgrammeYear, Project, ProjectTownship
from projects.selectors import ON_LIST, with_figures

ZERO = Decimal("0")
EVIDENCE_LINES = 50  # ledger lines named per project in the evidence (the count is always given)


@dataclass
class Outcome:
    occurrences: int
    detail: str
    evidence: list[dict] = field(default_factory=list)


def ref(kind: str, pk: int, label: str) -> dict:
    return {"type": kind, "id": pk, "label": label}


@dataclass
class ProjectFacts:
    code: str
    name: str
    owner_id: int
    townships: set[int]
    year: int
    special_funds: Decimal = ZERO
    central_funds: Decimal = ZERO
    total_investment: Decimal = ZERO
    spent_to_year_end: Decimal | None = None  # 累计完成投资, the last confirmed report of the year
    paid_to_year_end: Decimal = ZERO
    arrears: Decimal = ZERO
    arrear_lines: list[int] = field(default_factory=list)
    arrear_line_count: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass
class ComplaintFacts:
    """A wage complaint (``projects.choices.WAGE_KINDS``) received in the year, on a project."""

    pk: int
    number: str
    received_on: dt.date
    project_id: int
    owner_id: int
    townships: set[int]
    overdue: bool
    upheld: bool

    @property
    def label(self) -> str:
        return f"{self.number}（{self.received_on:%Y-%m-%d}）"


@dataclass
class ScoringFacts:
    year: int
    today: dt.date
    settings: AssessmentYear | None
    wage_share_target: Decimal | None
    organisations: list
    now: dict[int, Actual]
    last: dict[int, Actual]
    forecasts: dict[int, Forecast]
    projects: dict[int, ProjectFacts]
    findings: list[Finding]
    late_reports: list[MonthlyReport]
    summaries: dict[int, AnnualSummary]  # township id -> submitted summary
    case_studies: dict[int, int]  # township id -> number of the year's case studies
    complaints: list[ComplaintFacts] = field(default_factory=list)

    def projects_of(self, organisation) -> list[tuple[int, ProjectFacts]]:
        if is_township(organisation):
            found = [
                (pk, p)
                for pk, p in self.projects.items()
                if organisation.township_id in p.townships
            ]
        else:
            found = [(pk, p) for pk, p in self.projects.items() if p.owner_id == organisation.pk]
        return sorted(found, key=lambda item: item[1].code)

    def concerns(
        self, organisation, project_id: int | None, organisation_id: int, township_id
    ) -> bool:
        """Whether a row (of a project, or against an organisation) belongs to ``organisation``."""
        if is_township(organisation):
            project = self.projects.get(project_id) if project_id else None
            in_projects = project is not None and organisation.township_id in project.townships
            return in_projects or township_id == organisation.township_id
        return organisation_id == organisation.pk


def scoring_facts(year: int, organisations: list, *, today: dt.date | None = None) -> ScoringFacts:
    """Everything the rules read, for every organisation at once."""
    today = today or timezone.localdate()
    year_end = dt.date(year, 12, 31)
    programme = ProgrammeYear.objects.filter(year=year).first()
    # Projects that concern the year: the year's list, and any project owing wages at its end.
    lines = counted_lines().filter(ledger__month__lte=dt.date(year, 12, 1))
    owing = list(
        lines.annotate(owed=unpaid_at(year_end))
        .filter(owed__gt=0)
        .values_list("pk", "ledger__project_id", "owed")
        .order_by("ledger__project_id", "pk")
    )
    reports = MonthlyReport.objects.filter(month__year=year).select_related("project")
    late = [r for r in reports if _late(r, today)]
    others = {project_id for _, project_id, _ in owing} | {r.project_id for r in late}
    rows = with_figures(
        Project.objects.filter(pk__in=others)
        | Project.objects.filter(year=year, status__in=ON_LIST)
    ).order_by()
    projects = {
        p.pk: ProjectFacts(
            p.code, p.name, p.owner_id, set(), p.year, p.special_funds, p.central_funds,
            p.total_investment,
        )
        for p in rows
    }  # fmt: skip
    for project_id, spent in (
        MonthlyReport.objects.filter(
            project_id__in=list(projects), month__lte=dt.date(year, 12, 1),
            status__in=(ReportStatus.CONFIRMED, ReportStatus.ANNOTATED),
            investment_completed__isnull=False,
        )
        .order_by("project_id", "-month")
        .distinct("project_id")
        .values_list("project_id", "investment_completed")
    ):  # fmt: skip
        projects[project_id].spent_to_year_end = spent
    for project_id, township_id in ProjectTownship.objects.filter(
        project_id__in=list(projects)
    ).values_list("project_id", "township_id"):
        projects[project_id].townships.add(township_id)
    for line_id, project_id, owed in owing:
        facts = projects[project_id]
        facts.arrears += owed
        facts.arrear_line_count += 1
        if len(facts.arrear_lines) < EVIDENCE_LINES:
            facts.arrear_lines.append(line_id)
    for project_id, paid in (
        counted_lines()
        .filter(ledger__project_id__in=list(projects), paid_on__lte=year_end)
        .values("ledger__project_id")
        .annotate(paid_sum=Sum("paid_amount"))
        .values_list("ledger__project_id", "paid_sum")
        .order_by()
    ):
        projects[project_id].paid_to_year_end = paid or ZERO
    settings = AssessmentYear.objects.filter(year=year).first()
    summaries = {
        s.township_id: s
        for s in AnnualSummary.objects.filter(year=year, status=SummaryStatus.SUBMITTED)
    }
    cases: dict[int, int] = defaultdict(int)
    for township_id in CaseStudy.objects.filter(year=year).values_list("township_id", flat=True):
        cases[township_id] += 1
    return ScoringFacts(
        year=year,
        today=today,
        settings=settings,
        wage_share_target=programme.wage_share_target if programme else None,
        organisations=organisations,
        now=actuals(year, organisations),
        last=actuals(year - 1, organisations),
        forecasts={f.organisation_id: f for f in Forecast.objects.filter(year=year)},
        projects=projects,
        findings=list(
            Finding.objects.filter(found_on__year=year)
            .select_related("organisation")
            .order_by("found_on", "pk")
        ),
        late_reports=late,
        summaries=summaries,
        case_studies=dict(cases),
        complaints=_complaints(year),
    )


def _complaints(year: int) -> list[ComplaintFacts]:
    """The year's wage complaints on projects: overdue (escalated, or closed after the deadline
    the complaint carried) and upheld (经核查属实)."""
    rows = list(
        Complaint.objects.filter(
            kind__in=WAGE_KINDS, project__isnull=False, received_at__year=year
        )
        .values_list(
            "pk", "number", "received_at", "project_id", "project__owner_id",
            "escalated_at", "closed_at", "close_by", "substantiated",
        )
        .order_by("received_at", "pk")
    )  # fmt: skip
    townships: dict[int, set[int]] = defaultdict(set)
    for project_id, township_id in ProjectTownship.objects.filter(
        project_id__in={row[3] for row in rows}
    ).values_list("project_id", "township_id"):
        townships[project_id].add(township_id)
    return [
        ComplaintFacts(
            pk, number, timezone.localtime(received).date(), project_id, owner_id,
            townships[project_id],
            overdue=escalated is not None or (closed is not None and closed > close_by),
            upheld=substantiated is True,
        )
        for pk, number, received, project_id, owner_id, escalated, closed, close_by, substantiated
        in rows
    ]  # fmt: skip


def _late(report: MonthlyReport, today: dt.date) -> bool:
    if report.confirmed_at is None:
        return today > report.due_on
    return timezone.localtime(report.confirmed_at).date() > report.due_on


# --- the rules --------------------------------------------------------------------------------


def _show(metric: str, value) -> str:
    if metric == Metric.WAGES:
        return f"{Decimal(value):,.2f}元"
    return f"{value}{'个' if metric == Metric.PROJECTS else '人'}"


def _actual_refs(facts: ScoringFacts, organisation, metric: str) -> list[dict]:
    if metric != Metric.PROJECTS:
        return []
    return [
        ref("project", pk, p.label)
        for pk, p in facts.projects_of(organisation)
        if p.year == facts.year
    ]


def _metrics(rule: ScoringRule) -> list[str]:
    """The figures a rule reads: its own, or all three of plan task 10 when it names none."""
    return [rule.metric] if rule.metric else list(Metric.values)


def below_last_year(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 10: 原则上各项目单位研提项目数量、惠及当地农民数量及发放劳务报酬金额不得低于
    上一年度（……应作出说明）. What is judged is the year-start forecast (研提) against last
    year's actual kept with it: each figure forecast lower without an explanation counts once.
    The forecast service refuses such a forecast, so this costs points only where the district
    adds this rule (e.g. for a forecast entered before that refusal)."""
    forecast = facts.forecasts.get(organisation.pk)
    if forecast is None:
        return Outcome(0, "未报送年初预测，无从比较（按“未报送年初预测”规则计分）")
    evidence = [ref("forecast", forecast.pk, f"{facts.year}年预测")]
    count, said = 0, []
    for metric in _metrics(rule):
        label = Metric(metric).label
        predicted, last = forecast.value(metric), forecast.last_value(metric)
        words = f"{label}：预测 {_show(metric, predicted)}，上年 {_show(metric, last)}"
        if predicted >= last:
            said.append(words + "，未低于上年")
        elif forecast.explanation:
            said.append(words + "，低于上年，已作说明")
        else:
            count += 1
            said.append(words + "，低于上年且未作说明")
    detail = "；".join(said)
    if forecast.explanation and any("已作说明" in part for part in said):
        detail += f"（说明：{forecast.explanation}）"
    return Outcome(count, detail, evidence)


def _deviation(metric: str, forecast: Forecast, actual, threshold) -> tuple[bool, str]:
    label = Metric(metric).label
    predicted = Decimal(forecast.value(metric))
    said = f"{label}：预测 {_show(metric, forecast.value(metric))}，实际 {_show(metric, actual)}"
    if predicted == 0:
        if Decimal(actual) == 0:
            return False, said
        return True, said + "，预测为零无法按比例计算偏差，视为超过阈值"
    # The deviation is rounded half up to 0.01% before it is compared with the threshold.
    deviation = (abs(Decimal(actual) - predicted) / predicted).quantize(
        Decimal("0.0001"), ROUND_HALF_UP
    )
    words = f"{said}，偏差 {deviation * 100:.1f}%（阈值 {threshold * 100:.1f}%）"
    return deviation > threshold, words + ("，超过阈值" if deviation > threshold else "")


def forecast_deviation(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 10: 相关数据预测应科学准确预计，与年底实际数据相差过大……予以扣分 — for each of
    the rule's figures (all three: project count, beneficiaries, wages, when it names none)."""
    forecast = facts.forecasts.get(organisation.pk)
    metrics = _metrics(rule)
    if forecast is None:
        names = "、".join(Metric(m).label for m in metrics)
        return Outcome(0, f"{names}：未报送年初预测，无法比较（按“未报送年初预测”规则计分）")
    evidence = [ref("forecast", forecast.pk, f"{facts.year}年预测")]
    for metric in metrics:
        evidence += _actual_refs(facts, organisation, metric)
    count, said = 0, []
    for metric in metrics:
        actual = facts.now[organisation.pk].value(metric)
        over, words = _deviation(metric, forecast, actual, rule.threshold)
        count += over
        said.append(words)
    return Outcome(count, "；".join(said), evidence)


def marked_results(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """保障措施（三）: 对成效显著的乡镇在考核评价中予以倾斜 — each of the rule's figures that grew
    over last year's actual by at least the threshold adds points (a figure that was zero last
    year cannot show a growth rate and adds nothing)."""
    evidence: list[dict] = []
    count, said = 0, []
    for metric in _metrics(rule):
        label = Metric(metric).label
        now = facts.now[organisation.pk].value(metric)
        last = facts.last[organisation.pk].value(metric)
        evidence += _actual_refs(facts, organisation, metric)
        words = f"{label}：{facts.year}年 {_show(metric, now)}，上年 {_show(metric, last)}"
        if not last:
            said.append(words + "，上年为零，无法计算增长")
            continue
        growth = ((Decimal(now) - Decimal(last)) / Decimal(last)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )
        marked = growth >= rule.threshold
        count += marked
        said.append(
            f"{words}，增长 {growth * 100:.1f}%（达到 {rule.threshold * 100:.1f}% 加分）"
            + ("，成效显著" if marked else "")
        )
    return Outcome(count, "；".join(said), evidence)


def _complaints_of(organisation, facts: ScoringFacts) -> list[ComplaintFacts]:
    if is_township(organisation):
        return [c for c in facts.complaints if organisation.township_id in c.townships]
    return [c for c in facts.complaints if c.owner_id == organisation.pk]


def complaints_overdue(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 9 (坚决杜绝拖欠克扣) with the complaint register's deadlines: each wage complaint
    of the year on the organisation's projects escalated as overdue or closed late."""
    found = [c for c in _complaints_of(organisation, facts) if c.overdue]
    evidence = [ref("complaint", c.pk, c.label) for c in found]
    return Outcome(len(found), f"{facts.year}年劳务报酬投诉超期办理 {len(found)} 件", evidence)


def complaints_upheld(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """art. 30 (不得拖欠、克扣) and plan task 9: each wage complaint of the year on the
    organisation's projects found true on checking (经核查属实)."""
    found = [c for c in _complaints_of(organisation, facts) if c.upheld]
    evidence = [ref("complaint", c.pk, c.label) for c in found]
    return Outcome(len(found), f"{facts.year}年劳务报酬投诉经核查属实 {len(found)} 件", evidence)


def findings(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """art. 50 and plan task 10 (弄虚作假): each finding of the rule's kinds found in the year."""
    kinds = set(rule.finding_kinds)
    found = [
        f
        for f in facts.findings
        if f.kind in kinds
        and facts.concerns(
            organisation, f.project_id, f.organisation_id, f.organisation.township_id
        )
    ]
    names = "、".join(FindingKind(k).label for k in rule.finding_kinds)
    evidence = [
        ref("finding", f.pk, f"{f.get_kind_display()}（{f.found_on:%Y-%m-%d}）") for f in found
    ]
    return Outcome(len(found), f"{facts.year}年发现“{names}”问题 {len(found)} 个", evidence)


def arrears(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """art. 30 (不得拖欠): each project still owing wages at the year's end."""
    owing = [(pk, p) for pk, p in facts.projects_of(organisation) if p.arrears > 0]
    evidence = []
    for pk, p in owing:
        evidence.append(
            ref("project", pk, f"{p.label}：欠发 {p.arrears:,.2f}元，{p.arrear_line_count}行")
        )
        evidence += [ref("wage_line", line, p.code) for line in p.arrear_lines]
    total = sum((p.arrears for _, p in owing), ZERO)
    return Outcome(
        len(owing),
        f"{facts.year}年末仍有欠发劳务报酬的项目 {len(owing)} 个，合计欠发 {total:,.2f}元",
        evidence,
    )


def late_reports(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 5 (报送及时): each monthly report not answered by its due day."""
    mine = dict(facts.projects_of(organisation))
    late = [r for r in facts.late_reports if r.project_id in mine]
    evidence = [
        ref("report", r.pk, f"{r.project.code} {month_label(r.month)}（截止{r.due_on:%m月%d日}）")
        for r in sorted(late, key=lambda r: (r.month, r.project.code))
    ]
    return Outcome(len(late), f"{facts.year}年月度反馈未按期确认 {len(late)} 份", evidence)


def wage_share(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """art. 30 (劳务报酬占中央资金比例, the special plan's requirement, which the year's target
    holds): each of the year's projects with central funds whose wages paid by the year's end
    are a smaller share of the central funds *spent* by then than the target (the rule's
    threshold, else the year's target in 年度参数). Like with like (issue 11 item 2): the
    central part of the investment completed (the last confirmed monthly report of the year),
    in proportion to the funding — never the whole year's funds against wages paid so far.
    A project that reported no investment completed cannot be judged and is named apart."""
    target = rule.threshold if rule.threshold is not None else facts.wage_share_target
    if target is None:
        return Outcome(0, f"未设置{facts.year}年劳务报酬占中央资金比例目标，不计分")
    below, unknown = [], []
    for pk, p in facts.projects_of(organisation):
        if p.year != facts.year or not p.central_funds:
            continue
        spent = funds.spent_part(p.spent_to_year_end, p.central_funds, p.total_investment)
        if not spent:
            unknown.append(p.code)
            continue
        share = funds.wage_share(p.paid_to_year_end, spent)
        if share < target:
            below.append(
                ref("project", pk, f"{p.label}：{share * 100:.1f}%"
                    f"（发放 {p.paid_to_year_end:,.2f}元÷已支出中央资金 {spent:,.2f}元）")
            )  # fmt: skip
    detail = (
        f"劳务报酬占中央资金比例（年末累计发放÷已支出中央资金）低于 {target * 100:.1f}% "
        f"的项目 {len(below)} 个"
    )
    if unknown:
        detail += f"；未报累计完成投资、无法计算的项目 {len(unknown)} 个（{'、'.join(unknown)}）"
    return Outcome(len(below), detail, below)


def missing_forecast(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 10: 研提……预测 at the year's start, by the district's deadline."""
    forecast = facts.forecasts.get(organisation.pk)
    due = facts.settings.forecast_due if facts.settings else None
    if forecast is None:
        return Outcome(1, f"未报送{facts.year}年年初预测")
    submitted = timezone.localtime(forecast.submitted_at).date()
    evidence = [ref("forecast", forecast.pk, f"{facts.year}年预测")]
    if due is not None and submitted > due:
        return Outcome(
            1, f"年初预测于{submitted:%Y-%m-%d}报送，晚于截止日期{due:%Y-%m-%d}", evidence
        )
    return Outcome(0, f"年初预测已于{submitted:%Y-%m-%d}报送", evidence)


def missing_summary(rule: ScoringRule, organisation, facts: ScoringFacts) -> Outcome:
    """plan task 5: a township's summary and at least one case study, by the deadline."""
    summary = facts.summaries.get(organisation.township_id)
    cases = facts.case_studies.get(organisation.township_id, 0)
    due = facts.settings.summary_due if facts.settings else None
    if summary is None:
        return Outcome(1, f"未提交{facts.year}年度总结")
    evidence = [ref("summary", summary.pk, f"{facts.year}年度总结")]
    submitted = timezone.localtime(summary.submitted_at).date()
    if cases == 0:
        return Outcome(1, "年度总结未附典型案例", evidence)
    if due is not None and submitted > due:
        return Outcome(
            1, f"年度总结于{submitted:%Y-%m-%d}提交，晚于截止日期{due:%Y-%m-%d}", evidence
        )
    return Outcome(0, f"年度总结已于{submitted:%Y-%m-%d}提交，附典型案例 {cases} 篇", evidence)


RULES: dict[str, Callable[[ScoringRule, object, ScoringFacts], Outcome]] = {
    RuleKind.BELOW_LAST_YEAR: below_last_year,
    RuleKind.FORECAST_DEVIATION: forecast_deviation,
    RuleKind.FINDINGS: findings,
    RuleKind.ARREARS: arrears,
    RuleKind.LATE_REPORTS: late_reports,
    RuleKind.WAGE_SHARE: wage_share,
    RuleKind.MISSING_FORECAST: missing_forecast,
    RuleKind.MISSING_SUMMARY: missing_summary,
    RuleKind.COMPLAINTS_OVERDUE: complaints_overdue,
    RuleKind.COMPLAINTS_UPHELD: complaints_upheld,
    RuleKind.MARKED_RESULTS: marked_results,
}
assert set(RULES) == set(RuleKind.values), "every kind of rule has its function"
