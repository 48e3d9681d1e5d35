"""The paper attendance sheets in the role-by-URL matrix (issue 16 item 3): one sheet of May for
project A and one for project B (tests/matrix/cases_payroll.py)."""

import datetime as dt

from payroll.models import AttendanceSheet
from tests.matrix import Case, only
from tests.matrix.cases_payroll import HIRERS, MAY, A, B, a_side, b_side, pk, url


def build(world) -> None:
    for side in (A, B):
        project = getattr(world, f"pr_project_{side}")
        sheet = AttendanceSheet.objects.create(
            code=f"KQ-{project.code}-202605-01", project=project, month=dt.date(2026, 5, 1), seq=1
        )
        setattr(world, f"pr_sheet_{side}", sheet)


def code(side):
    return lambda w: getattr(w, f"pr_sheet_{side}").code


CASES = [
    Case("sheet of A", url("payroll:sheet", code(A)), a_side()),
    Case("sheet of B", url("payroll:sheet", code(B)), b_side()),
    Case("sheet PDF of A", url("payroll:sheet_pdf", code(A)), a_side()),
    Case("sheet PDF of B", url("payroll:sheet_pdf", code(B)), b_side()),
    Case("sheet scan of A (none yet: 404)", url("payroll:sheet_scan", code(A)), a_side(404)),
    Case(
        "sheet find of A",
        url("payroll:sheet_find", query="?code=KQ-PR-2026-A-202605-01"),
        a_side(302),
    ),
    Case(
        "sheet upload to A (empty: 400)",
        url("payroll:sheet", code(A)),
        only(*HIRERS, status=400),
        method="post",
    ),
    Case(
        "sheet new of A",
        url("payroll:sheet_new", pk("project", A), MAY),
        only(*HIRERS, status=302),
        method="post",
    ),
    Case(
        "sheet new of B",
        url("payroll:sheet_new", pk("project", B), MAY),
        only(*HIRERS, status=404),
        method="post",
    ),
]
