"""Links never lead to a 403 or a 404 (issue 10, item 22): what a role cannot open is not shown.

A rule, not a list of links: every role of the role-by-URL matrix opens every page it may open
(the matrix's 200s), and every internal link on those pages is followed (GET, same site; not
sign-out, downloads or exports, whose own tests cover them). None may answer 403 or 404. Sort
and page variants of one list are followed once. A stored upload whose file the matrix world
never wrote answers "文件已不存在" (404): the link itself was allowed, so it counts as reached.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from tests.matrix import ROLES, all_cases, build_world

SKIP_PREFIXES = ("/logout", "/static/", "/admin/", "/api/v1/schema/")
SKIP_PARTS = ("/download", "export=", ".xlsx", ".pdf", ".csv", "/sw.js")
VARIANTS = {"sort", "page", "page_size", "per_page"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str, here: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:")):
            continue  # other sites (the tile server's attribution, say) are not ours
        path = parts.path or urlsplit(here).path
        if not path.startswith("/"):
            continue
        if path.startswith(SKIP_PREFIXES) or any(p in href for p in SKIP_PARTS):
            continue
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        kept = urlencode([(k, v) for k, v in query if k not in VARIANTS])
        found.add(f"{path}?{kept}" if kept else path)
    return found


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from decimal import Decimal

    from training.models import TrainingRecord

    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        # A person of township A who trained in B's session: A's township sees the ledger row
        # (it registers its people) but not B's session (training/scopes.py).
        TrainingRecord.objects.create(
            session=built.tr_session_b, worker=built.pr_worker_a, hours=Decimal("4"), passed=True
        )
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_no_link_leads_to_a_refusal(role, world, db):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    pages = [
        case.url(world)
        for case in all_cases()
        if case.method == "get" and case.status_for(role) == 200 and not case.data
    ]
    followed: dict[str, int] = {}
    broken = []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        for link in sorted(internal_links(response.content.decode(), page)):
            if link not in followed:
                answer = client.get(link)
                followed[link] = answer.status_code
                if answer.status_code == 404 and "文件已不存在".encode() in answer.content:
                    followed[link] = 200  # a stored upload the world never wrote to disk
            if followed[link] in (403, 404):
                broken.append(f"{page} -> {link}: {followed[link]}")
    assert len(followed) > 10
    assert not broken, f"{role}: links to pages it cannot open\n" + "\n".join(sorted(broken))


def test_the_link_reader_keeps_what_it_should():
    html = (
        '<a href="/projects/1/">x</a><a href="/projects/?sort=name&status=a">s</a>'
        '<a href="https://tiles.example.org/">t</a><a href="#top">t</a>'
        '<a href="/jobs/3/download/">d</a><a href="?page=2">p</a>'
    )
    assert internal_links(html, "/projects/") == {
        "/projects/1/",
        "/projects/?status=a",
        "/projects/",
    }


def test_change_history_is_linked_only_for_readers_of_the_audit_trail(world, db):
    """The 变更记录 links (the ``history_link`` tag) are not shown to roles without audit rights."""
    from django.template import Context, Template
    from django.test import RequestFactory

    from yiguoji.core import access
    from yiguoji.core.capabilities import VIEW_AUDIT

    template = Template('{% load portal %}{% history_link obj %}|{% history_link obj "button" %}')
    for role in ROLES:
        request = RequestFactory().get("/")
        request.user = world.users[role]
        html = template.render(Context({"request": request, "obj": world.pj_reserve_a}))
        if access.has(request.user, VIEW_AUDIT):
            assert html.count("变更记录") == 2 and html.count("href=") == 2
        else:
            assert html == "|", f"{role}: {html}"
