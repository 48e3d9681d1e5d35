"""Browsing the audit trail: by action (who, when) and per object (what changed, field by field)."""

from datetime import timedelta

from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from yiguoji import scope
from yiguoji.core import access, history
from yiguoji.core.capabilities import VIEW_AUDIT
from yiguoji.core.models import RevealLog, User


def audit_log(request):
    access.require(request.user, VIEW_AUDIT)
    user_id = request.GET.get("user") or None
    since = parse_date(request.GET.get("since") or "")
    until = parse_date(request.GET.get("until") or "")
    contexts = history.recent_actions(
        user_id=int(user_id) if user_id and user_id.isdigit() else None,
        since=since,
        until=until + timedelta(days=1) if until else None,
    )
    page = Paginator(contexts, 30).get_page(request.GET.get("page"))
    people = scope.restrict(User.objects.all(), request.user).only("id", "username", "full_name")
    actions = history.describe_actions(page.object_list)
    return render(
        request, "core/audit_log.html", {"page": page, "actions": actions, "people": people}
    )


def audit_action(request, context_id):
    access.require(request.user, VIEW_AUDIT)
    entries = history.action_changes(context_id)
    if not entries:
        raise Http404
    return render(request, "core/audit_action.html", {"entries": entries})


def object_history(request, app_label: str, model_name: str, pk: str):
    """Any tracked object's history; visible to whoever may see the object and read the audit."""
    access.require(request.user, VIEW_AUDIT)
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not scope.has_rule(model):
        raise Http404
    obj = scope.get_object_or_404(model._default_manager.all(), request.user, pk=pk)
    return render(
        request,
        "core/object_history.html",
        {
            "object": obj,
            "entries": history.object_history(obj),
            "model_label": model._meta.verbose_name,
            "object_label": history.label_of(obj),
            "since": timezone.now(),
        },
    )


def reveal_log(request):
    access.require(request.user, VIEW_AUDIT)
    logs = scope.restrict(RevealLog.objects.select_related("user"), request.user)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "core/reveal_log.html", {"page": page})
