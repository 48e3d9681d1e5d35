"""Loading a district's own reference lists (townships, villages, organisations) from files.

A district keeps its lists as CSV or Excel files in one folder (``data/districts/<name>/``):
``district``, ``townships``, ``villages`` and ``organisations``, each ``.csv`` or ``.xlsx``.
``district`` holds key/value rows: name, full name, project code prefix, lead office, complaint
hotline, and the district's own words (``level`` 区/县/旗/市 and the short names
``development_office``, ``labour_bureau``, ``finance_bureau``; see ``yiguoji.core.terms``), which
every label, PDF and export then uses.
Loading is idempotent (natural keys) and all-or-nothing; a bad row stops the load with the file,
row and reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind, Sector, TownshipKind
from yiguoji.core.models import District, Organisation, Township, Village
from yiguoji.core.terms import LEVELS, defaults_for, level_of
from yiguoji.scope import organisation_group


class DistrictDataError(Exception):
    pass


@dataclass
class LoadSummary:
    townships: int = 0
    villages: int = 0
    organisations: int = 0

    def __str__(self) -> str:
        return f"{self.townships} 个乡镇（街道）、{self.villages} 个村、{self.organisations} 个单位"


def _labels(choices) -> dict[str, str]:
    mapping = {str(label): value for value, label in choices}
    mapping.update({value: value for value, _ in choices})
    return mapping


def read_rows(directory: Path, stem: str, *, required: bool = True) -> list[tuple[int, dict]]:
    """Rows of ``<stem>.csv`` or ``<stem>.xlsx`` as (line number, {header: value})."""
    csv_path, xlsx_path = directory / f"{stem}.csv", directory / f"{stem}.xlsx"
    if csv_path.exists():
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    elif xlsx_path.exists():
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(xlsx_path)).get_sheet_by_index(0)
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.to_python()]
    elif required:
        raise DistrictDataError(f"缺少文件 {stem}.csv 或 {stem}.xlsx（{directory}）")
    else:
        return []
    if not rows:
        return []
    header = [cell.strip() for cell in rows[0]]
    return [
        (number, {key: (value or "").strip() for key, value in zip(header, row, strict=False)})
        for number, row in enumerate(rows[1:], start=2)
        if any((cell or "").strip() for cell in row)
    ]


def _choice(value: str, mapping: dict[str, str], stem: str, number: int, column: str) -> str:
    try:
        return mapping[value]
    except KeyError:
        raise DistrictDataError(f"{stem} 第{number}行 {column}：无法识别“{value}”") from None


def organisations_load(directory: Path, *, stem: str = "organisations") -> int:
    """Create or update the organisations listed in ``<stem>.csv``; returns how many rows."""
    kinds, sectors = _labels(OrgKind.choices), _labels(Sector.choices)
    townships = {t.name: t for t in Township.objects.all()}
    rows = read_rows(directory, stem)
    for number, row in rows:
        township = None
        if row.get("township"):
            township = townships.get(row["township"])
            if township is None:
                raise DistrictDataError(
                    f"{stem} 第{number}行 township：没有乡镇“{row['township']}”"
                )
        village = None
        if row.get("village"):
            village = Village.objects.filter(township=township, name=row["village"]).first()
            if village is None:
                raise DistrictDataError(
                    f"{stem} 第{number}行 village：{row['township']}没有“{row['village']}”"
                )
        sector_values = [
            _choice(s.strip(), sectors, stem, number, "sectors")
            for s in row.get("sectors", "").replace(",", "、").split("、")
            if s.strip()
        ]
        organisation, _ = Organisation.objects.update_or_create(
            name=row["name"],
            defaults={
                "short_name": row.get("short_name", ""),
                "kind": _choice(row["kind"], kinds, stem, number, "kind"),
                "township": township,
                "village": village,
                "sectors": sector_values,
                "contact_person": row.get("contact_person", ""),
                "phone": row.get("phone", ""),
            },
        )
        organisation_group(organisation)
    return len(rows)


def _words(facts: dict[str, str]) -> dict[str, str]:
    """The district's own words (yiguoji.core.terms): ``level`` (区 / 县 / 旗 / 市; by default the
    last character of its name) and the short names of its bodies (by default the generic
    ``<level>级发展改革部门`` ...)."""
    level = facts.get("level") or level_of(facts["name"])
    if level not in LEVELS:
        raise DistrictDataError(
            f"district 文件 level：应为{'、'.join(LEVELS)}之一，而不是“{level}”"
        )
    defaults = defaults_for(level)
    return {
        "level": level,
        "development_office": facts.get("development_office") or defaults["office"],
        "labour_bureau": facts.get("labour_bureau") or defaults["labour_bureau"],
        "finance_bureau": facts.get("finance_bureau") or defaults["finance_bureau"],
    }


def district_load(*, directory: Path, acting_user=None) -> LoadSummary:
    """Load (or refresh) the district, its townships, villages and organisations."""
    directory = Path(directory)
    summary = LoadSummary()
    with transaction.atomic(), acting_as(acting_user, via="load_district"):
        facts = {row["key"]: row["value"] for _, row in read_rows(directory, "district")}
        missing = {"name", "full_name", "project_code_prefix", "lead_office"} - facts.keys()
        if missing:
            raise DistrictDataError(f"district 文件缺少：{'、'.join(sorted(missing))}")
        District.objects.update_or_create(
            singleton=True,
            defaults={
                "name": facts["name"],
                "full_name": facts["full_name"],
                "project_code_prefix": facts["project_code_prefix"],
                "lead_office": facts["lead_office"],
                "complaint_hotline": facts.get("complaint_hotline", ""),
                **_words(facts),
            },
        )
        kinds = _labels(TownshipKind.choices)
        for number, row in read_rows(directory, "townships"):
            Township.objects.update_or_create(
                name=row["name"],
                defaults={
                    "code": row["code"],
                    "kind": _choice(row["kind"], kinds, "townships", number, "kind"),
                },
            )
            summary.townships += 1
        townships = {t.name: t for t in Township.objects.all()}
        for number, row in read_rows(directory, "villages", required=False):
            township = townships.get(row["township"])
            if township is None:
                raise DistrictDataError(
                    f"villages 第{number}行 township：没有乡镇“{row['township']}”"
                )
            Village.objects.update_or_create(
                township=township, name=row["name"], defaults={"code": row.get("code", "")}
            )
            summary.villages += 1
        summary.organisations = organisations_load(directory)
    return summary
