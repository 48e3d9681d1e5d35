"""Wage payments through the bank (issue 13): a 10,000-line batch file and a 10,000-line reply.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/payments.py [--rows N] [--runs N]

Setup (committed, removed at the end): N workers in the register (encrypted ID and card), a
project with a signed ledger of one line each (written by COPY, as the ledger import does).

1. **Batch file build**, measured: ``batch_create`` (one instruction per line: the register's
   card copied, a unique reference, COPY into ``payroll_paymentinstruction`` with its audit
   trigger, indexes and the partial unique constraint) then ``batch_file`` in the ICBC-like
   Excel layout (every card decrypted, the reveal logged once per person, the workbook written),
   committed. Write floor: COPY the same instruction rows (same columns, values prepared
   beforehand) into the real table, committed, and write the same workbook from cards already
   in clear. Bare: the same COPY into a temporary table without index or trigger, and the same
   workbook.
2. **Reply reconciliation**, measured: ``batch_import_reply`` of the bank's N-line Excel reply
   (the simulator's file): the one import engine (calamine, header, every cell parsed: money to
   the fen, Luhn-free card, dates), every line matched to its instruction and checked (amount,
   card by blind index, name, outcome, date), one COPY + one UPDATE under the batch's lock, the
   reconciliation to the fen, committed. Write floor: calamine parses the same file and the same
   (id, status, date, reason) rows are COPYed into a temporary table and UPDATE the real table,
   committed. Bare: calamine + COPY into a temporary table.

Each is the best of ``--runs`` (default 3); between runs (not timed) the batch is deleted, or the
instructions set back to pending. Prints the ratios, never absolute times.
"""

from __future__ import annotations

import csv
import io
import time
from decimal import Decimal

from common import load_district_if_empty, rows_and_runs, setup_django

AMOUNT = Decimal("4400.00")
LAYOUT = "icbc_batch_xlsx"


def check_cards(project, workers) -> None:
    """Every card has passed the name-account check (issue 13 item 1): a batch pays only such
    cards, so the bench world has them answered as matching (written by COPY)."""
    from django.utils import timezone

    from payroll.models import AccountCheck, AccountCheckLine
    from yiguoji.imports import copy_rows

    now = timezone.now()
    check = AccountCheck.objects.create(
        number=f"HMBENCH{project.pk}", project=project, layout_code=LAYOUT, layout_name=LAYOUT,
        layout={}, count=workers.count(), status="answered", answered_at=now,
    )  # fmt: skip
    copy_rows(
        AccountCheckLine,
        ["account_check", "worker", "seq", "reference", "account_name", "card_encrypted",
         "card_index", "card_masked", "bank", "result", "bank_reason", "answered_at"],
        ((check.pk, w.pk, n, f"HB{check.pk:05d}{n:07d}", w.name, w.bank_card_encrypted.token,
          bytes(w.bank_card_index), w.bank_card_masked, "", "match", "", now)
         for n, w in enumerate(workers.order_by("pk"), 1)),
    )  # fmt: skip


