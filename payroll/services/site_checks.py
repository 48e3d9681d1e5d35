"""Checks on what comes in from the phones (issue 16 item 2; art. 50: 虚报用工).

Three signs that an entry may not be what it claims, each kept as a ``SiteSuspicion`` with its
evidence for the township and the district office (who are notified) to look into:

* **far**: the phone was farther from the project's site (``Project.site_latitude/longitude``)
  than the distance the district sets (``SiteRules.max_distance_m``);
* **photo**: the crew photo is (nearly) the same picture as one sent for another day: the
  photos' difference hashes (64 bits) differ in at most ``PHOTO_MAX_BITS`` bits;
* **late**: the entry arrived more than ``SiteRules.late_days`` days after the day it is for;
* **elsewhere**: the same foreman's phone sent an entry for the same day from a place farther
  from this one than the district's distance (the phone was elsewhere that day).

The checks run once, when an entry is first stored (a replay stores nothing and checks nothing);
they never refuse an entry: the attendance rules decide what is recorded, these only flag.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from payroll import capabilities as caps
from payroll.models import SiteEntry, SiteRules, SiteSuspicion
from payroll.models.site import SiteCheck
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.models import User
from yiguoji.core.roles import Role
from yiguoji.core.services.notifications import notify

PHOTO_MAX_BITS = 6  # of 64: resized, recompressed or slightly cropped copies stay within this
EARTH_RADIUS_M = 6_371_000


def photo_hash(upload) -> int:
    """The difference hash of a picture (dHash: 9x8 grey pixels, each bit says whether a pixel is
    brighter than its right neighbour), as a signed 64-bit integer for PostgreSQL's bigint."""
    upload.seek(0)
    with Image.open(upload) as image:
        grey = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
        pixels = grey.tobytes()  # one byte per grey pixel, row by row
    upload.seek(0)
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (pixels[row * 9 + col] > pixels[row * 9 + col + 1])
    return bits - (1 << 64) if bits >= 1 << 63 else bits


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _far(entry: SiteEntry, rules) -> tuple[str, dict] | None:
    project = entry.project
    if not entry.has_position or project.site_latitude is None:
        return None
    metres = distance_m(
        entry.latitude, entry.longitude, project.site_latitude, project.site_longitude
    )
    if metres <= rules.max_distance_m:
        return None
    accuracy = f"（手机定位误差约{entry.accuracy}米）" if entry.accuracy is not None else ""
    return (
        f"考勤时手机距工地约{round(metres):,}米{accuracy}，超过区里设定的{rules.max_distance_m:,}米",
        {
            "distance_m": round(metres),
            "limit_m": rules.max_distance_m,
            "accuracy_m": entry.accuracy,
            "phone": [float(entry.latitude), float(entry.longitude)],
            "site": [float(project.site_latitude), float(project.site_longitude)],
        },
    )


def _reused_photo(entry: SiteEntry) -> tuple[str, dict] | None:
    """The closest photo of another day (one query: PostgreSQL counts the differing bits)."""
    if entry.photo_hash is None:
        return None
    bits = RawSQL("bit_count((photo_hash # %s)::bit(64))", (entry.photo_hash,))
    other = (
        SiteEntry.objects.exclude(pk=entry.pk)
        .exclude(date=entry.date)
        .filter(photo_hash__isnull=False)
        .annotate(bits=bits)
        .filter(bits__lte=PHOTO_MAX_BITS)
        .select_related("project")
        .order_by("bits", "-date")
        .first()
    )
    if other is None:
        return None
    return (
        f"现场照片与{other.project.code} {other.date.month}月{other.date.day}日的照片"
        f"几乎相同（64位差异哈希相差{other.bits}位），疑似重复使用",
        {"other_entry": other.pk, "other_project": other.project.code,
         "other_date": other.date.isoformat(), "bits": other.bits},
    )  # fmt: skip


