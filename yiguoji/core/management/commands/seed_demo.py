from django.core.management.base import BaseCommand
from django.db import transaction

from yiguoji.core import registry
from yiguoji.core.audit import acting_as
from yiguoji.core.models import User


class Command(BaseCommand):
    help = "载入演示数据（延庆区基础数据、每个角色一个演示用户、各模块的演示业务数据）；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="已载入过演示数据时什么也不做（make run 首次运行时载入）",
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and User.objects.filter(username="district").exists():
            self.stdout.write("演示数据已存在，跳过（重新载入：manage.py seed_demo）")
            return
        for _, name, seeder in registry.seeders():
            self.stdout.write(f"载入{name}…")
            with transaction.atomic(), acting_as(None, via="seed_demo"):
                seeder(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
