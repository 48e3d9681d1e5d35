"""Approximate township outlines for a district map when no surveyed boundaries are to hand.

    python scripts/approx_outlines.py data/districts/yanqing

Reads ``townships.csv`` (code, name) and ``map_seeds.csv`` (name, longitude, latitude: where each
township's seat is; boundary: the district's outline as lng/lat points in order) from the
directory and writes ``townships.geojson``: each township the part of the district's outline
nearer its seat than any other (a Voronoi cell clipped to the outline). These are sketches for
orientation, labelled as such in every feature (``approximate: true``), never legal boundaries;
a district with surveyed outlines puts its own GeoJSON in the file instead.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

NOTE = "示意轮廓：按乡镇驻地位置近似划分，仅供定位参考，不是法定行政界线"


def clip(polygon, a, b):
    """The part of ``polygon`` nearer ``a`` than ``b`` (Sutherland-Hodgman, one half-plane)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def inside(p):
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    def cross(p, q):
        dp = (p[0] - mx) * nx + (p[1] - my) * ny
        dq = (q[0] - mx) * nx + (q[1] - my) * ny
        t = dp / (dp - dq)
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))

    out = []
    for i, q in enumerate(polygon):
        p = polygon[i - 1]
        if inside(q):
            if not inside(p):
                out.append(cross(p, q))
            out.append(q)
        elif inside(p):
            out.append(cross(p, q))
    return out


def main(directory: Path) -> None:
    with open(directory / "townships.csv", encoding="utf-8") as handle:
        codes = {row["name"]: row["code"] for row in csv.DictReader(handle)}
    with open(directory / "map_seeds.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    seeds, boundary = {}, []
    for row in rows:
        point = (float(row["longitude"]), float(row["latitude"]))
        (
            boundary.append(point)
            if row["name"] == "boundary"
            else seeds.__setitem__(row["name"], point)
        )
    scale = math.cos(math.radians(sum(p[1] for p in boundary) / len(boundary)))
    to_xy = lambda p: (p[0] * scale, p[1])  # noqa: E731  (metres-like: a degree of longitude is shorter)
    to_lnglat = lambda p: [round(p[0] / scale, 5), round(p[1], 5)]  # noqa: E731
    features = []
    for name, seed in seeds.items():
        cell = [to_xy(p) for p in boundary]
        for other_name, other in seeds.items():
            if other_name != name and cell:
                cell = clip(cell, to_xy(seed), to_xy(other))
        ring = [to_lnglat(p) for p in cell]
        ring.append(ring[0])
        features.append({
            "type": "Feature",
            "properties": {"code": codes.get(name, ""), "name": name, "approximate": True,
                           "note": NOTE, "seat": [seed[0], seed[1]]},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })  # fmt: skip
    collection = {"type": "FeatureCollection", "note": NOTE, "features": features}
    (directory / "townships.geojson").write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{len(features)} 个乡镇示意轮廓 -> {directory / 'townships.geojson'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
