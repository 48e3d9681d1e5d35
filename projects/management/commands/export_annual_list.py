"""manage.py export_annual_list --year 2026 FILE.xlsx: the annual list, as the page exports it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.exporters import annual_list_workbook
from projects.selectors import annual_list_queryset
from yiguoji.core.models import District


class Command(BaseCommand):
    help = "导出年度以工代赈项目清单（与页面导出的格式相同，含全部项目）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
        parser.add_argument("file", help="保存的 .xlsx 文件路径")

    def handle(self, *args, year: int, file: str, **options):
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("文件名须以 .xlsx 结尾")
        if not path.parent.exists():
            raise CommandError(f"目录不存在：{path.parent}")
        district = District.objects.first()
        projects = list(annual_list_queryset(year))
        content = annual_list_workbook(
            projects,
            year=year,
            district_name=district.name if district else "",
            exported_by="命令行导出",
        )
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(f"已导出{year}年度项目清单：{len(projects)} 个项目 -> {path}")
        )
