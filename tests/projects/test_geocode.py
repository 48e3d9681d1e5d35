"""按地址定位 (issue 16 item 4, "from an address"): the district's gazetteer matched by name, the
optional geocoder of the district (only ever a local test server here), and the site page."""

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from django.urls import reverse

from projects import geocode
from projects.choices import ProjectStatus
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role


def at(found):
    return (found.source, found.latitude, found.longitude)


def test_the_shipped_gazetteer_has_every_township_seat_and_village_of_the_district():
    seats, villages = geocode.gazetteer()
    assert len(seats) == 18 and "八达岭镇" in seats and "珍珠泉乡" in seats
    assert len(villages) >= 117
    for place in [*seats.values(), *villages]:  # all inside Yanqing
        assert Decimal("115.7") < place.longitude < Decimal("116.6"), place
        assert Decimal("40.3") < place.latitude < Decimal("40.8"), place


@pytest.mark.parametrize(
    ("address", "village"),
    [
        ("北京市延庆区八达岭镇岔道村东口", "岔道村"),
        ("八达岭镇 石峡村 北侧山坡", "石峡村"),
        ("帮水峪", "帮水峪村"),  # the name without 村
        ("水峪村", "水峪村"),  # 张山营镇's, not 帮水峪村 (the longest name wins)
        ("张山营村", "张山营村"),  # a village named after its township
        ("千家店镇河口村北200米", "河口村"),
    ],
)
def test_a_village_in_the_address_gives_the_village_s_position(address, village):
    found = geocode.locate(address)
    _, villages = geocode.gazetteer()
    (place,) = [v for v in villages if v.village == village]
    assert at(found) == ("village", place.latitude, place.longitude)
    assert f"已按“{place.township}{village}”定位" in found.message


def test_a_township_alone_gives_its_seat_and_says_no_village_matched():
    found = geocode.locate("延庆区张山营镇")  # 延庆区 is not read as 延庆镇
    seats, _ = geocode.gazetteer()
    assert at(found) == ("township", seats["张山营镇"].latitude, seats["张山营镇"].longitude)
    assert "只找到乡镇“张山营镇”（未找到其中的村）" in found.message


def test_the_township_typed_chooses_among_villages_and_nothing_else_matches():
    found = geocode.locate("四海镇前山村")
    assert found.source == "village" and "四海镇前山村" in found.message
    nothing = geocode.locate("海淀区中关村大街1号")
    assert not nothing.ok and "地名库中没有与“海淀区中关村大街1号”匹配的乡镇或村" in nothing.message
    assert not geocode.locate("  ").ok


def test_a_village_name_in_two_townships_asks_for_the_township(settings, tmp_path):
    places = tmp_path / "places.csv"
    places.write_text(
        "township,village,longitude,latitude\n甲镇,,116.0,40.4\n乙乡,,116.2,40.5\n"
        "甲镇,前山村,116.01,40.41\n乙乡,前山村,116.21,40.51\n",
        encoding="utf-8",
    )
    settings.GAZETTEER_FILE = places
    found = geocode.locate("前山村")
    assert not found.ok and "“前山村”在乙乡、甲镇都有，请在地址中写明乡镇" in found.message
    assert at(geocode.locate("乙乡前山村")) == ("village", Decimal("40.51"), Decimal("116.21"))


@pytest.fixture
def geocoder(settings):
    """A local geocoder answering like Nominatim; records the addresses it was asked."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            address = unquote(self.path.split("q=", 1)[1])
            asked.append(address)
            answers = {
                "延庆区八达岭长城北门": [
                    {"lat": "40.3597", "lon": "116.0200", "display_name": "八达岭长城北门"}
                ],
                "天安门": [{"lat": "39.9087", "lon": "116.3975", "display_name": "天安门"}],
            }
            body = json.dumps(answers.get(address, [])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GEOCODER_URL = (
        f"http://127.0.0.1:{server.server_port}/search?format=json&q={{address}}"
    )
    yield asked
    server.shutdown()


def test_the_district_s_geocoder_is_off_by_default(settings):
    assert settings.GEOCODER_URL == ""
    assert geocode.ask_geocoder("延庆区八达岭长城北门") is None


def test_the_geocoder_is_asked_only_when_no_village_matched(geocoder):
    found = geocode.locate("延庆区八达岭长城北门")
    assert at(found) == ("geocoder", Decimal("40.359700"), Decimal("116.020000"))
    assert "地理编码服务已按“八达岭长城北门”定位" in found.message
    assert geocode.locate("八达岭镇岔道村").source == "village"
    assert geocoder == ["延庆区八达岭长城北门"]  # the village was found without asking


def test_a_geocoder_answer_outside_the_district_or_none_falls_back_to_the_gazetteer(geocoder):
    assert not geocode.locate("天安门").ok  # in Beijing, not in Yanqing: not taken
    assert geocode.locate("八达岭镇某某工地").source == "township"  # no answer: the seat
    assert geocoder == ["天安门", "八达岭镇某某工地"]


def test_an_unreachable_geocoder_is_a_township_seat_not_an_error(settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9/search?q={address}"  # nothing listens
    settings.GEOCODER_TIMEOUT = 1
    assert geocode.locate("四海镇").source == "township"


@pytest.mark.django_db
def test_the_site_page_fills_the_coordinates_from_the_address_and_says_what_matched(
    make_user, client_for
):
    unit = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(
        owner=unit.organisation, status=ProjectStatus.IN_PROGRESS, location="八达岭镇岔道村"
    )
    url = reverse("projects:site", args=[project.pk])
    client = client_for(unit)
    page = client.get(url).content.decode()
    assert "按地址定位" in page and 'value="八达岭镇岔道村"' in page  # the project's own place
    page = client.get(url, {"address": "八达岭镇岔道村"}).content.decode()
    assert "已按“八达岭镇岔道村”定位" in page
    assert 'name="latitude" value="40.362000"' in page.replace("  ", " ")
    project.refresh_from_db()
    assert project.site_latitude is None  # filled, not saved: the user checks and saves
    page = client.get(url, {"address": "海淀区中关村"}).content.decode()
    assert "没有与“海淀区中关村”匹配的乡镇或村" in page


@pytest.mark.django_db
def test_those_who_may_only_look_get_no_address_form(make_user, client_for):
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS)
    page = client_for(make_user(Role.FINANCE)).get(
        reverse("projects:site", args=[project.pk]), {"address": "八达岭镇岔道村"}
    )
    assert page.status_code == 200 and "按地址定位" not in page.content.decode()
