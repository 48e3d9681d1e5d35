"""The project resource: the list page's scope and filters, 404 outside, lifecycle history,
stable cursor pagination under inserts, fixed query counts per page, ETag / If-None-Match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.choices import ProjectStatus
from projects.models import ProjectTransition
from tests.api.conftest import error_of
from tests.factories import OrganisationFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role

URL = "/api/v1/projects/"


@pytest.fixture
def townships(township, other_township):
    mine = OrganisationFactory(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP, township=township)
    theirs = OrganisationFactory(
        name="张山营镇人民政府", kind=OrgKind.TOWNSHIP, township=other_township
    )
    return mine, theirs


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_township_client_sees_its_township_only(register, townships, township, other_township):
    mine, _theirs = townships
    own = ProjectFactory(townships=[township])
    other = ProjectFactory(townships=[other_township])
    _client, http = register(mine, Role.TOWNSHIP)
    assert _ids(http.get(URL)) == [own.pk]
    assert http.get(f"{URL}{own.pk}/").status_code == 200
    response = http.get(f"{URL}{other.pk}/")
    assert response.status_code == 404  # the same 404 a township user gets on the page
    assert error_of(response)["code"] == "not_found"


def test_the_same_rows_as_a_user_of_the_organisation(
    register, townships, township, other_township, make_user, client_for
):
    mine, _theirs = townships
    for t in (township, township, other_township):
        ProjectFactory(townships=[t])
    _client, http = register(mine, Role.TOWNSHIP)
    person = make_user(Role.TOWNSHIP, organisation=mine)
    page = client_for(person).get("/projects/", {"per_page": 100})
    assert sorted(_ids(http.get(URL))) == sorted(p.pk for p in page.context["table"].data)


def test_filters_mirror_the_list_page(register, office, township):
    reserve = ProjectFactory(townships=[township], status=ProjectStatus.RESERVE)
    ProjectFactory(townships=[township], status=ProjectStatus.APPROVED)
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    assert _ids(http.get(URL, {"status": "reserve"})) == [reserve.pk]
    assert _ids(http.get(URL, {"q": reserve.code})) == [reserve.pk]
    response = http.get(URL, {"status": "no-such-state"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and "status" in error["fields"]


def test_detail_has_lifecycle_state_history_and_funding(register, office, township):
    project = ProjectFactory(townships=[township], status=ProjectStatus.REVIEWED)
    FundingLineFactory(project=project)
    ProjectTransition.objects.create(
        project=project,
        action="review",
        from_status=ProjectStatus.RESERVE,
        to_status=ProjectStatus.REVIEWED,
        actor=office,
        actor_organisation="区发展改革委",
        reason="前期审查通过",
    )
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    body = http.get(f"{URL}{project.pk}/").json()
    assert body["status"] == "reviewed" and body["status_label"] == "已审查"
    assert [(h["from_status"], h["to_status"], h["reason"]) for h in body["history"]] == [
        ("reserve", "reviewed", "前期审查通过")
    ]
    assert len(body["funding_lines"]) == 1
    assert body["townships"] == [township.name]


def test_pagination_is_stable_under_inserts(register, office, township):
    first = [ProjectFactory(townships=[township]) for _ in range(5)]
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    page = http.get(URL, {"page_size": 2}).json()
    seen = [row["id"] for row in page["results"]]
    added = [ProjectFactory(townships=[township]) for _ in range(3)]  # while the client walks
    while page["next"]:
        page = http.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == [p.pk for p in first + added]  # nothing twice, nothing skipped, same order


def _queries(http, size):
    with CaptureQueriesContext(connection) as captured:
        response = http.get(URL, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(captured)


def test_query_count_is_fixed_per_page(register, townships, township, other_township):
    mine, _ = townships
    for n in range(30):
        project = ProjectFactory(townships=[township, other_township] if n % 2 else [township])
        FundingLineFactory(project=project)
    _client, http = register(mine, Role.TOWNSHIP)
    # token + page + townships prefetch + the call log: the same for 5 rows as for 30
    assert _queries(http, 5) == _queries(http, 30) <= 5


def test_etag_and_if_none_match(register, office, township):
    project = ProjectFactory(townships=[township])
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    response = http.get(URL)
    etag = response["ETag"]
    assert etag and "Authorization" in response["Vary"]
    again = http.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    project.name = "改名后的项目"
    project.save()
    assert http.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200
