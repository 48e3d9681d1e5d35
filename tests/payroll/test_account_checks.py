"""Name-account checks before the first pay day (户名校验, issue 13 item 1; plan task 9,
art. 30: wages into the worker's own card): the file in the bank's layout, the bank's answer
through the one import engine, the gate on payment batches, and the to-do of mismatches."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from payroll import samples
from payroll.choices import CheckResult, CheckStatus
from payroll.management.bank_simulator import check_reply_file
from payroll.models import AccountCheckLine
from payroll.selectors.account_checks import card_mismatches_for, unpayable_cards
from payroll.services.account_checks import (
    account_check_create,
    account_check_file,
    account_check_import_reply,
)
from payroll.services.payments import batch_create
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.ledger_site import TODAY, build_site
from tests.payroll.payment_site import ACCOUNT, check_cards, correct_card, signed_ledger
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
CR = CheckResult


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def reply(check, **mismatches):
    data = check_reply_file(check, mismatches={int(k[1:]): v for k, v in mismatches.items()})
    return account_check_import_reply(acting_user=None, account_check=check, upload=data)


def results(check) -> dict:
    return dict(check.lines.values_list("seq", "result"))


def test_a_check_lists_the_hired_workers_cards_with_unique_references(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="generic_csv"
    )
    lines = list(check.lines.order_by("seq"))
    assert check.count == 3 and len(lines) == 3 and check.status == CheckStatus.GENERATED
    assert check.number == f"HM20260620{check.pk:06d}"
    assert len({line.reference for line in lines}) == 3
    assert {line.worker for line in lines} == set(site.workers)
    assert all(line.result == CR.PENDING for line in lines)
    assert lines[0].card_masked == lines[0].worker.bank_card_masked


def test_the_file_is_in_the_banks_layout_and_a_logged_reveal(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="generic_csv"
    )
    name, data = account_check_file(acting_user=site.unit, account_check=check)
    assert name.endswith("户名校验.csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["序号", "校验参考号", "户名", "账号", "开户银行"]
    cards = {w.bank_card_encrypted.reveal() for w in site.workers}
    assert {row[3] for row in rows[1:]} == cards  # full numbers: the bank needs them
    logs = RevealLog.objects.filter(user=site.unit, field="银行卡号")
    assert logs.count() == 3 and "户名校验" in logs.first().purpose


def test_a_layout_asking_for_the_id_number_logs_that_reveal_too(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="icbc_batch_xlsx"
    )
    _, data = account_check_file(acting_user=site.unit, account_check=check)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("账户信息验证", "批次号", check.number)
    assert rows[1] == ("顺序号", "收款账号", "收款账号名称", "证件类型", "证件号码", "自定义序号")
    ids = {w.id_number_encrypted.reveal() for w in site.workers}
    assert {row[4] for row in rows[2:]} == ids
    assert RevealLog.objects.filter(user=site.unit, field="公民身份号码").count() == 3


def test_a_fixed_width_gbk_check_and_its_answer(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="rcb_payroll_txt"
    )
    _, data = account_check_file(acting_user=site.unit, account_check=check)
    lines = data.split(b"\r\n")
    assert lines[0].startswith(b"V" + check.number.encode())
    assert all(len(line) == 77 for line in lines[1:4])  # 20 + 19 + 20 + 18 bytes in GBK
    assert lines[4] == b"T000003"
    result = reply(check, s2="frozen")
    assert result.ok, result.messages()
    assert results(check) == {1: CR.MATCH, 2: CR.FROZEN, 3: CR.MATCH}
    assert check.lines.get(seq=2).bank_reason == "账户已冻结(司法冻结)"  # normalised width


@pytest.mark.parametrize("layout", ["generic_csv", "icbc_batch_xlsx", "rcb_payroll_txt"])
def test_every_answer_is_recorded_in_every_layout(make_user, layout):
    site = build_site(make_user, people=5)
    check = account_check_create(acting_user=site.unit, project=site.project, layout_code=layout)
    result = reply(check, s1="name", s2="closed", s3="frozen", s4="not_found")
    assert result.ok, result.messages()
    assert results(check) == {1: CR.NAME, 2: CR.CLOSED, 3: CR.FROZEN, 4: CR.NOT_FOUND, 5: CR.MATCH}
    check.refresh_from_db()
    assert check.status == CheckStatus.ANSWERED and check.answered_at is not None


def _csv(check, edit) -> bytes:
    rows = list(csv.reader(io.StringIO(check_reply_file(check).decode("utf-8-sig"))))
    edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_a_bad_answer_names_row_and_column_and_records_nothing(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="generic_csv"
    )

    def spoil(rows):
        rows[1][0] = "HM9999999999"  # not in this check
        rows[2][1] = samples.bank_card(99_123)  # another card
        rows[3][3] = "核对中"  # a result the layout does not know

    result = account_check_import_reply(
        acting_user=site.unit, account_check=check, upload=_csv(check, spoil)
    )
    assert not result.ok
    text = "；".join(result.messages())
    assert "第2行 校验参考号：本次户名校验中没有参考号“HM9999999999”" in text
    assert "第3行 账号：与送校验的账号" in text
    assert "第4行 校验结果：不认识的校验结果“核对中”" in text
    assert set(results(check).values()) == {CR.PENDING}  # all or nothing


def test_a_second_answer_for_the_same_card_is_refused(site):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="generic_csv"
    )
    first = check_reply_file(check)
    assert reply(check).ok
    again = account_check_import_reply(acting_user=site.unit, account_check=check, upload=first)
    assert not again.ok and "不能再次回复" in again.messages()[0]


def test_only_the_payers_side_checks_cards(site, make_user):
    with pytest.raises(PermissionDenied):
        account_check_create(
            acting_user=make_user(Role.TOWNSHIP), project=site.project, layout_code="generic_csv"
        )
    other = make_user(Role.PROJECT_UNIT, username="other-unit")
    with pytest.raises(PermissionDenied):
        account_check_create(acting_user=other, project=site.project, layout_code="generic_csv")


def test_unchecked_or_mismatched_cards_cannot_be_paid(make_user):
    site, ledger = signed_ledger(make_user, check=False)
    with pytest.raises(ValidationError, match=r"尚未通过户名校验.*（未做户名校验）"):
        batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                     payer_account=ACCOUNT)  # fmt: skip
    check = check_cards(site.unit, site.project, mismatches={2: "name"})
    mismatched = check.lines.get(seq=2).worker
    with pytest.raises(ValidationError, match=f"{mismatched.name}（户名不符）"):
        batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                     payer_account=ACCOUNT)  # fmt: skip
    # The township corrects the card; the new card is unchecked until the bank says it matches.
    correct_card(site.unit, mismatched, samples.bank_card(44_001))
    assert unpayable_cards([mismatched.pk]) == [(mismatched.name, "未做户名校验")]
    again = check_cards(site.unit, site.project)
    assert again.count == 1  # only the card not yet checked as it stands now
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    assert batch.count == 3


def test_a_corrected_name_needs_a_new_check_too(site):
    check_cards(site.unit, site.project)
    worker = site.workers[0]
    assert unpayable_cards([worker.pk]) == []
    type(worker).objects.filter(pk=worker.pk).update(name=worker.name + "明")
    assert unpayable_cards([worker.pk]) == [(worker.name + "明", "未做户名校验")]


def test_mismatches_are_the_to_do_of_the_persons_township_and_the_payer(site, make_user, township):
    local = WorkerFactory(name="赵本地", township=township)
    LabourContractFactory(position=site.position, worker=local)
    check = check_cards(site.unit, site.project, mismatches={})
    line = check.lines.get(worker=local)
    AccountCheckLine.objects.filter(pk=line.pk).update(result=CR.CLOSED, bank_reason="账户已销户")
    first = check.lines.exclude(worker=local).order_by("seq").first()
    AccountCheckLine.objects.filter(pk=first.pk).update(result=CR.NAME)
    township_user = make_user(Role.TOWNSHIP)
    assert [w.name for w in card_mismatches_for(township_user)] == ["赵本地"]  # its people only
    assert {w.name for w in card_mismatches_for(site.unit)} == {"赵本地", first.worker.name}
    other = make_user(Role.PROJECT_UNIT, username="someone-else")
    assert list(card_mismatches_for(other)) == []


def test_the_simulator_command_writes_chosen_mismatches(site, tmp_path):
    check = account_check_create(
        acting_user=site.unit, project=site.project, layout_code="generic_csv"
    )
    out = tmp_path / "reply.csv"
    call_command("bank_check_reply", check.number, "--mismatch", "3:not_found", "--out", str(out),
                 stdout=io.StringIO())  # fmt: skip
    result = account_check_import_reply(
        acting_user=site.unit, account_check=check, upload=out.read_bytes()
    )
    assert result.ok and results(check) == {1: CR.MATCH, 2: CR.MATCH, 3: CR.NOT_FOUND}


def test_the_pages_walk_a_check_from_the_project_to_the_to_do(site, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from payroll.models import AccountCheck

    unit = client_for(site.unit)
    page = unit.get(reverse("payroll:project_cards", args=[site.project.pk])).content.decode()
    assert "尚未校验" in page and "生成户名校验" in page
    response = unit.post(
        reverse("payroll:project_cards", args=[site.project.pk]),
        {"layout": "generic_csv", "only_unchecked": "on"},
    )
    check = AccountCheck.objects.get()
    assert response.url == f"/payroll/account-checks/{check.pk}/"
    download = unit.post(reverse("payroll:account_check_file", args=[check.pk]))
    assert download["Content-Type"] == "text/csv" and "no-store" in download["Cache-Control"]
    card = site.workers[0].bank_card_encrypted.reveal()
    assert card.encode() in download.content
    page = unit.get(reverse("payroll:account_check", args=[check.pk])).content.decode()
    assert card not in page and "导入校验结果" in page
    upload = SimpleUploadedFile("校验结果.csv", check_reply_file(check, mismatches={1: "frozen"}))
    unit.post(reverse("payroll:account_check_reply", args=[check.pk]), {"file": upload})
    page = unit.get(reverse("payroll:account_check", args=[check.pk])).content.decode()
    assert "账户已冻结" in page and "更正银行卡" in page
    todo = unit.get(reverse("payroll:card_mismatches")).content.decode()
    frozen = check.lines.get(seq=1).account_name
    assert frozen in todo and "账户已冻结" in todo and card not in todo
    home = unit.get("/").content.decode()
    assert "户名校验不符、须更正的银行卡" in home


def test_the_batch_page_says_which_cards_must_be_checked_first(make_user, client_for):
    from django.urls import reverse

    site, ledger = signed_ledger(make_user, check=False)
    page = client_for(site.unit).get(reverse("payroll:payment_batch_new", args=[ledger.pk]))
    html = page.content.decode()
    assert "以下3人的银行卡尚未通过户名校验" in html and "未做户名校验" in html
    check_cards(site.unit, site.project)
    html = client_for(site.unit).get(reverse("payroll:payment_batch_new", args=[ledger.pk]))
    assert "尚未通过户名校验" not in html.content.decode()
