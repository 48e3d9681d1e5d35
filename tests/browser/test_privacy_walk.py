"""A browser walk of the role-by-URL matrix, then two scans (issue 10: item 6 and "Done means").

Each walked role (four by default, all nine with ``PRIVACY_WALK_ROLES=all``: see DEFAULT_ROLES)
opens, in Chromium, every page of the matrix it may open (its 200s) and every list's
Excel export. Then:

* **CSP**: no page logged a Content-Security-Policy violation or a script error (the policy is
  strict: tests/core/test_csp.py), the API docs and the phone's attendance pages included;
* **personal data**: no full resident ID or bank card number of the world's workers (their
  ledger lines and payment instructions included) appears in any URL the browser requested, any
  log line written while serving (access lines too), any value in the Redis cache, any export
  downloaded or any page, since no reveal was made (RevealLog stays empty).

The live server's handler is quiet in tests (Django's ``QuietWSGIRequestHandler``), so the
walk puts back the access log a real server writes (``django.server``: one line per request,
its path and query) and scans every line of it, for the world's numbers and for anything
shaped like a full resident ID or bank card number.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401 (the browser fixture's flags)
from tests.matrix import ROLES, all_cases, build_world
from yiguoji.core.models import RevealLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SKIP = re.compile(r"download|\.pdf$|/files/|/photos?/\d+/$|/scan/?$|/sw\.js$")
#: The roles walked by default, to keep ``make test`` within its time budget: the district office
#: opens the most pages, the township and the contractor see people without the right to reveal
#: them, and the auditor reads everything read-only. ``PRIVACY_WALK_ROLES=all`` walks all nine roles
#: (about ten minutes); the role-by-URL matrix and tests/test_masking_holds.py cover every role.
DEFAULT_ROLES = ("district_office", "township", "contractor", "auditor")
#: A full resident ID (17 digits and a check digit) or a bank card (16 to 19 digits), alone.
FULL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|\d{16,19})(?![0-9A-Za-z])")


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def access_log(monkeypatch):
    """The server's access lines during the test, as a real server logs them (``django.server``,
    '"GET /path?query HTTP/1.1" 200 1234'); the live server's quiet handler is made to speak."""
    from django.test.testcases import QuietWSGIRequestHandler

    monkeypatch.setattr(QuietWSGIRequestHandler, "log_message", WSGIRequestHandler.log_message)
    logger = logging.getLogger("django.server")
    handler = _Lines()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def _full_numbers() -> set[str]:
    from payroll.models import PaymentInstruction, WageLine, Worker

    numbers = set()
    for worker in Worker.objects.all():
        for field in ("id_number_encrypted", "bank_card_encrypted"):
            value = getattr(worker, field)
            if value is not None:
                numbers.add(value.reveal().upper())
    for model in (WageLine, PaymentInstruction):
        for row in model.objects.all():
            if row.card_encrypted is not None:
                numbers.add(row.card_encrypted.reveal().upper())
    return {n for n in numbers if n and len(n) >= 12}


