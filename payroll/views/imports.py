"""The payroll upload pages, on the shared upload flow (``yiguoji.imports.uploads``)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from payroll.forms import TownshipUploadForm, UploadForm
from yiguoji.core import access
from yiguoji.core.roles import Role
from yiguoji.core.views.jobs import announce
from yiguoji.imports import uploads


def upload_page(
    request,
    *,
    key: str,
    params: dict,
    title: str,
    back: str,
    form_class=UploadForm,
    form_params=lambda data: {},
    choose_key=None,
    templates=None,
    success_url=None,
    prefill_url="",
):
    """GET: the upload form and template link(s). POST: import now or as a job.

    ``success_url()``, when given, is where a file written while the user waited leads (with
    the summary as a message), e.g. the ledger it filled. ``prefill_url`` (POST) downloads
    the template already filled with what the portal knows (the ledger's people)."""
    access.require(request.user, uploads.get(key).capability)
    form = form_class(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        chosen = choose_key(form.cleaned_data) if choose_key else key
        outcome = uploads.receive(
            key=chosen,
            upload=form.cleaned_data["file"],
            acting_user=request.user,
            params={**params, **form_params(form.cleaned_data)},
        )
        if outcome.job is not None:
            announce(request, outcome.job, f"文件较大，已转入后台导入：“{outcome.job.title}”。")
            return redirect("core:jobs")
        if success_url is not None and outcome.result.ok:
            messages.success(request, outcome.result.summary)
            return redirect(success_url())
    templates = templates or [("下载模板", reverse("core:import_template", args=[key]))]
    context = {
        "form": form,
        "title": title,
        "back": back,
        "outcome": outcome,
        "spec": uploads.get(key).spec(params),
        "template_url": templates[0][1],
        "templates": templates,
        "prefill_url": prefill_url,
    }
    return render(request, "payroll/import.html", context)


def township_upload_form(user):
    """A township's file lists its own people; others may say whose people a file lists."""
    return UploadForm if user.role == Role.TOWNSHIP else TownshipUploadForm


def township_param(data) -> dict:
    return {"township_id": data["township"].pk} if data.get("township") else {}
