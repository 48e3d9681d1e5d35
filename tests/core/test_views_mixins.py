"""ScopedTableView: scoped, filtered list pages whose Excel export matches the page."""

import io

import django_filters
import django_tables2 as tables
import pytest
from django.test import override_settings
from django.urls import include, path
from openpyxl import load_workbook

from tests.factories import OrganisationFactory
from yiguoji.core.capabilities import USE_PORTAL
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import User
from yiguoji.core.roles import Role
from yiguoji.core.views.mixins import ScopedTableView

pytestmark = pytest.mark.django_db


class PeopleTable(tables.Table):
    hidden = tables.Column(accessor="pk", visible=False, verbose_name="内部编号")
    full_name = tables.Column(verbose_name="姓名")
    organisation = tables.Column(verbose_name="单位")
    secret = tables.Column(accessor="username", verbose_name="用户名", exclude_from_export=True)

    class Meta:
        model = User
        fields = ()


class PeopleFilter(django_filters.FilterSet):
    full_name = django_filters.CharFilter(lookup_expr="contains", label="姓名")

    class Meta:
        model = User
        fields = ["full_name"]


class PeopleView(ScopedTableView):
    capability = USE_PORTAL
    queryset = User.objects.select_related("organisation").order_by("full_name")
    filterset_class = PeopleFilter
    table_class = PeopleTable
    export_name = "人员名单"


urlpatterns = [path("people/", PeopleView.as_view()), path("", include("yiguoji.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_export_has_the_filtered_scoped_rows_with_headers_aligned(make_user, client_for):
    org = OrganisationFactory(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP)
    viewer = make_user(Role.TOWNSHIP, organisation=org, full_name="刘强")
    make_user(Role.TOWNSHIP, organisation=org, full_name="刘明")
    make_user(Role.TOWNSHIP, organisation=org, full_name="张三")
    make_user(Role.CONTRACTOR, full_name="刘外人")  # another organisation: out of scope

    response = client_for(viewer).get("/people/", {"full_name": "刘", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("内部编号", "姓名", "单位")  # the hidden column's header is kept too
    assert {row[1:] for row in rows[1:]} == {
        ("刘强", "八达岭镇人民政府"),
        ("刘明", "八达岭镇人民政府"),
    }


@override_settings(ROOT_URLCONF=__name__)
def test_page_shows_the_same_rows(make_user, client_for):
    viewer = make_user(Role.TOWNSHIP, full_name="刘强")
    make_user(Role.CONTRACTOR, full_name="刘外人")
    page = client_for(viewer).get("/people/").content.decode()
    assert "刘强" in page and "刘外人" not in page
