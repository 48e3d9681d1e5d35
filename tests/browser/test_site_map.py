"""A project's site picked on the map (issue 16 item 4): the project unit fills it from the
address (按地址定位), corrects it by clicking the map, saves, and sees the coordinates stored and
the marker on the project's map and on the district's map. Screenshots in test-artifacts/."""

from decimal import Decimal

import pytest

from projects import geocode
from projects.choices import ProjectStatus
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where the map's works layer put the project's site (the GeoJSON point, not the picking marker).
SITE_MARKER = """code => {
  const map = document.querySelector('[data-map]').leaflet;
  let found = null;
  map.eachLayer(l => {
    if (l.feature && l.feature.geometry.type === 'Point' && l.feature.properties.code === code)
      found = [l.getLatLng().lat, l.getLatLng().lng];
  });
  return found;
}"""

STILL = """() => new Promise(done => {
  const map = document.querySelector('[data-map]').leaflet;
  let last = '';
  const tick = setInterval(() => {
    const now = JSON.stringify(map.getCenter());
    if (now === last) { clearInterval(tick); done(); }
    last = now;
  }, 400);
})"""


def test_the_site_is_picked_on_the_map_saved_and_shown(live_server, page, artifacts):
    unit = UserFactory(username="site-unit", role=Role.PROJECT_UNIT)
    project = ProjectFactory(
        owner=unit.organisation, status=ProjectStatus.IN_PROGRESS, location="八达岭镇岔道村"
    )
    base = live_server.url
    sign_in(page, base, "site-unit", PASSWORD)
    page.goto(f"{base}/projects/{project.pk}/site/")
    page.locator(".leaflet-container").wait_for()
    assert page.evaluate(SITE_MARKER, project.code) is None  # not located yet

    # 按地址定位: the project's own place is in the box; the coordinates are filled, not saved.
    page.get_by_role("button", name="按地址定位").click()
    page.locator("[data-found]").wait_for()
    assert "已按“八达岭镇岔道村”定位" in page.locator("[data-found]").inner_text()
    (village,) = [v for v in geocode.gazetteer()[1] if v.village == "岔道村"]
    assert Decimal(page.input_value("#id_latitude")) == village.latitude
    project.refresh_from_db()
    assert project.site_latitude is None

    # A click on the map moves the site where the works really are.
    box = page.locator("[data-map]")
    size = box.bounding_box()
    x, y = round(size["width"] * 0.62), round(size["height"] * 0.41)
    page.evaluate(STILL)  # the map has finished panning to the address's place
    page.evaluate(
        "() => document.querySelector('[data-map]').leaflet.once('click', e => {"
        " window.picked = [e.latlng.lat.toFixed(6), e.latlng.lng.toFixed(6)]; })"
    )
    box.click(position={"x": x, "y": y})
    lat, lng = page.evaluate("() => window.picked")
    assert (page.input_value("#id_latitude"), page.input_value("#id_longitude")) == (lat, lng)
    assert (Decimal(lat), Decimal(lng)) != (village.latitude, village.longitude)
    page.screenshot(path=str(artifacts / "project-site-pick.png"), full_page=True)

    page.get_by_role("button", name="保存工地位置").click()
    page.locator(".alert-success").wait_for()
    assert "工地位置已保存" in page.locator(".alert-success").inner_text()
    project.refresh_from_db()
    assert (project.site_latitude, project.site_longitude) == (Decimal(lat), Decimal(lng))
    marker = page.evaluate(SITE_MARKER, project.code)
    assert marker == pytest.approx([float(lat), float(lng)], abs=1e-6)
    page.screenshot(path=str(artifacts / "project-site-saved.png"), full_page=True)

    page.goto(f"{base}/projects/map/")
    page.locator(".leaflet-container").wait_for()
    assert page.evaluate(SITE_MARKER, project.code) == pytest.approx(marker, abs=1e-6)
    page.screenshot(path=str(artifacts / "works-map.png"), full_page=True)
