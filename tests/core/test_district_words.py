"""Another district or county runs the same code from its own data files (issue 11, item 7).

A made-up county (``tests/data/districts/qingshi``: 青石县, 县发展改革局, 县人社局, 县财政局) is
loaded the way Yanqing is, and its words, never Yanqing's, appear in labels, pages, a public
notice PDF (art. 31) and the annual list export (plan task 1).
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from projects.choices import FundSource, NoticeKind, ProjectStatus
from projects.pdf import notice_pdf
from tests.factories import UserFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory, PublicNoticeFactory
from tests.projects.test_pdf import text_of
from training.choices import OrganiserKind
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Organisation, Township
from yiguoji.core.roles import Role
from yiguoji.core.services.district import DistrictDataError, district_load
from yiguoji.core.terms import terms

pytestmark = pytest.mark.django_db
COUNTY = settings.BASE_DIR / "tests" / "data" / "districts" / "qingshi"
YANQING_WORDS = ("延庆", "区发展改革委", "区人力社保局", "区财政局", "区级资金", "全区")


@pytest.fixture
def county():
    district_load(directory=COUNTY)
    org = Organisation.objects.get
    return {
        "office": UserFactory(
            username="qs_office",
            role=Role.DISTRICT_OFFICE,
            organisation=org(short_name="县发展改革局"),
        ),
        "labour": UserFactory(
            username="qs_labour", role=Role.LABOUR_BUREAU, organisation=org(short_name="县人社局")
        ),
        "leader": UserFactory(
            username="qs_leader", role=Role.LEADER, organisation=org(short_name="县政府")
        ),
    }


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_county_words(text: str, *expected: str) -> None:
    for word in expected:
        assert word in text, word
    for word in YANQING_WORDS:
        assert word not in text, word


def test_the_county_file_sets_its_words_and_every_label_follows(county):
    words = terms()
    assert (words.name, words.level, words.office) == ("青石县", "县", "县发展改革局")
    assert (words.labour_bureau, words.finance_bureau) == ("县人社局", "县财政局")
    # The organisations file names kinds in the county's own words.
    assert Organisation.objects.get(short_name="县发展改革局").kind == OrgKind.DISTRICT_OFFICE
    assert Organisation.objects.get(short_name="县政府").get_kind_display() == "县领导"
    assert county["labour"].get_role_display() == "县人社局"
    assert str(Role.DISTRICT_OFFICE.label) == "县发展改革局"
    assert str(FundSource.DISTRICT.label) == "县级资金"
    assert str(OrganiserKind.LABOUR_BUREAU.label) == "县人社局"


def test_pages_speak_the_county_words(county):
    login = Client().get(reverse("login")).content.decode()
    assert_county_words(login, "青石县以工代赈管理平台", "请联系本单位管理员或县发展改革局")
    directory = signed_in(county["office"]).get(reverse("core:directory")).content.decode()
    assert_county_words(directory, "县发展改革局", "县人社局", "县财政局", "县领导")
    board = signed_in(county["leader"]).get(reverse("assessment:dashboard")).content.decode()
    assert_county_words(board, "全县")


@pytest.fixture
def county_project(county):
    project = ProjectFactory(
        code="QS-2026-001",
        name="北坡村灌溉渠修缮",
        status=ProjectStatus.STARTED,
        townships=[Township.objects.get(name="城关镇")],
        owner=Organisation.objects.get(short_name="城关镇"),
        department=Organisation.objects.get(short_name="县水利局"),
    )
    FundingLineFactory(project=project, amount=Decimal("600000.00"))
    FundingLineFactory(
        project=project, source=FundSource.DISTRICT, amount=Decimal("400000.00"),
        is_special_fund=False,
    )  # fmt: skip
    return project


def test_a_public_notice_pdf_speaks_the_county_words(county_project):
    PublicNoticeFactory(project=county_project, kind=NoticeKind.PRE_START)
    text = text_of(notice_pdf(county_project, NoticeKind.PRE_START))
    assert_county_words(text, "示例省青石县以工代赈项目", "县级资金", "400,000.00", "0000-1234567")


def test_the_annual_list_export_speaks_the_county_words(county, county_project):
    client = signed_in(county["office"])
    response = client.get(reverse("projects:annual_export"), {"year": 2026})
    book = load_workbook(io.BytesIO(response.content))
    cells = " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )
    assert_county_words(
        cells, "2026年青石县以工代赈年度项目清单", "县级资金（元）", "北坡村灌溉渠修缮"
    )


def test_a_district_file_with_a_wrong_level_is_refused(tmp_path):
    for stem in ("townships", "villages", "organisations"):
        (tmp_path / f"{stem}.csv").write_text((COUNTY / f"{stem}.csv").read_text("utf-8"), "utf-8")
    text = (COUNTY / "district.csv").read_text("utf-8").replace("level,县", "level,省")
    (tmp_path / "district.csv").write_text(text, "utf-8")
    with pytest.raises(DistrictDataError, match="level：应为区、县、旗、市之一"):
        district_load(directory=tmp_path)


def test_without_the_words_a_county_file_gets_the_generic_ones(tmp_path):
    """A district file written before the words existed: the level from the name's last
    character, the bodies' generic names (national measures: 县级发展改革部门)."""
    for stem in ("townships", "villages"):
        (tmp_path / f"{stem}.csv").write_text((COUNTY / f"{stem}.csv").read_text("utf-8"), "utf-8")
    (tmp_path / "organisations.csv").write_text("name,short_name,kind\n", "utf-8")
    lines = (COUNTY / "district.csv").read_text("utf-8").splitlines()
    words = {"level", "development_office", "labour_bureau", "finance_bureau"}
    kept = [line for line in lines if line.split(",")[0] not in words]
    (tmp_path / "district.csv").write_text("\n".join(kept) + "\n", "utf-8")
    district_load(directory=tmp_path)
    assert terms().level == "县"
    assert terms().office == "县级发展改革部门"
    assert str(OrgKind.FINANCE.label) == "县级财政部门"
