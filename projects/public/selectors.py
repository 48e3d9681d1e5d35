"""What the public may read: published projects and their art. 31 facts, nothing more.

Selectors return plain dataclasses, never model instances, so a template cannot reach a field
that was not chosen here (no ID, card, phone or full name of anyone; organisations by name).
Every read is bounded: lists are paginated with a fixed page size and a last page, and a
project page is a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.utils import timezone

from projects import maps
from projects.choices import NoticeKind, ProjectStatus
from projects.hooks import PublicPayRow, public_pay_rows, wage_figures_for
from projects.models import FundingLine, Project, PublicNotice, PublicSettings
from projects.services.publication import PUBLISHABLE
from yiguoji.core.models import District, Township

PAGE_SIZE = 20
PAY_PAGE_SIZE = 50


class PageNotFound(Exception):
    """A page number outside the list (the view answers 404)."""


def published_projects():
    return Project.objects.filter(publication__published=True, status__in=PUBLISHABLE)


@dataclass(frozen=True)
class ProjectRow:
    code: str
    name: str
    year: int
    status: str
    townships: str
    owner: str
    total_investment: Decimal
    wages_paid: Decimal | None


@dataclass
class ProjectList:
    rows: list[ProjectRow]
    number: int
    pages: int
    count: int
    townships: list[tuple[str, str]]
    years: list[int]
    township: str
    year: int | None


def _township_names(project) -> str:
    return "、".join(t.name for t in project.townships.all())


def project_list(*, township: str = "", year: int | None = None, page: str | int = 1):
    """One page of published projects, by township (code) and year; 3 queries."""
    queryset = published_projects()
    if township:
        queryset = queryset.filter(townships__code=township)
    if year:
        queryset = queryset.filter(year=year)
    queryset = (
        queryset.select_related("owner")
        .prefetch_related("townships")
        .order_by("-year", "code")
        .distinct()
    )
    paginator = Paginator(queryset, PAGE_SIZE, allow_empty_first_page=True)
    try:
        current = paginator.page(page)
    except (EmptyPage, PageNotAnInteger):
        raise PageNotFound from None
    projects = list(current.object_list)
    figures = wage_figures_for(projects)
    rows = [
        ProjectRow(
            code=p.code,
            name=p.name,
            year=p.year,
            status=p.get_status_display(),
            townships=_township_names(p),
            owner=p.owner.name,
            total_investment=p.total_investment,
            wages_paid=figures[p.pk].wages_paid if p.pk in figures else None,
        )
        for p in projects
    ]
    return ProjectList(
        rows=rows,
        number=current.number,
        pages=paginator.num_pages,
        count=paginator.count,
        townships=list(Township.objects.order_by("code").values_list("code", "name")),
        years=sorted(
            published_projects().order_by().values_list("year", flat=True).distinct(),
            reverse=True,
        ),
        township=township,
        year=year,
    )


@dataclass(frozen=True)
class Notice:
    kind: str
    label: str
    posted_on: dt.date
    until: dt.date | None
    location: str
    open_for_objections: bool


@dataclass
class ProjectPage:
    code: str
    name: str
    year: int
    status: str
    category: str
    sector: str
    townships: str
    villages: str
    location: str
    owner: str
    builder: str
    content_and_scale: str
    work_relief_tasks: str
    total_investment: Decimal
    funding: list[tuple[str, Decimal]]
    planned_start: dt.date | None
    planned_end: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    planned_local_jobs: int
    planned_wage_total: Decimal
    workers: int | None
    local_workers: int | None
    wages_paid: Decimal | None
    wages_as_of: dt.date | None
    notices: list[Notice]
    hotline: str
    district: str
    show_pay: bool
    pay_rows: list[PublicPayRow] = field(default_factory=list)
    pay_total: int = 0
    pay_page: int = 1
    pay_pages: int = 1
    site: dict | None = None  # the works on the map (GeoJSON), when the site is marked
    outlines: dict | None = None
    tiles: object = None

    @property
    def objections_open(self) -> bool:
        return any(n.open_for_objections for n in self.notices)


def _moment(transitions, status) -> dt.date | None:
    times = [t.at for t in transitions if t.to_status == status]
    return timezone.localtime(max(times)).date() if times else None


def project_page(code: str, *, pay_page: int = 1) -> ProjectPage | None:
    """The art. 31 facts of one published project, or None (unknown or not published)."""
    project = (
        published_projects()
        .select_related("owner", "contractor")
        .prefetch_related(
            "townships",
            "villages",
            Prefetch("funding_lines", queryset=FundingLine.objects.order_by("pk")),
            Prefetch("notices", queryset=PublicNotice.objects.order_by("posted_on", "pk")),
            "transitions",
        )
        .filter(code=code)
        .first()
    )
    if project is None:
        return None
    district = District.objects.first()
    settings = PublicSettings.current()
    figures = wage_figures_for([project]).get(project.pk)
    today = timezone.localdate()
    notice_days = 7
    notices = []
    for notice in project.notices.all():
        until = notice.posted_until or notice.posted_on + dt.timedelta(days=notice_days)
        notices.append(
            Notice(
                kind=notice.kind,
                label=NoticeKind(notice.kind).label,
                posted_on=notice.posted_on,
                until=until if notice.kind != NoticeKind.PERMANENT else None,
                location=notice.location,
                open_for_objections=notice.kind != NoticeKind.PERMANENT
                and notice.posted_on <= today <= until,
            )
        )
    transitions = list(project.transitions.all())
    page = ProjectPage(
        code=project.code,
        name=project.name,
        year=project.year,
        status=project.get_status_display(),
        category=project.get_category_display(),
        sector=project.get_sector_display(),
        townships=_township_names(project),
        villages="、".join(v.name for v in project.villages.all()),
        location=project.location,
        owner=project.owner.name,
        builder="村民自建"
        if project.self_build
        else (project.contractor.name if project.contractor else ""),
        content_and_scale=project.content_and_scale,
        work_relief_tasks=project.work_relief_tasks,
        total_investment=project.total_investment,
        funding=[(line.get_source_display(), line.amount) for line in project.funding_lines.all()],
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        started_on=_moment(transitions, ProjectStatus.STARTED),
        completed_on=_moment(transitions, ProjectStatus.COMPLETED),
        planned_local_jobs=project.planned_local_jobs,
        planned_wage_total=project.planned_wage_total,
        workers=figures.workers if figures else None,
        local_workers=figures.local_workers if figures else None,
        wages_paid=figures.wages_paid if figures else None,
        wages_as_of=figures.as_of if figures else None,
        notices=notices,
        hotline=district.complaint_hotline if district else "",
        district=district.full_name if district else "",
        show_pay=settings.show_worker_pay,
    )
    if project.site_latitude is not None:  # issue 16 item 4: the site on the same map
        page.site = maps.works_geojson([project], link=lambda p: "")
        page.outlines, page.tiles = maps.outlines(), maps.tiles()
    if settings.show_worker_pay:
        rows, total = public_pay_rows(project, (pay_page - 1) * PAY_PAGE_SIZE, PAY_PAGE_SIZE)
        pages = max(1, -(-total // PAY_PAGE_SIZE))
        if pay_page > pages:
            raise PageNotFound
        page.pay_rows, page.pay_total, page.pay_page, page.pay_pages = rows, total, pay_page, pages
    return page


def published_project(code: str) -> Project | None:
    """The project a public complaint is about (only a published one)."""
    return published_projects().filter(code=code).first()
