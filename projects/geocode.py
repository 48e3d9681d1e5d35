"""A project's site from an address (issue 16 item 4, "from an address").

Government intranets have no internet, so the address is matched against the district's own
gazetteer, ``GAZETTEER_FILE`` (``data/districts/<name>/places.csv``: ``township, village,
longitude, latitude``; a row without a village is the township's seat): the longest township
name found in the typed address, then the longest village name in the rest of it (restricted to
that township when one was found), each by its full name (八达岭镇, 岔道村) or its name without
镇/乡/街道/村 (八达岭, 岔道). A village gives the village's position, a township alone its seat.

Optionally the district runs a geocoder of its own (``GEOCODER_URL``, a URL with ``{address}``;
off by default): it is asked only when the gazetteer finds no village, and its answer is kept
only inside the district's outlines' bounds. Settings are read here only.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from projects.maps import outlines

log = logging.getLogger(__name__)
SIX = Decimal("0.000001")
TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
# Removed before matching: "北京市延庆区" must not be read as 延庆镇.
DISTRICT_WORDS = re.compile(r"^(?:.{2,4}?[省市])?(?:.{2,4}?[区县](?![镇乡村]))?")
SPACES = re.compile(r"[\s,，、。;；:：()（）·\-—]+")


@dataclass(frozen=True)
class Place:
    township: str
    village: str
    latitude: Decimal
    longitude: Decimal

    @property
    def label(self) -> str:
        return self.township + self.village


@dataclass(frozen=True)
class Found:
    """What "按地址定位" answers: a position and what it came from, or only a message."""

    message: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    source: str = ""  # village | township | geocoder | "" (nothing matched)

    @property
    def ok(self) -> bool:
        return self.latitude is not None


def _short(name: str, suffixes) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def _gazetteer(path: str, mtime: float) -> tuple[dict[str, Place], tuple[Place, ...]]:
    seats: dict[str, Place] = {}
    villages: list[Place] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(
                township=row["township"].strip(),
                village=(row.get("village") or "").strip(),
                latitude=Decimal(row["latitude"]).quantize(SIX),
                longitude=Decimal(row["longitude"]).quantize(SIX),
            )
            if place.village:
                villages.append(place)
            else:
                seats[place.township] = place
    return seats, tuple(villages)


def gazetteer() -> tuple[dict[str, Place], tuple[Place, ...]]:
    """The township seats (by name) and the villages of ``GAZETTEER_FILE`` (empty if missing)."""
    path = Path(settings.GAZETTEER_FILE)
    if not path.is_file():
        return {}, ()
    return _gazetteer(str(path), path.stat().st_mtime)


def _clean(address: str) -> str:
    return DISTRICT_WORDS.sub("", SPACES.sub("", address or ""), count=1)


def _longest(text: str, names: dict[str, list]) -> tuple[str, list]:
    """The longest of ``names`` (spelling -> what it names) occurring in ``text``."""
    hits = [spelling for spelling in names if spelling in text]
    if not hits:
        return "", []
    best = max(hits, key=len)
    return best, names[best]


def _spellings(items, name_of, suffixes) -> dict[str, list]:
    spellings: dict[str, list] = {}
    for item in items:
        name = name_of(item)
        for spelling in {name, _short(name, suffixes)}:
            spellings.setdefault(spelling, []).append(item)
    return spellings


def match(address: str) -> Found:
    """The gazetteer's answer for ``address`` (no network)."""
    seats, villages = gazetteer()
    text = _clean(address)
    if not text:
        return Found("请先填写地址，如“八达岭镇岔道村”。")
    townships = set(seats) | {place.township for place in villages}
    spelled, named = _longest(text, _spellings(townships, str, TOWNSHIP_SUFFIXES))
    township = named[0] if len(named) == 1 else ""
    rest = text.replace(spelled, "|", 1) if township else text
    candidates = [v for v in villages if not township or v.township == township]
    spellings = _spellings(candidates, lambda v: v.village, ("村",))
    spelled_village, found = _longest(rest, spellings)
    if township and not found:  # 张山营村: the village named after its township
        spelled_village, found = _longest(text, spellings)
        if len(spelled_village) <= len(spelled):
            found = []
    if len(found) == 1:
        place = found[0]
        return Found(
            f"已按“{place.label}”定位（村的大致位置），请在地图上核对、点击修正后保存。",
            place.latitude, place.longitude, "village",
        )  # fmt: skip
    if len(found) > 1:
        where = "、".join(sorted(place.township for place in found))
        return Found(f"“{spelled_village}”在{where}都有，请在地址中写明乡镇。")
    if township and township in seats:
        seat = seats[township]
        return Found(
            f"地址中只找到乡镇“{township}”（未找到其中的村），已定位到乡镇驻地，"
            "请在地图上点击工地的准确位置后保存。",
            seat.latitude, seat.longitude, "township",
        )  # fmt: skip
    return Found(f"地名库中没有与“{address.strip()}”匹配的乡镇或村，请在地图上点击工地位置。")


def _district_bounds() -> tuple[float, float, float, float] | None:
    """(min lng, min lat, max lng, max lat) of the shipped township outlines."""
    data = outlines()
    if not data:
        return None
    points = []

    def walk(coordinates):
        if coordinates and isinstance(coordinates[0], (int, float)):
            points.append(coordinates)
        else:
            for part in coordinates:
                walk(part)

    for feature in data.get("features", []):
        walk(feature["geometry"]["coordinates"])
    if not points:
        return None
    lngs, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lngs) - 0.05, min(lats) - 0.05, max(lngs) + 0.05, max(lats) + 0.05


def _read_answer(data) -> tuple[Decimal, Decimal, str] | None:
    if isinstance(data, list):
        data = data[0] if data else None
    if not isinstance(data, dict):
        return None
    lat = data.get("lat", data.get("latitude"))
    lng = data.get("lon", data.get("lng", data.get("longitude")))
    if lat is None or lng is None:
        return None
    name = str(data.get("display_name") or data.get("name") or "")
    return Decimal(str(lat)).quantize(SIX), Decimal(str(lng)).quantize(SIX), name


def ask_geocoder(address: str) -> Found | None:
    """The district's own geocoder's answer, or None (not configured, no answer, or a place
    outside the district)."""
    url = settings.GEOCODER_URL
    if not url or not address.strip():
        return None
    target = url.replace("{address}", urllib.parse.quote(address.strip()))
    try:
        request = urllib.request.Request(target, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:
            answer = _read_answer(json.loads(response.read(200_000)))
    except (OSError, ValueError, ArithmeticError) as error:
        log.warning("地理编码服务未应答：%s", error)
        return None
    if answer is None:
        return None
    lat, lng, name = answer
    bounds = _district_bounds()
    if bounds and not (bounds[0] <= lng <= bounds[2] and bounds[1] <= lat <= bounds[3]):
        log.info("地理编码服务给出的位置不在本区县：%s, %s", lat, lng)
        return None
    said = f"“{name}”" if name else "该地址"
    return Found(
        f"地理编码服务已按{said}定位，请在地图上核对、点击修正后保存。", lat, lng, "geocoder"
    )


def locate(address: str) -> Found:
    """按地址定位: a village of the gazetteer; else the district's geocoder (if configured);
    else a township's seat; else a message saying nothing matched."""
    found = match(address)
    if found.source == "village":
        return found
    asked = ask_geocoder(address)
    return asked or found
