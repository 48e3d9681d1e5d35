"""Run by the restore drill (tests/core/test_backup_restore.py) in a process of its own, against
the drill's database: prints the facts that must survive a backup and restore, as JSON."""

import hashlib
import json
import sys

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from payroll.models import LabourContract, WageLedger, Worker  # noqa: E402
from payroll.services.reveals import worker_reveal  # noqa: E402
from yiguoji.backups.create import table_counts  # noqa: E402
from yiguoji.core.audit import acting_as  # noqa: E402
from yiguoji.core.models import User  # noqa: E402

SCAN = b"%PDF-1.4 drill scan " + bytes(range(256)) * 40


def change() -> None:
    """After seeding: a scan uploaded and a worker's phone changed (audited)."""
    contract = LabourContract.objects.order_by("pk").first()
    with acting_as(User.objects.get(username="district")):
        contract.scan.save("drill-contract.pdf", ContentFile(SCAN), save=True)
        worker = Worker.objects.order_by("pk").first()
        worker.phone = "13900000017"
        worker.save()


def facts() -> dict:
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    ledger = WageLedger.objects.filter(lines__isnull=False).order_by("pk").first()
    lines = ledger.lines.aggregate(payable=Sum("payable"), paid=Sum("paid"))
    contract = LabourContract.objects.exclude(scan="").order_by("pk").first()
    with contract.scan.open("rb") as handle:
        scan = hashlib.sha256(handle.read()).hexdigest()
    worker = Worker.objects.order_by("pk").first()
    labour = User.objects.get(username="labour")  # 区人力社保局 may see full ID numbers
    revealed = worker_reveal(acting_user=labour, worker=worker, field="id_number")
    return {
        "counts": counts,
        "ledger": [ledger.pk, str(ledger.total_payable), str(ledger.total_paid)],
        "lines": [str(lines["payable"]), str(lines["paid"])],
        "id_number": revealed,
        "phone": worker.phone,
        "scan": [contract.scan.name, scan],
    }


if __name__ == "__main__":
    if sys.argv[1] == "change":
        change()
    else:
        print(json.dumps(facts(), ensure_ascii=False))
