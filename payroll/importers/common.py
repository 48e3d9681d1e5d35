"""Pieces shared by the payroll uploads: places, priority groups, skills, known people."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from payroll import identity
from payroll.choices import PRIORITY_GROUP_SYNONYMS, PriorityGroup
from payroll.models import Worker
from yiguoji.core import crypto
from yiguoji.core.models import Township, Village
from yiguoji.core.roles import Role
from yiguoji.core.terms import terms
from yiguoji.imports import Column, Row, RowSet, fields

_VILLAGE_SUFFIXES = ("村民委员会", "村委会", "社区居委会", "居委会", "社区", "村")
_TOWNSHIP_SUFFIXES = ("街道办事处", "人民政府", "街道", "镇", "乡")
_SKILL_SPLIT = re.compile(r"[、,，;；/\s]+")


def _stem(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def township_field() -> fields.Choice:
    """乡镇（街道） by full name or without 镇/乡/街道 ("八达岭" for 八达岭镇)."""
    townships = list(Township.objects.values_list("pk", "name"))
    synonyms = {_stem(name, _TOWNSHIP_SUFFIXES): pk for pk, name in townships}
    district = terms()  # "延庆区八达岭镇", "北京市延庆区八达岭镇"
    for prefix in {district.name, district.full_name} - {""}:
        synonyms.update({f"{prefix}{name}": pk for pk, name in townships})
    return fields.choice(townships, synonyms)


class VillageLookup:
    """Villages by (township, name), accepting "岔道" and "岔道村委会" for 岔道村."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[int, str], int] = {}
        self.names: dict[int, str] = {}
        for pk, township_id, name in Village.objects.values_list("pk", "township_id", "name"):
            self.by_key[(township_id, name)] = pk
            self.by_key.setdefault((township_id, _stem(name, _VILLAGE_SUFFIXES)), pk)
            self.names[pk] = name
        self.township_names = dict(Township.objects.values_list("pk", "name"))

    def find(self, township_id: int, name: str) -> int | None:
        return self.by_key.get((township_id, name)) or self.by_key.get(
            (township_id, _stem(name, _VILLAGE_SUFFIXES))
        )


def township_scope(ctx, township_id: int | None) -> tuple[int | None, bool]:
    """(the township for rows without one, whether only that township is allowed): a township
    imports its own people; others may name the township a file is for (``township_id``)."""
    user = ctx.get("user")
    if user is not None and user.role == Role.TOWNSHIP:
        return user.township_id, True
    return township_id, False


def resolve_places(
    rows: RowSet, ctx, township_id: int | None = None, *, only: Iterable[Row] | None = None
) -> None:
    """Set ``township_id`` and ``village_id`` on each row (or on the rows ``only``), reporting
    what cannot be placed.

    The township of a row is its 乡镇（街道） cell, else the file's (see :func:`township_scope`).
    """
    default_township_id, own_only = township_scope(ctx, township_id)
    villages = VillageLookup()
    for row in rows if only is None else only:
        township_id = row.get("township") or default_township_id
        if township_id is None:
            rows.error(row, "township", "请填写乡镇（街道）")
            continue
        if own_only and default_township_id and township_id != default_township_id:
            rows.error(row, "township", "只能导入本乡镇（街道）的务工人员")
            continue
        row["township_id"] = township_id
        row["village_id"] = None
        if row.get("village"):
            village_id = villages.find(township_id, row["village"])
            if village_id is None:
                township = villages.township_names.get(township_id, "")
                rows.error(row, "village", f"“{row['village']}”不是{township}的村（社区）")
            row["village_id"] = village_id


def priority_groups_field() -> fields.MultiChoice:
    return fields.multi_choice(PriorityGroup.choices, PRIORITY_GROUP_SYNONYMS)


class SkillWords(fields.Text):
    """Skill words separated by 、 , ; / or spaces: "砌石、钢筋" -> ["砌石", "钢筋"]."""

    hint = "可填写多项，用顿号（、）分隔，如：砌石、钢筋"

    def __init__(self) -> None:
        super().__init__(max_length=200)

    def __call__(self, value) -> list[str]:
        text = super().__call__(value)
        words: list[str] = []
        for word in _SKILL_SPLIT.split(text):
            if word and word not in ("无", "没有") and word not in words:
                if len(word) > 20:
                    raise fields.CellError(f"“{word}”过长，每项技能最多20个字")
                words.append(word)
        return words


def person_columns() -> list[Column]:
    """The columns that identify a person in every payroll upload."""
    return [
        Column(
            "name",
            "姓名",
            fields.person_name(),
            synonyms=("务工人员姓名", "人员姓名", "务工人员", "劳动力姓名"),
        ),
        Column(
            "id_number",
            "公民身份号码",
            fields.resident_id(),
            synonyms=("身份证号", "身份证号码", "身份证", "身份证件号码", "证件号码"),
            unique=True,
            width=22,
        ),
    ]


PHONE = Column(
    "phone",
    "联系电话",
    fields.phone(),
    synonyms=("手机号", "手机号码", "电话", "联系方式"),
    required=False,
)
SKILL_SYNONYMS = ("技能特长", "专业技能", "特长", "掌握技能")


def place_columns() -> list[Column]:
    """乡镇（街道）, 村（社区） and 优先群体: where a person lives and which groups they are in."""
    return [
        Column(
            "township",
            "乡镇（街道）",
            township_field(),
            synonyms=("乡镇", "所属乡镇", "乡镇街道", "所在乡镇"),
            required=False,
            note="乡镇（街道）导入本乡镇人员时可不填",
        ),
        Column(
            "village",
            "村（社区）",
            fields.text(max_length=50),
            synonyms=("村", "所在村", "行政村", "村名", "村居"),
            required=False,
        ),
        Column(
            "priority_groups",
            "优先群体",
            priority_groups_field(),
            synonyms=("人员类别", "重点群体", "群体类别"),
            required=False,
            width=24,
        ),
    ]


def known_workers(rows: Iterable[Row]) -> dict[bytes, Worker]:
    """People of the file already in the register, by blind index, in one query (also sets
    ``row["id_index"]`` on every row)."""
    index_rows(rows)
    rows = list(rows)
    if not rows:
        return {}
    current = register_indexes(rows)
    found = Worker.objects.select_related("township", "village").filter(
        any_of("id_index", list(current))
    )
    return {current[bytes(worker.id_index)]: worker for worker in found}


def register_indexes(rows: Iterable[Row]) -> dict[bytes, bytes]:
    """The indexes to search for the rows' people -> each row's ``id_index``: only the current
    key's, unless a key rotation is under way (then every configured key's)."""
    if len(crypto.key_versions()) == 1:
        return {row["id_index"]: row["id_index"] for row in rows}
    return identity.current_id_indexes(row["id_number"] for row in rows)


def any_of(column: str, values: list) -> RawSQL:
    """``column = ANY(%s)`` with one array parameter: for thousands of values far cheaper to
    send and plan than ``__in`` with one placeholder each."""
    return RawSQL(f'"payroll_worker"."{column}" = ANY(%s)', (values,), output_field=BooleanField())


def index_rows(rows: Iterable[Row]) -> None:
    """Attach each row's blind index (``row["id_index"]``) once, for lookups and writes."""
    for row in rows:
        if "id_index" not in row:
            row["id_index"] = identity.id_index(row["id_number"])
