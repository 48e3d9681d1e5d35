"""Drives the phone's crew page in Chromium at 390 px, in its own process (run by
test_browser_site; Playwright's sync API allows one instance per process).

    python -m tests.payroll.site_driver URL USERNAME PASSWORD CREW_PATH GRID_PATH FIRST SECOND
        PHOTO SHOTS_DIR

Signs in, lets the service worker take the page, switches the network off, reloads the page
(served by the service worker), marks FIRST present and SECOND half, sets the photo from a file,
saves (the entry waits in the phone's queue), switches the network on (the page sends it), then
opens the attendance grid. Prints one JSON object of what it saw, with the bytes that went over
the network in each phase (``traffic``: the page's requests not answered by the service worker,
and the service worker's own), for the closing note of issue 16.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

SITE = {"latitude": 40.3561, "longitude": 116.0203, "accuracy": 15}
ROOT = Path(__file__).resolve().parents[2]


def _static_gzip(path: str) -> int | None:
    """The size of a static file gzipped (as whitenoise serves it in production), or None."""
    relative = path.removeprefix("/static/")
    found = [ROOT / "static" / relative, *ROOT.glob(f"*/static/{relative}")]
    for file in found:
        if file.is_file():
            return len(gzip.compress(file.read_bytes(), 9))
    return None


class Traffic:
    """Requests that went over the network, by phase."""

    def __init__(self):
        self.phase = "first"
        self.requests: dict[str, list] = {}

    def finished(self, request):
        response = request.response()
        if response is None or response.from_service_worker:
            return  # answered from the service worker's cache (or its own fetch, counted apart)
        self.requests.setdefault(self.phase, []).append(request)

    def sizes(self) -> dict:
        out = {}
        for phase, requests in self.requests.items():
            down = up = down_gzip = 0
            files = []
            for request in requests:
                sizes = request.sizes()
                body = max(0, sizes["responseBodySize"])  # negative: 304 / from the cache
                sent = sizes["requestBodySize"] or int(request.header_value("content-length") or 0)
                path = urlsplit(request.url).path
                squeezed = _static_gzip(path) if body and path.startswith("/static/") else None
                down += body + sizes["responseHeadersSize"]
                down_gzip += (squeezed if squeezed is not None else body) + sizes[
                    "responseHeadersSize"
                ]
                up += sent + sizes["requestHeadersSize"]
                files.append([request.method, path, body, sent])
            out[phase] = {"down": down, "down_gzip": down_gzip, "up": up, "requests": files}
        return out


def main(base, username, password, crew, grid, first, second, photo, shots) -> dict:
    shots = Path(shots)
    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
            has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai",
            geolocation=SITE, permissions=["geolocation", "background-sync"],
        )  # fmt: skip
        context.set_default_timeout(20_000)
        traffic = Traffic()
        context.on("requestfinished", traffic.finished)
        page = context.new_page()
        page.goto(f"{base}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(base + crew)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now controlled by the service worker, which keeps the page
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.locator("[data-place].ok").wait_for()
        page.wait_for_load_state("networkidle")

        traffic.phase = "offline"
        context.set_offline(True)
        page.reload()  # no network: the service worker answers
        seen["offline_title"] = page.title()
        page.locator(f'[data-worker="{first}"] [data-amount="1"]').tap()
        page.locator(f'[data-worker="{second}"] [data-amount="0.5"]').tap()
        page.set_input_files("[data-photo]", photo)
        page.locator("[data-preview]:not([hidden])").wait_for()
        page.locator("[data-save]").tap()
        page.locator("[data-outbox] li.waiting").wait_for()
        if page.evaluate("'SyncManager' in window"):  # Background Sync where the browser has it
            page.wait_for_function("document.body.dataset.sync")
            seen["sync"] = page.evaluate("document.body.dataset.sync")
        else:
            seen["sync"] = None
        seen["waiting"] = page.locator("[data-outbox]").inner_text()
        seen["signal_offline"] = page.locator("[data-signal]").inner_text()
        page.screenshot(path=str(shots / "site-crew-offline.png"), full_page=True)

        traffic.phase = "send"
        context.set_offline(False)  # the page hears "online" and sends the queue
        page.locator("[data-results] li.stored").wait_for()
        seen["results"] = page.locator("[data-results]").inner_text()
        seen["outbox_after"] = page.locator("[data-outbox] li").count()
        seen["signal_online"] = page.locator("[data-signal]").inner_text()
        page.screenshot(path=str(shots / "site-crew-sent.png"), full_page=True)
        page.wait_for_load_state("networkidle")

        traffic.phase = "open"  # the next opening of the crew page with a signal
        page.reload()
        page.locator("[data-place].ok").wait_for()
        page.wait_for_load_state("networkidle")
        traffic.phase = "grid"

        page.goto(base + grid)
        day = page.evaluate("new Date().getDate()")
        seen["grid_first"] = page.locator(f'input[name="a-{first}-{day}"]').input_value()
        seen["grid_second"] = page.locator(f'input[name="a-{second}-{day}"]').input_value()

        page.get_by_role("link", name="现场考勤记录").click()  # the photo's position on the map
        page.locator(".leaflet-interactive").first.wait_for()
        seen["map_points"] = page.locator("path.leaflet-interactive").count()
        seen["records"] = page.locator("table").inner_text()
        page.screenshot(path=str(shots / "site-records-map.png"), full_page=True)
        seen["traffic"] = traffic.sizes()
        browser.close()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:10]), ensure_ascii=False))
