"""The expenditure plan (支出计划) against the project's money (issue 10 item 18): its total
never exceeds the total investment, lines charged to the special funds never exceed them
(art. 19, art. 24 fund compliance), an exact duplicate line is refused, and the page shows a
total row. Refusals name the line and the reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.choices import ExpenditureCategory
from projects.selectors import project_facts
from projects.services.funds import expenditure_line_add
from projects.services.lifecycle import expenditure_plan_consistent

pytestmark = pytest.mark.django_db
E = ExpenditureCategory


def _add(user, project, amount, *, category=E.MATERIALS, description="砂石", special=False):
    return expenditure_line_add(
        acting_user=user, project=project, category=category, description=description,
        amount=Decimal(amount), from_special_fund=special,
    )  # fmt: skip


def test_the_plan_cannot_exceed_the_total_investment(make_project, cast):
    # complete: investment 1,000,000; plan 180,000 wages + 300,000 materials
    project = make_project()
    _add(cast.project_unit, project, "520000.00")  # exactly the investment: allowed
    with pytest.raises(ValidationError) as caught:
        _add(cast.project_unit, project, "0.01", description="零星材料")
    message = caught.value.message_dict["amount"][0]
    assert message == (
        "“建筑材料·零星材料”0.01 元：加上这一行，支出计划合计 1,000,000.01 元，"
        "超过项目总投资 1,000,000.00 元"
    )
    assert project.expenditure_lines.count() == 3


def test_special_fund_lines_cannot_exceed_the_special_funds(make_project, cast):
    project = make_project()  # special funds 600,000; 480,000 already charged
    _add(cast.project_unit, project, "120000.00", special=True)
    with pytest.raises(ValidationError) as caught:
        _add(cast.project_unit, project, "1.00", description="水泥", special=True)
    message = caught.value.message_dict["amount"][0]
    assert "“建筑材料·水泥”1.00 元" in message
    assert "列支以工代赈专项资金的支出合计 600,001.00 元，超过以工代赈专项资金 600,000.00 元" in (
        message
    )
    _add(cast.project_unit, project, "1.00", description="水泥", special=False)  # other money


def test_an_exact_duplicate_line_is_refused(make_project, cast):
    project = make_project()
    with pytest.raises(ValidationError) as caught:
        _add(cast.project_unit, project, "300000.00", description="砂石水泥", special=True)
    assert caught.value.message_dict["description"][0].startswith(
        "“建筑材料·砂石水泥”300,000.00 元与支出计划第2行完全相同，不能重复添加"
    )
    # any difference (amount, fund, wording) is a different line
    _add(cast.project_unit, project, "1000.00", description="砂石水泥", special=True)
    _add(cast.project_unit, project, "300000.00", description="砂石水泥", special=False)
    assert project.expenditure_lines.count() == 4


def test_the_review_check_sees_a_plan_above_the_investment(make_project):
    project = make_project()
    project.total_investment = Decimal("400000.00")
    project.save(update_fields=["total_investment"])
    problems = expenditure_plan_consistent(project_facts(project), None)
    assert "支出计划合计 480,000.00 元，超过项目总投资 400,000.00 元" in problems


def test_the_page_shows_a_total_row_and_the_refusal_on_the_form(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast.project_unit)
    url = reverse("projects:expenditures", args=[project.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="expenditure-total"' in page
    assert "合计（2行）" in page and "480,000.00" in page
    refused = client.post(
        url, {"category": "materials", "description": "砂石水泥", "amount": "300000",
              "from_special_fund": "on"},
    )  # fmt: skip
    assert refused.status_code == 200
    assert "与支出计划第2行完全相同" in refused.content.decode()
    assert project.expenditure_lines.count() == 2
