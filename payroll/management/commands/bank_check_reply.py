"""``manage.py bank_check_reply CHECK [--mismatch SEQ:KIND ...] [--out FILE]``: write the answer a
bank would send to a name-account check (户名校验; a simulator for the demo and the tests,
issue 13 items 1 and 8).

Every pending card matches except the ones named: ``--mismatch 2:name --mismatch 5:frozen``
(kinds: name 户名不符, closed 已销户, frozen 已冻结, not_found 账号不存在). The file is in the
check's reply layout; import it on the check's page.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from payroll.management.bank_simulator import CHECK_REASONS, check_reply_file
from payroll.models import AccountCheck


def _mismatch(text: str) -> tuple[int, str]:
    seq, _, kind = text.partition(":")
    if not seq.isdigit() or kind not in CHECK_REASONS:
        raise CommandError(f"--mismatch 应为 序号:类型，类型为 {'、'.join(CHECK_REASONS)}")
    return int(seq), kind


class Command(BaseCommand):
    help = "模拟银行：为户名校验生成银行回复文件（演示和测试用）"

    def add_arguments(self, parser):
        parser.add_argument("check", help="校验批次号，如 HM20260601000001")
        parser.add_argument(
            "--mismatch", action="append", default=[], help="不符的序号和类型，如 2:name"
        )
        parser.add_argument("--out", type=Path, help="输出文件（默认：批次号-校验回复.后缀）")

    def handle(self, *args, check, mismatch, out, **options):
        found = AccountCheck.objects.filter(number=check).first()
        if found is None:
            raise CommandError(f"没有户名校验批次“{check}”")
        chosen = dict(_mismatch(text) for text in mismatch)
        wrong = [seq for seq in chosen if not 1 <= seq <= found.count]
        if wrong:
            raise CommandError(f"序号应在 1 至 {found.count} 之间")
        data = check_reply_file(found, mismatches=chosen)
        out = out or Path(f"{found.number}-校验回复.{found.layout['verify']['reply']['format']}")
        out.write_bytes(data)
        self.stdout.write(f"已生成户名校验回复 {out}（{found.count}人，不符{len(chosen)}人）")
