"""The district office's per-year settings."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.choices import DocumentKind, ProjectStatus, RequirementCondition
from projects.models import ProgrammeYear
from projects.services.programme import DEFAULT_REQUIREMENTS, programme_year_save

pytestmark = pytest.mark.django_db


def save(user, **extra):
    values = {"year": 2026, "wage_share_target": Decimal("0.3"),
              "wage_account_threshold": None, "notice_days": 7}  # fmt: skip
    values.update(extra)
    return programme_year_save(acting_user=user, **values)


def test_a_new_year_starts_from_the_default_requirements(cast):
    programme = save(cast.district_office)
    stored = {(r.stage, r.kind, r.condition) for r in programme.requirements.all()}
    assert stored == set(DEFAULT_REQUIREMENTS)


def test_requirements_are_replaced_and_the_year_updated(cast):
    save(cast.district_office)
    always = RequirementCondition.ALWAYS
    wanted = [
        (ProjectStatus.REVIEWED, DocumentKind.PROPOSAL, always),
        (ProjectStatus.STARTED, DocumentKind.NOTICE_PHOTO, always),
    ]
    programme = save(cast.district_office, wage_share_target=Decimal("0.35"), requirements=wanted)
    assert programme.wage_share_target == Decimal("0.3500")
    assert {(r.stage, r.kind) for r in programme.requirements.all()} == {
        (s, k) for s, k, _ in wanted
    }
    assert ProgrammeYear.objects.count() == 1


def test_only_the_district_office_sets_the_year(cast):
    for role in ("department", "township", "leader", "finance"):
        with pytest.raises(PermissionDenied):
            save(cast.users[role])


def test_a_target_outside_0_100_percent_is_refused(cast):
    with pytest.raises(ValidationError):
        save(cast.district_office, wage_share_target=Decimal("1.5"))


def test_a_requirement_for_a_stage_never_entered_forward_is_refused(cast):
    with pytest.raises(ValidationError, match="不是可设置所需文件的阶段"):
        save(cast.district_office, requirements=[
            (ProjectStatus.WITHDRAWN, DocumentKind.OTHER, RequirementCondition.ALWAYS)
        ])  # fmt: skip
