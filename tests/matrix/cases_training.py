"""The training pages in the role-by-URL matrix.

World: project A (township A, water sector, owned by the matrix's project unit, built by its
contractor) with a project session in A; project B (township B, forestry) and a school session
held in B. A worker of each township, hired on their township's project, in each ledger, each
converted to a lasting post. Leaders see sessions and figures, never lists of people; finance has
no part in training.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from projects.choices import ProjectStatus, WorkSegment
from tests.factories import OrganisationFactory
from tests.matrix import Case, only
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from tests.training.factories import PDF, PNG
from training.choices import ConversionKind, OrganiserKind, TrainingKind, TrainingMode
from training.models import Conversion, TrainingPhoto, TrainingRecord, TrainingSession
from yiguoji.core.choices import OrgKind, Sector

VIEWERS = ("district_office", "department", "labour_bureau", "township", "project_unit",
           "contractor", "leader", "auditor")  # fmt: skip
PEOPLE = tuple(role for role in VIEWERS if role != "leader")
KEEPERS = ("labour_bureau", "township", "project_unit", "contractor")
DISTRICT_WIDE = ("district_office", "labour_bureau", "auditor")


def _project(world, suffix, township, owner, sector, contractor=None):
    project = ProjectFactory(
        code=f"TR-2026-{suffix}",
        name=f"培训矩阵项目{suffix}",
        owner=owner,
        contractor=contractor,
        sector=sector,
        townships=[township],
        status=ProjectStatus.IN_PROGRESS,
    )
    position = PositionFactory(project=project, segment=WorkSegment.MAINTENANCE, title="管护员")
    return project, position


def _session(title, township, organiser, organiser_kind, mode, project=None):
    return TrainingSession.objects.create(
        title=title,
        kind=TrainingKind.PRE_JOB,
        mode=mode,
        organiser_kind=organiser_kind,
        organiser=organiser,
        township=township,
        project=project,
        starts_on=dt.date(2026, 3, 10),
        ends_on=dt.date(2026, 3, 10),
        hours=Decimal("8"),
        place="现场",
        trainer="王建华",
        content="安全",
    )


def build(world) -> None:
    orgs = world.orgs
    school = OrganisationFactory(name="培训矩阵职业学校", kind=OrgKind.SCHOOL)
    world.tr_project_a, position_a = _project(
        world, "A", world.township_a, orgs["project_unit"], Sector.WATER, orgs["contractor"]
    )
    world.tr_project_b, position_b = _project(
        world, "B", world.township_b, orgs["project_unit_b"], Sector.FORESTRY
    )
    world.tr_session_a = _session(
        "矩阵A岗前培训", world.township_a, orgs["project_unit"], OrganiserKind.PROJECT_UNIT,
        TrainingMode.PROJECT, world.tr_project_a,
    )  # fmt: skip
    world.tr_session_b = _session(
        "矩阵B岗前培训", world.township_b, school, OrganiserKind.SCHOOL, TrainingMode.SCHOOL
    )
    for side, township, village, project, position, session in (
        ("a", world.township_a, world.village_a, world.tr_project_a, position_a,
         world.tr_session_a),
        ("b", world.township_b, world.village_b, world.tr_project_b, position_b,
         world.tr_session_b),
    ):  # fmt: skip
        worker = WorkerFactory(name=f"矩阵{side}", township=township, village=village)
        LabourContractFactory(worker=worker, position=position)
        setattr(world, f"tr_record_{side}", TrainingRecord.objects.create(
            session=session, worker=worker, hours=Decimal("8"), passed=True
        ))  # fmt: skip
        setattr(world, f"tr_photo_{side}", TrainingPhoto.objects.create(
            session=session, image=f"training/matrix/{side}.png", name=f"{side}.png"
        ))  # fmt: skip
        setattr(world, f"tr_conversion_{side}", Conversion.objects.create(
            worker=worker, project=project, kind=ConversionKind.MAINTENANCE, position=position,
            converted_on=dt.date(2026, 11, 1), employer_name="村委会", post="管护员",
            evidence=f"training/matrix/{side}.pdf", evidence_name=f"{side}.pdf",
        ))  # fmt: skip


def _stored(obj, field: str, content: bytes) -> int:
    """The object's pk, after putting its file where this test's MEDIA_ROOT points."""
    name = getattr(obj, field).name
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return obj.pk


def url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


CASES = [
    Case("training sessions", url("training:sessions"), only(*VIEWERS)),
    Case(
        "training session of A",
        url("training:session", lambda w: w.tr_session_a.pk),
        only(*VIEWERS),
    ),
    Case(
        "training session of B",
        url("training:session", lambda w: w.tr_session_b.pk),
        {**only(*VIEWERS, status=404), **only(*DISTRICT_WIDE, "leader")},
    ),
    Case("training session create", url("training:session_create"), only(*KEEPERS)),
    Case(
        "training session edit of A",
        url("training:session_edit", lambda w: w.tr_session_a.pk),
        only(*KEEPERS),
    ),
    Case(
        "training session edit of B",
        url("training:session_edit", lambda w: w.tr_session_b.pk),
        {**only(*KEEPERS, status=404), "labour_bureau": 200},
    ),
    Case(
        "training session delete of B (has a ledger: refused, back to the page)",
        url("training:session_delete", lambda w: w.tr_session_b.pk),
        {**only(*KEEPERS, status=404), "labour_bureau": 302},
        method="post",
    ),
    Case(
        "training photo of B",
        url("training:photo", lambda w: _stored(w.tr_photo_b, "image", PNG)),
        {**only(*VIEWERS, status=404), **only(*DISTRICT_WIDE, "leader")},
    ),
    Case("training records", url("training:records"), only(*PEOPLE)),
    Case(
        "training record edit of B",
        url("training:record_edit", lambda w: w.tr_record_b.pk),
        {**only(*KEEPERS, status=404), "labour_bureau": 200},
    ),
    Case(
        "training ledger export of A",
        url("training:ledger_export", lambda w: w.tr_session_a.pk),
        only(*PEOPLE),
    ),
    Case(
        "training ledger export of B",
        url("training:ledger_export", lambda w: w.tr_session_b.pk),
        {**only(*PEOPLE, status=404), **only(*DISTRICT_WIDE)},
    ),
    Case(
        "training ledger import page of A",
        url("training:ledger_import", lambda w: w.tr_session_a.pk),
        only(*KEEPERS),
    ),
    Case(
        "training ledger import page of B",
        url("training:ledger_import", lambda w: w.tr_session_b.pk),
        {**only(*KEEPERS, status=404), "labour_bureau": 200},
    ),
    Case(
        "training ledger template",
        lambda w: reverse("core:import_template", args=["training.ledger"]),
        only(*KEEPERS),
    ),
    Case("training conversions", url("training:conversions"), only(*PEOPLE)),
    Case("training conversion create", url("training:conversion_create"), only(*KEEPERS)),
    Case(
        "training conversion create for project B",
        lambda w: reverse("training:conversion_create") + f"?project={w.tr_project_b.pk}",
        {**only(*KEEPERS, status=404), "labour_bureau": 200},
    ),
    Case(
        "training conversion of B",
        url("training:conversion", lambda w: w.tr_conversion_b.pk),
        {**only(*PEOPLE, status=404), **only(*DISTRICT_WIDE)},
    ),
    Case(
        "training conversion evidence of B",
        url("training:conversion_evidence", lambda w: _stored(w.tr_conversion_b, "evidence", PDF)),
        {**only(*PEOPLE, status=404), **only(*DISTRICT_WIDE)},
    ),
    Case(
        "training conversion evidence of A",
        url("training:conversion_evidence", lambda w: _stored(w.tr_conversion_a, "evidence", PDF)),
        only(*PEOPLE),
    ),
    Case("training figures", url("training:figures"), only(*VIEWERS)),
    Case(
        "training pre-start share of project A",
        url("training:pre_start", lambda w: w.tr_project_a.pk),
        only(*PEOPLE),
    ),
    Case(
        "training pre-start share of project B",
        url("training:pre_start", lambda w: w.tr_project_b.pk),
        {**only(*PEOPLE, status=404), **only(*DISTRICT_WIDE)},
    ),
    Case(
        "training maintenance candidates of project A",
        url("training:candidates", lambda w: w.tr_project_a.pk),
        only(*PEOPLE),
    ),
    Case(
        "training maintenance candidates of project B",
        url("training:candidates", lambda w: w.tr_project_b.pk),
        {**only(*PEOPLE, status=404), **only(*DISTRICT_WIDE)},
    ),
]
