"""``manage.py import_workers FILE.xlsx``: the register upload, from the shell.

Runs the same import as the 导入务工人员名册 page (same checks, all or nothing). Exit 0 with a
one-line summary when the file was written; exit 1 with every bad row otherwise, each as the row
number Excel shows, the column's header and the reason (``第9行 公民身份号码：校验码错误``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from payroll.importers.workers import WorkerImport
from payroll.management.imports import acting_user_named, finish
from yiguoji.core.audit import acting_as
from yiguoji.core.models import Township
from yiguoji.imports import run_import


class Command(BaseCommand):
    help = "从Excel导入务工人员名册（与网页导入相同的校验；全部正确才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel 文件（.xlsx、.xls、.ods）")
        parser.add_argument(
            "--township", help="表中没有“乡镇（街道）”列时，这些人员所属的乡镇（街道）名称"
        )
        parser.add_argument("--user", help="以该用户的名义导入（记入审计日志），默认为系统")
        parser.add_argument("--check", action="store_true", help="只校验，不写入")

    def handle(self, *args, file: str, township: str | None, user: str | None, check: bool,
               **options):  # fmt: skip
        acting_user = acting_user_named(user)
        township_id = None
        if township:
            found = Township.objects.filter(name=township).first()
            if found is None:
                raise CommandError(f"没有乡镇（街道）“{township}”")
            township_id = found.pk
        try:
            with acting_as(acting_user, via="manage.py import_workers"):
                result = run_import(
                    WorkerImport(township_id=township_id),
                    file,
                    context={"user": acting_user},
                    dry_run=check,
                )
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        finish(self, result)
