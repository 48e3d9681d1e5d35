"""``manage.py backup``: a dated, checksummed set of the database and the uploaded files."""

from django.core.management.base import BaseCommand, CommandError

from yiguoji.backups import tools
from yiguoji.backups.create import BackupFailed, backup_create, backup_prune


class Command(BaseCommand):
    help = "备份数据库（pg_dump 自定义格式）和上传的文件，生成带校验和的备份集，并按保留规则清理"

    def add_arguments(self, parser):
        parser.add_argument("--to", help="备份目录（默认 BACKUP_DIR）")
        parser.add_argument("--keep-all", action="store_true", help="不按保留规则删除旧备份")

    def handle(self, *args, to=None, keep_all=False, **options):
        try:
            made = backup_create(folder=to)
        except (BackupFailed, tools.ToolMissing) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"备份集 {made.path}：数据库 {made.database_bytes:,} 字节，"
            f"文件 {made.media_bytes:,} 字节"
        )
        if not keep_all:
            for name in backup_prune(folder=to):
                self.stdout.write(f"按保留规则删除 {name}")
