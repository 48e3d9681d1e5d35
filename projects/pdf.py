"""Public notices (art. 31) as A4 PDFs: before start, during works, and the permanent board."""

from __future__ import annotations

import datetime

from django.utils import timezone

from projects.choices import NoticeKind, ProjectStatus
from projects.hooks import wage_figures
from projects.models import Project
from projects.selectors import project_facts
from yiguoji.core.models import District
from yiguoji.pdf import render_pdf

TEMPLATES = {
    NoticeKind.PRE_START: "projects/pdf/notice_pre_start.html",
    NoticeKind.DURING_WORKS: "projects/pdf/notice_during_works.html",
    NoticeKind.PERMANENT: "projects/pdf/notice_permanent.html",
}


def _moment(facts, status: str) -> datetime.datetime | None:
    """When the project entered ``status`` (latest such transition), or None."""
    times = [t.at for t in facts.transitions if t.to_status == status]
    return max(times) if times else None


def public_page_url(project: Project) -> str:
    """The project's public page (art. 25, 31), or "" while it is not published or the public
    address is not configured (a QR code to a missing page would mislead)."""
    from django.conf import settings
    from django.urls import reverse

    from projects.models import Publication

    if not settings.PUBLIC_BASE_URL:
        return ""
    if not Publication.objects.filter(project=project, published=True).exists():
        return ""
    return settings.PUBLIC_BASE_URL + reverse("public:project", args=[project.code])


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (segno; WeasyPrint draws it sharp)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def notice_context(project: Project, kind: str) -> dict:
    facts = project_facts(project)
    public_url = public_page_url(project)
    posted = facts.notice(kind)
    days = facts.programme.notice_days if facts.programme else 7
    started = _moment(facts, ProjectStatus.STARTED)
    completed = _moment(facts, ProjectStatus.COMPLETED)
    return {
        "district": District.objects.first(),
        "project": project,
        "facts": facts,
        "kind": kind,
        "title": NoticeKind(kind).label,
        "posted": posted,
        "notice_days": days,
        "notice_until": (
            posted.posted_until or posted.posted_on + datetime.timedelta(days=days)
            if posted
            else None
        ),
        "started_on": timezone.localtime(started).date() if started else None,
        "completed_on": timezone.localtime(completed).date() if completed else None,
        "figures": wage_figures(project) if kind == NoticeKind.PERMANENT else None,
        "today": timezone.localdate(),
        "townships": list(project.townships.all()),
        "villages": list(project.villages.all()),
        "public_url": public_url,
        "qr": qr_data_uri(public_url) if public_url else "",
    }


def notice_pdf(project: Project, kind: str) -> bytes:
    return render_pdf(TEMPLATES[kind], notice_context(project, kind))


def notice_filename(project: Project, kind: str) -> str:
    return f"{project.code}-{NoticeKind(kind).label}.pdf"
