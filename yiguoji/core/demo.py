"""Demo data of the core: Yanqing's lists, demo organisations and one demo user per role."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from yiguoji.core import registry
from yiguoji.core.models import Organisation
from yiguoji.core.roles import Role
from yiguoji.core.services.district import district_load, organisations_load, read_rows
from yiguoji.core.services.users import user_upsert

DEMO_DIR = settings.BASE_DIR / "data" / "demo"
DISTRICT_DIR = settings.BASE_DIR / "data" / "districts" / "yanqing"


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "yiguoji2026")


def demo_users() -> list[dict]:
    return [row for _, row in read_rows(DEMO_DIR, "users")]


@registry.demo_seeder(0, "区县基础数据、演示单位和用户")
def seed_core(stdout) -> None:
    summary = district_load(directory=Path(DISTRICT_DIR))
    stdout.write(f"  区县基础数据：{summary}")
    organisations_load(DEMO_DIR)
    roles = {label: value for value, label in Role.choices}
    for row in demo_users():
        user_upsert(
            acting_user=None,
            username=row["username"],
            full_name=row["full_name"],
            organisation=Organisation.objects.get(name=row["organisation"]),
            role=roles.get(row["role"], row["role"]),
            password=demo_password(),
        )
    stdout.write(f"  演示用户：{len(demo_users())} 个")
