"""Drives the attendance grid in Chromium, in its own process (run by test_browser_attendance).

Playwright's sync API allows one instance per process, and tests/browser keeps one open for the
whole session; running the browser part here keeps the two apart whatever worker runs them.

    python -m tests.payroll.browser_driver URL USERNAME PASSWORD GRID_PATH FIRST SECOND SHOT

Prints one JSON object: the cell values, totals and the message after saving.
"""

from __future__ import annotations

import json
import sys

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS


def main(base, username, password, path, first, second, shot) -> dict:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page.set_default_timeout(15_000)
        page.goto(f"{base}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(base + path)
        page.locator(f'input[name="a-{first}-4"]').click()
        page.keyboard.type("15")  # 4 May full, 5 May half; the cursor moves on to 6 May
        page.keyboard.press("ArrowDown")  # the second person, 6 May
        page.keyboard.type("1")
        page.keyboard.press("ArrowLeft")  # back to 6 May, then the person above
        page.keyboard.press("ArrowUp")
        page.keyboard.type("0")  # stays empty
        seen = {
            "first_4": page.locator(f'input[name="a-{first}-4"]').input_value(),
            "first_5": page.locator(f'input[name="a-{first}-5"]').input_value(),
            "first_6": page.locator(f'input[name="a-{first}-6"]').input_value(),
            "second_6": page.locator(f'input[name="a-{second}-6"]').input_value(),
            "first_total": page.locator('[data-total="0"]').inner_text(),
            "grand_total": page.locator("[data-grand-total]").inner_text(),
        }
        page.locator('button[data-fill-row="1"]').click()  # 全勤 for the second person
        page.screenshot(path=shot, full_page=True)
        page.get_by_role("button", name="保存考勤").click()
        page.wait_for_load_state("networkidle")
        seen["message"] = page.get_by_role("alert").inner_text()
        browser.close()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:8]), ensure_ascii=False))