def _late(entry: SiteEntry, rules) -> tuple[str, dict] | None:
    received = timezone.localtime(entry.received_at)
    days = (received.date() - entry.date).days
    if days <= rules.late_days:
        return None
    return (
        f"{entry.date.month}月{entry.date.day}日的考勤{received:%m月%d日 %H:%M}才发送，"
        f"晚了{days}天（区里设定{rules.late_days}天内）",
        {"days": days, "limit_days": rules.late_days,
         "marked_at": timezone.localtime(entry.marked_at).isoformat(),
         "received_at": received.isoformat()},
    )  # fmt: skip


def _elsewhere(entry: SiteEntry, rules) -> tuple[str, dict] | None:
    """The same foreman's phone sent an entry for the same day from a place farther away than
    the district's distance (one phone cannot have been at both sites)."""
    if not entry.has_position:
        return None
    others = (
        SiteEntry.objects.filter(sent_by_id=entry.sent_by_id, date=entry.date)
        .exclude(pk=entry.pk)
        .exclude(latitude=None)
        .select_related("project")
    )
    for other in others:
        metres = distance_m(entry.latitude, entry.longitude, other.latitude, other.longitude)
        if metres > rules.max_distance_m:
            return (
                f"同一记录人当天还从约{round(metres):,}米外为{other.project.code}发送了考勤"
                f"（{timezone.localtime(other.marked_at):%H:%M}），同一部手机不能同时在两处",
                {"other_entry": other.pk, "other_project": other.project.code,
                 "other_date": other.date.isoformat(), "distance_m": round(metres),
                 "limit_m": rules.max_distance_m},
            )  # fmt: skip
    return None


CHECKS = (
    (SiteCheck.FAR, _far),
    (SiteCheck.PHOTO, None),
    (SiteCheck.LATE, _late),
    (SiteCheck.ELSEWHERE, _elsewhere),
)


def site_checks_run(entry: SiteEntry) -> list[SiteSuspicion]:
    """Flag what looks wrong about a newly stored entry, and tell the township and district
    office. Idempotent: one suspicion per entry and kind, one notification per recipient."""
    rules = SiteRules.current()
    found = []
    for kind, check in CHECKS:
        result = _reused_photo(entry) if kind == SiteCheck.PHOTO else check(entry, rules)
        if result is None:
            continue
        detail, evidence = result
        suspicion, _ = SiteSuspicion.objects.get_or_create(
            entry=entry, kind=kind, defaults={"detail": detail, "evidence": evidence}
        )
        found.append(suspicion)
    if found:
        _tell(entry, found)
    return found


def _recipients(project):
    """The district office and the townships the project is in (art. 50: 乡镇 and 区 supervise)."""
    townships = project.townships.values("pk")
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.DISTRICT_OFFICE)
        | Q(role=Role.TOWNSHIP, organisation__township_id__in=townships)
    )


def _tell(entry: SiteEntry, found) -> None:
    project = entry.project
    kinds = "、".join(s.get_kind_display() for s in found)
    for user in _recipients(project):
        notify(
            recipient=user,
            key=f"site-suspicion-{entry.pk}",
            title=f"现场考勤疑点：{project.code} {entry.date.month}月{entry.date.day}日（{kinds}）",
            body="；".join(s.detail for s in found),
            url=reverse("payroll:site_suspicion", args=[found[0].pk]),
        )


def site_rules_save(*, acting_user, max_distance_m: int, late_days: int) -> SiteRules:
    """The district office sets the thresholds (one row)."""
    access.require(acting_user, caps.MANAGE_SITE_RULES)
    if max_distance_m < 50:
        raise ValidationError({"max_distance_m": "距离不能小于50米（手机定位本身有几十米误差）"})
    if not 0 <= late_days <= 60:
        raise ValidationError({"late_days": "天数应在0至60天之间"})
    with transaction.atomic(), acting_as(acting_user):
        rules = SiteRules.objects.select_for_update().order_by("pk").first() or SiteRules()
        rules.max_distance_m, rules.late_days = max_distance_m, late_days
        rules.updated_by = acting_user
        rules.save()
    return rules
