"""Choices of the training app (labels are the words officials use).

Sources: district plan tasks 6-7 (breakdown table rows 11-12); national measures art. 42-43.
"""

from django.db import models

from yiguoji.core.choices import OrgKind
from yiguoji.core.terms import term


class TrainingKind(models.TextChoices):
    """培训类型 (plan task 6: 岗前培训、技能提升培训、储备性技能培训; art. 42-43: 安全生产培训)."""

    PRE_JOB = "pre_job", "岗前培训"
    SKILL_UPGRADE = "skill_upgrade", "技能提升培训"
    RESERVE_SKILL = "reserve_skill", "储备性技能培训"
    SAFETY = "safety", "安全生产培训"


class TrainingMode(models.TextChoices):
    """培训方式 (plan task 7)."""

    ON_THE_JOB = "on_the_job", "培训+上岗"
    SCHOOL = "school", "培训+学校"
    PROJECT = "project", "培训+项目"


class OrganiserKind(models.TextChoices):
    """Who holds a session (plan task 7: the labour bureau guides the township, together with
    the contractor; vocational schools; the project units, responsible under plan task 6)."""

    LABOUR_BUREAU = "labour_bureau", term("labour_bureau")  # the district's word
    TOWNSHIP = "township", "乡镇（街道）"
    PROJECT_UNIT = "project_unit", "项目单位"
    CONTRACTOR = "contractor", "施工单位"
    SCHOOL = "school", "职业院校/培训机构"


def organiser_kinds():
    """``OrganiserKind.choices`` for model fields (a callable: migrations never freeze the
    district's words)."""
    return OrganiserKind.choices


# Which organisations may stand as each kind of organiser (a village committee or collective is
# often the project unit, art. 25; a collective may build and so act as the contractor).
ORGANISER_ORG_KINDS: dict[str, frozenset[str]] = {
    OrganiserKind.LABOUR_BUREAU: frozenset({OrgKind.LABOUR_BUREAU}),
    OrganiserKind.TOWNSHIP: frozenset({OrgKind.TOWNSHIP}),
    OrganiserKind.PROJECT_UNIT: frozenset(
        {OrgKind.PROJECT_UNIT, OrgKind.TOWNSHIP, OrgKind.VILLAGE_COMMITTEE, OrgKind.COLLECTIVE}
    ),
    OrganiserKind.CONTRACTOR: frozenset({OrgKind.CONTRACTOR, OrgKind.COLLECTIVE}),
    OrganiserKind.SCHOOL: frozenset({OrgKind.SCHOOL}),
}
ORGANISER_ORG_KIND_VALUES = frozenset().union(*ORGANISER_ORG_KINDS.values())


class ConversionKind(models.TextChoices):
    """零工变长工: the lasting post a construction worker was taken into (plan task 6)."""

    MAINTENANCE = "maintenance", "项目后期管护岗位"
    CONTRACTOR_STAFF = "contractor_staff", "施工单位长期用工"
    OTHER_STABLE = "other_stable", "其他稳定就业岗位"


# Modes that are held on a work-relief project by definition (plan task 7: 培训+上岗 uses the
# project's site and machinery with its contractor; 培训+项目 trains on the project's site).
PROJECT_MODES = frozenset({TrainingMode.ON_THE_JOB, TrainingMode.PROJECT})

# Kinds whose "passed" must carry a certificate number: a skill-upgrade or reserve-skill
# training is meant to leave the worker with a recognised skill (plan task 6: 技能提升, and
# 储备性技能 for the maintenance posts the worker may take next), and the certificate is the
# only proof of it that a later employer, the acceptance (art. 32) or an audit can check.
# 岗前 and 安全生产 inductions are usually held on site without a certificate.
CERTIFICATE_KINDS = frozenset({TrainingKind.SKILL_UPGRADE, TrainingKind.RESERVE_SKILL})

# Kinds that count as "trained before starting work": the pre-job training itself, and the
# safety induction that art. 42-43 require before work on site (安全生产培训, held with the
# contractor). Skill-upgrade and reserve-skill trainings are for later stages.
PRE_START_KINDS = frozenset({TrainingKind.PRE_JOB, TrainingKind.SAFETY})
