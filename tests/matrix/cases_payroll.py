"""The payroll pages in the role-by-URL matrix.

World: project A (township A, village A, water sector, owned by the matrix's project unit, built
by its contractor) with a position and a worker of township A hired on it, attendance for May;
project B (township B, forestry, owned by B's project unit) with a worker of township B. A survey
round with an answer from each township. Leaders see no lists of people (403 everywhere); the
district office, labour bureau, finance and auditor see both sides; everyone else sees A only
(404 for B).

Wage ledgers: project A (whose department is the matrix's department) has a draft ledger for
May, project B (another department's) a submitted one. A project unit can never reach another
unit's ledger: its page, lines, PDF, Excel export, scan, upload and steps are 404 for it.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from payroll.models import AttendanceMonth, WageLedger, WageLine, WageSuspicion
from projects.choices import ProjectStatus
from tests.matrix import ROLES, Case, everyone, only
from tests.payroll.factories import (
    LabourContractFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
    WorkerFactory,
)
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.choices import Sector

NOT_LEADER = tuple(role for role in ROLES if role != "leader")
ALL_SIDES = ("district_office", "labour_bureau", "finance", "auditor")
SURVEYS = ("district_office", "labour_bureau", "township", "auditor")
HIRERS = ("project_unit", "contractor")
REGISTRARS = ("labour_bureau", "township", "project_unit", "contractor")
PDF = b"%PDF-1.4\n% matrix contract scan\n"


def _side(world, side, township, village, owner, sector, contractor=None):
    project = ProjectFactory(
        code=f"PR-2026-{side.upper()}",
        name=f"务工矩阵项目{side.upper()}",
        owner=owner,
        contractor=contractor,
        sector=sector,
        townships=[township],
        status=ProjectStatus.IN_PROGRESS,
    )
    project.villages.set([village])
    position = PositionFactory(project=project, title="普工")
    worker = WorkerFactory(name=f"务工矩阵{side}", township=township, village=village)
    contract = LabourContractFactory(
        position=position,
        worker=worker,
        scan=f"payroll/contracts/matrix-{side}.pdf",
        scan_name="合同.pdf",
        signed_on=dt.date(2026, 3, 30),
    )
    AttendanceMonth.objects.create(
        project=project, worker=worker, month=dt.date(2026, 5, 1), days=Decimal("20")
    )
    for name, value in (("project", project), ("position", position), ("worker", worker),
                        ("contract", contract)):  # fmt: skip
        setattr(world, f"pr_{name}_{side}", value)


def build(world) -> None:
    orgs = world.orgs
    _side(world, "a", world.township_a, world.village_a, orgs["project_unit"], Sector.WATER,
          orgs["contractor"])  # fmt: skip
    _side(world, "b", world.township_b, world.village_b, orgs["project_unit_b"], Sector.FORESTRY)
    world.pr_round = SurveyRoundFactory(name="务工矩阵摸底调查")
    for side in ("a", "b"):
        worker = getattr(world, f"pr_worker_{side}")
        SurveyResponseFactory(round=world.pr_round, worker=worker)
    _ledgers(world)


def _ledgers(world) -> None:
    """May's ledgers: A a draft (its department is the matrix's), B submitted (another's)."""
    for side, department, status in (("a", "department", "draft"),
                                     ("b", "other_department", "submitted")):  # fmt: skip
        project = getattr(world, f"pr_project_{side}")
        project.department = world.orgs[department]
        project.save()
        worker = getattr(world, f"pr_worker_{side}")
        ledger = WageLedger.objects.create(
            project=project,
            month=dt.date(2026, 5, 1),
            pay_deadline=dt.date(2026, 6, 15),
            status=status,
            workers=1,
        )
        line = WageLine.objects.create(
            ledger=ledger,
            seq=1,
            worker=worker,
            days=Decimal("20"),
            daily_rate=Decimal("200"),
            payable=Decimal("4000"),
            paid=Decimal("3000"),
            pay_date=dt.date(2026, 6, 10),
        )
        setattr(world, f"pr_ledger_{side}", ledger)
        setattr(world, f"pr_line_{side}", line)
    world.pr_suspicion = WageSuspicion.objects.create(
        worker=world.pr_worker_b,
        month=dt.date(2026, 5, 1),
        kind="days",
        detail="矩阵测试疑点",
        total_days=Decimal("40"),
    )


def url(name, *args, query=""):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args]) + query


