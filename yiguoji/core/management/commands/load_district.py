from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiguoji.core.services.district import DistrictDataError, district_load


class Command(BaseCommand):
    help = "载入一个区县的基础数据（district/townships/villages/organisations 的 CSV 或 xlsx 文件）"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="如 data/districts/yanqing")

    def handle(self, *args, directory: Path, **options):
        try:
            summary = district_load(directory=directory)
        except DistrictDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"已载入：{summary}"))
