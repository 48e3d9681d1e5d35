"""Reading the audit trail kept by django-pghistory, in words people understand.

``object_history(obj)`` lists one object's changes; ``recent_actions`` lists who did what (one
pghistory context per request, job or command); ``action_changes`` opens one of them.
Field names become their Chinese verbose names, choice codes their labels, and encrypted
columns are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from pghistory.models import Context, Events

HIDDEN_SUFFIXES = ("_encrypted", "_index", "_digest")
HIDDEN_FIELDS = {"password", "last_login", "id"}
LABELS = {"insert": "新建", "update": "修改", "delete": "删除"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime
    action: str
    model: str
    object_id: str
    object_label: str
    who: str
    via: str
    changes: list[Change]


def _field_label(model: type[models.Model] | None, name: str) -> tuple[str, models.Field | None]:
    if model is None:
        return name, None
    for candidate in (name, name.removesuffix("_id")):
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        return str(getattr(field, "verbose_name", candidate)), field
    return name, None


def _hidden(name: str) -> bool:
    return name in HIDDEN_FIELDS or name.endswith(HIDDEN_SUFFIXES)


def _show(field: models.Field | None, value) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return "、".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _entry(event: Events) -> Entry:
    model = apps.get_model(event.pgh_obj_model) if event.pgh_obj_model else None
    context = event.pgh_context or {}
    changes: list[Change] = []
    if event.pgh_label == "update" and event.pgh_diff:
        pairs = event.pgh_diff.items()
        changes = [
            Change(label, _show(field, before), _show(field, after))
            for name, (before, after) in pairs
            if not _hidden(name)
            for label, field in [_field_label(model, name)]
        ]
    elif event.pgh_data:
        changes = [
            Change(
                label,
                "" if event.pgh_label == "insert" else _show(field, value),
                _show(field, value) if event.pgh_label == "insert" else "",
            )
            for name, value in event.pgh_data.items()
            if not _hidden(name) and value not in (None, "", [])
            for label, field in [_field_label(model, name)]
        ]
    return Entry(
        at=event.pgh_created_at,
        action=LABELS.get(event.pgh_label, event.pgh_label),
        model=str(model._meta.verbose_name) if model else event.pgh_obj_model,
        object_id=event.pgh_obj_id or "",
        object_label=str((event.pgh_data or {}).get("name") or event.pgh_obj_id or ""),
        who=context.get("name") or context.get("username") or "系统",
        via=context.get("url") or context.get("via") or "",
        changes=changes,
    )


def object_history(obj: models.Model) -> list[Entry]:
    events = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
    return [_entry(event) for event in events[:500]]


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


def action_changes(context_id) -> list[Entry]:
    event_models = [
        model
        for model in apps.get_models()
        if hasattr(model, "pgh_tracked_model") and hasattr(model, "pgh_context_id")
    ]
    events = (
        Events.objects.across(*event_models)
        .filter(pgh_context_id=context_id)
        .order_by("pgh_created_at", "pgh_id")
    )
    return [_entry(event) for event in events[:1000]]
