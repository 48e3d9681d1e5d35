"""Demo data of attendance from the phone (issue 16 items 1-2): a few days of entries sent by the
demo contractor on YQ-2026-001, one far from the site and one with yesterday's photo again, so
the suspicion list and the project's photo map have something to show."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from payroll.models import SiteEntry
from payroll.selectors.site import site_crew
from payroll.services.site import Position, site_entry_receive
from projects.models import Project
from yiguoji.core import registry
from yiguoji.core.models import User


def _photo(seed: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (1280, 960), (120 + seed * 17 % 80, 150, 110))
    draw = ImageDraw.Draw(image)
    for n in range(8):  # people in a row, different each day
        x = 80 + n * 140 + seed * 9 % 40
        draw.ellipse([x, 380, x + 60, 440], fill=(230, 190, 150))
        draw.rectangle([x - 10, 440, x + 70, 640], fill=((n * 60 + seed * 40) % 255, 80, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


@registry.demo_seeder(50, "手机现场考勤")
def seed_site_entries(stdout) -> None:
    project = Project.objects.filter(code="YQ-2026-001", site_latitude__isnull=False).first()
    foreman = User.objects.filter(username="contractor_gs").first()
    if project is None or foreman is None or SiteEntry.objects.filter(project=project).exists():
        return
    today = timezone.localdate()
    lat, lng = project.site_latitude, project.site_longitude
    plan = [  # days ago, offset of the phone (degrees), photo seed
        (3, (Decimal("0.0005"), Decimal("0.0004")), 1),
        (2, (Decimal("0.0003"), Decimal("-0.0006")), 2),
        (1, (Decimal("0.0310"), Decimal("0.0200")), 3),  # about 4 km away
        (0, (Decimal("-0.0004"), Decimal("0.0002")), 3),  # yesterday's photo again
    ]
    sent = 0
    for ago, (dlat, dlng), seed in plan:
        day = today - dt.timedelta(days=ago)
        crew = site_crew(project, day)[:12]
        if not crew:
            continue
        marks = {m.worker_id: Decimal("0.5") if i % 7 == 6 else Decimal("1")
                 for i, m in enumerate(crew)}  # fmt: skip
        site_entry_receive(
            acting_user=foreman, project=project, entry_id=uuid.uuid4(), day=day,
            marked_at=timezone.make_aware(dt.datetime.combine(day, dt.time(7, 40 + ago))),
            marks=marks, position=Position(lat + dlat, lng + dlng, 12 + ago * 5),
            photo=_photo(seed),
        )  # fmt: skip
        sent += 1
    stdout.write(f"  手机现场考勤：{sent} 天")
