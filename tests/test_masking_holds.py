"""Masking is not undone by what sits beside it (issue 10, item 1).

Every role opens every people page and export of the role-by-URL matrix (payroll and training
pages, each list again with ``?export=xlsx``), and we try to rebuild each worker's 18 digits from
what that role was shown: every masked number seen, with its hidden middle filled from every date
seen in the same response (the birth date is the ID's digits 7-14), and every 18-character run
of digits. No role may end up with a full number it was not given through an audited reveal
(no GET reveals: RevealLog stays empty).
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from payroll.models import Worker
from tests.matrix import ROLES, all_cases, build_world
from yiguoji.core.models import RevealLog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MASKED = re.compile(r"\b(\d{6})(\*{8})(\d{3}[\dXx])\b")
DATES = (
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"\b(19\d{2}|20\d{2})(\d{2})(\d{2})\b"),
)
FULL = re.compile(r"\d{17}[\dXx]")


def _text(response) -> str:
    content_type = response.headers.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith(XLSX) and zipfile.is_zipfile(io.BytesIO(body)):
        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            " ".join("" if cell.value is None else str(cell.value) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
        )
    if content_type.startswith(("text/", "application/json")):
        return body.decode(errors="replace")
    return ""


def rebuilt(text: str) -> set[str]:
    """Every full number a reader of ``text`` could write down."""
    dates = {
        f"{int(y):04d}{int(m):02d}{int(d):02d}"
        for pattern in DATES
        for y, m, d in pattern.findall(text)
    }
    numbers = {match.upper() for match in FULL.findall(text)}
    for head, _, tail in MASKED.findall(text):
        numbers |= {f"{head}{date}{tail}".upper() for date in dates}
    return numbers


def _lists(url: str) -> bool:
    from django.urls import resolve

    from yiguoji.core.views.mixins import ScopedTableView

    view = getattr(resolve(url.split("?")[0]).func, "view_class", None)
    return view is not None and issubclass(view, ScopedTableView)


def _people_cases():
    return [
        case
        for case in all_cases()
        if case.method == "get" and case.name.split()[0].rstrip(":") in ("payroll", "training")
    ]


@pytest.fixture
def world(db):
    return build_world()


def test_no_role_rebuilds_an_id_number_from_what_it_sees(world):
    real = {w.id_number_encrypted.reveal().upper(): w.name for w in Worker.objects.all()}
    cases = _people_cases()
    assert len(cases) > 30
    leaks, pages = [], 0
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        for case in cases:
            if case.status_for(role) != 200:
                continue
            url = case.url(world)
            targets = [url]
            if "export=" not in url and _lists(url):
                targets.append(url + ("&" if "?" in url else "?") + "export=xlsx")
            for target in targets:
                response = client.get(target)
                if response.status_code != 200:
                    continue
                pages += 1
                for number in rebuilt(_text(response)) & set(real):
                    leaks.append(f"{role} {target}: {real[number]}'s number")
    assert not RevealLog.objects.exists()
    assert pages > 100
    assert not leaks, "\n".join(sorted(set(leaks)))


def test_the_rebuilder_finds_a_number_from_a_masked_id_and_a_birth_date():
    """The check above can fail: a masked ID beside its birth date is rebuilt."""
    text = "公民身份号码 110229********035X 出生日期 1975年3月1日"
    assert "11022919750301035X" in rebuilt(text)
