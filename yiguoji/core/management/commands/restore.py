"""``manage.py restore SET``: a backup set back into an empty database, then migrated forward."""

from django.core.management.base import BaseCommand, CommandError

from yiguoji.backups import sets, tools
from yiguoji.backups.restore import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = "从备份集恢复：先核对校验和，数据库须为空（--force 覆盖），恢复文件，迁移，逐表计数"

    def add_arguments(self, parser):
        parser.add_argument("set", help="备份集目录")
        parser.add_argument("--force", action="store_true", help="数据库不为空时清空后恢复")

    def handle(self, *args, set: str, force: bool, **options):
        try:
            restored = backup_restore(set, force=force)
        except (sets.BackupCorrupt, RestoreRefused, tools.ToolMissing) as error:
            raise CommandError(str(error)) from None
        for table, rows in restored.counts.items():
            expected = restored.manifest["tables"].get(table)
            note = "" if expected in (None, rows) else f"（备份时 {expected}）"
            self.stdout.write(f"{table}\t{rows}{note}")
        self.stdout.write(f"文件：{restored.media_files} 个")
        if restored.differences:
            raise CommandError(f"{len(restored.differences)} 张表的行数与备份不同（见上）")
        self.stdout.write(
            self.style.SUCCESS(f"已从 {restored.manifest['name']} 恢复，行数与备份一致")
        )
