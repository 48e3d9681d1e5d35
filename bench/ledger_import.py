"""Importing a 10,000-line wage ledger end to end, against two baselines measured in the same run.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/ledger_import.py [--rows N] [--runs N]

Setup (not timed, inside a transaction rolled back at the end): 10,000 workers in the register
(encrypted ID and card, written like the register import does), each hired on one project with
a labour contract and a month of attendance; a .xlsx ledger of that month with one line each.

* Baseline (a): python-calamine parses the .xlsx, PostgreSQL COPY writes the same eight columns
  as text into a temporary table with no index, constraint or trigger.
* Measured: ``run_import(WageLedgerImport(project, month), ...)``, exactly what the upload page
  and ``manage.py import_wage_ledger`` run: header location and mapping, every cell parsed
  (GB 11643 check digit, Luhn, money to the fen, dates), repeats in the file, people found by
  blind index in one query, then every rule of ``payroll.services.ledger_checks`` (hired on the
  project, days within attendance and month, payable = days x rate, arrears, late, deductions,
  own card, machinery, cross-project days and dates) in a fixed number of queries, and again
  under the ledger's lock in the service, which writes the lines with one COPY (the audit
  trigger firing once per statement) and the totals.
* Baseline (b): django-import-export 4 with a ``ModelResource`` for ``WageLine`` given its fast
  path: ``use_bulk=True`` (``bulk_create`` in batches of 1,000), ``force_init_instance`` (no
  lookup of existing rows), ``skip_diff``, no ``full_clean``; the worker found by the same blind
  index through a dictionary built with one query, the card columns copied from the register
  the same way. It reads the file with tablib (openpyxl) and checks that each cell converts
  (Decimal, date, a known ID number); it checks none of the ledger's rules.

* Write floor (issue 12 item 2): calamine parses the same file, then the very rows the import
  wrote (every column, encrypted card included, prepared beforehand) are COPYed into
  ``payroll_wageline`` with its indexes, constraints, foreign keys and audit trigger, committed.

Setup is committed and removed at the end; every timed run is its own committed transaction
and the ledger it wrote is deleted between runs (not timed). Best of ``--runs``. Prints the
ratio to the write floor and to the bare baseline (a); (b) only with ``--import-export``.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from common import load_district_if_empty, setup_django

HEADER = ["序号", "姓名", "公民身份号码", "出勤天数", "日劳务报酬标准（元）", "应发金额（元）",
          "实发金额（元）", "发放日期", "银行卡号"]  # fmt: skip
RATE, DAYS = Decimal("200.00"), Decimal("22")


def months():
    """The ledger's month (two months ago, so that its pay date has passed) and its pay date."""
    from django.utils import timezone

    from yiguoji.months import previous_month

    month = previous_month(previous_month(timezone.localdate().replace(day=1)))
    pay_date = (month + dt.timedelta(days=40)).replace(day=10)
    return month, pay_date


def build_world(rows: int):
    """A project, ``rows`` people hired on it with a month of attendance; the ledger sheet."""
    import openpyxl

    from payroll import identity
    from payroll.importers.workers import write_workers
    from payroll.models import AttendanceMonth, LabourContract, Worker
    from payroll.samples import random_people
    from projects.choices import ProjectStatus
    from projects.models import Position, Project
    from yiguoji.core.models import Organisation, Village

    month, pay_date = months()
    village = Village.objects.select_related("township").first()
    owner, _ = Organisation.objects.get_or_create(
        name="测试台账项目单位", defaults={"kind": "project_unit"}
    )
    project = Project.objects.create(
        code="BENCH-LEDGER",
        name="台账导入基准测试项目",
        year=month.year,
        category="special_fund",
        sector="water",
        owner=owner,
        content_and_scale="基准测试",
        status=ProjectStatus.IN_PROGRESS,
    )
    position = Position.objects.create(
        project=project,
        segment="general",
        title="普工",
        headcount=rows,
        start_date=month.replace(day=1),
        end_date=month + dt.timedelta(days=200),
        daily_wage=RATE,
    )
    rng = random.Random(11)
    people = list(random_people(rows, seed=505, area="110119"))
    register = [
        {
            "name": rng.choice("王李张刘陈杨赵") + rng.choice(("建国", "秀英", "春生", "玉兰")),
            "id_number": number,
            "id_index": identity.id_index(number),
            "bank_card": card,
            "bank_card_index": identity.card_index(card),
            "township_id": village.township_id,
            "village_id": village.pk,
        }
        for number, card, _birth, _male in people
    ]
    write_workers(register, None)
    indexes = [r["id_index"] for r in register]
    workers = {
        bytes(index): pk
        for index, pk in Worker.objects.filter(id_index__in=indexes).values_list("id_index", "pk")
    }
    ids = [workers[r["id_index"]] for r in register]
    LabourContract.objects.bulk_create(
        LabourContract(
            worker_id=pk,
            project=project,
            position=position,
            employer=owner,
            daily_wage=RATE,
            starts_on=position.start_date,
            ends_on=position.end_date,
        )
        for pk in ids
    )
    AttendanceMonth.objects.bulk_create(
        AttendanceMonth(project=project, worker_id=pk, month=month, days=DAYS, by_day=False)
        for pk in ids
    )
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    payable = RATE * DAYS
    for n, person in enumerate(register, start=1):
        sheet.append([n, person["name"], person["id_number"], 22, 200, float(payable),
                      float(payable), pay_date, person["bank_card"]])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return project, month, buffer.getvalue()


