"""Worker self-service pages (/public/pay/): sign in with ID + phone + SMS code, see one's own
months, answer "已收到" or "没收到 / 金额不对", answer a confirmation round, sign out.

Same answer whether or not an ID is registered; rate limits per address, per ID and per phone
(digests, never the numbers); the worker's session lives in its own cookie, limited to this
path, HttpOnly and SameSite=Strict, and ends after 5 idle or 15 minutes; every page is logged.
Nothing personal ever goes into a URL: every form is a POST.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from payroll.public.forms import CodeForm, DisputeForm, SignInForm
from payroll.selectors.selfservice import open_requests, own_complaints, worker_months
from payroll.services import confirmations, selfservice
from yiguoji.core.public import client_address, digest, limited, private, public_page, too_many

SESSION_COOKIE = "yg_worker"
CHALLENGE_COOKIE = "yg_code"
PATH = "/public/pay/"
REQUEST_RATES = {"address": "10/h", "id": "5/h", "phone": "5/h"}
VERIFY_RATE = "20/h"
SENT = "如果身份证号和手机号与乡镇登记的一致，您将收到一条短信验证码（5分钟内有效）。"


def _cookie(response, name: str, value: str, seconds: int):
    response.set_cookie(
        name, value, max_age=seconds, path=PATH, httponly=True, samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip


def _page(request, template, context=None, status=200):
    return private(render(request, template, context or {}, status=status))


@public_page
def start(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST":
        address = client_address(request)
        raw_id = "".join(request.POST.get("id_number", "").split()).upper()[:20]
        raw_phone = selfservice.normalise_phone(request.POST.get("phone", ""))
        keys = {
            "address": address,
            "id": digest(raw_id, "id"),
            "phone": digest(raw_phone, "phone"),
        }
        if any(limited(request, f"code-{k}", REQUEST_RATES[k], v) for k, v in keys.items()):
            return too_many(request)
        if form.is_valid():
            try:
                token = selfservice.code_request(address=address, **form.cleaned_data)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                response = redirect("selfservice:code")
                _cookie(response, CHALLENGE_COOKIE, token, 10 * 60)
                return private(response)
    return _page(request, "public/pay_start.html", {"form": form}, 400 if form.errors else 200)


@public_page
def code(request):
    token = request.COOKIES.get(CHALLENGE_COOKIE, "")
    if not token:
        return private(redirect("selfservice:start"))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if limited(request, "verify", VERIFY_RATE, client_address(request)):
            return too_many(request)
        session_token = None
        if form.is_valid():
            session_token = selfservice.code_verify(
                token=token, code=form.cleaned_data["code"], address=client_address(request)
            )
        if session_token:
            response = redirect("selfservice:me")
            _cookie(
                response,
                SESSION_COOKIE,
                session_token,
                int(selfservice.SESSION_MAX.total_seconds()),
            )
            response.delete_cookie(CHALLENGE_COOKIE, path=PATH)
            return private(response)
        form = CodeForm()
        form.add_error(None, "验证码不正确或已过期。请核对短信，或返回重新获取。")
    return _page(request, "public/pay_code.html", {"form": form, "sent": SENT},
                 400 if form.errors else 200)  # fmt: skip


def _session(request):
    return selfservice.session_get(request.COOKIES.get(SESSION_COOKIE))


def _ended(request):
    response = redirect("selfservice:start")
    response.delete_cookie(SESSION_COOKIE, path=PATH)
    return private(response)


@public_page
def me(request):
    session = _session(request)
    if session is None:
        return _ended(request)
    flash = selfservice.session_viewed(
        session, address=client_address(request), what="本人劳务报酬"
    )
    worker = session.worker
    return _page(
        request,
        "public/pay_me.html",
        {
            "surname": worker.name[:1],
            "months": worker_months(worker),
            "requests": open_requests(worker),
            "complaints": own_complaints(worker),
            "flash": flash,
            "dispute_form": DisputeForm(auto_id=False),
        },
    )


def _month(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return None


@public_page
@require_POST
def answer_month(request):
    session = _session(request)
    if session is None:
        return _ended(request)
    month = _month(request.POST.get("month", ""))
    project = request.POST.get("project", "")
    received = request.POST.get("answer") == "received"
    form = DisputeForm(request.POST) if not received else None
    if month is None or not project.isdigit() or (form is not None and not form.is_valid()):
        selfservice._flash(session, "请选择是“没收到”还是“金额不对”后再提交")
        return private(redirect("selfservice:me"))
    try:
        selfservice.month_answer(
            session=session, project_id=int(project), month=month, received=received,
            kind=form.cleaned_data["kind"] if form else "",
            content=form.cleaned_data["content"] if form else "",
            address=client_address(request),
        )  # fmt: skip
    except ValidationError as error:
        selfservice._flash(session, "；".join(error.messages))
    return private(redirect("selfservice:me"))


@public_page
@require_POST
def answer_round(request):
    session = _session(request)
    if session is None:
        return _ended(request)
    request_id = request.POST.get("request", "")
    if not request_id.isdigit():
        return private(redirect("selfservice:me"))
    try:
        confirmations.round_answer(
            session=session, request_id=int(request_id), yes=request.POST.get("answer") == "yes",
            content=request.POST.get("content", "")[:500], address=client_address(request),
        )  # fmt: skip
    except ValidationError as error:
        selfservice._flash(session, "；".join(error.messages))
    return private(redirect("selfservice:me"))


@public_page
@require_POST
def answer_complaint(request):
    session = _session(request)
    if session is None:
        return _ended(request)
    complaint_id = request.POST.get("complaint", "")
    if complaint_id.isdigit():
        try:
            selfservice.complaint_reply(
                session=session, complaint_id=int(complaint_id),
                satisfied=request.POST.get("answer") == "confirm",
                reason=request.POST.get("reason", "")[:2000], address=client_address(request),
            )  # fmt: skip
        except ValidationError as error:
            selfservice._flash(session, "；".join(error.messages))
    return private(redirect("selfservice:me"))


@public_page
@require_POST
def sign_out(request):
    session = _session(request)
    if session is not None:
        selfservice.session_end(session, address=client_address(request))
    return _ended(request)
