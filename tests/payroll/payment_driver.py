"""Drives a ledger from signed to credited in Chromium, in its own process (run by
test_browser_payments; Playwright's sync API allows one instance per process).

    python -m tests.payroll.payment_driver URL USERNAME PASSWORD LEDGER_PATH PROJECT_ID SHOTS

Where a bank would answer, it prints one JSON line ``{"need": ..., "number": ...}`` and reads
the path of the bank's file from stdin (the test writes it with the bank simulator). Ends with
one JSON line ``{"done": {...}}`` of what the pages showed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

NEW_CARD = "6210670000000667772"  # payroll.samples.bank_card(66_777): passes Luhn


def ask(need: str, number: str) -> str:
    print(json.dumps({"need": need, "number": number}, ensure_ascii=False), flush=True)
    return sys.stdin.readline().strip()


def download(page, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_bytes()


def number_of(page) -> str:
    return (
        page.locator("h1").inner_text().split()[0].removeprefix("代发批次").removeprefix("户名校验")
    )


def upload_and_import(page, path: str, button: str) -> None:
    page.set_input_files("#id_file", path)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def main(base, username, password, ledger_path, project_id, shots) -> dict:
    shots = Path(shots)
    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # "确定…已交付款银行吗？"
        page.set_default_timeout(20_000)
        page.goto(f"{base}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")

        # 1. The signed ledger -> a payment batch, its file, handed to the bank.
        page.goto(base + ledger_path)
        page.get_by_role("link", name="生成代发批次").click()
        page.select_option("#id_layout", "generic_csv")
        page.fill("#id_payer_bank", "北京农商银行延庆支行")
        page.fill("#id_payer_account_name", "岔道村股份经济合作社")
        page.fill("#id_payer_account_number", "0901000012345678")
        page.get_by_role("button", name="生成代发批次").click()
        page.wait_for_load_state("networkidle")
        first = number_of(page)
        data = download(page, "下载银行文件")
        seen["file_lines"] = len(data.decode("utf-8-sig").strip().splitlines())
        page.get_by_role("button", name="已交付款银行").click()
        page.wait_for_load_state("networkidle")

        # 2. The bank's reply with one failure.
        upload_and_import(page, ask("reply", first), "导入银行回盘")
        seen["after_first"] = page.locator("[data-testid=reconciliation]").inner_text()
        seen["failure"] = page.locator("[data-testid=failures]").inner_text()
        page.screenshot(path=str(shots / "payment-batch-with-failure.png"), full_page=True)
        page.goto(f"{base}/payroll/payment-failures/")
        page.screenshot(path=str(shots / "payment-failures.png"), full_page=True)
        page.goto(f"{base}/payroll/payments/")
        page.get_by_role("link", name=first).click()

        # 3. The card is corrected in the register (an audited change) ...
        page.get_by_role("link", name="更正银行卡").click()
        page.fill("#id_new_bank_card", NEW_CARD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        seen["corrected"] = page.get_by_role("alert").first.inner_text()

        # ... and checked with the bank before it is paid (户名校验).
        page.goto(f"{base}/payroll/projects/{project_id}/cards/")
        page.get_by_role("button", name="生成户名校验").click()
        page.wait_for_load_state("networkidle")
        check = number_of(page)
        seen["check_file_lines"] = len(
            download(page, "下载校验文件").decode("utf-8-sig").strip().splitlines()
        )
        upload_and_import(page, ask("check_reply", check), "导入校验结果")
        seen["check"] = page.locator("[data-testid=check-counts]").inner_text()
        page.screenshot(path=str(shots / "account-check.png"), full_page=True)

        # 4. Re-issued in a new batch, sent, credited.
        page.goto(f"{base}/payroll/payments/")
        page.get_by_role("link", name=first).click()
        page.get_by_role("button", name="重新发放（生成新批次）").click()
        page.wait_for_load_state("networkidle")
        second = number_of(page)
        seen["second_file_lines"] = len(
            download(page, "下载银行文件").decode("utf-8-sig").strip().splitlines()
        )
        page.get_by_role("button", name="已交付款银行").click()
        page.wait_for_load_state("networkidle")
        upload_and_import(page, ask("reply", second), "导入银行回盘")
        seen["after_second"] = page.locator("[data-testid=reconciliation]").inner_text()
        seen["second_title"] = page.locator("h1").inner_text()
        seen["instructions"] = page.locator("[data-testid=instructions]").inner_text()
        page.goto(f"{base}/payroll/payment-failures/")
        seen["failures_left"] = page.locator("[data-testid=failures]").inner_text()
        page.goto(f"{base}/payroll/wage-clock/")
        page.screenshot(path=str(shots / "wage-clock.png"), full_page=True)
        browser.close()
    seen.update(first=first, second=second)
    return seen


if __name__ == "__main__":
    print(json.dumps({"done": main(*sys.argv[1:7])}, ensure_ascii=False), flush=True)
