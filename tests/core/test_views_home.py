"""The home page and menu: each role sees what it may use; fixed number of queries."""

import pytest
from django.urls import reverse

from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def test_menu_shows_each_role_only_its_entries(make_user, client_for):
    office = client_for(make_user(Role.DISTRICT_OFFICE)).get(reverse("home")).content.decode()
    township = client_for(make_user(Role.TOWNSHIP)).get(reverse("home")).content.decode()
    assert "审计日志" in office and "组织机构和用户" in office
    assert "审计日志" not in township and "组织机构和用户" not in township
    assert "登记本乡镇务工人员" in township  # the role's own introduction


def test_home_runs_a_fixed_number_of_queries(make_user, client_for, django_assert_max_num_queries):
    client = client_for(make_user(Role.TOWNSHIP))
    client.get(reverse("home"))
    # 16: one more for the complaints waiting for the township (projects.portal)
    # 17: one more for its people's cards the bank answered as mismatched (payroll.home)
    with django_assert_max_num_queries(17):
        assert client.get(reverse("home")).status_code == 200
