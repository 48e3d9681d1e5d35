"""Every import kind against its write floor and the bare baseline (issue 12 item 2), best of 3.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/imports.py [--kinds workers,attendance,
        survey,training] [--rows N] [--runs N]

For each kind, in the same run, on the same file of ``--rows`` rows (default 10,000):

* **bare**: python-calamine parses the file, ``COPY`` writes its cells as text into a temporary
  table with no index, constraint or trigger;
* **write floor**: calamine parses the same file, then the very rows the import wrote (every
  column, read back after a run and removed) are ``COPY``ed into the real tables with their
  indexes, constraints, foreign keys and audit triggers, committed;
* **import**: ``run_import(spec, ...)`` as the upload page and the background job run it (every
  cell, every rule, the service's checks under its locks), committed.

Printed: each time, the ratio import / write floor (goal at most 1.5x) and import / bare. What
each kind writes: workers -> ``payroll_worker``; attendance (the daily grid) ->
``payroll_attendanceday`` and ``payroll_attendancemonth``; survey -> ``payroll_surveyresponse``
(people already registered); training -> ``training_trainingrecord``. The ledger import has its
own script (``bench/ledger_import.py``), the bank reply its own (``bench/payments.py``).

Setup (people in the register, a project with contracts, a survey round, a training session) is
committed and removed at the end; every timed run is its own transaction and its rows are
deleted between runs (not timed).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass
from decimal import Decimal

from common import load_district_if_empty, setup_django

KINDS = ("workers", "attendance", "survey", "training")


@dataclass
class Kind:
    name: str
    data: bytes
    run: object  # () -> None: the import, committed
    written: object  # () -> list of querysets: the rows one run wrote
    reset: object  # () -> None: remove them (not timed)


def sheet(header: list[str], rows: list[list], title: str | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    page = book.create_sheet()
    if title:
        page.append([title])
    page.append(header)
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person_name(n: int) -> str:
    return "王李张刘陈杨赵"[n % 7] + ("建国", "秀英", "春生", "玉兰", "德明")[n // 7 % 5]


def run_spec(spec, data: bytes, context: dict) -> None:
    from django.db import transaction

    from yiguoji.core.audit import acting_as
    from yiguoji.imports import run_import

    with transaction.atomic(), acting_as(context.get("user"), via="bench"):
        result = run_import(spec, data, filename="bench.xlsx", context=context)
    if not result.ok:
        raise SystemExit("\n".join(result.messages()[:10]))


def bare(data: bytes) -> None:
    """Parse with calamine, COPY every cell as text into a bare temporary table."""
    import python_calamine
    from django.db import connection, transaction

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    values = grid.get_sheet_by_index(0).to_python()
    width = max(len(row) for row in values)
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f"c{n} text" for n in range(width))
        cursor.execute(f"CREATE TEMP TABLE bench_bare ({columns}) ON COMMIT DROP")
        with cursor.cursor.copy("COPY bench_bare FROM STDIN") as copy:
            for row in values:
                copy.write_row([str(v) for v in row] + [None] * (width - len(row)))


def read_back(querysets) -> list[tuple]:
    """(table, columns, rows) of what one run wrote, every concrete column but the key."""
    tables = []
    for queryset in querysets:
        model = queryset.model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        rows = [
            [v.token if hasattr(v, "token") else v for v in values]
            for values in queryset.order_by("pk").values_list(*(f.attname for f in fields))
        ]
        tables.append((model._meta.db_table, [f.column for f in fields], rows))
    return tables


def floor(data: bytes, tables) -> None:
    """Calamine parses the same file; the same rows are COPYed into the real tables."""
    import python_calamine
    from django.db import connection, transaction

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    grid.get_sheet_by_index(0).to_python()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in tables:
            names = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)


def best(runs: int, action, reset) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        reset()
    return min(times)


def measure(kind: Kind, runs: int) -> tuple[float, float, float]:
    ours = best(runs, kind.run, kind.reset)
    kind.run()
    tables = read_back(kind.written())
    kind.reset()
    low = best(runs, lambda: floor(kind.data, tables), kind.reset)
    base = best(runs, lambda: bare(kind.data), lambda: None)
    return base, low, ours


# --- The world: people, a project, a round, a session ------------------------------------------


def build(rows: int) -> dict:
    """``rows`` registered people hired on one project (contracts from the month before last),
    a survey round open today and a pre-job training session that started yesterday."""
    from django.utils import timezone

    from payroll import identity
    from payroll.importers.workers import write_workers
    from payroll.models import LabourContract, SurveyRound, Worker
    from payroll.samples import random_people
    from projects.choices import ProjectStatus
    from projects.models import Position, Project
    from training.models import TrainingSession
    from yiguoji.core.models import Organisation, User, Village
    from yiguoji.core.roles import Role
    from yiguoji.months import previous_month

    load_district_if_empty()
    leftovers(rows)
    today = timezone.localdate()
    month = previous_month(today.replace(day=1))
    village = Village.objects.select_related("township").first()
    org = Organisation.objects.create
    unit = org(name="测试导入项目单位", kind="project_unit", township=village.township)
    labour = org(name="测试导入人社局", kind="labour_bureau")
    school = org(name="测试导入培训学校", kind="school")
    users = {
        "unit": User.objects.create(username="bench-import-unit", role=Role.PROJECT_UNIT,
                                    organisation=unit, full_name="测试项目单位"),
        "labour": User.objects.create(username="bench-import-labour", role=Role.LABOUR_BUREAU,
                                      organisation=labour, full_name="测试人社局"),
        "office": User.objects.create(username="bench-import-office", role=Role.DISTRICT_OFFICE,
                                      full_name="测试发展改革委"),
    }  # fmt: skip
    project = Project.objects.create(
        code="BENCH-IMPORTS", name="导入基准测试项目", year=month.year, category="special_fund",
        sector="water", owner=unit, content_and_scale="基准测试",
        status=ProjectStatus.IN_PROGRESS,
    )  # fmt: skip
    position = Position.objects.create(
        project=project, segment="general", title="普工", headcount=rows,
        start_date=previous_month(month), end_date=today + dt.timedelta(days=200),
        daily_wage=Decimal("200"),
    )  # fmt: skip
    people = list(random_people(rows, seed=808, area="110119"))
    register = [
        {"name": person_name(n), "id_number": number,
         "id_index": identity.id_index(number), "bank_card": card,
         "bank_card_index": identity.card_index(card), "township_id": village.township_id,
         "village_id": village.pk}
        for n, (number, card, _birth, _male) in enumerate(people)
    ]  # fmt: skip
    write_workers(register, None)
    ids = dict(
        Worker.objects.filter(id_index__in=[r["id_index"] for r in register]).values_list(
            "id_index", "pk"
        )
    )
    LabourContract.objects.bulk_create(
        LabourContract(worker_id=ids[r["id_index"]], project=project, position=position,
                       employer=unit, daily_wage=Decimal("200"), starts_on=position.start_date,
                       ends_on=position.end_date)
        for r in register
    )  # fmt: skip
    survey_round = SurveyRound.objects.create(
        name="导入基准测试摸底调查", year=today.year, starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    session = TrainingSession.objects.create(
        title="导入基准测试岗前培训", kind="pre_job", mode="school", organiser_kind="school",
        organiser=school, township=village.township, starts_on=today - dt.timedelta(days=1),
        ends_on=today - dt.timedelta(days=1), hours=Decimal("16.0"), place="培训学校",
        trainer="王建华", content="施工安全",
    )  # fmt: skip
    return {"register": register, "village": village, "month": month, "project": project,
            "users": users, "round": survey_round, "session": session, "unit": unit,
            "labour": labour, "school": school}  # fmt: skip


def kinds(world: dict, rows: int) -> dict[str, object]:
    """The four kinds as functions building a :class:`Kind` (so a failing one stays alone)."""
    register, village = world["register"], world["village"]

    def workers() -> Kind:
        from payroll.importers.workers import WorkerImport
        from payroll.models import Worker
        from payroll.samples import random_people

        header = ["序号", "姓名", "公民身份号码", "联系电话", "银行卡号", "开户银行",
                  "乡镇（街道）", "村", "优先群体", "技能"]  # fmt: skip
        new = list(random_people(rows, seed=909, area="110119"))
        data = sheet(
            header,
            [[n, person_name(n + 3), number, f"139{n:08d}", card, "北京农商银行",
              village.township.name, village.name, "脱贫人口" if n % 3 == 0 else "", "砌石"]
             for n, (number, card, _b, _m) in enumerate(new, start=1)],
            title="务工人员登记表",
        )  # fmt: skip
        mark = Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

        def written():
            return [Worker.objects.filter(pk__gt=mark)]

        def reset():
            Worker.objects.filter(pk__gt=mark)._raw_delete("default")

        return Kind("workers", data, lambda: run_spec(WorkerImport(), data, {"user": None}),
                    written, reset)  # fmt: skip

    def attendance() -> Kind:
        from payroll.importers.attendance import AttendanceGridImport
        from payroll.models import AttendanceDay, AttendanceMonth
        from yiguoji.months import days_in_month

        month, project = world["month"], world["project"]
        length = days_in_month(month)
        weekdays = [d for d in range(1, length + 1) if month.replace(day=d).weekday() < 5]
        header = ["序号", "姓名", "公民身份号码", *(str(d) for d in range(1, 32)), "合计"]
        data = sheet(
            header,
            [[n, r["name"], r["id_number"],
              *(1 if d in weekdays else None for d in range(1, 32)), len(weekdays)]
             for n, r in enumerate(register, start=1)],
            title="考勤表",
        )  # fmt: skip

        def written():
            return [
                AttendanceDay.objects.filter(project=project),
                AttendanceMonth.objects.filter(project=project),
            ]

        def reset():
            AttendanceDay.objects.filter(project=project)._raw_delete("default")
            AttendanceMonth.objects.filter(project=project)._raw_delete("default")

        spec = lambda: AttendanceGridImport(project=project, month=month)  # noqa: E731
        return Kind("attendance", data,
                    lambda: run_spec(spec(), data, {"user": world["users"]["unit"]}),
                    written, reset)  # fmt: skip

    def survey() -> Kind:
        from payroll.importers.surveys import SurveyImport
        from payroll.models import SurveyResponse

        header = ["序号", "姓名", "公民身份号码", "联系电话", "乡镇（街道）", "村", "优先群体",
                  "是否有务工意愿", "可务工月份", "技能", "技能等级", "意向工种", "调查日期",
                  "备注"]  # fmt: skip
        data = sheet(
            header,
            [[n, r["name"], r["id_number"], f"138{n:08d}", village.township.name, village.name,
              "", "是" if n % 4 else "否", "3-10月", "砌石、钢筋", "", "普工", None, ""]
             for n, r in enumerate(register, start=1)],
            title="劳动力就业意愿和技能摸底调查登记表",
        )  # fmt: skip
        survey_round = world["round"]

        def written():
            return [SurveyResponse.objects.filter(round=survey_round)]

        def reset():
            SurveyResponse.objects.filter(round=survey_round)._raw_delete("default")

        return Kind("survey", data,
                    lambda: run_spec(SurveyImport(survey_round=survey_round), data,
                                     {"user": world["users"]["office"]}),
                    written, reset)  # fmt: skip

    def training() -> Kind:
        from training.importers.ledger import LedgerImport
        from training.models import TrainingRecord

        session = world["session"]
        header = ["序号", "姓名", "身份证号", "所在乡镇/村", "培训学时", "考核结果", "证书编号",
                  "签字"]  # fmt: skip
        data = sheet(
            header,
            [[n, r["name"], r["id_number"], village.name, 16, "合格", "", ""]
             for n, r in enumerate(register, start=1)],
        )  # fmt: skip

        def written():
            return [TrainingRecord.objects.filter(session=session)]

        def reset():
            TrainingRecord.objects.filter(session=session)._raw_delete("default")

        return Kind("training", data,
                    lambda: run_spec(LedgerImport(), data,
                                     {"user": world["users"]["labour"], "session": session.pk}),
                    written, reset)  # fmt: skip

    return {"workers": workers, "attendance": attendance, "survey": survey, "training": training}


def leftovers(rows: int) -> None:
    """Remove what an interrupted run left behind (found by its names)."""
    from payroll import identity
    from payroll.models import SurveyRound
    from payroll.samples import random_people
    from projects.models import Project
    from training.models import TrainingSession
    from yiguoji.core.models import Organisation

    project = Project.objects.filter(code="BENCH-IMPORTS").first()
    if project is None:
        return
    teardown({
        "project": project,
        "register": [{"id_index": identity.id_index(number)}
                     for number, *_ in random_people(rows, seed=808, area="110119")],
        "session": TrainingSession.objects.get(title="导入基准测试岗前培训"),
        "round": SurveyRound.objects.get(name="导入基准测试摸底调查"),
        **{key: Organisation.objects.get(name=name) for key, name in (
            ("unit", "测试导入项目单位"), ("labour", "测试导入人社局"),
            ("school", "测试导入培训学校"))},
    })  # fmt: skip


def teardown(world: dict) -> None:
    from django.db import transaction

    from payroll.models import (
        AttendanceDay,
        AttendanceMonth,
        LabourContract,
        SurveyResponse,
        SurveyRound,
        Worker,
    )
    from training.models import TrainingRecord, TrainingSession
    from yiguoji.core.models import Organisation, User

    project = world["project"]
    with transaction.atomic():
        indexes = [r["id_index"] for r in world["register"]]
        TrainingRecord.objects.filter(session=world["session"])._raw_delete("default")
        TrainingSession.objects.filter(pk=world["session"].pk)._raw_delete("default")
        SurveyResponse.objects.filter(round=world["round"])._raw_delete("default")
        SurveyRound.objects.filter(pk=world["round"].pk)._raw_delete("default")
        AttendanceDay.objects.filter(project=project)._raw_delete("default")
        AttendanceMonth.objects.filter(project=project)._raw_delete("default")
        LabourContract.objects.filter(project=project)._raw_delete("default")
        project.positions.all()._raw_delete("default")
        type(project).objects.filter(pk=project.pk)._raw_delete("default")
        Worker.objects.filter(id_index__in=indexes)._raw_delete("default")
        User.objects.filter(username__startswith="bench-import-")._raw_delete("default")
        Organisation.objects.filter(
            pk__in=[world["unit"].pk, world["labour"].pk, world["school"].pk]
        )._raw_delete("default")


def main() -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import transaction

    with transaction.atomic():
        world = build(args.rows)
    lines = [
        f"imports, {args.rows:,} rows each, best of {args.runs}, each committed "
        f"(load average {os.getloadavg()[0]:.1f}):",
        f"  {'kind':<11} {'bare':>8} {'floor':>8} {'import':>8}   to floor   to bare",
    ]
    try:
        builders = kinds(world, args.rows)
        for name in args.kinds.split(","):
            kind = builders[name]()
            base, low, ours = measure(kind, args.runs)
            lines.append(
                f"  {name:<11} {base * 1000:6.0f} ms {low * 1000:6.0f} ms {ours * 1000:6.0f} ms"
                f"   {ours / low:6.2f}x  {ours / base:6.2f}x"
            )
            print(lines[-1], flush=True)
    finally:
        teardown(world)
    lines.append(f"  (load average after: {os.getloadavg()[0]:.1f})")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