def baseline(data: bytes) -> None:
    """Parse the same file with calamine, then COPY the same values as text into a bare table."""
    import python_calamine
    from django.db import connection

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    values = grid.get_sheet_by_index(0).to_python()[1:]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_ledger (seq text, name text, id_number text, days text, "
            "rate text, payable text, paid text, pay_date text, card text) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY bench_ledger FROM STDIN") as copy:
            for row in values:
                copy.write_row([str(v) for v in row])


def measured(project, month, data: bytes) -> None:
    from payroll.importers.ledger import WageLedgerImport
    from yiguoji.core.audit import acting_as
    from yiguoji.imports import run_import

    with acting_as(None, via="bench"):
        result = run_import(
            WageLedgerImport(project=project, month=month),
            data,
            filename="ledger.xlsx",
            context={"user": None},
        )
    if not result.ok:
        raise SystemExit("\n".join(result.messages()[:10]))


def import_export_resource(ledger):
    """A django-import-export resource for WageLine on its fast path (see the docstring)."""
    from import_export import fields, resources, widgets

    from payroll import identity
    from payroll.models import WageLine, Worker

    class IdNumberWidget(widgets.Widget):
        def __init__(self, resource):
            super().__init__()
            self.resource = resource

        def clean(self, value, row=None, **kwargs):
            worker_id = self.resource.workers.get(identity.id_index(str(value)))
            if worker_id is None:
                raise ValueError("该人员不在务工人员名册中")
            return worker_id

    class WageLineResource(resources.ModelResource):
        days = fields.Field("days", "出勤天数", widgets.DecimalWidget())
        daily_rate = fields.Field("daily_rate", "日劳务报酬标准（元）", widgets.DecimalWidget())
        payable = fields.Field("payable", "应发金额（元）", widgets.DecimalWidget())
        paid = fields.Field("paid", "实发金额（元）", widgets.DecimalWidget())
        pay_date = fields.Field("pay_date", "发放日期", widgets.DateWidget())

        class Meta:
            model = WageLine
            fields = ("worker", "days", "daily_rate", "payable", "paid", "pay_date")
            import_id_fields = ()
            use_bulk = True
            batch_size = 1000
            force_init_instance = True
            skip_diff = True
            skip_unchanged = False
            clean_model_instances = False
            use_transactions = True

        def __init__(self):
            super().__init__()
            self.fields["worker"] = fields.Field("worker_id", "公民身份号码", IdNumberWidget(self))
            self.seq = 0

        def before_import(self, dataset, **kwargs):
            indexes = [identity.id_index(str(v)) for v in dataset["公民身份号码"]]
            rows = Worker.objects.filter(id_index__in=indexes).values_list(
                "id_index", "pk", "bank_card_encrypted", "bank_card_index", "bank_card_masked"
            )
            self.workers, self.cards = {}, {}
            for index, pk, token, card_index, masked in rows:
                self.workers[bytes(index)] = pk
                self.cards[pk] = (token, card_index, masked)

        def after_init_instance(self, instance, new, row, **kwargs):
            self.seq += 1
            instance.ledger_id, instance.seq = ledger.pk, self.seq

        def before_save_instance(self, instance, row, **kwargs):
            token, card_index, masked = self.cards[instance.worker_id]
            instance.card_encrypted, instance.card_index = token, card_index
            instance.card_masked = masked

    return WageLineResource()


