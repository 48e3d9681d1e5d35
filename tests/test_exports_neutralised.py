"""Formula injection (issue 10, item 5): no text typed by a user reaches a spreadsheet as a live
formula, whichever export writes it.

The exporters are not listed here: every text field of every row in the role-by-URL matrix's
world is made to start with a formula (``=HYPERLINK(...)``), then every URL of the matrix is
requested (as a role that may open it, and again with ``?export=xlsx``), every background job
the crawl queued is run, and every import kind's template and an error workbook are built.
Whatever comes back as a spreadsheet is opened: no cell may hold a formula, and each formula-
looking text cell must carry Excel's quote prefix (so it stays text after F2+Enter).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Left
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.matrix import ROLES, all_cases, build_world

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PAYLOAD = '=HYPERLINK("http://x.invalid","点我")&'
APPS = ("core", "projects", "payroll", "training", "assessment")
#: Fields that are not free text typed by a user (credentials, keys and ciphertext).
SKIP = {"password", "username", "id_number_hash", "bank_card_hash", "session_key"}
ROOT = Path(__file__).resolve().parent.parent
#: Files for a bank's system, byte for byte in the bank's layout (issue 13, payments): not
#: neutralised here, see the final report of issue 10 item 5.
BANK_FILES = {"payroll/bankfiles/writer.py"}
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(STARTS)


def _poison() -> int:
    """Prefix every free-text field of every row with a formula; return how many fields."""
    poisoned = 0
    for config in APPS:
        for model in apps.get_app_config(config).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, (models.CharField, models.TextField)):
                    continue
                if field.choices or field.primary_key or field.name in SKIP:
                    continue
                value = Concat(Value(PAYLOAD), F(field.attname))
                if field.max_length:
                    value = Left(value, field.max_length)
                try:
                    with transaction.atomic():
                        model._base_manager.exclude(**{field.attname: ""}).update(
                            **{field.attname: value}
                        )
                        poisoned += 1
                except IntegrityError:
                    pass
    return poisoned


def _spreadsheets(response) -> list[bytes]:
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith(XLSX_CONTENT_TYPE):
        if response.streaming:
            return [b"".join(response.streaming_content)]
        return [response.content]
    if content_type.startswith("text/csv"):
        # The bank's batch file in a CSV layout (BANK_FILES): the bank's bytes, not a sheet.
        bank_file = r"/payroll/(payments|account-checks)/\d+/file/"
        assert re.fullmatch(bank_file, response.wsgi_request.path), (
            "CSV exports must be checked here too"
        )
    return []


def _problems(label: str, content: bytes) -> tuple[list[str], int]:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return [], 0  # a stored file handed back as uploaded (the matrix's placeholder bytes)
    workbook = load_workbook(io.BytesIO(content))
    wrong, seen = [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    wrong.append(f"{label} {sheet.title}!{cell.coordinate}: formula {cell.value}")
                elif formula_like(cell.value):
                    seen += 1
                    if not cell.quotePrefix:
                        wrong.append(f"{label} {sheet.title}!{cell.coordinate}: no quote prefix")
    return wrong, seen


def _role_for(case) -> str | None:
    for role in ("district_office", *ROLES):
        if case.status_for(role) == 200:
            return role
    return None


def _lists(url: str) -> bool:
    """A list page (ScopedTableView) exports its rows with ?export=xlsx."""
    from django.urls import resolve

    from yiguoji.core.views.mixins import ScopedTableView

    view = getattr(resolve(url.split("?")[0]).func, "view_class", None)
    return view is not None and issubclass(view, ScopedTableView)


def _crawl(world) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for case in all_cases():
        role = _role_for(case)
        if role is None:
            continue
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        url = case.url(world)
        data = case.data(world) if case.data else {}
        requests = [(case.method, url)]
        if case.method == "get" and "export=" not in url and _lists(url):
            requests.append(("get", url + ("&" if "?" in url else "?") + "export=xlsx"))
        for method, target in requests:
            response = getattr(client, method)(target, data)
            cache_control = response.headers.get("Cache-Control", "")
            if response.status_code == 200 and not case.public:  # issue 10 item 6
                assert "private" in cache_control and "no-store" in cache_control, target
            for content in _spreadsheets(response):
                found[f"{case.name} ({method.upper()} {target})"] = content
    return found


def _jobs() -> dict[str, bytes]:
    """The files of the background jobs the crawl queued (each handler called here; a worker
    would call the same one)."""
    from yiguoji.core.models import Job
    from yiguoji.core.models.jobs import JobStatus
    from yiguoji.core.services.jobs import JobError, _kinds

    found = {}
    for job in Job.objects.filter(status=JobStatus.QUEUED).select_related("created_by"):
        if job.kind not in _kinds:
            continue  # the world's own job rows (their kind poisoned above)
        try:
            result = _kinds[job.kind].handler(job, lambda *args: None)
        except JobError as error:
            result = error
        if result.content is not None and result.filename.endswith(".xlsx"):
            found[f"job {job.kind}"] = result.content
    return found


def _import_workbooks(user) -> dict[str, bytes]:
    """Every import kind's template, and an error workbook of a file whose cells are formulas."""
    from yiguoji.imports import uploads
    from yiguoji.imports.engine import run_import

    found = {}
    for key, kind in uploads._kinds.items():
        spec = kind.spec({})
        if not spec.columns:  # the bank reply: its columns come from a batch's bank layout
            continue
        found[f"template {key}"] = spec.template_workbook()
    spec = uploads.get("payroll.workers").spec({})
    upload = Workbook()
    sheet = upload.active
    sheet.append([column.label for column in spec.columns])
    sheet.append(["@SUM(1+1)*cmd|' /C calc'!A0"] + ["-1+2"] * (len(spec.columns) - 1))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # typed text, as a user would type it into a cell
    buffer = io.BytesIO()
    upload.save(buffer)
    result = run_import(spec, buffer.getvalue(), filename="x.xlsx", context={"user": user})
    assert not result.ok
    found["error workbook payroll.workers"] = result.error_workbook()
    return found


@pytest.fixture
def world(db):
    built = build_world()
    assert _poison() > 50
    return built


def test_no_export_writes_user_text_as_a_formula(world):
    spreadsheets = _crawl(world)
    crawled = len(spreadsheets)
    spreadsheets |= _jobs()
    spreadsheets |= _import_workbooks(world.users["district_office"])
    wrong, seen_by = [], {}
    for label, content in spreadsheets.items():
        problems, seen = _problems(label, content)
        wrong += problems
        seen_by[label] = seen
    assert not wrong, "\n".join(wrong[:40])
    # The crawl really reached the exporters, and they really wrote the poisoned text.
    assert crawled >= 15, sorted(spreadsheets)
    carrying = [label for label, seen in seen_by.items() if seen]
    assert len(carrying) >= 10, sorted(seen_by.items())


def test_workbooks_are_saved_only_through_the_neutralising_save():
    """A new exporter cannot bypass yiguoji.xlsx.save (openpyxl's own save writes formulas)."""
    pattern = re.compile(r"\.save\((buffer|io\.|stream|out|handle|path|file)")
    offenders = []
    for folder in (*APPS[1:], "yiguoji"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            name = str(path.relative_to(ROOT))
            exempt = path.name == "xlsx.py" or name in BANK_FILES
            if "openpyxl" in text and pattern.search(text) and not exempt:
                offenders.append(name)
    assert not offenders, f"save workbooks with yiguoji.xlsx.save: {offenders}"
