"""``manage.py restore_drill [SET]``: restore into a scratch database, check, drop, record."""

from django.core.management.base import BaseCommand, CommandError

from yiguoji.backups.drill import restore_drill


class Command(BaseCommand):
    help = "恢复演练：把最新（或指定）备份集恢复到临时数据库，核对行数、文件和解密，记录结果"

    def add_arguments(self, parser):
        parser.add_argument("set", nargs="?", help="备份集目录（默认最新）")

    def handle(self, *args, set=None, **options):
        drill = restore_drill(set)
        if not drill.passed:
            raise CommandError(f"恢复演练未通过（{drill.backup_name}）：{drill.detail}")
        self.stdout.write(
            self.style.SUCCESS(f"恢复演练通过（{drill.backup_name}）：{drill.detail}")
        )