def build_world(rows: int):
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from payroll import identity
    from payroll.importers.workers import write_workers
    from payroll.models import WageLedger, WageLine, Worker
    from payroll.samples import random_people
    from projects.choices import ProjectStatus
    from projects.models import Project
    from yiguoji.core.models import Organisation, Village
    from yiguoji.imports import copy_rows

    with transaction.atomic():
        load_district_if_empty()
        village = Village.objects.select_related("township").first()
        owner, _ = Organisation.objects.get_or_create(
            name="代发基准测试项目单位", defaults={"kind": "project_unit"}
        )
        month = timezone.localdate().replace(day=1) - dt.timedelta(days=40)
        project = Project.objects.create(
            code="BENCH-PAY", name="代发基准测试项目", year=month.year,
            category="special_fund", sector="water", owner=owner,
            content_and_scale="基准测试", status=ProjectStatus.IN_PROGRESS,
        )  # fmt: skip
        register = [
            {
                "name": "王建国", "id_number": number, "id_index": identity.id_index(number),
                "bank_card": card, "bank_card_index": identity.card_index(card),
                "township_id": village.township_id, "village_id": village.pk,
            }
            for number, card, _b, _m in random_people(rows, seed=909, area="110119")
        ]  # fmt: skip
        write_workers(register, None)
        workers = Worker.objects.filter(id_index__in=[r["id_index"] for r in register])
        check_cards(project, workers)
        ledger = WageLedger.objects.create(
            project=project, month=month.replace(day=1), status="signed",
            pay_deadline=month.replace(day=1) + dt.timedelta(days=45), workers=rows,
            signed_at=timezone.now(), submitted_at=timezone.now(),
        )  # fmt: skip
        copy_rows(
            WageLine,
            ["ledger", "seq", "worker", "days", "daily_rate", "payable", "paid", "method",
             "method_reason", "card_masked", "signed", "remarks", "explanation"],
            ((ledger.pk, n, pk, Decimal("22"), Decimal("200"), AMOUNT, AMOUNT, "bank_card",
              "", "", True, "", "") for n, pk in enumerate(workers.values_list("pk", flat=True))),
        )  # fmt: skip
        from yiguoji.core.models import User

        user = User.objects.create_user(
            username=f"bench-pay-{owner.pk}-{ledger.pk}", password=None, role="project_unit",
            organisation=owner,
        )  # fmt: skip
    return project, user, ledger


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def best(runs: int, action, reset) -> float:
    times = []
    for _ in range(runs):
        times.append(timed(action))
        reset()
    return min(times)


# --- 1. batch file ------------------------------------------------------------------------


def make_batch(ledger, user):
    from django.db import transaction

    from payroll.services.payments import PayerAccount, batch_create, batch_file

    account = PayerAccount("基准银行", "基准付款户", "0001")
    with transaction.atomic():
        batch = batch_create(
            acting_user=user, ledger=ledger, layout_code=LAYOUT, payer_account=account
        )
        batch_file(acting_user=user, batch=batch)  # the reveal logged per person
    return batch


def drop_batches(ledger):
    from django.db import transaction

    from payroll.models import PaymentBatch, PaymentInstruction

    with transaction.atomic():
        PaymentInstruction.objects.filter(batch__ledger=ledger).delete()
        PaymentBatch.objects.filter(ledger=ledger).delete()


def instruction_rows(batch):
    """The instruction rows (as the floor COPYs them) and the cards in clear (prepared)."""
    fields = ["batch_id", "line_id", "worker_id", "seq", "reference", "account_name", "amount",
              "card_encrypted", "card_index", "card_masked", "status", "fail_reason"]  # fmt: skip
    rows = []
    cards = []
    for values in batch.instructions.order_by("seq").values_list(*fields):
        values = list(values)
        cards.append(values[7].reveal())
        values[7] = values[7].token
        values[8] = bytes(values[8])
        rows.append(values)
    return fields, rows, cards


def workbook(batch, cards):
    from payroll.bankfiles import writer

    facts = {"batch_number": batch.number, "count": batch.count, "total": str(batch.total),
             "total_fen": 0, "payer_account": "0001", "payer_name": "x", "payer_bank": "x",
             "date": "20260101", "purpose": "劳务报酬"}  # fmt: skip
    rows = ({"seq": n, "reference": "GZ", "name": "王建国", "card": card, "amount": AMOUNT}
            for n, card in enumerate(cards, 1))  # fmt: skip
    writer.build_file(batch.layout, facts, rows)


def copy_into(table: str, fields, rows, temporary: bool):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if temporary:
            cursor.execute(
                f"CREATE TEMP TABLE bench_pay ON COMMIT DROP AS SELECT {', '.join(fields)}"
                f" FROM {table} WITH NO DATA"
            )
            target = "bench_pay"
        else:
            target = table
        columns = ", ".join(fields)
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


