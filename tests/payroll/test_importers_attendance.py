"""Importing a month of attendance: the daily grid and monthly totals, all or nothing."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from payroll.importers.attendance import AttendanceGridImport, AttendanceTotalsImport
from payroll.models import AttendanceDay, AttendanceMonth
from payroll.services.attendance import attendance_save_days
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.sheets import xlsx
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db
APRIL, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
HALF = Decimal("0.5")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def site(make_user, ids):
    unit = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project)
    people = [
        WorkerFactory(name="王建军", id_number=ids[0]),
        WorkerFactory(name="李秀英", id_number=ids[1]),
        WorkerFactory(name="张伟", id_number=ids[2]),
        WorkerFactory(name="张伟", id_number=ids[3]),
    ]
    for worker in people:
        LabourContractFactory(position=position, worker=worker)
    return unit, project, people


def header(last_day=31):
    return ["序号", "姓名", "身份证号", *[float(day) for day in range(1, last_day + 1)], "合计"]


def grid_row(number, name, id_number, marks: dict, total=None, last_day=31):
    return [number, name, id_number, *[marks.get(d, "") for d in range(1, last_day + 1)], total]


def run_grid(content, unit, project, month=MAY):
    spec = AttendanceGridImport(project=project, month=month)
    return run_import(spec, content, filename="考勤.xlsx", context={"user": unit})


def test_a_paper_style_grid_is_read_with_its_marks(site, ids):
    unit, project, people = site
    content = xlsx(
        [
            [f"{project.name} 2026年5月考勤表"],
            header(),
            grid_row(1, "王建军", ids[0], {4: 1, 5: "√", 6: "半", 7: 0.5, 8: "×"}, 3),
            grid_row(2, "李秀英", "", {4: 1}, "1天"),  # found by name: only one 李秀英
            ["制表人：陈红", None, None],
        ],
        merges=["A1:AH1"],
        text_columns="C",
    )
    result = run_grid(content, unit, project)
    assert result.ok, result.messages()
    days = dict(AttendanceDay.objects.filter(worker=people[0]).values_list("date", "amount"))
    assert days == {
        dt.date(2026, 5, 4): Decimal("1"),
        dt.date(2026, 5, 5): Decimal("1"),
        dt.date(2026, 5, 6): Decimal("0.5"),
        dt.date(2026, 5, 7): Decimal("0.5"),
    }
    months = dict(AttendanceMonth.objects.values_list("worker__name", "days"))
    assert months == {"王建军": Decimal("3"), "李秀英": Decimal("1")}


def test_every_refusal_names_the_row_person_date_and_reason(site, ids, elsewhere):
    unit, project, people = site
    other_unit, other = elsewhere(people[1])
    attendance_save_days(
        acting_user=other_unit,
        project=other,
        month=APRIL,
        days={people[1].pk: {dt.date(2026, 4, 8): Decimal("1")}},
    )
    stranger = WorkerFactory(name="赵六", id_number=ids[6])
    content = xlsx(
        [
            header(last_day=31),
            grid_row(1, "王建军", "", {3: 1, 31: 1}),  # April has no 31st
            grid_row(2, "李秀英", ids[1], {8: 1, 9: "x1"}),  # 8 April taken elsewhere; bad mark
            grid_row(3, "张伟", "", {1: 1}),  # two people of that name on the project
            grid_row(4, "赵六", ids[6], {1: 1}),  # not hired
            grid_row(5, "王建军", ids[0], {2: 1}),  # the same person twice
        ]
    )
    result = run_grid(content, unit, project, month=APRIL)
    assert stranger.pk
    assert result.messages() == [
        "第2行 31：2026年4月没有31日",
        "第3行 9：“x1”不是出勤标记，应为1（全天）、0.5（半天）或0",
        "第4行 姓名：本项目有2名“张伟”，请填写公民身份号码",
        "第5行：赵六 本月：2026年4月未与本项目签订劳务合同（未招用），不能登记考勤",
        "第6行 姓名：与第2行是同一人",
    ]
    assert not AttendanceDay.objects.filter(project=project).exists()


def test_a_day_taken_on_another_project_is_refused_on_its_cell(site, ids, elsewhere):
    unit, project, people = site
    other_unit, other = elsewhere(people[1])
    attendance_save_days(
        acting_user=other_unit,
        project=other,
        month=MAY,
        days={
            people[1].pk: {dt.date(2026, 5, 8): Decimal("1"), dt.date(2026, 5, 9): Decimal("0.5")}
        },
    )
    content = xlsx([header(), grid_row(1, "李秀英", ids[1], {8: 0.5, 9: 0.5})])
    result = run_grid(content, unit, project)
    assert result.messages() == [
        "第2行 8：李秀英 5月8日：当天已在YQ-2026-900登记1天出勤，同一天在各项目合计不能超过1天"
    ]
    assert result.error_workbook() is not None


def test_a_day_taken_elsewhere_while_the_file_is_read_is_still_refused(
    site, ids, elsewhere, monkeypatch
):
    """The rules run once, under the people's locks in the service (issue 12 item 2): a day
    recorded on another project after the file was read and before it is written is caught."""
    unit, project, people = site
    other_unit, other = elsewhere(people[1])
    read = AttendanceGridImport.clean_rows

    def read_then_someone_else_records(self, rows, ctx):
        read(self, rows, ctx)
        attendance_save_days(
            acting_user=other_unit,
            project=other,
            month=MAY,
            days={people[1].pk: {dt.date(2026, 5, 8): Decimal("1")}},
        )

    monkeypatch.setattr(AttendanceGridImport, "clean_rows", read_then_someone_else_records)
    result = run_grid(xlsx([header(), grid_row(1, "李秀英", ids[1], {8: 0.5})]), unit, project)
    assert result.messages() == [
        "第2行 8：李秀英 5月8日：当天已在YQ-2026-900登记1天出勤，同一天在各项目合计不能超过1天"
    ]
    assert not AttendanceDay.objects.filter(project=project).exists()


def test_a_sheet_without_day_columns_is_refused_as_a_whole(site, ids):
    unit, project, _ = site
    content = xlsx([["姓名", "公民身份号码", "出勤天数"], ["王建军", ids[0], 20]])
    result = run_grid(content, unit, project)
    assert result.messages() == [
        "未找到日期列（缺少1日、2日、3日、4日、5日等）：考勤表应有1至31日各列；"
        "只有出勤天数时请选择“按月汇总表”导入"
    ]


def test_monthly_totals(site, ids):
    unit, project, people = site
    content = xlsx(
        [
            ["姓名", "公民身份号码", "出勤天数（天）"],
            ["王建军", ids[0], "20.5天"],
            ["李秀英", "", 32],
        ]
    )
    spec = AttendanceTotalsImport(project=project, month=MAY)
    result = run_import(spec, content, filename="汇总.xlsx", context={"user": unit})
    assert result.messages() == ["第3行 出勤天数（天）：不能大于31"]
    content = xlsx([["姓名", "公民身份号码", "出勤天数"], ["王建军", ids[0], 20.5]])
    result = run_import(spec, content, filename="汇总.xlsx", context={"user": unit})
    assert result.ok, result.messages()
    month = AttendanceMonth.objects.get(worker=people[0])
    assert (month.days, month.by_day) == (Decimal("20.5"), False)


def test_only_the_projects_own_unit_imports(site, ids, make_user):
    _, project, _ = site
    outsider = make_user(Role.PROJECT_UNIT, username="outsider")
    result = run_grid(xlsx([header(), grid_row(1, "王建军", ids[0], {4: 1})]), outsider, project)
    assert result.messages() == ["您不能登记该项目的考勤"]
