"""Fund rules: art. 19 forbidden uses of special funds, art. 30 wages and machinery rental,
the wage share against the year's target."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from projects import funds
from projects.choices import FORBIDDEN_FOR_SPECIAL_FUNDS, ExpenditureCategory, ProjectStatus
from projects.models import ExpenditureLine
from projects.services.funds import expenditure_line_add, expenditure_line_delete
from tests.projects.factories import ExpenditureLineFactory

pytestmark = pytest.mark.django_db
E = ExpenditureCategory

ART19_ITEMS = {
    E.UNIT_RUNNING_COSTS: "第（一）项",
    E.VEHICLES_TELECOM: "第（二）项",
    E.BONUSES: "第（三）项",
    E.DEBT: "第（四）项",
    E.LARGE_MACHINERY: "第（五）项",
    E.PRODUCTION_MATERIALS: "第（六）项",
    E.UNRELATED: "第（七）项",
}


def test_the_seven_forbidden_categories_are_art19s():
    assert FORBIDDEN_FOR_SPECIAL_FUNDS == ART19_ITEMS


@pytest.mark.parametrize("category", list(ART19_ITEMS))
def test_art19_uses_cannot_be_charged_to_special_funds(category, make_project, cast):
    project = make_project(complete=False)
    with pytest.raises(ValidationError) as caught:
        expenditure_line_add(
            acting_user=cast.project_unit, project=project, category=category,
            description="购置", amount=Decimal("1000"), from_special_fund=True,
        )  # fmt: skip
    message = caught.value.message_dict["category"][0]
    assert message == (
        f"“{ExpenditureCategory(category).label}”属于《国家以工代赈管理办法》第十九条"
        f"{ART19_ITEMS[category]}规定的禁止支出，不得列支以工代赈专项资金"
    )
    assert not ExpenditureLine.objects.filter(project=project).exists()


@pytest.mark.parametrize("category", list(ART19_ITEMS))
def test_art19_uses_may_be_paid_from_other_money(category, make_project, cast):
    project = make_project(complete=False)
    line = expenditure_line_add(
        acting_user=cast.project_unit, project=project, category=category,
        description="购置", amount=Decimal("1000"), from_special_fund=False,
    )  # fmt: skip
    assert line.pk and not line.from_special_fund


def test_the_database_refuses_art19_uses_too(make_project):
    project = make_project(complete=False)
    with pytest.raises(IntegrityError):
        ExpenditureLine.objects.create(
            project=project, category=E.BONUSES, description="奖金", amount=1,
            from_special_fund=True,
        )  # fmt: skip


@pytest.mark.parametrize("description", ["租赁挖掘机台班费", "租用村民机械设备", "铲车租金"])
def test_machinery_rental_is_never_wages(description, make_project, cast):
    project = make_project(complete=False)
    with pytest.raises(ValidationError) as caught:
        expenditure_line_add(
            acting_user=cast.project_unit, project=project, category=E.WAGES,
            description=description, amount=Decimal("5000"), from_special_fund=True,
        )  # fmt: skip
    assert "不得计入劳务报酬（第三十条）" in caught.value.message_dict["category"][0]
    rental = expenditure_line_add(
        acting_user=cast.project_unit, project=project, category=E.MACHINERY_RENTAL,
        description=description, amount=Decimal("5000"), from_special_fund=False,
    )  # fmt: skip
    assert not rental.is_wages
    assert funds.wage_lines_total([rental]) == 0


def test_the_plan_is_fixed_after_review_except_for_the_district_office(make_project, cast):
    project = make_project(status=ProjectStatus.REVIEWED)
    with pytest.raises(PermissionDenied, match="支出计划不能再修改"):
        expenditure_line_add(
            acting_user=cast.project_unit, project=project, category=E.MATERIALS,
            description="砂石", amount=Decimal("1"), from_special_fund=False,
        )  # fmt: skip
    expenditure_line_add(
        acting_user=cast.district_office, project=project, category=E.MATERIALS,
        description="砂石", amount=Decimal("1"), from_special_fund=False,
    )  # fmt: skip
    approved = make_project(status=ProjectStatus.APPROVED)
    line = approved.expenditure_lines.first()
    with pytest.raises(PermissionDenied, match="变更申请（第十一条）"):
        expenditure_line_delete(acting_user=cast.district_office, line=line)


def test_outside_the_scope_nothing_is_planned(make_project, cast):
    project = make_project(complete=False)
    with pytest.raises(PermissionDenied):
        expenditure_line_add(
            acting_user=cast.other_unit, project=project, category=E.MATERIALS,
            description="砂石", amount=Decimal("1"), from_special_fund=False,
        )  # fmt: skip


def test_a_line_can_be_deleted_while_planning(make_project, cast):
    project = make_project(complete=False)
    line = ExpenditureLineFactory(project=project)
    expenditure_line_delete(acting_user=cast.project_unit, line=line)
    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()


# --- wage share (art. 30) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("wages", "special", "share"),
    [("180000", "600000", Decimal("0.3000")), ("1", "3", Decimal("0.3333")),
     ("100", "0", None), ("100", None, None)],
)  # fmt: skip
def test_wage_share(wages, special, share):
    assert funds.wage_share(Decimal(wages), Decimal(special) if special else special) == share


def test_below_target():
    assert funds.below_target(Decimal("0.29"), Decimal("0.30")) is True
    assert funds.below_target(Decimal("0.30"), Decimal("0.30")) is False
    assert funds.below_target(None, Decimal("0.30")) is None
    assert funds.below_target(Decimal("0.5"), None) is None


@pytest.mark.parametrize(
    ("source", "special", "why"),
    [("central_budget", False, "属于国家以工代赈专项资金（第十三条）"),
     ("central_fiscal", False, "属于国家以工代赈专项资金（第十三条）"),
     ("social", True, "不是财政资金"), ("other", True, "不是财政资金"),
     ("district", True, None), ("municipal", False, None), ("central_budget", True, None)],
)  # fmt: skip
def test_which_sources_may_be_special_funds(source, special, why):
    result = funds.special_fund_allowed(source, special)
    assert (result is None) if why is None else (why in result)
