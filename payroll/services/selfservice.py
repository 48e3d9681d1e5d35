"""Worker self-service: signing in with the ID number, the registered phone and a one-time code;
confirming or disputing a month's pay (plan task 9; art. 25, 30).

No enumeration: asking for a code does the same work and gives the same answer whether or not
the ID exists and the phone matches — one look-up by the ID's blind index, one challenge row,
one log row, one task enqueued after commit. Only the task, outside the request, knows whether
there is anyone to send a code to; the code is generated there, stored as a keyed hash, and
never written anywhere in plain text except the SMS itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from payroll import identity
from payroll.models import (
    CodeChallenge,
    PayConfirmation,
    SelfServiceLog,
    Worker,
    WorkerSession,
)
from payroll.models.selfservice import PayAnswer, SelfServiceAction
from yiguoji import sms
from yiguoji.core.audit import acting_as
from yiguoji.core.public import digest

log = logging.getLogger(__name__)

CODE_TTL = dt.timedelta(minutes=5)
CODE_ATTEMPTS = 5
SESSION_IDLE = dt.timedelta(minutes=5)
SESSION_MAX = dt.timedelta(minutes=15)
CODE_TEMPLATE = sms.register_template(
    "code", "您的以工代赈劳务报酬查询验证码为${code}，5分钟内有效。如非本人操作，请忽略。"
)
A = SelfServiceAction


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(challenge_token_hash: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"otp\x00{challenge_token_hash}\x00{code}".encode(), "sha256").hexdigest()


def normalise_phone(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())[-11:]


def _log(action: str, address: str, *, worker=None, session=None, detail: str = "") -> None:
    SelfServiceLog.objects.create(
        action=action,
        worker=worker,
        session=session,
        address_digest=digest(address, "address"),
        detail=detail[:200],
    )


def clean_sign_in(id_number: str, phone: str) -> tuple[str, str]:
    """The ID and phone as typed, checked for form only (GB 11643 check digit, 11 digits):
    saying a number is malformed reveals nothing about who is registered."""
    errors = {}
    try:
        id_number = identity.clean_resident_id(id_number or "")
    except ValidationError as error:
        errors["id_number"] = error.messages
    phone = normalise_phone(phone)
    if not sms.PHONE.match(phone):
        errors["phone"] = "请填写在乡镇登记的11位手机号码"
    if errors:
        raise ValidationError(errors)
    return id_number, phone


def code_request(*, id_number: str, phone: str, address: str) -> str:
    """Open a challenge for this ID and phone; returns its token (kept in a cookie). The same
    work is done whether or not they belong to a registered worker."""
    id_number, phone = clean_sign_in(id_number, phone)
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(None, channel="self_service"):
        worker = (
            Worker.objects.filter(id_index__in=identity.id_indexes(id_number))
            .only("pk", "phone")
            .first()
        )
        match = worker is not None and normalise_phone(worker.phone) == phone
        challenge = CodeChallenge.objects.create(
            token_hash=token_hash(token),
            worker=worker if match else None,
            id_digest=digest(id_number, "id"),
            phone_digest=digest(phone, "phone"),
            address_digest=digest(address, "address"),
            expires_at=timezone.now() + CODE_TTL,
        )
        _log(A.CODE_REQUESTED, address, worker=worker if match else None)
        from payroll.tasks import send_sign_in_code

        transaction.on_commit(lambda: send_sign_in_code.delay(challenge.pk))
    return token


def code_send(*, challenge_id: int) -> bool:
    """Generate the code of one challenge and send it (once: the challenge is claimed first).
    A challenge without a worker sends nothing."""
    now = timezone.now()
    claimed = CodeChallenge.objects.filter(
        pk=challenge_id, sent_at=None, expires_at__gt=now
    ).update(sent_at=now)
    if not claimed:
        return False
    challenge = CodeChallenge.objects.select_related("worker").get(pk=challenge_id)
    if challenge.worker is None:
        return False
    code = f"{secrets.randbelow(1_000_000):06d}"
    CodeChallenge.objects.filter(pk=challenge_id).update(
        code_hash=_code_hash(challenge.token_hash, code)
    )
    try:
        sms.send(to=challenge.worker.phone, template=CODE_TEMPLATE, params={"code": code})
    except sms.SmsError as error:
        log.warning("sign-in code for challenge %s not sent (%s)", challenge_id, error)
        return False
    return True


def code_verify(*, token: str, code: str, address: str) -> str | None:
    """The worker's session token when ``code`` is the challenge's code (within its time, its
    attempts, and not used before); None otherwise — one message for every failure."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    now = timezone.now()
    with transaction.atomic(), acting_as(None, channel="self_service"):
        challenge = (
            CodeChallenge.objects.select_for_update()
            .filter(token_hash=token_hash(token or ""))
            .first()
        )
        usable = (
            challenge is not None
            and challenge.used_at is None
            and challenge.expires_at > now
            and challenge.attempts < CODE_ATTEMPTS
        )
        if challenge is not None:
            challenge.attempts += 1
        good = (
            usable
            and challenge.worker_id is not None
            and bool(challenge.code_hash)
            and len(code) == 6
            and hmac.compare_digest(challenge.code_hash, _code_hash(challenge.token_hash, code))
        )
        if not good:
            if challenge is not None:
                challenge.save(update_fields=["attempts"])
            _log(A.CODE_FAILED, address, worker=challenge.worker if challenge else None)
            return None
        challenge.used_at = now
        challenge.save(update_fields=["attempts", "used_at"])
        session_token = secrets.token_urlsafe(32)
        session = WorkerSession.objects.create(
            token_hash=token_hash(session_token),
            worker=challenge.worker,
            expires_at=now + SESSION_MAX,
            address_digest=digest(address, "address"),
        )
        _log(A.SIGNED_IN, address, worker=challenge.worker, session=session)
    return session_token


