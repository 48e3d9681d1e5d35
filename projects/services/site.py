"""Where a project is built (issue 16 item 4): a point on the map, typed or clicked, and
optionally the line (a road, a channel) or area (a field, a slope) of the works, as GeoJSON.

The point is what the phones' positions are measured against (payroll's checks on site
attendance); the line or area is drawn on the project's map and the public page.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from projects import capabilities as caps
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

MAX_POINTS = 500
# Mainland China, generously: a typed position outside it is almost always lat/lng swapped.
LATITUDES, LONGITUDES = (Decimal("3"), Decimal("54")), (Decimal("73"), Decimal("136"))
SIX = Decimal("0.000001")


def _check_point(latitude: Decimal, longitude: Decimal, where: str) -> None:
    if not (LATITUDES[0] <= latitude <= LATITUDES[1]) or not (
        LONGITUDES[0] <= longitude <= LONGITUDES[1]
    ):
        where_ = f"坐标（纬度{latitude}，经度{longitude}）"
        raise ValidationError({where: f"{where_}不在我国境内，请检查是否把经度和纬度填反了"})


def clean_shape(shape) -> dict | None:
    """A GeoJSON LineString or Polygon in WGS 84 ([lng, lat] pairs), or None; refuses anything
    else with a reason naming the point."""
    if not shape:
        return None
    if not isinstance(shape, dict) or shape.get("type") not in ("LineString", "Polygon"):
        raise ValidationError({"shape": "线路或范围应为GeoJSON的LineString或Polygon"})
    kind = shape["type"]
    points = shape.get("coordinates") or []
    if kind == "Polygon":
        points = points[0] if points and isinstance(points[0], list) else []
        if len(points) > 1 and points[0] == points[-1]:
            points = points[:-1]  # closed again below
    need = 2 if kind == "LineString" else 3
    if not isinstance(points, list) or len(points) < need:
        raise ValidationError({"shape": "线路至少要2个点，范围至少要3个点"})
    if len(points) > MAX_POINTS:
        raise ValidationError({"shape": f"点数过多（{len(points)}个），最多{MAX_POINTS}个"})
    cleaned = []
    for n, point in enumerate(points, start=1):
        try:
            lng, lat = (Decimal(str(value)).quantize(SIX) for value in point[:2])
        except Exception as error:
            raise ValidationError({"shape": f"第{n}个点无法识别"}) from error
        _check_point(lat, lng, "shape")
        cleaned.append([float(lng), float(lat)])
    if kind == "Polygon":
        cleaned.append(cleaned[0])
        return {"type": "Polygon", "coordinates": [cleaned]}
    return {"type": "LineString", "coordinates": cleaned}


def project_site_set(
    *,
    acting_user,
    project: Project,
    latitude: Decimal | None,
    longitude: Decimal | None,
    shape: dict | None = None,
) -> Project:
    """Set (or clear, with both None) the project's site and its line or area."""
    access.require(acting_user, caps.LOCATE)
    if (latitude is None) != (longitude is None):
        raise ValidationError("经度和纬度应同时填写")
    if latitude is not None:
        latitude, longitude = Decimal(latitude).quantize(SIX), Decimal(longitude).quantize(SIX)
        _check_point(latitude, longitude, "latitude")
    shape = clean_shape(shape)
    if shape and latitude is None:
        raise ValidationError({"latitude": "请先标注工地位置（点），再画线路或范围"})
    with transaction.atomic(), acting_as(acting_user):
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("您不能标注该项目的位置")
        locked.site_latitude, locked.site_longitude, locked.site_shape = latitude, longitude, shape
        locked.save(update_fields=["site_latitude", "site_longitude", "site_shape", "updated_at"])
    return locked
