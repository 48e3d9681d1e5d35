"""seed_demo run again after users have imported workers of their own succeeds and changes
nothing of theirs (issue 11, "Done means"): no survey answer, contract, attendance or training
record is added for a person the demo did not register."""

from io import StringIO

import pytest
from django.core.management import call_command

from payroll import samples
from payroll.importers.workers import WorkerImport
from payroll.models import AttendanceMonth, LabourContract, SurveyResponse, Worker
from tests.payroll.sheets import xlsx
from training.models import TrainingRecord
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db

STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉"
HEAD = ["姓名", "身份证号码", "开户行", "银行卡号", "乡镇", "村", "技能特长"]


def _name(n: int) -> str:
    return "自录" + STEMS[n % 10] + BRANCHES[n // 10]


def _their_rows(worker_ids):
    return (
        SurveyResponse.objects.filter(worker_id__in=worker_ids).count(),
        LabourContract.objects.filter(worker_id__in=worker_ids).count(),
        AttendanceMonth.objects.filter(worker_id__in=worker_ids).count(),
        TrainingRecord.objects.filter(worker_id__in=worker_ids).count(),
    )


def test_a_second_seed_after_an_import_succeeds_and_leaves_their_workers_alone():
    call_command("seed_demo", stdout=StringIO())
    people = list(samples.random_people(40, seed=777))
    rows = [
        [
            "自录" + STEMS[n % 10] + BRANCHES[n // 10],
            number,
            "北京农商银行",
            card,
            "八达岭镇",
            "岔道村",
            "普工、砌石",
        ]
        for n, (number, card, _birth, _male) in enumerate(people)
    ]
    result = run_import(
        WorkerImport(), xlsx([HEAD, *rows], text_columns="BD"), filename="名册.xlsx",
        context={"user": None},
    )  # fmt: skip
    assert result.ok, result.messages()
    theirs = list(Worker.objects.filter(name__startswith="自录").values_list("pk", flat=True))
    assert len(theirs) == 40
    before = _their_rows(theirs)

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert "演示数据已载入" in out.getvalue()
    assert _their_rows(theirs) == before == (0, 0, 0, 0)
