"""The project pipeline's pages in the role-by-URL matrix.

World: in township A, projects of the matrix's project unit in the water sector (approved by the
matrix's department, built by its contractor) in each state a page needs; in township B, a
forestry project of B's project unit. District-wide roles see both; the department, township A,
the project unit and the contractor see A only (404 for B). What a role may *do* is a capability
(403 when missing), checked before the object is looked up.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from projects.choices import DocumentKind, ProjectStatus
from projects.models import ChangeRequest, ProgrammeYear
from tests.matrix import ROLES, Case, everyone, only
from tests.projects.factories import (
    PDF_BYTES,
    FundingLineFactory,
    PositionFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    make_complaint,
)
from yiguoji.core.choices import Sector

S = ProjectStatus
DISTRICT_WIDE = ("district_office", "labour_bureau", "finance", "leader", "auditor")
SEES_A = ROLES
SEES_B = DISTRICT_WIDE
PROPOSERS = ("district_office", "department", "township", "project_unit")
UPLOADERS = ("district_office", "department", "township", "project_unit", "contractor")
ANNUAL = ("district_office", "department", "finance", "township", "leader", "auditor")
COMPLAINT_READERS = (
    "district_office",
    "department",
    "labour_bureau",
    "township",
    "project_unit",
    "contractor",
    "auditor",
)


def _project(world, code, status, side="a", **extra):
    a = side == "a"
    project = ProjectFactory(
        code=code,
        name=f"矩阵项目{code}",
        status=status,
        owner=world.orgs["project_unit" if a else "project_unit_b"],
        department=world.orgs["department" if a else "other_department"],
        contractor=world.orgs["contractor" if a else "contractor_b"],
        sector=Sector.WATER if a else Sector.FORESTRY,
        townships=[world.township_a if a else world.township_b],
        **extra,
    )
    FundingLineFactory(project=project, amount=Decimal("1000000.00"))
    PositionFactory(project=project)
    return project


def build(world) -> None:
    ProgrammeYear.objects.get_or_create(year=2026, defaults={"wage_share_target": "0.30"})
    world.pj_reserve_a = _project(world, "PJ-2026-A1", S.RESERVE)
    world.pj_listed_a = _project(world, "PJ-2026-A2", S.LISTED)
    world.pj_approved_a = _project(world, "PJ-2026-A3", S.APPROVED)
    world.pj_b = _project(world, "PJ-2026-B1", S.LISTED, side="b")
    world.pj_doc_a = ProjectDocumentFactory(
        project=world.pj_reserve_a, kind=DocumentKind.PROPOSAL,
        uploaded_by=world.users["project_unit"],
    )  # fmt: skip
    world.pj_doc_b = ProjectDocumentFactory(
        project=world.pj_b, kind=DocumentKind.PROPOSAL, uploaded_by=world.users["district_office"]
    )
    change = {
        "reason": "变更", "content_and_scale": "新内容", "total_investment": Decimal("1"),
        "planned_wage_total": Decimal("1"), "planned_local_jobs": 1,
        "requested_by": world.users["district_office"],
    }  # fmt: skip
    world.pj_change_a = ChangeRequest.objects.create(project=world.pj_approved_a, **change)
    world.pj_change_b = ChangeRequest.objects.create(project=world.pj_b, **change)
    # Complaints: a wage complaint routed to A's project unit, one routed to B's, and a quality
    # report on A routed to A's department (the unit complained about never sees it).
    office = world.users["district_office"]
    world.pj_complaint_a = make_complaint(world.pj_approved_a, office, status="received")
    world.pj_complaint_b = make_complaint(world.pj_b, office, status="received")
    world.pj_complaint_quality_a = make_complaint(
        world.pj_approved_a, office, kind="quality", handler=world.orgs["department"]
    )


def _url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def _a(attr):
    return lambda w: getattr(w, attr).pk


def _document(attr):
    """The document's id, its file re-created under this test's media root (the world is built
    once per module, the media root is per test)."""

    def pk(world):
        document = getattr(world, attr)
        if not default_storage.exists(document.file.name):
            default_storage.save(document.file.name, ContentFile(PDF_BYTES))
        return document.pk

    return pk


def b_only(status=200):
    return {**dict.fromkeys(SEES_B, status), **dict.fromkeys(set(ROLES) - set(SEES_B), 404)}


CASES = [
    Case("projects: list", _url("projects:list"), everyone()),
    Case("projects: list export", lambda w: reverse("projects:list") + "?export=xlsx", everyone()),
    Case("projects: detail A", _url("projects:detail", _a("pj_reserve_a")), everyone()),
    Case("projects: detail B", _url("projects:detail", _a("pj_b")), b_only()),
    Case("projects: create", _url("projects:create"), only(*PROPOSERS)),
    Case(
        "projects: edit A",
        _url("projects:edit", _a("pj_reserve_a")),
        only(*PROPOSERS),
    ),
    Case(
        "projects: edit B",
        _url("projects:edit", _a("pj_b")),
        # the district office may edit a listed project; the others may not see B
        {"district_office": 200, "department": 404, "township": 404, "project_unit": 404},
    ),
    Case(
        "projects: review page A",
        _url("projects:transition", _a("pj_reserve_a"), "review"),
        only("district_office"),
    ),
    Case(
        "projects: approve page A",
        _url("projects:transition", _a("pj_listed_a"), "approve"),
        only("district_office", "department"),
    ),
    Case(
        "projects: approve page B",
        _url("projects:transition", _a("pj_b"), "approve"),
        {"district_office": 200, "department": 404},
    ),
    Case(
        "projects: start page A",
        _url("projects:transition", _a("pj_approved_a"), "start"),
        only("district_office", "project_unit"),
    ),
    Case(
        "projects: withdraw page A",
        _url("projects:transition", _a("pj_reserve_a"), "withdraw"),
        only(*PROPOSERS),
    ),
    Case(
        "projects: document A",
        _url("projects:document_download", _a("pj_reserve_a"), _document("pj_doc_a")),
        everyone(),
    ),
    Case(
        "projects: document B",
        _url("projects:document_download", _a("pj_b"), _document("pj_doc_b")),
        b_only(),
    ),
    Case(
        "projects: upload page A",
        _url("projects:document_upload", _a("pj_reserve_a")),
        only(*UPLOADERS),
    ),
    Case(
        "projects: upload page B",
        _url("projects:document_upload", _a("pj_b")),
        {"district_office": 200, **dict.fromkeys(set(UPLOADERS) - {"district_office"}, 404)},
    ),
    Case(
        "projects: void document B",
        _url("projects:document_void", _a("pj_b"), _a("pj_doc_b")),
        {"district_office": 302, **dict.fromkeys(set(UPLOADERS) - {"district_office"}, 404)},
        method="post",
        data=lambda w: {"reason": ""},  # an empty reason voids nothing
    ),
    Case("projects: expenditures A", _url("projects:expenditures", _a("pj_reserve_a")), everyone()),
    Case("projects: expenditures B", _url("projects:expenditures", _a("pj_b")), b_only()),
    # art. 21: the disbursement ledger is read with the project, recorded by finance
    Case(
        "projects: disbursements A", _url("projects:disbursements", _a("pj_approved_a")), everyone()
    ),
    Case("projects: disbursements B", _url("projects:disbursements", _a("pj_b")), b_only()),
    # plan task 8: handover and archives are read with the project; the rules are the district's
    Case("projects: delivery A", _url("projects:delivery", _a("pj_approved_a")), everyone()),
    Case("projects: delivery B", _url("projects:delivery", _a("pj_b")), b_only()),
    Case("projects: archive rules", _url("projects:archive_rules"), only("district_office")),
    # art. 35-36: the county's recognition is read with the project; the office records it
    Case("projects: recognition A", _url("projects:recognition", _a("pj_approved_a")), everyone()),
    Case("projects: recognition B", _url("projects:recognition", _a("pj_b")), b_only()),
    Case(
        "projects: record disbursement A",
        _url("projects:disbursements", _a("pj_approved_a")),
        {"district_office": 200, "finance": 200},  # invalid: nothing recorded, the page says why
        method="post",
        data=lambda w: {},
    ),
    Case(
        "projects: pre-start notice A",
        _url("projects:notice", _a("pj_approved_a"), "pre_start"),
        everyone(),
    ),
    Case(
        "projects: pre-start notice B", _url("projects:notice", _a("pj_b"), "pre_start"), b_only()
    ),
    Case(
        "projects: record notice A",
        _url("projects:notice_post", _a("pj_approved_a")),
        only("district_office", "project_unit", status=302),
        method="post",
        data=lambda w: {},  # invalid: nothing is recorded, the page says why
    ),
    Case("projects: change requests", _url("projects:changes"), everyone()),
    Case("projects: change A", _url("projects:change", _a("pj_change_a")), everyone()),
    Case("projects: change B", _url("projects:change", _a("pj_change_b")), b_only()),
    Case(
        "projects: new change A",
        _url("projects:change_new", _a("pj_approved_a")),
        only("district_office", "township", "project_unit"),
    ),
    Case("projects: annual list", _url("projects:annual"), only(*ANNUAL)),
    Case("projects: annual export", _url("projects:annual_export"), only(*ANNUAL)),
    Case(
        "projects: annual add",
        _url("projects:annual_add"),
        only("district_office", status=302),
        method="post",
        data=lambda w: {"year": 2026},  # nothing chosen: nothing listed
    ),
    Case(
        "projects: import",
        _url("projects:import"),
        only("district_office", "department", "township"),
    ),
    Case(
        "projects: import template",
        _url("core:import_template", "projects.proposed"),
        only("district_office", "department", "township"),
    ),
    Case("projects: settings", _url("projects:settings"), only("district_office")),
    Case("projects: settings 2026", _url("projects:settings_year", 2026), only("district_office")),
    # Complaints (投诉举报): the register is capability first, then scope (routed organisation,
    # supervising department and township, district-wide readers); leaders and finance never.
    Case("projects: complaints", _url("projects:complaints"), only(*COMPLAINT_READERS)),
    Case(
        "projects: complaints export",
        lambda w: reverse("projects:complaints") + "?export=xlsx",
        only(*COMPLAINT_READERS),
    ),
    Case(
        "projects: complaint create",
        _url("projects:complaint_create"),
        only("district_office", "department", "labour_bureau", "township"),
    ),
    Case(
        "projects: complaint settings", _url("projects:complaint_settings"), only("district_office")
    ),
    Case(
        "projects: complaint A (wages, routed to A's unit)",
        _url("projects:complaint", _a("pj_complaint_a")),
        {**only(*COMPLAINT_READERS), "contractor": 404},
    ),
    Case(
        "projects: complaint B",
        _url("projects:complaint", _a("pj_complaint_b")),
        {
            **dict.fromkeys(COMPLAINT_READERS, 404),
            **only("district_office", "labour_bureau", "auditor"),
        },
    ),
    Case(
        "projects: quality complaint A (routed to A's department)",
        _url("projects:complaint", _a("pj_complaint_quality_a")),
        {
            **only("district_office", "department", "township", "auditor"),
            "labour_bureau": 404,
            "project_unit": 404,
            "contractor": 404,
        },
    ),
    Case(
        "projects: complaint A, an internal note left empty",
        _url("projects:complaint", _a("pj_complaint_a")),
        {
            "district_office": 400,
            "project_unit": 400,
            "department": 403,
            "township": 403,
            "labour_bureau": 403,
            "auditor": 403,
            "contractor": 404,
        },
        method="post",
        data=lambda w: {"action": "note", "note-note": ""},
    ),
    # Publishing on the public pages: the district office only (capability first).
    Case("projects: public settings", _url("projects:public_settings"), only("district_office")),
    Case(
        "projects: publish A (a listed project cannot be published: refused with a message)",
        _url("projects:publish", _a("pj_listed_a")),
        only("district_office", status=302),
        method="post",
    ),
    Case(
        "projects: unpublish A without a reason",
        _url("projects:unpublish", _a("pj_listed_a")),
        only("district_office", status=302),
        method="post",
    ),
    # The anonymous pages answer everyone alike, signed in or not (they read no session).
    Case("public: project list", _url("public:projects"), everyone(), public=True),
    Case(
        "public: an unpublished project is not found",
        _url("public:project", "PJ-2026-A1"),
        everyone(404),
        public=True,
    ),
    Case("public: complaint form", _url("public:complain"), everyone(), public=True),
    Case("public: complaint tracking", _url("public:complaint_track"), everyone(), public=True),
]