def session_get(token: str | None) -> WorkerSession | None:
    """The live session of ``token`` (touched: idle time starts again), or None."""
    if not token:
        return None
    now = timezone.now()
    session = (
        WorkerSession.objects.select_related("worker")
        .filter(
            token_hash=token_hash(token),
            ended_at=None,
            expires_at__gt=now,
            last_seen_at__gt=now - SESSION_IDLE,
        )
        .first()
    )
    if session is not None:
        WorkerSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return session


def session_end(session: WorkerSession, *, address: str) -> None:
    WorkerSession.objects.filter(pk=session.pk).update(ended_at=timezone.now())
    _log(A.SIGNED_OUT, address, worker=session.worker, session=session)


def session_viewed(session: WorkerSession, *, address: str, what: str) -> str:
    """Log a page seen; returns (and clears) the one-time message the page shows."""
    _log(A.VIEWED, address, worker=session.worker, session=session, detail=what)
    flash = session.flash
    if flash:
        WorkerSession.objects.filter(pk=session.pk).update(flash="")
    return flash


def _flash(session: WorkerSession, text: str) -> None:
    WorkerSession.objects.filter(pk=session.pk).update(flash=text[:200])


def month_answer(
    *,
    session: WorkerSession,
    project_id: int,
    month: dt.date,
    received: bool,
    kind: str = "",
    content: str = "",
    address: str,
):
    """ "已收到" or "没收到 / 金额不对" for one month of one project, as shown to the worker
    (``payroll.selectors.selfservice``). A dispute opens a complaint for the project unit."""
    from payroll.selectors.selfservice import worker_month
    from projects.choices import ComplaintChannel, ComplaintKind
    from projects.services.complaints import complaint_submit

    worker = session.worker
    shown = worker_month(worker, project_id, month)
    if shown is None:
        raise ValidationError("没有找到这个月的劳务报酬记录")
    if shown.answer:
        raise ValidationError(f"{shown.label}已答复过（{shown.answer_label}）")
    with transaction.atomic(), acting_as(None, channel="self_service", worker=worker.pk):
        complaint = None
        if not received:
            kind = (
                kind
                if kind in (ComplaintKind.WAGE_ARREARS, ComplaintKind.WRONG_AMOUNT)
                else (ComplaintKind.WAGE_ARREARS)
            )
            text = (content or "").strip() or (
                f"{shown.label}：记录显示务工 {shown.days} 天，应发 {shown.payable} 元，"
                f"已发 {shown.paid} 元。本人反映{ComplaintKind(kind).label}。"
            )
            complaint, _ = complaint_submit(
                channel=ComplaintChannel.SELF_SERVICE,
                kind=kind,
                project=shown.project,
                worker=worker,
                month=month,
                complainant=worker.name,
                phone=worker.phone,
                content=text,
            )
        PayConfirmation.objects.create(
            worker=worker,
            project_id=project_id,
            month=month,
            answer=PayAnswer.RECEIVED if received else PayAnswer.DISPUTED,
            paid_seen=shown.paid,
            complaint=complaint,
        )
        _log(
            A.CONFIRMED if received else A.DISPUTED,
            address,
            worker=worker,
            session=session,
            detail=f"{shown.project.code} {month:%Y-%m}",
        )
        if received:
            _flash(session, f"已记录：{shown.label}已收到。")
        else:
            _flash(
                session,
                f"已转{complaint.handler.name}办理，投诉编号 {complaint.number}，"
                "办理进度会短信告知您。",
            )
    return complaint


def complaint_reply(*, session: WorkerSession, complaint_id: int, satisfied: bool,
                    reason: str = "", address: str):  # fmt: skip
    """The worker confirms the answer to their own complaint, or asks for it to be handled
    again (the complaint register's own rules apply)."""
    from projects.models import Complaint
    from projects.services.complaints import complaint_confirm, complaint_reopen

    complaint = Complaint.objects.filter(pk=complaint_id, worker=session.worker).first()
    if complaint is None:
        raise ValidationError("没有找到这件投诉")
    if satisfied:
        complaint_confirm(complaint=complaint)
        _flash(session, f"投诉 {complaint.number} 已确认办结。感谢您的监督。")
    else:
        complaint_reopen(complaint=complaint, reason=reason or "投诉人不满意答复")
        _flash(session, f"投诉 {complaint.number} 已转办理单位重新办理。")
    _log(A.VIEWED, address, worker=session.worker, session=session,
         detail=f"{complaint.number} {'confirmed' if satisfied else 'reopened'}")  # fmt: skip
