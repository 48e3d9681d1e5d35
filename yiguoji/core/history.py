"""Reading the audit trail kept by django-pghistory, in words people understand (issue 10 item 16).

``object_history(obj)`` lists one object's changes; ``recent_actions`` lists who did what (one
pghistory context per request, job or command) and ``describe_actions`` says it in a sentence;
``action_changes`` opens one of them.

A township official reads every entry as a sentence: the action as a Chinese verb (新增, 修改,
删除, or the step taken — 提交, 批复, 备案 …), the model's and fields' verbose names, choice labels
instead of codes, organisations, users, projects and workers by name (foreign keys resolved in
bulk: one query per related model on the page, never one per row), times in Beijing time
("2026年12月4日 09:30"). No URL, path, database id or enum code is ever shown, and encrypted
columns never are.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from pghistory.models import Context, Events

HIDDEN_SUFFIXES = ("_encrypted", "_index", "_digest", "_hash")
HIDDEN_FIELDS = {"password", "last_login", "id", "pk"}
LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}
EMPTY = "—"

#: The step a page's URL name stands for (its last word that is a verb): "ledger_submit" → 提交.
URL_VERBS = {
    "create": "新增", "new": "新增", "add": "新增", "register": "登记", "record": "登记",
    "edit": "修改", "settings": "修改设置", "password": "重设密码", "unlock": "解除锁定",
    "delete": "删除", "discard": "作废", "void": "作废", "submit": "提交", "transition": "办理",
    "approve": "批复", "file": "备案", "return": "退回", "correct": "更正", "confirm": "确认",
    "sign": "签字确认", "publish": "发布", "unpublish": "撤回发布", "upload": "上传",
    "import": "导入", "scan": "上传扫描件", "photo": "上传照片", "evidence": "上传佐证材料",
    "document": "上传文件", "close": "办结", "end": "解除", "hire": "录用",
    "reveal": "查看完整号码", "compute": "计算", "copy": "复制", "decide": "处理申诉",
    "reverse": "冲正", "reissue": "重新发放",
    "sent": "登记已报送银行", "reply": "导入银行回执", "fill": "填充", "cancel": "撤销",
    "build": "生成", "read": "标为已读", "post": "登记", "entry": "登记", "active": "启用或停用",
    "revoke": "吊销", "cash": "登记现金发放", "handover": "移交", "answer": "答复",
    "complain": "投诉", "disbursements": "登记拨付", "expenditures": "登记支出",
    "archive": "归档", "notice": "公示", "delivery": "登记交付", "receipt": "上传领款凭证",
    "change": "申请变更", "start": "发起", "lines": "修改", "rules": "修改规则", "forecast": "填报",
}  # fmt: skip

#: What a background job, command or service that opened the context did, in words.
VIA_WORDS = {
    "ledger upload": "上传劳务报酬台账", "worker import": "导入务工人员",
    "manage.py import_workers": "命令行导入务工人员",
    "manage.py import_wage_ledger": "命令行导入劳务报酬台账",
    "assessment.scores": "计算考核得分", "assessment.quarterly_dispatch": "生成季度调度表",
    "assessment.monthly_reports": "生成月度反馈", "seed_demo": "载入演示数据",
    "load_district": "载入行政区划和单位", "client_register": "登记接口客户端",
    "token_issue": "签发接口令牌", "token_revoke": "吊销接口令牌",
    "client_set_active": "启用或停用接口客户端", "user_upsert": "保存用户",
    "bench": "性能测试", "rotate_personal_data_key": "轮换个人信息密钥",
    "projects.lapse_complaints": "投诉逾期未确认自动办结",
    "projects.escalate_complaints": "投诉逾期自动上报", "self_service": "务工人员自助查询",
    "projects.handover": "移交项目", "projects.dividend": "登记资产收益分红",
    "projects.disbursement_reverse": "冲正资金拨付", "projects.disbursement_record": "登记资金拨付",
    "projects.asset_share": "登记资产折股量化", "projects.archive_rules": "修改归档要求",
    "projects.archive_file": "归档文件", "assessment.acceptance": "登记验收",
}  # fmt: skip


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime
    action: str  # 新增 / 修改 / 删除
    model: str  # the model's verbose name
    object_label: str  # the object by name ("" when it has none)
    who: str
    via: str  # how, in words ("网页操作：提交", "后台任务：…"), never a URL
    changes: list[Change] = field(default_factory=list)

    @property
    def when(self) -> str:
        return beijing(self.at)

    @property
    def subject(self) -> str:
        return f"{self.model}「{self.object_label}」" if self.object_label else self.model

    @property
    def sentence(self) -> str:
        """ "王建国 修改了 项目「香营乡道路硬化」：状态、计划开工日期"."""
        fields = "、".join(c.field for c in self.changes) if self.action == "修改" else ""
        return f"{self.who}{self.action}了{self.subject}" + (f"：{fields}" if fields else "")


def beijing(moment) -> str:
    """A time as people in Yanqing read it: Beijing time, "2026年12月4日 09:30"."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, timezone.get_default_timezone())
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- fields and values ---------------------------------------------------------------------


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _field_label(model, name: str) -> str:
    found = _field(model, name)
    return str(getattr(found, "verbose_name", "") or "") if found is not None else ""


