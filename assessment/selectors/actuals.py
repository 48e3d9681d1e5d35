"""An organisation's actual figures for a year: the three of plan task 10.

* projects: its projects on that year's annual list (listed and beyond, not withdrawn) — for a
  township, the projects built in it; for a project unit, the projects it owns;
* beneficiaries (惠及当地农民): distinct local rural people (``payroll.models.local_rural``:
  not workers from elsewhere, art. 45, nor urban low-income people) paid wages in that year (pay
  date) on its projects, whatever the projects' own year;
* wage_total: the wages paid in that year (pay date) on its projects.

A township is an organisation of kind 乡镇 with its township set; every other organisation is
measured as a project unit (by ownership). A project in two townships counts for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from assessment.choices import METRIC_ATTRIBUTES
from assessment.selectors.wages import counted_lines
from payroll.models import local_rural
from projects.models import Project, ProjectTownship
from projects.selectors import ON_LIST
from yiguoji.core.choices import OrgKind

ZERO = Decimal("0")


def is_township(organisation) -> bool:
    return organisation.kind == OrgKind.TOWNSHIP and organisation.township_id is not None


@dataclass
class Actual:
    projects: int = 0
    beneficiaries: int = 0
    wage_total: Decimal = ZERO
    project_ids: list[int] = field(default_factory=list)

    def value(self, metric: str):
        return getattr(self, METRIC_ATTRIBUTES[metric])


def actuals(year: int, organisations: Iterable) -> dict[int, Actual]:
    """organisation id -> its actual figures for ``year``. Four queries for any number."""
    organisations = list(organisations)
    townships = {o.township_id: o.pk for o in organisations if is_township(o)}
    units = {o.pk for o in organisations if not is_township(o)}
    result = {o.pk: Actual() for o in organisations}

    listed = Project.objects.filter(year=year, status__in=ON_LIST)
    for pk, owner in listed.filter(owner_id__in=units).values_list("pk", "owner_id"):
        result[owner].project_ids.append(pk)
    for pk, township in (
        ProjectTownship.objects.filter(project__in=listed, township_id__in=list(townships))
        .values_list("project_id", "township_id")
        .order_by("project_id")
    ):
        result[townships[township]].project_ids.append(pk)
    for actual in result.values():
        actual.projects = len(actual.project_ids)

    paid = counted_lines().filter(paid_on__year=year, paid_amount__gt=0)
    people = {
        "people": Count("worker_id", distinct=True, filter=local_rural("worker__")),
        "wages": Sum("paid_amount"),
    }
    for row in (
        paid.filter(ledger__project__owner_id__in=units)
        .values("ledger__project__owner_id")
        .annotate(**people)
        .order_by()
    ):
        actual = result[row["ledger__project__owner_id"]]
        actual.beneficiaries, actual.wage_total = row["people"], row["wages"] or ZERO
    for row in (
        paid.filter(Q(ledger__project__townships__in=list(townships)))
        .values("ledger__project__townships")
        .annotate(**people)
        .order_by()
    ):
        actual = result[townships[row["ledger__project__townships"]]]
        actual.beneficiaries, actual.wage_total = row["people"], row["wages"] or ZERO
    return result


def actual_of(year: int, organisation) -> Actual:
    return actuals(year, [organisation])[organisation.pk]
