from django.core.management.base import BaseCommand

from yiguoji.core.demo import demo_password, demo_users


class Command(BaseCommand):
    help = "打印平台地址和演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"以工代赈管理平台：{url}"))
        self.stdout.write(f"演示账号（密码均为 {demo_password()}）：")
        for row in demo_users():
            name = f"{row['full_name']}  {row['organisation']}"
            self.stdout.write(f"  {row['username']:<15} {row['role']:<10} {name}")
        self.stdout.write("按 Ctrl-C 停止网站、后台任务和定时任务。")
        self.stdout.write("")