def _hidden(name: str) -> bool:
    return name in HIDDEN_FIELDS or name.endswith(HIDDEN_SUFFIXES)


def _choices(found) -> dict:
    if found is None:
        return {}
    base = getattr(found, "base_field", None)  # ArrayField of choices (e.g. 问题类型)
    source = base if base is not None and base.choices else found
    return {str(k): str(v) for k, v in source.flatchoices} if source.choices else {}


def _is_relation(found) -> bool:
    return found is not None and found.is_relation and (found.many_to_one or found.one_to_one)


class _Names:
    """Foreign keys resolved in bulk: every (model, pk) asked for is fetched in one query per
    related model, and shown by its name."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.objects: dict[type[models.Model], dict] = {}

    def want(self, related, value) -> None:
        if value not in (None, ""):
            self.wanted[related].add(value)

    def load(self) -> None:
        for related, pks in self.wanted.items():
            known = self.objects.setdefault(related, {})
            missing = {pk for pk in pks if pk not in known}
            if missing:
                for obj in related._base_manager.filter(pk__in=missing):
                    known[obj.pk] = obj
                    known[str(obj.pk)] = obj
        self.wanted.clear()

    def get(self, related, value):
        return self.objects.get(related, {}).get(value)

    def name(self, related, value) -> str:
        obj = self.get(related, value)
        if obj is None:
            return f"已删除的{related._meta.verbose_name}"
        return label_of(obj) or str(related._meta.verbose_name)


def _python(found, value):
    with contextlib.suppress(Exception):
        if isinstance(found, models.DateTimeField) and isinstance(value, str):
            return parse_datetime(value) or value
        if isinstance(found, models.DateField) and isinstance(value, str):
            return parse_date(value) or value
        if isinstance(found, models.DecimalField) and found.decimal_places is not None:
            return found.to_python(value).quantize(Decimal(1).scaleb(-found.decimal_places))
        return found.to_python(value)
    return value


def _show(found, value, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if _is_relation(found):
        return names.name(found.related_model, value)
    labels = _choices(found)
    if labels:
        if isinstance(value, list):
            return "、".join(labels.get(str(v), "") or EMPTY for v in value)
        return labels.get(str(value), EMPTY)
    if isinstance(value, bool):
        return "是" if value else "否"
    if found is not None:
        value = _python(found, value)
    if isinstance(value, datetime):
        return beijing(value)
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(found, models.FileField):
        return os.path.basename(str(value))  # the file's name, never its storage path
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


# --- objects by name -----------------------------------------------------------------------

NAME_FIELDS = ("name", "title", "indicator", "full_name", "subject", "account_name")


@cache
def _str_is_words(model) -> bool:
    """Whether ``model.__str__`` names the object without database ids (some say "{worker_id}")."""
    method = model.__str__
    if method is models.Model.__str__:
        return False
    with contextlib.suppress(OSError, TypeError):
        source = inspect.getsource(method)
        return not any(word in source for word in ("_id", "self.pk", "self.id"))
    return False


class _NoQueries(Exception):
    pass


def _refuse(*args):
    raise _NoQueries


def label_of(obj) -> str:
    """``obj`` by its name: its ``__str__`` when that needs no query and shows no id, else a
    name-like field, else the name of what it belongs to (its worker, project …)."""
    model = type(obj)
    if _str_is_words(model):
        with contextlib.suppress(Exception), connection.execute_wrapper(_refuse):
            text = str(obj)
            if text:
                return text
    for name in NAME_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    for found in model._meta.concrete_fields:
        if _is_relation(found) and found.name in obj._state.fields_cache:
            related = obj._state.fields_cache[found.name]
            if related is not None and type(related) is not model:
                text = label_of(related)
                if text:
                    return text
    return ""


def _instance(model, data: dict, names: _Names):
    """The tracked row rebuilt from an event's snapshot, its foreign keys filled from ``names``."""
    obj = model()
    for found in model._meta.concrete_fields:
        if found.attname not in data or _hidden(found.attname):
            continue
        value = data[found.attname]
        if _is_relation(found):
            setattr(obj, found.attname, value)
            related = names.get(found.related_model, value)
            if related is not None:
                obj._state.fields_cache[found.name] = related
        else:
            with contextlib.suppress(Exception):
                setattr(obj, found.attname, _python(found, value))
    return obj


# --- events to entries ---------------------------------------------------------------------


def _model(event):
    with contextlib.suppress(LookupError, ValueError):
        return apps.get_model(event.pgh_obj_model) if event.pgh_obj_model else None
    return None


def _wants(events, names: _Names) -> None:
    for event in events:
        model = _model(event)
        if model is None:
            continue
        values: list[tuple[str, object]] = list((event.pgh_data or {}).items())
        for key, pair in (event.pgh_diff or {}).items():
            values += [(key, v) for v in pair]
        for key, value in values:
            found = _field(model, key)
            if _is_relation(found) and not _hidden(key):
                names.want(found.related_model, value)


def context_via(metadata: dict | None, *, path: str | None = None) -> str:
    """How a change was made, in words: the page's step ("网页操作：提交"), the job, the command."""
    metadata = metadata or {}
    url = path or metadata.get("url")
    if url:
        with contextlib.suppress(Resolver404):
            match = resolve(url)
            words = (match.url_name or "").replace("-", "_").split("_")
            verb = next((URL_VERBS[w] for w in reversed(words) if w in URL_VERBS), "")
            return f"网页操作：{verb}" if verb else "网页操作"
        return "网页操作"
    for key in ("action", "via", "job", "command", "channel"):
        value = str(metadata.get(key) or "")
        if not value:
            continue
        if value.startswith("job:"):
            return "后台任务：" + _job_words(value.removeprefix("job:"))
        if value in VIA_WORDS:
            return VIA_WORDS[value]
    return "系统操作"


def _job_words(kind: str) -> str:
    with contextlib.suppress(Exception):
        from yiguoji.core.services.jobs import kind_title

        title = kind_title(kind)
        if title and title != kind:
            return title
    return VIA_WORDS.get(kind, "处理")


def _who(metadata: dict | None) -> str:
    metadata = metadata or {}
    return metadata.get("name") or metadata.get("username") or "系统"


def _in_form_order(model, values: dict) -> list[tuple[str, object]]:
    """The fields in the model's order (as its form shows them), not the database's JSON order."""
    order = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)} if model else {}
    return sorted(values.items(), key=lambda item: order.get(item[0], len(order)))


def _entries(events) -> list[Entry]:
    events = list(events)
    names = _Names()
    _wants(events, names)
    names.load()
    entries = []
    for event in events:
        model = _model(event)
        data = event.pgh_data or {}
        changes: list[Change] = []
        if event.pgh_label == "update" and event.pgh_diff:
            for key, (before, after) in _in_form_order(model, event.pgh_diff):
                label = _field_label(model, key)
                if _hidden(key) or not label:
                    continue
                found = _field(model, key)
                changes.append(
                    Change(label, _show(found, before, names), _show(found, after, names))
                )
        elif data:
            for key, value in _in_form_order(model, data):
                label = _field_label(model, key)
                if _hidden(key) or not label or value in (None, "", []):
                    continue
                shown = _show(_field(model, key), value, names)
                inserted = event.pgh_label == "insert"
                changes.append(Change(label, "" if inserted else shown, shown if inserted else ""))
        obj_label = label_of(_instance(model, data, names)) if model is not None else ""
        entries.append(
            Entry(
                at=event.pgh_created_at,
                action=LABELS.get(event.pgh_label, "修改"),
                model=str(model._meta.verbose_name) if model else "记录",
                object_label=obj_label,
                who=_who(event.pgh_context),
                via=context_via(event.pgh_context),
                changes=changes,
            )
        )
    return entries


def object_history(obj: models.Model) -> list[Entry]:
    events = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
    return _entries(events[:500])


def recent_actions(*, user_id: int | None = None, since=None, until=None):
    """Contexts (one per request, job or command that changed something), newest first."""
    contexts = Context.objects.order_by("-created_at")
    if user_id:
        contexts = contexts.filter(metadata__user=user_id)
    if since:
        contexts = contexts.filter(created_at__gte=since)
    if until:
        contexts = contexts.filter(created_at__lt=until)
    return contexts


def _event_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "pgh_tracked_model") and hasattr(model, "pgh_context_id")
    ]


@dataclass
class Action:
    """One line of the audit log: who did what, when, in a sentence."""

    id: object
    at: datetime
    who: str
    via: str
    what: str  # "修改了项目「香营乡道路硬化」：状态" / "新增了台账明细 12 条"

    @property
    def when(self) -> str:
        return beijing(self.at)


#: A context with at most this many changes is read row by row (to name its objects); a larger
#: one (an import, a seeding) is summed up by kind: "新增了务工人员 360 条".
DETAILED = 20


def _summary(groups: list[dict], entries: list[Entry]) -> str:
    """The changes of one context in a sentence, from its counts by (model, action) and, when it
    is small, its entries (objects by name, the fields changed)."""
    if not groups:
        return "没有数据变更"
    if len(entries) == 1:
        return entries[0].sentence.removeprefix(entries[0].who)
    parts = []
    for group in groups:
        model = apps.get_model(group["pgh_obj_model"]) if group["pgh_obj_model"] else None
        action = LABELS.get(group["pgh_label"], "修改")
        name = str(model._meta.verbose_name) if model else "记录"
        named = [e for e in entries if e.model == name and e.action == action]
        if group["n"] == 1 and named:
            parts.append(f"{action}了{named[0].subject}")
        else:
            parts.append(f"{action}了{name} {group['n']} 条")
    return "；".join(parts[:4]) + ("等" if len(parts) > 4 else "")


def describe_actions(contexts) -> list[Action]:
    """The audit log's page of contexts in words. Two queries for all of them together: the
    number of changes by model and action, then the rows of the small contexts."""
    from django.db.models import Count, Min

    contexts = list(contexts)
    groups: dict = defaultdict(list)
    entries: dict = defaultdict(list)
    if contexts:
        across = Events.objects.across(*_event_models())
        counted = (
            across.filter(pgh_context_id__in=[c.id for c in contexts])
            .values("pgh_context_id", "pgh_obj_model", "pgh_label")
            .annotate(n=Count("pgh_id"), first=Min("pgh_created_at"))
            .order_by()
        )
        for group in sorted(counted, key=lambda g: (g["first"], g["pgh_obj_model"] or "")):
            groups[group["pgh_context_id"]].append(group)
        small = [c for c, found in groups.items() if sum(g["n"] for g in found) <= DETAILED]
        if small:
            events = list(
                across.filter(pgh_context_id__in=small).order_by("pgh_created_at", "pgh_id")
            )
            for entry, event in zip(_entries(events), events, strict=True):
                entries[event.pgh_context_id].append(entry)
    return [
        Action(
            id=c.id,
            at=c.created_at,
            who=_who(c.metadata),
            via=context_via(c.metadata),
            what=_summary(groups.get(c.id, []), entries.get(c.id, [])),
        )
        for c in contexts
    ]


def action_changes(context_id) -> list[Entry]:
    events = (
        Events.objects.across(*_event_models())
        .filter(pgh_context_id=context_id)
        .order_by("pgh_created_at", "pgh_id")
    )
    return _entries(events[:1000])
