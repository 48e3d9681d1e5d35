"""The site checks and the maps in the role-by-URL matrix (issue 16 items 2 and 4).

Built on the payroll world and the site module's entries (tests/matrix/cases_site.py): entry A
(project A, township A) and entry B (project B, township B) each have a suspicion.
"""

from payroll.models import SiteSuspicion
from tests.matrix import ROLES, Case, everyone, only
from tests.matrix.cases_payroll import A, B, a_side, b_side, pk, url

SUSPICION_READERS = ("district_office", "township", "auditor")
LOCATORS = ("district_office", "department", "township", "project_unit", "contractor")
DISTRICT_WIDE = ("district_office", "labour_bureau", "finance", "leader", "auditor")


def build(world) -> None:
    for side in (A, B):
        entry = getattr(world, f"pr_siteentry_{side}")
        suspicion = SiteSuspicion.objects.create(
            entry=entry, kind="far", detail="矩阵测试：距工地约2,000米", evidence={}
        )
        setattr(world, f"pr_sitesuspicion_{side}", suspicion)


CASES = [
    Case("site suspicions", url("payroll:site_suspicions"), only(*SUSPICION_READERS)),
    Case(
        "site suspicion of A",
        url("payroll:site_suspicion", pk("sitesuspicion", A)),
        only(*SUSPICION_READERS),
    ),
    Case(
        "site suspicion of B",
        url("payroll:site_suspicion", pk("sitesuspicion", B)),
        {**only(*SUSPICION_READERS), "township": 404},
    ),
    Case(
        "site suspicion review of A (empty: 400)",
        url("payroll:site_suspicion", pk("sitesuspicion", A)),
        only("district_office", "township", status=400),
        method="post",
    ),
    Case("site rules", url("payroll:site_rules"), only("district_office")),
    Case("site records of A", url("payroll:site_entries", pk("project", A)), a_side()),
    Case("site records of B", url("payroll:site_entries", pk("project", B)), b_side()),
    Case("projects map", url("projects:map"), everyone()),
    Case("projects site of A", url("projects:site", pk("project", A)), everyone()),
    Case(
        "projects site of B",
        url("projects:site", pk("project", B)),
        {**dict.fromkeys(ROLES, 404), **only(*DISTRICT_WIDE)},
    ),
    Case(
        "projects site save of A (empty: clears)",
        url("projects:site", pk("project", A)),
        only(*LOCATORS, status=302),
        method="post",
    ),
]
