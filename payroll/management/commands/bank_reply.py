"""``manage.py bank_reply BATCH [--fail N] [--out FILE] [--date YYYY-MM-DD]``: write the reply a
bank would send for a payment batch (a simulator for the demo and the tests, issue 13 item 8).

Every pending instruction of the batch is credited except the last N, which fail with the
commonest reasons. The file is in the batch's reply layout; import it on the batch's page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payroll.management.bank_simulator import reply_file
from payroll.models import PaymentBatch


class Command(BaseCommand):
    help = "模拟银行：为代发批次生成回盘文件（演示和测试用）"

    def add_arguments(self, parser):
        parser.add_argument("batch", help="批次号，如 DF20260620000001")
        parser.add_argument("--fail", type=int, default=0, help="失败笔数（最后 N 笔）")
        parser.add_argument("--out", type=Path, help="输出文件（默认：批次号-回盘.后缀）")
        parser.add_argument("--date", type=dt.date.fromisoformat, help="入账日期（默认今天）")

    def handle(self, *args, batch, fail, out, date, **options):
        found = PaymentBatch.objects.filter(number=batch).first()
        if found is None:
            raise CommandError(f"没有批次“{batch}”")
        if fail < 0 or fail > found.count:
            raise CommandError(f"--fail 应在 0 至 {found.count} 之间")
        data = reply_file(found, fail=fail, day=date)
        out = out or Path(f"{found.number}-回盘.{found.layout['reply']['format']}")
        out.write_bytes(data)
        self.stdout.write(f"已生成回盘文件 {out}（{found.count}笔，失败{fail}笔）")
