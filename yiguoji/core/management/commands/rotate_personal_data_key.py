"""``manage.py rotate_personal_data_key``: re-encrypt every stored number under the current key.

Steps (README, "Keys"): put the new key first in ``PERSONAL_DATA_KEYS`` (``2:<new>,1:<old>``) and
restart; run this command (it resumes where an interrupted run stopped); ``--check`` then reports
no row under an older version; remove the old key from ``PERSONAL_DATA_KEYS`` and restart.
"""

from django.core.management.base import BaseCommand, CommandError

from yiguoji.core import crypto
from yiguoji.core.services import keys


class Command(BaseCommand):
    help = "用当前密钥重新加密全部身份证号、银行卡号等个人信息并重建盲索引（可中断后续跑）"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=keys.DEFAULT_BATCH)
        parser.add_argument(
            "--check", action="store_true", help="只检查：仍有旧版本密钥的行时以状态 1 退出"
        )

    def handle(self, *args, batch_size: int, check: bool, **options):
        version = crypto.current_version()
        if check:
            left = {t: n for t, n in keys.stale_counts(version).items() if n}
            for table, n in left.items():
                self.stdout.write(f"{table}: {n} 行仍为旧版本密钥")
            if left:
                raise CommandError(f"尚有 {sum(left.values())} 行未用版本 {version} 的密钥重新加密")
            self.stdout.write(f"全部个人信息均已使用版本 {version} 的密钥；旧密钥可以移除。")
            return

        def progress(table: str, done: int, total: int) -> None:
            self.stdout.write(f"{table}: {done}/{total}")

        try:
            rotation = keys.personal_data_rotate(
                by="manage.py rotate_personal_data_key", batch_size=batch_size, progress=progress
            )
        except crypto.DecryptionError as error:
            raise CommandError(
                f"无法解密：{error}（旧密钥是否仍在 PERSONAL_DATA_KEYS 中？）"
            ) from None
        if rotation.finished_at is None:
            raise CommandError("仍有行在轮换期间被改为旧版本，请再次运行本命令")
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：共 {rotation.rows_done} 行已使用版本 {version} 的密钥"
                f"（第 {rotation.runs} 次运行）；旧密钥可以从 PERSONAL_DATA_KEYS 中移除。"
            )
        )