# --- 2. reply ---------------------------------------------------------------------------------


def reply_floor(batch, data: bytes, temporary_only: bool):
    import python_calamine
    from django.db import connection, transaction

    grid = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    values = grid.get_sheet_by_index(0).to_python()[1:]
    ids = dict(batch.instructions.values_list("reference", "pk"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_reply (id bigint, status varchar(10), credited_on date,"
            " fail_reason varchar(200)) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY bench_reply FROM STDIN") as copy:
            for row in values:
                copy.write_row((ids[row[0]], "credited", str(row[5]), ""))
        if not temporary_only:
            cursor.execute(
                "UPDATE payroll_paymentinstruction AS i SET status = r.status, credited_on ="
                " r.credited_on, fail_reason = r.fail_reason, settled_at = now()"
                " FROM bench_reply AS r WHERE i.id = r.id"
            )


def reset_reply(batch):
    from payroll.models import PaymentBatch, PaymentInstruction

    PaymentInstruction.objects.filter(batch=batch).update(
        status="pending", credited_on=None, fail_reason="", settled_at=None
    )
    PaymentBatch.objects.filter(pk=batch.pk).update(status="sent")


def main() -> None:
    rows, runs = rows_and_runs()
    setup_django()
    from django.utils import timezone

    from payroll.management.bank_simulator import reply_file
    from payroll.models import AccountCheck, PaymentBatch, WageLedger, Worker
    from payroll.services.payments import batch_import_reply

    project, user, ledger = build_world(rows)
    try:
        built = best(runs, lambda: make_batch(ledger, user), lambda: drop_batches(ledger))
        batch = make_batch(ledger, user)
        fields, prepared, cards = instruction_rows(batch)
        table = "payroll_paymentinstruction"

        def floor_build():
            copy_into(table, fields, prepared, temporary=False)
            workbook(batch, cards)

        def undo_floor():
            from payroll.models import PaymentInstruction

            PaymentInstruction.objects.filter(batch=batch).delete()

        undo_floor()  # the floor writes the very rows the service wrote
        build_floor = best(runs, floor_build, undo_floor)
        copy_into(table, fields, prepared, temporary=False)  # the batch as it was
        build_bare = best(
            runs, lambda: (copy_into(table, fields, prepared, True), workbook(batch, cards)),
            lambda: None,
        )  # fmt: skip

        PaymentBatch.objects.filter(pk=batch.pk).update(status="sent", sent_at=timezone.now())
        batch.refresh_from_db()
        data = reply_file(batch)

        def import_reply():
            result = batch_import_reply(acting_user=user, batch=batch, upload=io.BytesIO(data))
            if not result.ok:
                raise SystemExit("\n".join(result.messages()[:10]))

        replied = best(runs, import_reply, lambda: reset_reply(batch))
        reply_write = best(
            runs, lambda: reply_floor(batch, data, False), lambda: reset_reply(batch)
        )
        reply_bare = best(runs, lambda: reply_floor(batch, data, True), lambda: None)
    finally:
        # Its checks first: their lines protect the workers, and an answer that came in a
        # batch's reply (户名与账号不符) protects the batch.
        AccountCheck.objects.filter(project=project).delete()
        drop_batches(ledger)
        workers = list(ledger.lines.values_list("worker_id", flat=True))
        WageLedger.objects.filter(pk=ledger.pk).delete()
        project.delete()
        Worker.objects.filter(pk__in=workers).delete()
    out = csv.writer(__import__("sys").stdout)
    out.writerow(["what", "rows", "vs write floor", "vs bare parse+COPY"])
    out.writerow(
        ["batch file build", rows, f"{built / build_floor:.2f}x", f"{built / build_bare:.2f}x"]
    )
    out.writerow(["reply reconciliation", rows, f"{replied / reply_write:.2f}x",
                  f"{replied / reply_bare:.2f}x"])  # fmt: skip


if __name__ == "__main__":
    main()
