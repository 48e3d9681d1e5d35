"""A ledger from signed to credited in a real browser, with one failure re-issued (issue 13,
"Done means"): make the batch, download its file, mark it sent, upload the (simulated) bank's
reply with one failure, correct the card, have the new card checked by the bank (户名校验,
item 1), re-issue, upload the second reply, see it paid."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from payroll.management.bank_simulator import check_reply_file, reply_file
from payroll.models import AccountCheck, PaymentBatch
from payroll.selectors.paid import paid_lines
from tests.browser.conftest import ARTIFACTS, CHROMIUM
from tests.factories import PASSWORD
from tests.payroll.payment_site import signed_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _bank_file(need: str, number: str, folder: Path) -> Path:
    if need == "check_reply":
        check = AccountCheck.objects.get(number=number)
        path = folder / f"{number}-校验回复.csv"
        path.write_bytes(check_reply_file(check))
    else:
        batch = PaymentBatch.objects.get(number=number)
        first = not batch.instructions.filter(reissue_of__isnull=False).exists()
        path = folder / f"{number}-回盘.csv"
        path.write_bytes(reply_file(batch, fail=1 if first else 0))
    return path


def test_a_ledger_from_signed_to_credited_with_one_failure_reissued(
    live_server, make_user, tmp_path
):
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    site, ledger = signed_ledger(make_user)  # cards checked by the bank before the first pay day
    ARTIFACTS.mkdir(exist_ok=True)
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.payroll.payment_driver", live_server.url, "unit", PASSWORD,
         reverse("payroll:ledger_detail", args=[ledger.pk]), str(site.project.pk),
         str(ARTIFACTS)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    seen = None
    try:
        for line in driver.stdout:
            message = json.loads(line)
            if "done" in message:
                seen = message["done"]
                break
            path = _bank_file(message["need"], message["number"], tmp_path)
            driver.stdin.write(f"{path}\n")
            driver.stdin.flush()
        driver.wait(timeout=60)
    finally:
        if driver.poll() is None:
            driver.kill()
    assert seen is not None, driver.stderr.read()
    assert seen["file_lines"] == 4  # header + three instructions
    assert "失败（1笔）" in seen["after_first"] and "平" in seen["after_first"]
    assert "代发失败 1 笔" in seen["failure"]
    assert "已保存" in seen["corrected"]
    assert "户名账号一致\n1人" in seen["check"]  # only the corrected card went to the bank
    assert seen["check_file_lines"] == 2 and seen["second_file_lines"] == 2
    assert "已全部回盘" in seen["second_title"] and "已入账（1笔）" in seen["after_second"]
    assert "重发自" in seen["instructions"]
    assert "没有待处理的代发失败" in seen["failures_left"]
    lines = paid_lines().filter(ledger=ledger)
    assert [line.paid_amount for line in lines] == [Decimal("2000.00")] * 3  # paid = credited
    assert all(line.paid_on is not None for line in lines)
