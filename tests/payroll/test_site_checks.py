"""Checks on what comes in from the phones (payroll.services.site_checks; issue 16 item 2,
art. 50): far from the site, a photo reused from another day, sent long after the day; flagged
to the township and the district office with the evidence."""

import datetime as dt
import io
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from payroll.models import SiteRules, SiteSuspicion
from payroll.models.site import SiteCheck
from payroll.services.site import Position, site_entry_receive
from payroll.services.site_checks import distance_m, photo_hash, site_rules_save
from payroll.services.suspicions import site_suspicion_review
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.site_helpers import photo_bytes, photo_upload
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji import scope
from yiguoji.core.models import Notification
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE = (Decimal("40.456000"), Decimal("115.970000"))


@pytest.fixture
def now(time_machine):
    def move(day: int, hour: int = 17):
        time_machine.move_to(dt.datetime(2026, 6, day, hour, tzinfo=SHANGHAI), tick=False)

    move(5)
    return move


@pytest.fixture
def crew(make_user, township, now):
    foreman = make_user(Role.CONTRACTOR)
    project = ProjectFactory(
        contractor=foreman.organisation, status=ProjectStatus.IN_PROGRESS, townships=[township],
        site_latitude=SITE[0], site_longitude=SITE[1],
    )  # fmt: skip
    worker = LabourContractFactory(
        position=PositionFactory(project=project), worker=WorkerFactory(name="周山")
    ).worker
    return foreman, project, worker


def send(foreman, project, worker, *, day=5, position=SITE, photo=None):
    entry, _ = site_entry_receive(
        acting_user=foreman, project=project, entry_id=uuid.uuid4(),
        day=dt.date(2026, 6, day), marked_at=dt.datetime(2026, 6, day, 8, tzinfo=SHANGHAI),
        marks={worker.pk: Decimal("1")},
        position=Position(*position, 10) if position else None, photo=photo,
    )  # fmt: skip
    return entry


def kinds(entry):
    return set(entry.suspicions.values_list("kind", flat=True))


def test_the_difference_hash_sees_a_copy_but_not_another_picture():
    original = photo_hash(photo_upload(1))
    image = Image.open(io.BytesIO(photo_bytes(1))).resize((320, 240))
    smaller = io.BytesIO()
    image.save(smaller, "JPEG", quality=50)
    copy = photo_hash(photo_upload(data=smaller.getvalue()))
    other = photo_hash(photo_upload(7))
    differing = lambda a, b: bin((a ^ b) & (2**64 - 1)).count("1")  # noqa: E731
    assert differing(original, copy) <= 6 < differing(original, other)


def test_a_position_far_from_the_site_is_flagged_with_the_distance(crew):
    foreman, project, worker = crew
    near = send(foreman, project, worker, position=(Decimal("40.457"), Decimal("115.971")))
    assert kinds(near) == set()
    far = send(foreman, project, worker, day=4, position=(Decimal("40.480"), Decimal("115.970")))
    (suspicion,) = far.suspicions.all()
    assert suspicion.kind == SiteCheck.FAR
    assert 2_600 < suspicion.evidence["distance_m"] < 2_700  # 0.024 degrees of latitude
    assert suspicion.evidence["limit_m"] == 500
    assert "距工地约2,6" in suspicion.detail and "超过区里设定的500米" in suspicion.detail


def test_the_district_sets_the_distance(crew, make_user):
    foreman, project, worker = crew
    site_rules_save(acting_user=make_user(Role.DISTRICT_OFFICE), max_distance_m=5000, late_days=3)
    entry = send(foreman, project, worker, position=(Decimal("40.480"), Decimal("115.970")))
    assert kinds(entry) == set()
    with pytest.raises(ValidationError, match="不能小于50米"):
        site_rules_save(acting_user=make_user(Role.DISTRICT_OFFICE), max_distance_m=10, late_days=3)
    with pytest.raises(PermissionDenied):
        site_rules_save(acting_user=foreman, max_distance_m=800, late_days=3)
    assert SiteRules.current().max_distance_m == 5000


