"""Anonymous pages of the projects app: published projects (cached, the same for everyone),
the complaint form and complaint tracking (private, never cached).

Each view is a :func:`yiguoji.core.public.public_page`: exempt from sign-in, body size
limited; each form is CSRF-protected and rate-limited per address (and per complaint number
when tracking). Project pages are rendered without the request (no session, no user, no CSRF
token), so the same bytes can be cached by the portal, proxies and browsers.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from projects.choices import ComplaintChannel, ComplaintKind
from projects.public import selectors
from projects.public.forms import ComplaintForm, ReopenForm, TrackForm
from projects.services import complaints as services
from projects.services.publication import public_version
from yiguoji.core.public import (
    cacheable,
    client_address,
    digest,
    limited,
    private,
    public_page,
    too_many,
)

BROWSING_RATE = "600/h"
COMPLAINT_RATES = ("5/h", "20/d")
TRACK_RATE = "30/h"
TRACK_NUMBER_RATE = "10/h"


def _int(value: str | None, *, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise Http404
    return int(value)


def _cached(request, key: str, build):
    """The page body from the cache, else built and kept for PUBLIC_CACHE_SECONDS."""
    from django.conf import settings

    key = f"public:{public_version()}:{key}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, settings.PUBLIC_CACHE_SECONDS)
    return cacheable(request, body)


@public_page
def project_list(request):
    if limited(request, "browse", BROWSING_RATE, client_address(request)):
        return too_many(request)
    township = request.GET.get("township", "")
    if township and (len(township) > 20 or not township.isalnum()):
        raise Http404
    year = _int(request.GET.get("year"), low=2000, high=2100)
    page = _int(request.GET.get("page"), low=1, high=10_000) or 1

    def build():
        try:
            listing = selectors.project_list(township=township, year=year, page=page)
        except selectors.PageNotFound:
            return ""
        return render_to_string("public/project_list.html", {"list": listing})

    response = _cached(request, f"list:{township}:{year}:{page}", build)
    if not response.content and response.status_code == 200:
        raise Http404
    return response


@public_page
def project_page(request, code: str):
    if limited(request, "browse", BROWSING_RATE, client_address(request)):
        return too_many(request)
    pay_page = _int(request.GET.get("pay"), low=1, high=10_000) or 1

    def build():
        try:
            page = selectors.project_page(code, pay_page=pay_page)
        except selectors.PageNotFound:
            return ""
        if page is None:
            return ""
        return render_to_string("public/project_page.html", {"p": page})

    if len(code) > 30:
        raise Http404
    response = _cached(request, f"project:{code}:{pay_page}", build)
    if not response.content and response.status_code == 200:
        raise Http404
    return response


@public_page
def complain(request, code: str | None = None):
    project = None
    if code is not None:
        project = selectors.published_project(code)
        if project is None:
            raise Http404
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        address = client_address(request)
        if any(
            limited(request, f"complain{i}", rate, address)
            for i, rate in enumerate(COMPLAINT_RATES)
        ):
            return too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            channel = (
                ComplaintChannel.NOTICE
                if data.pop("objection") and project
                else ComplaintChannel.WEB
            )
            try:
                complaint, tracking = services.complaint_submit(
                    channel=channel, project=project, **data
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return private(
                    render(
                        request,
                        "public/complaint_done.html",
                        {"complaint": complaint, "tracking": tracking},
                    )
                )
    return private(
        render(
            request,
            "public/complaint_form.html",
            {
                "form": form,
                "project": project,
                "wage_kinds": [ComplaintKind.WAGE_ARREARS.label, ComplaintKind.WRONG_AMOUNT.label],
            },
            status=400 if form.errors else 200,
        )
    )


def _tracked(request, complaint, code: str, *, message: str = "", form=None, status=200):
    steps = [s for s in complaint.steps.order_by("at", "pk") if s.message or s.by_complainant]
    return private(
        render(
            request,
            "public/complaint_tracked.html",
            {
                "complaint": complaint,
                "steps": steps,
                "code": code,
                "message": message,
                "reopen_form": form
                or ReopenForm(initial={"number": complaint.number, "code": code}),
            },
            status=status,
        )
    )


@public_page
def complaint_track(request):
    """Look a complaint up by its number and tracking code (a POST: nothing in the URL)."""
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        number = request.POST.get("number", "")[:20].strip().upper()
        if limited(request, "track", TRACK_RATE, client_address(request)) or limited(
            request, "track-number", TRACK_NUMBER_RATE, digest(number, "complaint-number")
        ):
            return too_many(request)
        if form.is_valid():
            complaint = services.complaint_by_tracking(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
            if complaint is not None:
                action = request.POST.get("action", "")
                if action == "confirm":
                    try:
                        complaint = services.complaint_confirm(complaint=complaint)
                    except ValidationError as error:
                        return _tracked(
                            request,
                            complaint,
                            form.cleaned_data["code"],
                            message="；".join(error.messages),
                            status=400,
                        )
                    return _tracked(
                        request,
                        complaint,
                        form.cleaned_data["code"],
                        message="已确认办结，感谢您的监督。",
                    )
                if action == "reopen":
                    reopen = ReopenForm(request.POST)
                    if not reopen.is_valid():
                        return _tracked(
                            request, complaint, form.cleaned_data["code"], form=reopen, status=400
                        )
                    try:
                        complaint = services.complaint_reopen(
                            complaint=complaint, reason=reopen.cleaned_data["reason"]
                        )
                    except ValidationError as error:
                        return _tracked(
                            request,
                            complaint,
                            form.cleaned_data["code"],
                            message="；".join(error.messages),
                            form=reopen,
                            status=400,
                        )
                    return _tracked(
                        request,
                        complaint,
                        form.cleaned_data["code"],
                        message="已转办理单位重新办理。",
                    )
                return _tracked(request, complaint, form.cleaned_data["code"])
            form.add_error(None, "投诉编号或查询码不正确，请核对后重试")
    return private(
        render(
            request,
            "public/complaint_track.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )
