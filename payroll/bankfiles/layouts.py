"""Bank file layouts as data (issue 13, item 2): columns, order, encoding, header and footer,
CSV / XLSX / fixed-width TXT, for the batch file and for the bank's reply.

A layout is one JSON file (see ``data/bank_layouts/README.md`` for every key). It is checked
when read, so a district's mistake in the file is a clear message, not a broken batch. A batch
keeps the layout it was made with (``PaymentBatch.layout``), so the reply is read the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMATS = ("csv", "xlsx", "txt")
#: What a column of the batch file may hold (besides a fixed "value").
BATCH_FIELDS = {
    "seq": "序号",
    "reference": "付款参考号",
    "name": "收款人姓名",
    "card": "收款账号",
    "amount": "金额",
    "purpose": "用途",
    "payer_account": "付款账号",
    "payer_name": "付款账户名称",
    "payer_bank": "付款开户银行",
    "date": "日期",
    "batch_number": "批次号",
}
#: What a column of the reply may hold; ``reference`` and ``status`` are required.
REPLY_FIELDS = {
    "reference": "付款参考号",
    "card": "收款账号",
    "name": "收款人姓名",
    "amount": "金额",
    "status": "处理结果",
    "date": "入账日期",
    "reason": "失败原因",
}
#: What a column of the name-account check file (户名校验, issue 13 item 1) may hold.
VERIFY_FIELDS = {
    "seq": "序号",
    "reference": "校验参考号",
    "name": "户名",
    "card": "账号",
    "id_number": "证件号码",
    "bank": "开户银行",
    "payer_account": "付款账号",
    "payer_name": "付款账户名称",
    "date": "日期",
    "check_number": "校验批次号",
}
#: What a column of the bank's answer to a check may hold; ``reference`` and ``result`` are
#: required.
VERIFY_REPLY_FIELDS = {
    "reference": "校验参考号",
    "card": "账号",
    "name": "户名",
    "result": "校验结果",
    "reason": "说明",
}
#: The answers a layout's ``verify.reply.results`` maps the bank's words to.
VERIFY_RESULTS = ("match", "name", "closed", "frozen", "not_found")
PLACEHOLDERS = (
    "batch_number", "count", "total", "total_fen", "payer_account", "payer_name", "payer_bank",
    "date", "purpose",
)  # fmt: skip


def layout_dirs() -> list[Path]:
    base = Path(settings.BASE_DIR) / "data"
    default = [base / "bank_layouts", *sorted(base.glob("districts/*/bank_layouts"))]
    return [Path(p) for p in getattr(settings, "BANK_LAYOUT_DIRS", default)]


@dataclass(frozen=True)
class Layout:
    code: str
    name: str
    data: dict

    @property
    def format(self) -> str:
        return self.data["format"]

    @property
    def suffix(self) -> str:
        return "." + self.format


def _fail(source: str, message: str):
    raise ImproperlyConfigured(f"银行文件格式 {source}：{message}")


def check(data: dict, source: str = "") -> dict:
    """The layout with defaults filled in, or ImproperlyConfigured naming what is wrong."""
    for key in ("code", "name", "format", "columns", "reply"):
        if key not in data:
            _fail(source, f"缺少“{key}”")
    if data["format"] not in FORMATS:
        _fail(source, f"format 应为 {'、'.join(FORMATS)} 之一")
    data = {
        "encoding": "utf-8-sig",
        "delimiter": ",",
        "newline": "\r\n",
        "amount": "yuan",
        "date_format": "%Y-%m-%d",
        "header": [],
        "column_headers": data["format"] != "txt",
        "footer": [],
        "purpose": "{month}劳务报酬",
        **data,
    }
    _check_columns(data["columns"], BATCH_FIELDS, data["format"], source)
    reply = {
        "format": data["format"],
        "encoding": data["encoding"],
        "delimiter": data["delimiter"],
        "amount": data["amount"],
        "skip_lines": 0,
        "trailer_prefix": "",
        **data["reply"],
    }
    _check_columns(reply["columns"], REPLY_FIELDS, reply["format"], source, reply=True)
    fields = {c.get("field") for c in reply["columns"]}
    if not {"reference", "status"} <= fields:
        _fail(source, "回盘文件须有 reference（付款参考号）和 status（处理结果）两列")
    if not reply.get("credited"):
        _fail(source, "回盘文件须写明表示入账成功的处理结果（credited）")
    reply.setdefault("failed", [])
    data["reply"] = reply
    if "verify" in data:
        data["verify"] = _check_verify(data, source)
    return data


def _check_verify(data: dict, source: str) -> dict:
    """The ``verify`` section (户名校验): the file of names and cards, and the bank's answer."""
    verify = {
        "format": data["format"],
        "encoding": data["encoding"],
        "delimiter": data["delimiter"],
        "newline": data["newline"],
        "date_format": data["date_format"],
        "amount": "yuan",
        "header": [],
        "footer": [],
        **data["verify"],
    }
    verify.setdefault("column_headers", verify["format"] != "txt")
    if verify["format"] not in FORMATS:
        _fail(source, f"verify.format 应为 {'、'.join(FORMATS)} 之一")
    if "columns" not in verify or "reply" not in verify:
        _fail(source, "户名校验（verify）须有 columns 和 reply")
    _check_columns(verify["columns"], VERIFY_FIELDS, verify["format"], source, what="校验文件")
    reply = {
        "format": verify["format"],
        "encoding": verify["encoding"],
        "delimiter": verify["delimiter"],
        "skip_lines": 0,
        "trailer_prefix": "",
        **verify["reply"],
    }
    _check_columns(reply["columns"], VERIFY_REPLY_FIELDS, reply["format"], source, what="校验回复")
    fields = {c.get("field") for c in reply["columns"]}
    if not {"reference", "result"} <= fields:
        _fail(source, "户名校验回复须有 reference（校验参考号）和 result（校验结果）两列")
    results = reply.get("results") or {}
    unknown = set(results) - set(VERIFY_RESULTS)
    if unknown or not results.get("match"):
        _fail(
            source,
            f"户名校验回复的 results 须写明 match（一致）的取值，可用：{'、'.join(VERIFY_RESULTS)}",
        )
    verify["reply"] = reply
    return verify


