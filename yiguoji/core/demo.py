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


def placeholder_pdf(title: str) -> bytes:
    """A tiny but valid one-page PDF saying "Demo document: <title>" (ASCII title): the demo's
    stand-in for every uploaded document, scan and piece of evidence."""
    text = f"BT /F1 14 Tf 60 760 Td (Demo document: {title}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
