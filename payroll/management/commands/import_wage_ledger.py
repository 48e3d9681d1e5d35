"""``manage.py import_wage_ledger --project CODE --month YYYY-MM FILE.xlsx``: a project's wage
ledger for one month, from the shell.

Runs the same import as the 导入劳务报酬发放台账 page (same checks, all or nothing; the month's
draft is replaced, a submitted or filed ledger is never overwritten). Exit 0 with a one-line
summary when the file was written; exit 1 with every bad row otherwise, each as the row number
Excel shows, the column's header and the reason (``第9行 实发金额（元）：…``).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from payroll.forms import month_from
from payroll.importers.ledger import WageLedgerImport
from payroll.management.imports import acting_user_named, finish
from projects.models import Project
from yiguoji.core.audit import acting_as
from yiguoji.imports import run_import


class Command(BaseCommand):
    help = "从Excel导入项目某月的劳务报酬发放台账（与网页导入相同的校验；全部正确才写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel 文件（.xlsx、.xls、.ods）")
        parser.add_argument("--project", required=True, help="项目编号，如 YQ-2026-017")
        parser.add_argument("--month", required=True, help="台账月份，如 2026-05")
        parser.add_argument("--user", help="以该用户的名义导入（记入审计日志），默认为系统")
        parser.add_argument("--check", action="store_true", help="只校验，不写入")

    def handle(self, *args, file: str, project: str, month: str, user: str | None, check: bool,
               **options):  # fmt: skip
        found = Project.objects.filter(code=project).first()
        if found is None:
            raise CommandError(f"没有项目“{project}”")
        first = month_from(month)
        if first is None:
            raise CommandError(f"月份“{month}”格式不正确，应为如 2026-05")
        acting_user = acting_user_named(user)
        try:
            with acting_as(acting_user, via="manage.py import_wage_ledger"):
                result = run_import(
                    WageLedgerImport(project=found, month=first),
                    file,
                    context={"user": acting_user},
                    dry_run=check,
                )
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        finish(self, result)