def with_import_export(project, month, data: bytes) -> None:
    import tablib

    from payroll.services.ledgers import _new_ledger  # the same draft row the import would make

    ledger = _new_ledger(None, project, month)
    dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
    result = import_export_resource(ledger).import_data(dataset, raise_errors=True)
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export reported errors")


def line_rows(project):
    """The columns and rows of the lines the import wrote, as the write floor COPYs them."""
    from payroll.models import WageLine

    names = [f.column for f in WageLine._meta.concrete_fields if not f.primary_key]
    fields = [f.attname for f in WageLine._meta.concrete_fields if not f.primary_key]
    rows = []
    for values in (
        WageLine.objects.filter(ledger__project=project).order_by("seq").values_list(*fields)
    ):
        rows.append([v.token if hasattr(v, "token") else v for v in values])
    return names, rows


def write_floor(data: bytes, names, rows) -> None:
    """The unavoidable part: calamine parses the same file, then the same line rows are COPYed
    into payroll_wageline (its indexes, constraints, foreign keys and audit trigger), committed."""
    import python_calamine
    from django.db import connection, transaction

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    grid.get_sheet_by_index(0).to_python()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f'"{name}"' for name in names)
        with cursor.cursor.copy(f"COPY payroll_wageline ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def bare(data: bytes) -> None:
    from django.db import transaction

    with transaction.atomic():
        baseline(data)


def drop_ledgers(project) -> None:
    from django.db import transaction

    from payroll.models import WageLedger, WageLedgerStep, WageLine

    with transaction.atomic():  # raw deletes: no per-row signals (scope's grant clean-up)
        WageLine.objects.filter(ledger__project=project)._raw_delete("default")
        WageLedgerStep.objects.filter(ledger__project=project)._raw_delete("default")
        WageLedger.objects.filter(project=project).delete()


def best(runs: int, action, reset) -> float:
    import time

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        reset()
    return min(times)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--import-export", action="store_true", help="also time django-import-export (slow)"
    )
    args = parser.parse_args()
    rows, runs = args.rows, args.runs
    setup_django()
    from django.db import transaction

    from payroll.models import AttendanceMonth, LabourContract, WageLedger, WageLine, Worker

    with transaction.atomic():
        load_district_if_empty()
        project, month, data = build_world(rows)
    try:
        ours = best(runs, lambda: measured(project, month, data), lambda: drop_ledgers(project))
        measured(project, month, data)
        names, prepared = line_rows(project)
        ledger = WageLedger.objects.get(project=project)
        WageLine.objects.filter(ledger=ledger)._raw_delete("default")  # the floor writes them
        floor = best(
            runs,
            lambda: write_floor(data, names, prepared),
            lambda: WageLine.objects.filter(ledger=ledger)._raw_delete("default"),
        )
        base = best(runs, lambda: bare(data), lambda: None)
        theirs = None
        if args.import_export:
            drop_ledgers(project)

            def import_export():
                with transaction.atomic():
                    with_import_export(project, month, data)

            theirs = best(runs, import_export, lambda: drop_ledgers(project))
    finally:
        drop_ledgers(project)
        with transaction.atomic():
            workers = list(
                LabourContract.objects.filter(project=project).values_list("worker_id", flat=True)
            )
            AttendanceMonth.objects.filter(project=project)._raw_delete("default")
            LabourContract.objects.filter(project=project)._raw_delete("default")
            project.positions.all().delete()
            project.delete()
            Worker.objects.filter(pk__in=workers)._raw_delete("default")
    lines = [
        f"import_wage_ledger, {rows:,} lines ({len(data) / 1024:.0f} KB .xlsx), best of {runs},"
        " each committed:",
        f"  bare: calamine parse + COPY as text into a temp table   {base * 1000:7.0f} ms",
        f"  write floor: calamine + COPY into payroll_wageline      {floor * 1000:7.0f} ms",
        f"  import with every check                                 {ours * 1000:7.0f} ms"
        f" ({rows / ours:,.0f} lines/s)",
    ]
    if theirs:
        lines.append(
            f"  django-import-export (use_bulk)                        {theirs * 1000:7.0f} ms"
        )
    lines.append(
        f"  ratio to the write floor {ours / floor:.2f}x, to the bare baseline {ours / base:.2f}x"
        + (f", to django-import-export {ours / theirs:.2f}x" if theirs else "")
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