def _xlsx_text(body: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(body)):
        return ""
    book = load_workbook(io.BytesIO(body))
    return "\n".join(
        " ".join("" if cell.value is None else str(cell.value) for cell in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
    )


def _cache_values() -> list[bytes]:
    client = cache._cache.get_client(None, write=False)
    return [client.get(key) or b"" for key in client.scan_iter(match=cache.make_key("*"))]


def _session_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


def _lists(url: str) -> bool:
    from django.urls import resolve

    from yiguoji.core.views.mixins import ScopedTableView

    view = getattr(resolve(url.split("?")[0]).func, "view_class", None)
    return view is not None and issubclass(view, ScopedTableView)


def _walked_roles() -> tuple[str, ...]:
    chosen = os.environ.get("PRIVACY_WALK_ROLES", "")
    if chosen == "all":
        return ROLES
    if chosen:
        return tuple(role.strip() for role in chosen.split(",") if role.strip() in ROLES)
    return DEFAULT_ROLES


def test_the_walk_meets_no_csp_violation_and_leaks_no_number(
    live_server, browser, caplog, access_log
):
    caplog.set_level(logging.DEBUG)
    world = build_world()
    numbers = _full_numbers()
    assert len(numbers) >= 4, "the world must have workers with numbers to look for"
    base = live_server.url
    host = base.split("//", 1)[1]
    requested: list[str] = []
    texts: list[tuple[str, str]] = []
    violations: list[str] = []
    pages = 0
    cases = [case for case in all_cases() if case.method == "get" and not case.data]
    visited = 0
    for role in _walked_roles():
        context = browser.new_context(locale="zh-CN")
        cookie = _session_cookie(world.users[role])
        context.add_cookies([{**cookie, "domain": host.split(":")[0], "path": "/"}])
        page = context.new_page()
        where = {"url": ""}
        page.on("request", lambda request: requested.append(request.url))
        page.on(
            "console",
            lambda message, where=where, role=role: (
                violations.append(f"{role} {where['url']}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on(
            "pageerror",
            lambda error, where=where, role=role: violations.append(
                f"{role} {where['url']}: {error}"
            ),
        )
        for case in cases:
            if case.status_for(role) != 200:
                continue
            url = case.url(world)
            if SKIP.search(url.split("?")[0]):
                continue
            where["url"] = url
            visited += 1
            try:
                response = page.goto(base + url, wait_until="load")
            except PlaywrightError as error:  # a download (an export, a workbook): fetch it
                if "Download is starting" not in str(error):
                    raise
                answer = context.request.get(base + url)
                requested.append(base + url)
                if answer.ok and answer.headers.get("content-type", "").startswith(XLSX):
                    texts.append((f"{role} {url}", _xlsx_text(answer.body())))
                    pages += 1
                continue
            if response is None or response.status != 200:
                continue
            pages += 1
            content_type = response.headers.get("content-type", "")
            if content_type.startswith("text/html"):
                page.wait_for_timeout(50)  # scripts run; violations are reported
                texts.append((f"{role} {url}", page.content()))
            if "export=" not in url and _lists(url):
                export = url + ("&" if "?" in url else "?") + "export=xlsx"
                answer = context.request.get(base + export)
                requested.append(base + export)
                if answer.ok and answer.headers.get("content-type", "").startswith(XLSX):
                    texts.append((f"{role} {export}", _xlsx_text(answer.body())))
        context.close()
    assert visited > 100 and pages >= 0.9 * visited, (visited, pages)
    # The walk saw people: masked numbers of the world's workers are on the pages it scanned.
    from payroll.models import Worker

    masked = {worker.id_masked for worker in Worker.objects.all() if worker.id_masked}
    assert any(m in text for m in masked for _, text in texts), "no people page was walked"
    assert not violations, "\n".join(violations[:50])

    leaks = []
    for where, text in texts:
        upper = text.upper()
        leaks += [f"page/export {where}" for number in numbers if number in upper]
    for url in requested:
        leaks += [f"URL {url}" for number in numbers if number in url.upper()]
    for record in caplog.records:
        line = record.getMessage().upper()
        leaks += [f"log {record.name}: {line[:120]}" for number in numbers if number in line]
    assert len(access_log) >= pages, "the server's access lines were not captured"
    for line in access_log:
        if any(number in line.upper() for number in numbers) or FULL_NUMBER.search(line):
            leaks.append(f"access log: {line[:160]}")
    for value in _cache_values():
        raw = value.upper() if isinstance(value, bytes) else str(value).upper().encode()
        leaks += ["cache value" for number in numbers if number.encode() in raw]
    assert not RevealLog.objects.exists()
    assert not leaks, "\n".join(sorted(set(leaks))[:50])


def test_the_scan_would_see_a_number_in_a_page():
    """The scan above can fail: a full number in a page's text is found."""
    numbers = {"11022919750301035X"}
    text = "<td>11022919750301035x</td>"
    assert any(number in text.upper() for number in numbers)


def test_the_access_log_scan_sees_full_numbers_and_spares_the_rest():
    """Any full ID or card in an access line is caught, known to the world or not; masked
    numbers, dates, ids and hashed asset names are not."""
    assert FULL_NUMBER.search('"GET /hiring/?id_number=11022919750301035x HTTP/1.1" 200 512')
    assert FULL_NUMBER.search('"GET /workers/?q=6222021234567890123 HTTP/1.1" 200 88')
    for line in (
        '"GET /workers/?q=110229********035X HTTP/1.1" 200 5120',
        '"GET /ledgers/2026-11/12345/?page=2 HTTP/1.1" 200 20480',
        '"GET /static/css/portal.3f2a9c81d0e4b6a7.css HTTP/1.1" 304 0',
    ):
        assert not FULL_NUMBER.search(line), line


def test_the_live_server_writes_its_access_lines_for_the_scan(live_server, access_log):
    """The walk's scan reads real access lines: a request to the live server leaves one, with
    its query string."""
    import time
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{live_server.url}/healthz?probe=1") as answer:
            answer.read()
    except urllib.error.HTTPError:
        pass  # an unhealthy answer is logged all the same
    deadline = time.monotonic() + 5  # the server thread logs once the response is closed
    while not any("/healthz?probe=1" in line for line in access_log):
        assert time.monotonic() < deadline, access_log
        time.sleep(0.05)
