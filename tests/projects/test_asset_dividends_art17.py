"""Public-welfare upkeep posts and asset dividends per village collective (issue 11 item 12;
art. 17: 推广“公益性基础设施建设+劳务报酬发放+就业技能培训+公益性管护岗位开发”和“产业发展配套
基础设施建设+劳务报酬发放+就业技能培训+资产折股量化分红”等综合赈济模式)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment.selectors.collectives import collective_rows
from projects.choices import ProjectStatus, WorkSegment
from projects.models import AssetShare, Dividend
from projects.services.assets import asset_share_record, dividend_record
from tests.payroll.factories import WorkerFactory
from tests.projects.factories import PositionFactory, hand_over
from tests.training.factories import ConversionFactory
from training.choices import ConversionKind

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def built(cast, make_project, programme):
    """A finished project of the village committee (岔道村), handed over at 800,000."""
    project = make_project(status=ProjectStatus.MAINTENANCE, name="岔道村停车场")
    handover = hand_over(project, cast.project_unit)
    handover.asset_value = D("800000")
    handover.save()
    return project


def _share(cast, project, value, collective=None, user=None):
    return asset_share_record(
        acting_user=user or cast.project_unit, project=project,
        collective=collective or cast.orgs["project_unit"], share_value=D(value),
        households=120, quantified_on=dt.date(2026, 6, 1), basis="成员大会通过的折股量化方案",
        today=TODAY,
    )  # fmt: skip


def test_art_17_shares_never_exceed_the_assets_built(cast, built):
    share = _share(cast, built, "500000")
    assert AssetShare.pgh_event_model.objects.filter(pgh_obj_id=share.pk).exists()  # audited
    with pytest.raises(ValidationError, match="将超过形成的资产"):
        _share(cast, built, "300000.01", collective=cast.orgs["other_unit"])
    _share(cast, built, "300000", collective=cast.orgs["other_unit"])  # 800,000 in all
    with pytest.raises(ValidationError, match="已登记"):
        _share(cast, built, "1")


def test_art_17_only_a_collective_only_once_built(cast, built, make_project):
    with pytest.raises(ValidationError, match="村集体经济组织或村民委员会"):
        _share(cast, built, "1000", collective=cast.orgs["contractor"])
    running = make_project(status=ProjectStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="建成后方可折股量化"):
        _share(cast, running, "1000")
    with pytest.raises(PermissionDenied):
        _share(cast, built, "1000", user=cast.users["other_unit"])


def test_art_17_one_dividend_a_year(cast, built):
    share = _share(cast, built, "500000")
    values = {"amount": D("25000"), "paid_on": dt.date(2026, 11, 20), "households": 120,
              "today": TODAY}  # fmt: skip
    dividend = dividend_record(acting_user=cast.project_unit, asset_share=share, year=2026,
                               **values)  # fmt: skip
    assert Dividend.pgh_event_model.objects.filter(pgh_obj_id=dividend.pk).exists()
    with pytest.raises(ValidationError, match="2026年度的分红已登记"):
        dividend_record(acting_user=cast.project_unit, asset_share=share, year=2026, **values)
    with pytest.raises(ValidationError):  # before the shares existed
        dividend_record(acting_user=cast.project_unit, asset_share=share, year=2025, **values)


def test_art_17_per_collective_posts_from_own_workers_and_dividends(cast, built):
    # two upkeep posts planned; one filled by a worker who built the project (a conversion of
    # the project's own worker, plan task 6), one contractor job that is not an upkeep post
    PositionFactory(project=built, segment=WorkSegment.MAINTENANCE, headcount=2)
    zhang, li = (WorkerFactory(township=cast.township) for _ in range(2))
    ConversionFactory(project=built, worker=zhang, kind=ConversionKind.MAINTENANCE)
    ConversionFactory(project=built, worker=li, kind=ConversionKind.CONTRACTOR_STAFF)
    share = _share(cast, built, "500000")
    dividend_record(acting_user=cast.project_unit, asset_share=share, year=2026,
                    amount=D("25000"), paid_on=dt.date(2026, 11, 20), households=120,
                    today=TODAY)  # fmt: skip
    (row,) = collective_rows(cast.district_office)
    assert row.collective == cast.orgs["project_unit"]
    assert (row.posts_planned, row.posts_filled) == (2, 1)
    assert (row.share_value, row.households, row.dividends) == (D("500000"), 120, D("25000"))
    assert row.dividends_by_year == {2026: D("25000")}
    assert collective_rows(cast.users["other_township"]) == []  # scope


def test_art_17_pages(cast, built, client_for):
    unit = client_for(cast.project_unit)
    url = reverse("projects:delivery", args=[built.pk])
    response = unit.post(url, {
        "what": "share", "collective": cast.orgs["project_unit"].pk, "share_value": "400000",
        "households": "88", "quantified_on": "2026-06-01", "basis": "折股量化方案",
    })  # fmt: skip
    assert response.status_code == 302
    share = AssetShare.objects.get()
    response = unit.post(url, {
        "what": "dividend", "asset_share": share.pk, "year": "2026", "amount": "20000",
        "paid_on": "2026-11-20", "households": "88",
    })  # fmt: skip
    assert response.status_code == 302 and Dividend.objects.get().amount == D("20000")
    assert client_for(cast.leader).post(url, {"what": "share"}).status_code == 403
    page = client_for(cast.district_office).get(reverse("assessment:collectives"))
    assert "400,000.00" in page.content.decode() and "20,000.00" in page.content.decode()