def _check_columns(
    columns, known: dict, fmt: str, source: str, reply: bool = False, what: str = ""
) -> None:
    what = what or ("回盘文件" if reply else "代发文件")
    if not columns:
        _fail(source, f"{what}没有列")
    for n, column in enumerate(columns, 1):
        field = column.get("field")
        if field is None and "value" not in column:
            _fail(source, f"{what}第{n}列须有 field 或 value")
        if field is not None and field not in known:
            _fail(source, f"{what}第{n}列的 field “{field}” 不认识（可用：{'、'.join(known)}）")
        if fmt == "txt" and not column.get("width"):
            _fail(source, f"{what}第{n}列是定长文本，须写明 width（字节数）")
        if fmt != "txt" and not column.get("header"):
            _fail(source, f"{what}第{n}列须写明 header（列名）")


@cache
def _load_all(dirs: tuple[Path, ...]) -> dict[str, Layout]:
    found: dict[str, Layout] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.json")):
            raw = json.loads(path.read_text(encoding="utf-8"))
            data = check(raw, path.name)
            found[data["code"]] = Layout(data["code"], data["name"], data)
    return found


def all_layouts() -> dict[str, Layout]:
    return _load_all(tuple(layout_dirs()))


def get_layout(code: str) -> Layout:
    try:
        return all_layouts()[code]
    except KeyError:
        raise ImproperlyConfigured(f"没有名为“{code}”的银行文件格式") from None


def layout_choices() -> list[tuple[str, str]]:
    return [(code, layout.name) for code, layout in all_layouts().items()]


def verify_layout_choices() -> list[tuple[str, str]]:
    """Layouts whose bank takes a name-account check file (a ``verify`` section)."""
    found = all_layouts().items()
    return [(code, layout.name) for code, layout in found if "verify" in layout.data]
