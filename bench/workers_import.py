"""Importing 10,000 workers: the real import against a bare baseline, in the same run.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/workers_import.py [--rows N] [--runs N]

Baseline: read the same .xlsx with python-calamine and COPY the same ten columns, as plain
text, into a temporary table with no index, constraint or trigger.
Measured: ``run_import(WorkerImport(), ...)`` as the upload page and ``manage.py import_workers``
run it: header location and mapping, every cell checked (GB 11643 check digit, Luhn, phone,
groups, village lookup), repeats within the file, one query each against the register for known
IDs and bank cards, then AES-GCM encryption and HMAC blind indexes in bulk and one COPY into
``payroll_worker``, whose unique index and pghistory audit trigger fire for every row.

Everything runs inside one transaction that is rolled back: the database is left as it was.
Prints the ratio measured / baseline.
"""

from __future__ import annotations

import io
import random

from common import best_of, load_district_if_empty, rows_and_runs, setup_django

HEADER = ["序号", "姓名", "公民身份号码", "联系电话", "银行卡号", "开户银行", "乡镇（街道）",
          "村", "优先群体", "技能"]  # fmt: skip
GROUPS = ("", "", "", "脱贫人口", "防止返贫监测对象", "脱贫人口、增收能力有限", "易地扶贫搬迁")
SKILLS = ("", "砌石", "土方、混凝土", "钢筋", "木工", "绿化养护")


def build_sheet(rows: int, places: list[tuple[str, str]]) -> bytes:
    """A register of ``rows`` distinct people with valid numbers, as Excel would save it."""
    import openpyxl

    from payroll.samples import random_people

    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["2026年延庆区以工代赈务工人员登记表"])
    sheet.append(HEADER)
    # Area code 110119 (延庆区 since 2015): no clash with demo people, who carry 110229.
    people = random_people(rows, seed=99, area="110119")
    for n, (number, card, _birth, _male) in enumerate(people, start=1):
        township, village = places[n % len(places)]
        name = rng.choice("王李张刘陈杨赵") + rng.choice(("建国", "秀英", "春生", "玉兰"))
        sheet.append([n, name, number, f"139{n:08d}", card, "北京农商银行", township, village,
                      rng.choice(GROUPS), rng.choice(SKILLS)])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def baseline(data: bytes) -> None:
    """Parse the same file, then COPY the same values as text into a bare temporary table."""
    import python_calamine
    from django.db import connection

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    values = grid.get_sheet_by_index(0).to_python()[2:]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_workers (seq text, name text, id_number text, phone text, "
            "bank_card text, bank text, township text, village text, groups text, skills text) "
            "ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY bench_workers FROM STDIN") as copy:
            for row in values:
                copy.write_row([str(v) for v in row])


def measured(data: bytes) -> None:
    from payroll.importers.workers import WorkerImport
    from yiguoji.core.audit import acting_as
    from yiguoji.imports import run_import

    with acting_as(None, via="bench"):
        result = run_import(WorkerImport(), data, filename="register.xlsx", context={"user": None})
    if not result.ok:
        raise SystemExit("\n".join(result.messages()[:10]))


def main() -> None:
    rows, runs = rows_and_runs()
    setup_django()
    from django.db import transaction

    from payroll.models import Worker
    from yiguoji.core.models import Village

    with transaction.atomic():
        load_district_if_empty()
        places = list(Village.objects.values_list("township__name", "name"))
        data = build_sheet(rows, places)
        before = Worker.objects.count()
        base = best_of(runs, lambda: baseline(data))
        full = best_of(runs, lambda: measured(data))
        assert Worker.objects.count() == before
        transaction.set_rollback(True)
    print(
        f"import_workers, {rows:,} rows ({len(data) / 1024:.0f} KB .xlsx), best of "
        f"{runs}: baseline (calamine parse + COPY as text) {base * 1000:.0f} ms; "
        f"import {full * 1000:.0f} ms ({rows / full:,.0f} rows/s); "
        f"ratio {full / base:.1f}x"
    )


if __name__ == "__main__":
    main()
