"""The core's pages in the role-by-URL matrix, and the world every app builds on."""

from django.urls import reverse

from tests.factories import DistrictFactory, OrganisationFactory, TownshipFactory, UserFactory
from tests.matrix import ROLES, Case, everyone, only
from yiguoji.core.choices import OrgKind, Sector
from yiguoji.core.models import Job
from yiguoji.core.roles import Role


def build(world) -> None:
    """Townships A and B, an organisation per kind in A, one user per role (plus B's outsiders)."""
    world.district = DistrictFactory()
    world.township_a = TownshipFactory(name="八达岭镇", code="06")
    world.township_b = TownshipFactory(name="张山营镇", code="09")
    world.village_a = world.township_a.villages.create(name="岔道村")
    world.village_b = world.township_b.villages.create(name="西五里营村")
    org = OrganisationFactory
    world.orgs = {
        "district_office": org(name="区发展改革委", kind=OrgKind.DISTRICT_OFFICE),
        "department": org(name="区水务局", kind=OrgKind.DEPARTMENT, sectors=[Sector.WATER]),
        "other_department": org(
            name="区园林绿化局", kind=OrgKind.DEPARTMENT, sectors=[Sector.FORESTRY]
        ),
        "labour_bureau": org(name="区人力社保局", kind=OrgKind.LABOUR_BUREAU),
        "finance": org(name="区财政局", kind=OrgKind.FINANCE),
        "township": org(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP, township=world.township_a),
        "township_b": org(
            name="张山营镇人民政府", kind=OrgKind.TOWNSHIP, township=world.township_b
        ),
        "project_unit": org(
            name="岔道村村民委员会",
            kind=OrgKind.VILLAGE_COMMITTEE,
            township=world.township_a,
            village=world.village_a,
        ),
        "project_unit_b": org(
            name="西五里营村合作社",
            kind=OrgKind.COLLECTIVE,
            township=world.township_b,
            village=world.village_b,
        ),
        "contractor": org(name="妫水建筑公司", kind=OrgKind.CONTRACTOR),
        "contractor_b": org(name="龙庆路桥公司", kind=OrgKind.CONTRACTOR),
        "leader": org(name="区政府", kind=OrgKind.LEADERSHIP),
        "auditor": org(name="区审计局", kind=OrgKind.AUDIT),
    }
    world.users = {
        role: UserFactory(username=f"m-{role}", role=role, organisation=world.orgs[role])
        for role in ROLES
    }
    world.outsiders = {
        "township_b": UserFactory(
            username="m-township-b", role=Role.TOWNSHIP, organisation=world.orgs["township_b"]
        ),
        "project_unit_b": UserFactory(
            username="m-unit-b", role=Role.PROJECT_UNIT, organisation=world.orgs["project_unit_b"]
        ),
    }
    world.job_of_district = Job.objects.create(
        kind="core.directory_export", title="导出", created_by=world.users["district_office"]
    )


CASES = [
    Case("login page", lambda w: reverse("login"), everyone(302), public=True),
    Case("healthz", lambda w: reverse("healthz"), everyone(200), public=True),
    Case("home", lambda w: reverse("home"), everyone()),
    Case("jobs", lambda w: reverse("core:jobs"), everyone()),
    Case("job progress", lambda w: reverse("core:job_progress"), everyone()),
    Case(
        "job download of another user's job",
        lambda w: reverse("core:job_download", args=[w.job_of_district.pk]),
        # The owner gets 404 only because this job has no file; everyone else: not in scope.
        default=404,
    ),
    Case("notifications", lambda w: reverse("core:notifications"), everyone()),
    Case("password change", lambda w: reverse("password_change"), everyone()),
    Case("directory", lambda w: reverse("core:directory"), only("district_office", "auditor")),
    Case(
        "directory export",
        lambda w: reverse("core:directory_export"),
        only("district_office", "auditor", status=302),
        method="post",
    ),
    Case("audit log", lambda w: reverse("core:audit"), only("district_office", "auditor")),
    Case("reveal log", lambda w: reverse("core:reveals"), only("district_office", "auditor")),
    Case(
        "object history of an organisation",
        lambda w: reverse(
            "core:object_history", args=["core", "organisation", w.orgs["township"].pk]
        ),
        only("district_office", "auditor"),
    ),
]

CASES += [
    Case("user create", lambda w: reverse("core:user_create"), only("district_office")),
    Case(
        "user edit",
        lambda w: reverse("core:user_edit", args=[w.users["township"].pk]),
        only("district_office"),
    ),
    Case(
        "user password",
        lambda w: reverse("core:user_password", args=[w.users["township"].pk]),
        only("district_office"),
    ),
    Case(
        "user unlock",
        lambda w: reverse("core:user_unlock", args=[w.users["township"].pk]),
        only("district_office", status=302),
        method="post",
    ),
]

CASES += [
    Case("backups", lambda w: reverse("core:backups"), only("district_office", "auditor")),
]
