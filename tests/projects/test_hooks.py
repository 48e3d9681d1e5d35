"""The wage-figure hook through which payroll shows paid wages on project pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.hooks import (
    WageFigures,
    register_wage_figures,
    unregister_wage_figures,
    wage_figures,
    wage_figures_for,
)

pytestmark = pytest.mark.django_db


def test_without_a_provider_there_are_no_figures(make_project):
    project = make_project()
    assert wage_figures(project) is None
    assert wage_figures_for([]) == {}


def test_a_provider_is_called_once_for_a_batch(make_project, cast, client_for):
    projects = [make_project(), make_project()]
    calls = []

    def provider(batch):
        calls.append([p.pk for p in batch])
        return {batch[0].pk: WageFigures(workers=3, wages_paid=Decimal("1234.50"))}

    register_wage_figures(provider)
    register_wage_figures(provider)  # registering twice changes nothing
    try:
        figures = wage_figures_for(projects)
        assert calls == [[p.pk for p in projects]]
        assert figures == {projects[0].pk: WageFigures(workers=3, wages_paid=Decimal("1234.50"))}
        page = client_for(cast.project_unit).get(reverse("projects:detail", args=[projects[0].pk]))
        assert "已发放劳务报酬" in page.content.decode() and "0.12 万元" in page.content.decode()
    finally:
        unregister_wage_figures(provider)
    page = client_for(cast.project_unit).get(reverse("projects:detail", args=[projects[0].pk]))
    assert "尚无劳务报酬发放记录" in page.content.decode()
