"""A project's site and the maps of works (projects.services.site, projects.maps, the map pages;
issue 16 item 4)."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.choices import ProjectStatus
from projects.maps import outlines, works_geojson
from projects.services.site import project_site_set
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
LAT, LNG = Decimal("40.456321"), Decimal("115.973210")


@pytest.fixture
def unit_project(make_user):
    unit = make_user(Role.PROJECT_UNIT)
    return unit, ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)


def test_the_site_is_set_with_a_line_or_area(unit_project):
    unit, project = unit_project
    area = {"type": "Polygon", "coordinates": [[[115.97, 40.45], [115.98, 40.45], [115.98, 40.46]]]}
    project = project_site_set(
        acting_user=unit, project=project, latitude=LAT, longitude=LNG, shape=area
    )
    project.refresh_from_db()
    assert (project.site_latitude, project.site_longitude) == (LAT, LNG)
    ring = project.site_shape["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]  # the ring is closed


def test_bad_positions_are_refused_with_the_reason(unit_project):
    unit, project = unit_project
    with pytest.raises(ValidationError, match="是否把经度和纬度填反了"):
        project_site_set(acting_user=unit, project=project, latitude=LNG, longitude=LAT)
    with pytest.raises(ValidationError, match="同时填写"):
        project_site_set(acting_user=unit, project=project, latitude=LAT, longitude=None)
    line = {"type": "LineString", "coordinates": [[115.97, 40.45]]}
    with pytest.raises(ValidationError, match="线路至少要2个点"):
        project_site_set(acting_user=unit, project=project, latitude=LAT, longitude=LNG, shape=line)
    line = {"type": "LineString", "coordinates": [[115.97, 40.45], [40.46, 115.98]]}
    with pytest.raises(ValidationError, match="填反了"):
        project_site_set(acting_user=unit, project=project, latitude=LAT, longitude=LNG, shape=line)
    project.refresh_from_db()
    assert project.site_latitude is None


def test_only_those_who_may_change_the_project_locate_it(unit_project, make_user):
    _, project = unit_project
    with pytest.raises(PermissionDenied):
        project_site_set(
            acting_user=make_user(Role.PROJECT_UNIT, username="u2"), project=project,
            latitude=LAT, longitude=LNG,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # no capability: finance sees every project
        project_site_set(
            acting_user=make_user(Role.FINANCE), project=project, latitude=LAT, longitude=LNG
        )


def test_site_page_saves_a_clicked_point(unit_project, client_for):
    unit, project = unit_project
    url = reverse("projects:site", args=[project.pk])
    client = client_for(unit)
    page = client.get(url)
    assert page.status_code == 200 and b'data-pick="site-form"' in page.content
    response = client.post(url, {"latitude": "40.4563214", "longitude": "115.97321", "shape": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.site_latitude == Decimal("40.456321")


def test_works_map_shows_located_works_by_township_in_fixed_queries(
    make_user, township, other_township, client_for, django_assert_max_num_queries
):
    here = [ProjectFactory(townships=[township], site_latitude=LAT, site_longitude=LNG,
                           status=ProjectStatus.IN_PROGRESS) for _ in range(3)]  # fmt: skip
    ProjectFactory(townships=[other_township], site_latitude=LAT, site_longitude=LNG)
    ProjectFactory(townships=[township])  # not located yet
    client = client_for(make_user(Role.DISTRICT_OFFICE))
    url = reverse("projects:map")
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url, {"township": township.pk})
    works = response.context["works"]
    codes = {f["properties"]["code"] for f in works["features"]}
    assert codes == {p.code for p in here}
    assert response.context["unlocated"] == 1
    assert all(f["properties"]["colour"] == "#d97706" for f in works["features"])  # in works
    body = response.content.decode()
    assert 'id="map-outlines"' in body and "<script>" not in body  # data, not inline script


def test_outlines_are_the_district_s_file_labelled_approximate():
    data = outlines()
    assert len(data["features"]) == 18
    assert all(f["properties"]["approximate"] for f in data["features"])
    assert "示意轮廓" in data["note"]


def test_a_line_is_drawn_with_its_site_point():
    project = ProjectFactory.build(
        pk=1, code="YQ-1", site_latitude=LAT, site_longitude=LNG,
        site_shape={"type": "LineString", "coordinates": [[115.97, 40.45], [115.98, 40.46]]},
    )  # fmt: skip
    features = works_geojson([project], link=lambda p: "")["features"]
    assert [f["geometry"]["type"] for f in features] == ["LineString", "Point"]
    assert json.dumps(features, ensure_ascii=False)


def test_the_public_page_shows_the_site_on_the_same_map(make_project, cast, client, fresh_cache):
    from projects.services import publication

    project = make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村步道")
    publication.project_publish(acting_user=cast.district_office, project=project)
    url = reverse("public:project", args=[project.code])
    assert b"data-map" not in client.get(url).content  # no site marked: no map
    project_site_set(acting_user=cast.district_office, project=project, latitude=LAT,
                     longitude=LNG)  # fmt: skip
    fresh_cache()  # the page was cached without the map
    body = client.get(url).content.decode()
    assert "data-map" in body and "leaflet.js" in body and "map-works" in body
    assert "40.456321" in body and "<script>" not in body