def scan_of(world):
    """The contract's pk, after putting its scan where this test's MEDIA_ROOT points."""
    name = world.pr_contract_a.scan.name
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF))
    return world.pr_contract_a.pk


def a_side(status=200, *roles):
    """Everyone but leaders sees side A (``roles`` narrows it)."""
    return {**only(*(roles or NOT_LEADER), status=status)}


def b_side(*roles):
    """District-wide roles see side B; the others of ``roles`` get 404."""
    roles = roles or NOT_LEADER
    return {**only(*roles, status=404), **only(*(r for r in ALL_SIDES if r in roles))}


A, B = "a", "b"


def pk(kind, side):
    return lambda w: getattr(w, f"pr_{kind}_{side}").pk


MAY = "2026-05"

CASES = [
    # The register
    Case("payroll workers", url("payroll:workers"), a_side()),
    Case("payroll workers export", url("payroll:workers", query="?export=xlsx"), a_side()),
    Case("payroll worker of A", url("payroll:worker_detail", pk("worker", A)), a_side()),
    Case("payroll worker of B", url("payroll:worker_detail", pk("worker", B)), b_side()),
    Case("payroll worker register", url("payroll:worker_register"), only(*REGISTRARS)),
    Case(
        "payroll worker import",
        url("payroll:worker_import"),
        only("labour_bureau", "township"),
    ),
    Case(
        "payroll worker import template",
        url("core:import_template", "payroll.workers"),
        only("labour_bureau", "township"),
    ),
    Case(
        "payroll worker edit of A", url("payroll:worker_edit", pk("worker", A)), only(*REGISTRARS)
    ),
    Case(
        "payroll worker edit of B",
        url("payroll:worker_edit", pk("worker", B)),
        {**only(*REGISTRARS, status=404), "labour_bureau": 200},
    ),
    Case(
        "payroll reveal ID of A",
        url("payroll:worker_reveal", pk("worker", A), "id_number"),
        only("labour_bureau", "township", "project_unit", "contractor", "auditor"),
        method="post",
    ),
    Case(
        "payroll reveal card of A",
        url("payroll:worker_reveal", pk("worker", A), "bank_card"),
        only("township", "project_unit", "contractor", "finance", "auditor"),
        method="post",
    ),
    Case(
        "payroll reveal ID of B",
        url("payroll:worker_reveal", pk("worker", B), "id_number"),
        {
            **only("township", "project_unit", "contractor", status=404),
            **only("labour_bureau", "auditor"),
        },
        method="post",
    ),
    # The survey
    Case("payroll survey rounds", url("payroll:survey_rounds"), only(*SURVEYS)),
    Case("payroll survey round new", url("payroll:survey_round_new"), only("labour_bureau")),
    Case(
        "payroll survey ledger",
        url("payroll:survey_ledger", lambda w: w.pr_round.pk),
        only(*SURVEYS),
    ),
    Case(
        "payroll survey ledger export",
        url("payroll:survey_ledger", lambda w: w.pr_round.pk, query="?export=xlsx"),
        only(*SURVEYS),
    ),
    Case(
        "payroll survey entry",
        url("payroll:survey_entry", lambda w: w.pr_round.pk),
        only("labour_bureau", "township"),
    ),
    Case(
        "payroll survey import",
        url("payroll:survey_import", lambda w: w.pr_round.pk),
        only("labour_bureau", "township"),
    ),
    Case(
        "payroll survey round close",
        url("payroll:survey_round_close", lambda w: w.pr_round.pk),
        only("labour_bureau", status=302),
        method="post",
    ),
    # Hiring and contracts
    Case("payroll hiring projects", url("payroll:hiring_projects"), a_side()),
    Case("payroll project hiring of A", url("payroll:project_hiring", pk("project", A)), a_side()),
    Case("payroll project hiring of B", url("payroll:project_hiring", pk("project", B)), b_side()),
    Case("payroll roster of A", url("payroll:roster_export", pk("project", A)), a_side()),
    Case("payroll roster of B", url("payroll:roster_export", pk("project", B)), b_side()),
    Case(
        "payroll roster with full numbers of A",
        url("payroll:roster_export_full", pk("project", A)),
        only(*HIRERS),
        method="post",
        data=lambda w: {"purpose": "发放劳务报酬"},
    ),
    Case(
        "payroll roster with full numbers of B",
        url("payroll:roster_export_full", pk("project", B)),
        only(*HIRERS, status=404),
        method="post",
        data=lambda w: {"purpose": "发放劳务报酬"},
    ),
    Case(
        "payroll candidates of A",
        url("payroll:position_candidates", pk("position", A)),
        only(*HIRERS),
    ),
    Case(
        "payroll candidates of B",
        url("payroll:position_candidates", pk("position", B)),
        only(*HIRERS, status=404),
    ),
    Case(
        "payroll hire into A (incomplete form: back with a message)",
        url("payroll:position_hire", pk("position", A)),
        only(*HIRERS, status=302),
        method="post",
    ),
    Case("payroll contracts", url("payroll:contracts"), a_side()),
    Case("payroll contract of A", url("payroll:contract_detail", pk("contract", A)), a_side()),
    Case("payroll contract of B", url("payroll:contract_detail", pk("contract", B)), b_side()),
    Case("payroll contract scan of A", url("payroll:contract_scan", scan_of), a_side()),
    Case(
        "payroll contract sign of A (empty form: 400)",
        url("payroll:contract_sign", pk("contract", A)),
        only(*HIRERS, status=400),
        method="post",
    ),
    Case(
        "payroll contract end of B",
        url("payroll:contract_end", pk("contract", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    # Attendance
    Case("payroll attendance projects", url("payroll:attendance_projects"), a_side()),
    Case(
        "payroll attendance of A", url("payroll:attendance_month", pk("project", A), MAY), a_side()
    ),
    Case(
        "payroll attendance of B", url("payroll:attendance_month", pk("project", B), MAY), b_side()
    ),
    Case(
        "payroll attendance save of A",
        url("payroll:attendance_month", pk("project", A), MAY),
        only(*HIRERS, status=302),
        method="post",
    ),
    Case(
        "payroll attendance save of B (out of scope: 404 before the capability)",
        url("payroll:attendance_month", pk("project", B), MAY),
        only("department", "township", *HIRERS, status=404),
        method="post",
    ),
    Case(
        "payroll attendance import of A",
        url("payroll:attendance_import", pk("project", A), MAY),
        only(*HIRERS),
    ),
    Case(
        "payroll attendance import of B",
        url("payroll:attendance_import", pk("project", B), MAY),
        only(*HIRERS, status=404),
    ),
    Case(
        "payroll attendance template",
        url("core:import_template", "payroll.attendance_grid"),
        only(*HIRERS),
    ),
    # Wage ledgers
    Case("payroll ledgers", url("payroll:ledgers"), a_side()),
    Case("payroll ledgers export", url("payroll:ledgers", query="?export=xlsx"), a_side()),
    Case("payroll ledger of A", url("payroll:ledger_detail", pk("ledger", A)), a_side()),
    Case("payroll ledger of B", url("payroll:ledger_detail", pk("ledger", B)), b_side()),
    Case("payroll ledger PDF of A", url("payroll:ledger_pdf", pk("ledger", A)), a_side()),
    Case("payroll ledger PDF of B", url("payroll:ledger_pdf", pk("ledger", B)), b_side()),
    Case("payroll ledger Excel of A", url("payroll:ledger_export", pk("ledger", A)), a_side()),
    Case("payroll ledger Excel of B", url("payroll:ledger_export", pk("ledger", B)), b_side()),
    Case(
        "payroll ledger scan of B (none uploaded: 404 inside the scope too)",
        url("payroll:ledger_scan", pk("ledger", B)),
        a_side(404),
    ),
    Case("payroll ledger new", url("payroll:ledger_new"), only(*HIRERS)),
    Case(
        "payroll ledger line edit of A",
        url("payroll:ledger_line_edit", pk("ledger", A), pk("line", A)),
        only(*HIRERS),
    ),
    Case(
        "payroll ledger line edit of B",
        url("payroll:ledger_line_edit", pk("ledger", B), pk("line", B)),
        only(*HIRERS, status=404),
    ),
    Case(
        "payroll ledger import of A",
        url("payroll:ledger_import", pk("project", A), MAY),
        only(*HIRERS),
    ),
    Case(
        "payroll ledger import of B",
        url("payroll:ledger_import", pk("project", B), MAY),
        only(*HIRERS, status=404),
    ),
    Case(
        "payroll ledger prefilled template of A",
        url("payroll:ledger_template", pk("project", A), MAY),
        only(*HIRERS),
        method="post",
    ),
    Case(
        "payroll ledger prefilled template of B",
        url("payroll:ledger_template", pk("project", B), MAY),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case(
        "payroll ledger template",
        url("core:import_template", "payroll.wage_ledger"),
        only(*HIRERS),
    ),
    Case(
        "payroll ledger submit of A (no revision: back to the page with the reason)",
        url("payroll:ledger_submit", pk("ledger", A)),
        only(*HIRERS, status=302),
        method="post",
    ),
    Case(
        "payroll ledger submit of B",
        url("payroll:ledger_submit", pk("ledger", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case(
        "payroll ledger confirm of B",
        url("payroll:ledger_confirm", pk("ledger", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case(
        "payroll ledger file of A (the department's own project)",
        url("payroll:ledger_file", pk("ledger", A)),
        only("department", status=302),
        method="post",
    ),
    Case(
        "payroll ledger return of B (another department's project)",
        url("payroll:ledger_return", pk("ledger", B)),
        only("department", status=404),
        method="post",
    ),
    Case(
        "payroll ledger correct of B",
        url("payroll:ledger_correct", pk("ledger", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case("payroll ledger inbox", url("payroll:ledger_inbox"), only("department")),
    Case("payroll arrears", url("payroll:arrears"), a_side()),
    Case("payroll arrears export", url("payroll:arrears", query="?export=xlsx"), a_side()),
    Case("payroll suspicions", url("payroll:suspicions"), only("district_office", "auditor")),
    Case(
        "payroll suspicion",
        url("payroll:suspicion_detail", lambda w: w.pr_suspicion.pk),
        only("district_office", "auditor"),
    ),
    Case(
        "payroll suspicion review (empty form: 400)",
        url("payroll:suspicion_detail", lambda w: w.pr_suspicion.pk),
        {**only("district_office", status=400), "auditor": 403},
        method="post",
    ),
    Case("payroll safeguards", url("payroll:safeguards"), a_side()),
    Case("payroll safeguards export", url("payroll:safeguards", query="?export=xlsx"), a_side()),
    Case(
        "payroll wage account of A",
        url("payroll:wage_account_new", pk("project", A)),
        only(*HIRERS),
    ),
    Case(
        "payroll wage account of B",
        url("payroll:wage_account_new", pk("project", B)),
        only(*HIRERS, status=404),
    ),
    Case("payroll wage settings", url("payroll:wage_settings"), only("district_office")),
    # Confirmation rounds before acceptance: the district office starts one (project A has
    # no submitted ledger in this world: refused with a message and sent back).
    Case(
        "payroll confirmation round A",
        url("payroll:confirmation_start", pk("project", A)),
        only("district_office", status=302),
        method="post",
    ),
    # Worker self-service: anonymous pages; without a worker's own session they send
    # everyone, staff included, back to the sign-in form.
    Case("self-service sign-in", url("selfservice:start"), everyone(), public=True),
    Case("self-service code", url("selfservice:code"), everyone(302), public=True),
    Case("self-service own pay", url("selfservice:me"), everyone(302), public=True),
    Case(
        "self-service answer a month",
        url("selfservice:answer_month"),
        everyone(302),
        method="post",
        public=True,
    ),
]
