"""Issue 11 item 10, art. 18 (嚴禁重復安排): the same work is recognised by where it is and what
it builds, not only by its name — same village, same sector and overlapping construction periods,
or sites within the district's distance — and flagged for the reviewer naming the earlier
project; only the same name (with special funds) refuses listing, as before."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from projects.choices import ProjectStatus
from projects.duplicates import distance_m, possible_duplicates
from projects.services.lifecycle import project_transition
from projects.services.programme import programme_year_save
from yiguoji.core.choices import Sector

pytestmark = pytest.mark.django_db
S = ProjectStatus


@pytest.fixture
def chadao(cast):
    return cast.township.villages.get(name="岔道村")


def _in_village(project, village):
    project.villages.set([village])
    return project


def test_art_18_same_village_same_sector_overlapping_years_is_flagged(
    cast, make_project, programme, chadao
):
    earlier = _in_village(make_project(status=S.IN_PROGRESS, name="岔道村排水沟渠整治",
                                       year=2025, planned_start=datetime.date(2025, 5, 1),
                                       planned_end=datetime.date(2026, 6, 30)), chadao)  # fmt: skip
    project = _in_village(make_project(name="岔道村雨水边沟砌筑"), chadao)  # 2026-04-01..10-31
    (flag,) = possible_duplicates(project)
    assert flag.project == earlier and not flag.same_name
    assert flag.reasons == ["同在岔道村，同为水利工程，建设期重叠（2026-04-01至2026-06-30）"]
    assert flag.text.startswith(
        f"可能与2025年项目“{earlier.code} 岔道村排水沟渠整治”（建设中）为同一建设内容"
    )
    # another sector in the same village, or the same sector in years that do not overlap:
    # another work
    _in_village(make_project(name="岔道村街巷硬化", sector=Sector.TRANSPORT), chadao)
    old = make_project(name="岔道村水渠（2024）", year=2024,
                       planned_start=datetime.date(2024, 4, 1),
                       planned_end=datetime.date(2024, 9, 30))  # fmt: skip
    _in_village(old, chadao)
    # the phase it continues and a withdrawn project are never flagged
    _in_village(make_project(name="岔道村排水（撤回）", status=S.WITHDRAWN), chadao)
    assert [f.project for f in possible_duplicates(project)] == [earlier]
    project.continues = earlier
    project.save()
    assert possible_duplicates(project) == []


def test_art_18_sites_within_the_districts_distance_are_flagged(cast, make_project, programme):
    here = make_project(name="石峡村古道步道维护", sector=Sector.CULTURE_TOURISM,
                        site_latitude=D("40.400000"), site_longitude=D("116.000000"))  # fmt: skip
    # finished years ago, 111 m north, in the other township: same work at the same spot
    there = make_project(name="古道步道修缮（一期）", sector=Sector.CULTURE_TOURISM, year=2023,
                         status=S.MAINTENANCE, townships=[cast.other_township],
                         planned_start=datetime.date(2023, 4, 1),
                         planned_end=datetime.date(2023, 9, 30),
                         site_latitude=D("40.401000"),
                         site_longitude=D("116.000000"))  # fmt: skip
    assert round(distance_m((here.site_latitude, here.site_longitude),
                            (there.site_latitude, there.site_longitude))) == 111  # fmt: skip
    # the distance is the district's data: blank, sites are not compared
    assert possible_duplicates(here) == []
    programme_year_save(acting_user=cast.district_office, year=2026, wage_share_target=D("0.3"),
                        wage_account_threshold=None, notice_days=7,
                        duplicate_distance_m=200)  # fmt: skip
    (flag,) = possible_duplicates(here)
    assert flag.project == there
    assert flag.reasons == ["同为文化旅游工程，工地相距约111米（不超过200米）"]
    assert possible_duplicates(here, distance=100) == []


def test_art_18_flags_reach_the_reviewer_and_only_the_same_name_refuses(
    cast, make_project, programme, chadao, client_for
):
    earlier = _in_village(make_project(status=S.APPROVED, name="岔道村排水沟渠整治"), chadao)
    project = _in_village(make_project(status=S.REVIEWED, name="岔道村雨水边沟砌筑"), chadao)
    office = client_for(cast.district_office)
    for url in (reverse("projects:detail", args=[project.pk]),
                reverse("projects:transition", args=[project.pk, "list"])):  # fmt: skip
        page = office.get(url).content.decode()
        assert "可能重复安排（第十八条：严禁重复安排）" in page
        assert f"{earlier.code} 岔道村排水沟渠整治" in page
    # a flag, not a refusal: the reviewer has seen it and lists the project
    project_transition(acting_user=cast.district_office, project=project, action="list")
    assert project.status == S.LISTED