def test_a_photo_reused_from_another_day_is_flagged_with_both(crew):
    foreman, project, worker = crew
    first = send(foreman, project, worker, day=3, photo=photo_upload(2))
    same_day = send(foreman, project, worker, day=3, photo=photo_upload(2))
    assert kinds(first) == kinds(same_day) == set()  # the same day's second entry is not reuse
    reused = send(foreman, project, worker, day=5, photo=photo_upload(2))
    (suspicion,) = reused.suspicions.all()
    assert suspicion.kind == SiteCheck.PHOTO
    assert suspicion.evidence["other_date"] == "2026-06-03"
    assert suspicion.evidence["other_entry"] in (first.pk, same_day.pk)
    fresh = send(foreman, project, worker, day=4, photo=photo_upload(9))
    assert kinds(fresh) == set()


def test_an_entry_sent_long_after_the_day_is_flagged(crew, now):
    foreman, project, worker = crew
    now(9)
    assert kinds(send(foreman, project, worker, day=6)) == set()  # three days: within
    late = send(foreman, project, worker, day=5)
    (suspicion,) = late.suspicions.all()
    assert suspicion.kind == SiteCheck.LATE and suspicion.evidence["days"] == 4
    assert "晚了4天" in suspicion.detail


def test_the_township_and_district_office_are_told_and_may_review(crew, make_user, other_township):
    foreman, project, worker = crew
    district = make_user(Role.DISTRICT_OFFICE)
    own = make_user(Role.TOWNSHIP)
    from tests.factories import OrganisationFactory
    from yiguoji.core.choices import OrgKind

    other = make_user(
        Role.TOWNSHIP,
        organisation=OrganisationFactory(kind=OrgKind.TOWNSHIP, township=other_township),
    )
    entry = send(foreman, project, worker, position=(Decimal("40.50"), Decimal("115.97")))
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert {district.pk, own.pk} <= told and other.pk not in told and foreman.pk not in told
    suspicion = entry.suspicions.get()
    assert scope.can(own, scope.VIEW, suspicion) and not scope.can(other, scope.VIEW, suspicion)
    assert not scope.restrict(SiteSuspicion.objects.all(), foreman).exists()
    reviewed = site_suspicion_review(
        acting_user=own, suspicion=suspicion, status="cleared", note="当天在村口集合后进山，已核实"
    )
    assert reviewed.status == "cleared" and reviewed.reviewed_by == own


def test_a_replay_checks_nothing_again(crew):
    foreman, project, worker = crew
    entry_id = uuid.uuid4()
    for _ in range(2):
        site_entry_receive(
            acting_user=foreman, project=project, entry_id=entry_id, day=dt.date(2026, 6, 5),
            marked_at=dt.datetime(2026, 6, 5, 8, tzinfo=SHANGHAI), marks={worker.pk: Decimal("1")},
            position=Position(Decimal("40.50"), Decimal("115.97"), 10),
        )  # fmt: skip
    assert SiteSuspicion.objects.count() == 1


def test_distance_is_the_great_circle():
    assert round(distance_m(40, 116, 41, 116)) == 111_195


def test_the_same_phone_elsewhere_the_same_day_is_flagged(crew, make_user):
    foreman, project, worker = crew
    other = ProjectFactory(contractor=foreman.organisation, status=ProjectStatus.IN_PROGRESS,
                           code="YQ-2026-777")  # fmt: skip
    there = LabourContractFactory(
        position=PositionFactory(project=other), worker=WorkerFactory()
    ).worker
    send(foreman, project, worker, day=5)
    entry, _ = site_entry_receive(
        acting_user=foreman, project=other, entry_id=uuid.uuid4(), day=dt.date(2026, 6, 5),
        marked_at=dt.datetime(2026, 6, 5, 9, tzinfo=SHANGHAI),
        marks={there.pk: Decimal("0.5")},
        position=Position(Decimal("40.556"), Decimal("115.970"), 10),
    )  # fmt: skip
    (suspicion,) = entry.suspicions.filter(kind=SiteCheck.ELSEWHERE)
    assert 11_000 < suspicion.evidence["distance_m"] < 11_200  # 0.1 degree of latitude
    assert project.code in suspicion.detail and "同一部手机不能同时在两处" in suspicion.detail
    nearby = send(foreman, project, worker, day=4)
    assert SiteCheck.ELSEWHERE not in kinds(nearby)
