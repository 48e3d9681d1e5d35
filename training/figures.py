"""Training figures for the pages and for the assessment (plan tasks 6-7, 10; art. 32).

Plain functions over the rows ``user`` may see (``yiguoji.scope``), each a fixed number of
queries whatever the number of rows, each figure carrying ``url``: the filtered list of the rows
behind it (drill-down). Every function takes the viewing user first and the same optional
filters, keyword-only:

``year``      the calendar year — of the session's start date (training), of the conversion's
              start date (conversions), of the project's programme year (pre-start share);
``township``  a Township or its id — the *worker's* township for training and conversions (a
              township's people trained, wherever the session was held); the project's
              township(s) for the pre-start share;
``project``   a Project or its id — sessions on the project (training), conversions from it,
              or that one project (pre-start share).

Functions (signatures as the assessment calls them)::

    training_total(user, *, year=None, township=None, project=None) -> TrainingFigure
    training_by(user, by, *, year=None, township=None, project=None) -> list[TrainingFigure]
        by: "kind" | "mode" | "township" | "year"
    pre_start_shares(user, *, year=None, township=None, project=None) -> list[PreStartShare]
    pre_start_total(user, *, year=None, township=None, project=None) -> PreStartShare
    sum_shares(shares, url="") -> PreStartShare
    conversions_total(user, *, year=None, township=None, project=None) -> ConversionFigure
    conversions_by(user, by, *, year=None, township=None, project=None)
        -> list[ConversionFigure];  by: "kind" | "project" | "township" | "year"

"Trained people" are distinct workers with at least one ledger row; "attendances" (人次) are
ledger rows; "hours" the sum of the rows' hours (学时). ``training_by("kind" | "mode")`` returns
every type or mode, with zeros; ``"township"`` and ``"year"`` only the groups that have rows.

The pre-start share (岗前培训率) of a project = its hired workers (anyone with a labour contract
on it, ended contracts included) who attended a 岗前培训 or 安全生产培训 (``PRE_START_KINDS``:
the safety induction art. 42-43 require before site work counts as pre-start training) whose
session started on or before the worker's first contract day on the project, divided by its
hired workers. Qualifying trainings count wherever they were held (a township's or the labour
bureau's session counts for a contractor's project): the figure is about the worker; the
projects are those in the user's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse

from projects.scopes import visible_projects
from training import hiring
from training.choices import PRE_START_KINDS, ConversionKind, TrainingKind, TrainingMode
from training.models import Conversion, TrainingRecord
from yiguoji import scope

ZERO = Decimal("0")


@dataclass(frozen=True)
class TrainingFigure:
    key: str  # the group's code ("pre_job", "2026", a township id) or "" for a total
    label: str  # what the row is called: "岗前培训", "2026年", "八达岭镇", "合计"
    people: int  # distinct workers trained (人数)
    attendances: int  # ledger rows (人次)
    hours: Decimal  # sum of ledger hours (学时)
    passed: int  # ledger rows with 考核合格
    sessions: int  # distinct sessions
    url: str  # the ledger rows behind the figure


@dataclass(frozen=True)
class PreStartShare:
    project_id: int | None  # None for a total
    label: str  # "YQ-2026-001 岔道村道路工程" or "合计"
    hired: int  # people hired on the project
    trained: int  # of them, trained before their first day
    url: str  # per-person rows (training:pre_start) or the projects' list for a total

    @property
    def share(self) -> Decimal | None:
        """trained / hired to four decimals (0.8333), None when nobody was hired."""
        if not self.hired:
            return None
        return (Decimal(self.trained) / Decimal(self.hired)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )


@dataclass(frozen=True)
class ConversionFigure:
    key: str
    label: str
    conversions: int  # conversion rows
    people: int  # distinct workers
    url: str  # the conversion rows behind the figure


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def _filters(year, township, project) -> dict[str, str]:
    params = {"year": year, "township": _pk(township), "project": _pk(project)}
    return {name: str(value) for name, value in params.items() if value not in (None, "")}


def _url(name: str, params: dict[str, str]) -> str:
    query = urlencode(params)
    return reverse(name) + (f"?{query}" if query else "")


def _rows(model, user, *, date: str, project_field: str, year, township, project):
    """``model``'s rows in scope, filtered by the year of ``date``, the worker's township and
    the project (the common filters of every figure)."""
    rows = scope.restrict(model.objects.all(), user)
    if year:
        rows = rows.filter(**{f"{date}__year": int(year)})
    if township:
        rows = rows.filter(worker__township_id=_pk(township))
    if project:
        rows = rows.filter(**{project_field: _pk(project)})
    return rows


# --- training (ledger rows) ---------------------------------------------------------------------


def training_records(user, *, year=None, township=None, project=None):
    """The ledger rows behind the training figures (also the drill-down list's base)."""
    return _rows(
        TrainingRecord, user, date="session__starts_on", project_field="session__project_id",
        year=year, township=township, project=project,
    )  # fmt: skip


_TRAINING_AGGREGATES = {
    "people": Count("worker_id", distinct=True),
    "attendances": Count("pk"),
    "hours": Sum("hours"),
    "passed": Count("pk", filter=Q(passed=True)),
    "sessions": Count("session_id", distinct=True),
}


def _training_figure(key: str, label: str, row: dict | None, url: str) -> TrainingFigure:
    row = row or {}
    return TrainingFigure(
        key=key,
        label=label,
        people=row.get("people", 0),
        attendances=row.get("attendances", 0),
        hours=row.get("hours") or ZERO,
        passed=row.get("passed", 0),
        sessions=row.get("sessions", 0),
        url=url,
    )


def training_total(user, *, year=None, township=None, project=None) -> TrainingFigure:
    """People trained, attendances, hours, passes and sessions in all (one query)."""
    params = _filters(year, township, project)
    row = training_records(user, year=year, township=township, project=project).aggregate(
        **_TRAINING_AGGREGATES
    )
    return _training_figure("", "合计", row, _url("training:records", params))


def training_by(user, by: str, *, year=None, township=None, project=None) -> list[TrainingFigure]:
    """The training figures grouped ``by`` "kind", "mode", "township" (the worker's) or "year"
    (of the session's start). One query."""
    rows = training_records(user, year=year, township=township, project=project)
    params = _filters(year, township, project)
    if by in ("kind", "mode"):
        choices = TrainingKind if by == "kind" else TrainingMode
        found = {
            row["group"]: row
            for row in rows.values(group=F(f"session__{by}"))
            .annotate(**_TRAINING_AGGREGATES)
            .order_by()
        }
        return [
            _training_figure(
                code, label, found.get(code), _url("training:records", {**params, by: code})
            )
            for code, label in choices.choices
        ]
    if by == "township":
        grouped = (
            rows.values("worker__township_id", "worker__township__name", "worker__township__code")
            .annotate(**_TRAINING_AGGREGATES)
            .order_by("worker__township__code")
        )
        return [
            _training_figure(
                str(row["worker__township_id"]),
                row["worker__township__name"],
                row,
                _url("training:records", {**params, "township": str(row["worker__township_id"])}),
            )
            for row in grouped
        ]
    if by == "year":
        grouped = (
            rows.values(group=ExtractYear("session__starts_on"))
            .annotate(**_TRAINING_AGGREGATES)
            .order_by("group")
        )
        return [
            _training_figure(
                str(row["group"]),
                f"{row['group']}年",
                row,
                _url("training:records", {**params, "year": str(row["group"])}),
            )
            for row in grouped
        ]
    raise ValueError(f"training_by: unknown grouping {by!r}")


# --- share of a project's workers trained before starting work ----------------------------------


def _projects(user, *, year=None, township=None, project=None):
    projects = visible_projects(user)
    if year:
        projects = projects.filter(year=int(year))
    if township:
        projects = projects.filter(townships=_pk(township))
    if project:
        projects = projects.filter(pk=_pk(project))
    return projects


def first_pre_start_trainings(worker_ids: Iterable[int] | object) -> dict[int, object]:
    """worker id -> the start date of their earliest 岗前/安全生产 session (one query)."""
    return dict(
        TrainingRecord.objects.filter(
            worker_id__in=worker_ids, session__kind__in=sorted(PRE_START_KINDS)
        )
        .values("worker_id")
        .annotate(first=Min("session__starts_on"))
        .values_list("worker_id", "first")
        .order_by()
    )


def pre_start_shares(user, *, year=None, township=None, project=None) -> list[PreStartShare]:
    """Per project in scope with at least one hired worker: hired, trained before start, share.
    Two queries."""
    projects = _projects(user, year=year, township=township, project=project).values("pk")
    starts = list(hiring.project_starts(projects, "project__code", "project__name"))
    first = first_pre_start_trainings(hiring.worker_ids_on(projects))
    tally: dict[int, list] = {}
    for row in starts:
        entry = tally.setdefault(
            row["project_id"], [f"{row['project__code']} {row['project__name']}", 0, 0]
        )
        entry[1] += 1
        trained_on = first.get(row["worker_id"])
        if trained_on is not None and trained_on <= row["started"]:
            entry[2] += 1
    return [
        PreStartShare(
            project_id=project_id,
            label=label,
            hired=hired,
            trained=trained,
            url=reverse("training:pre_start", args=[project_id]),
        )
        for project_id, (label, hired, trained) in sorted(tally.items(), key=lambda i: i[1][0])
    ]


def sum_shares(shares: Iterable[PreStartShare], url: str = "") -> PreStartShare:
    """Several projects' shares added up (people hired on two projects count on each)."""
    shares = list(shares)
    return PreStartShare(
        project_id=None,
        label="合计",
        hired=sum(share.hired for share in shares),
        trained=sum(share.trained for share in shares),
        url=url,
    )


def pre_start_total(user, *, year=None, township=None, project=None) -> PreStartShare:
    """All projects in scope together (two queries)."""
    return sum_shares(
        pre_start_shares(user, year=year, township=township, project=project),
        _url("training:figures", _filters(year, township, project)) + "#pre-start",
    )


# --- long-term conversions (零工变长工) -----------------------------------------------------------


def conversion_rows(user, *, year=None, township=None, project=None):
    """The conversions behind the conversion figures (also the drill-down list's base)."""
    return _rows(
        Conversion, user, date="converted_on", project_field="project_id",
        year=year, township=township, project=project,
    )  # fmt: skip


_CONVERSION_AGGREGATES = {
    "conversions": Count("pk"),
    "people": Count("worker_id", distinct=True),
}


def conversions_total(user, *, year=None, township=None, project=None) -> ConversionFigure:
    row = conversion_rows(user, year=year, township=township, project=project).aggregate(
        **_CONVERSION_AGGREGATES
    )
    return ConversionFigure(
        "",
        "合计",
        row["conversions"],
        row["people"],
        _url("training:conversions", _filters(year, township, project)),
    )


_CONVERSION_GROUPS = {
    "project": (("project_id", "project__code", "project__name"), "project__code"),
    "township": (
        ("worker__township_id", "worker__township__name", "worker__township__code"),
        "worker__township__code",
    ),
}


def conversions_by(
    user, by: str, *, year=None, township=None, project=None
) -> list[ConversionFigure]:
    """Conversions grouped ``by`` "kind", "project", "township" (the worker's) or "year" (of
    the start in the post). One query."""
    rows = conversion_rows(user, year=year, township=township, project=project)
    params = _filters(year, township, project)

    def figure(key, label, row, param):
        return ConversionFigure(
            str(key),
            label,
            row.get("conversions", 0) if row else 0,
            row.get("people", 0) if row else 0,
            _url("training:conversions", {**params, param: str(key)}),
        )

    if by == "kind":
        found = {
            row["kind"]: row
            for row in rows.values("kind").annotate(**_CONVERSION_AGGREGATES).order_by()
        }
        return [
            figure(code, label, found.get(code), "kind") for code, label in ConversionKind.choices
        ]
    if by in _CONVERSION_GROUPS:
        fields, order = _CONVERSION_GROUPS[by]
        grouped = rows.values(*fields).annotate(**_CONVERSION_AGGREGATES).order_by(order)
        if by == "project":
            return [
                figure(r["project_id"], f"{r['project__code']} {r['project__name']}", r, "project")
                for r in grouped
            ]
        return [
            figure(r["worker__township_id"], r["worker__township__name"], r, "township")
            for r in grouped
        ]
    if by == "year":
        grouped = (
            rows.values(group=ExtractYear("converted_on"))
            .annotate(**_CONVERSION_AGGREGATES)
            .order_by("group")
        )
        return [figure(r["group"], f"{r['group']}年", r, "year") for r in grouped]
    raise ValueError(f"conversions_by: unknown grouping {by!r}")
