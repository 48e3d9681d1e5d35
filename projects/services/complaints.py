"""Complaints (投诉举报): received from any channel, routed, acknowledged, answered, confirmed or
reopened by the complainant, escalated when overdue, closed (art. 25, 31, 32; plan task 9).

Every write is here; views, the public pages, self-service and the periodic jobs call these.
Each step is a ``ComplaintStep``; a step with a ``message`` is what the complainant is told,
by SMS when they left a mobile number (sent after commit by ``projects.tasks``) and on the
tracking page always.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags

from projects import capabilities as caps
from projects.api import events
from projects.choices import (
    STAFF_CHANNELS,
    WAGE_KINDS,
    ComplaintAction,
    ComplaintChannel,
    ComplaintClosing,
    ComplaintHandler,
    ComplaintKind,
    ComplaintStatus,
    OverdueStage,
)
from projects.models import Complaint, ComplaintRule, ComplaintStep, Project
from projects.models.complaints import PHONE_PURPOSE, RULE_FIELDS
from yiguoji import scope, sms
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.crypto import mask, seal
from yiguoji.core.models import Organisation
from yiguoji.core.terms import terms

log = logging.getLogger(__name__)

S = ComplaintStatus
A = ComplaintAction
CONTENT_MAX = 2000
ANSWER_MAX = 2000
NAME_MAX = 50
MAX_REOPENS = 2  # after two rounds, a complainant still unhappy is referred to the hotline
TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out on the phone
TRACKING_LENGTH = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The channels through which people reach the register by themselves (no user).
PUBLIC_CHANNELS = (
    ComplaintChannel.WEB,
    ComplaintChannel.SELF_SERVICE,
    ComplaintChannel.CONFIRMATION,
    ComplaintChannel.NOTICE,
)
SMS_TEMPLATE = sms.register_template(
    "complaint", "您的投诉（编号${number}）${step}。凭编号和查询码可在${url}查询办理进度。"
)


# --- text from the public ---------------------------------------------------------------------


def clean_text(value: str | None, *, field: str, label: str, max_length: int, required=True):
    """Plain text, trimmed, no control characters; HTML is refused, never stored (art. 31
    pages show what people wrote, escaped, but nobody's markup)."""
    value = _CONTROL.sub("", (value or "")).strip()
    if required and not value:
        raise ValidationError({field: f"请填写{label}"})
    if len(value) > max_length:
        raise ValidationError(
            {field: f"{label}不能超过 {max_length} 个字（现为 {len(value)} 个字）"}
        )
    if strip_tags(value) != value or ("<" in value and ">" in value):
        raise ValidationError({field: f"{label}不能包含网页代码（尖括号 < >），请只填写文字"})
    return value


def clean_mobile(value: str | None, *, field: str = "phone") -> str:
    value = "".join((value or "").split()).replace("-", "")
    if value and not sms.PHONE.match(value):
        raise ValidationError({field: "请填写11位手机号码（用于短信告知办理进度）"})
    return value


# --- rules and routing ------------------------------------------------------------------------


def rule_for(kind: str) -> ComplaintRule:
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": "请选择投诉类型"})
    return ComplaintRule.objects.filter(kind=kind).first() or ComplaintRule.default(kind)


def district_office() -> Organisation:
    office = Organisation.objects.filter(kind=OrgKind.DISTRICT_OFFICE, is_active=True).first()
    if office is None:
        raise ValidationError(f"系统中没有{terms().office}单位，投诉无法分派：请先导入组织机构")
    return office


def route(kind: str, project: Project | None, rule: ComplaintRule | None = None) -> Organisation:
    """The organisation that answers a complaint of ``kind`` about ``project``: the rule's
    handler on that project, else the district office (no project, no such organisation)."""
    rule = rule or rule_for(kind)
    if project is None or rule.handler == ComplaintHandler.DISTRICT:
        return district_office()
    if rule.handler == ComplaintHandler.OWNER:
        return project.owner
    if rule.handler == ComplaintHandler.DEPARTMENT and project.department_id:
        return project.department
    if rule.handler == ComplaintHandler.TOWNSHIP:
        government = (
            Organisation.objects.filter(
                kind=OrgKind.TOWNSHIP,
                is_active=True,
                township__in=project.townships.values("pk"),
            )
            .order_by("township__code")
            .first()
        )
        if government is not None:
            return government
    return district_office()


def _deadline(start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(days=days)


# --- tracking codes ---------------------------------------------------------------------------


def _tracking_hash(number: str, code: str) -> str:
    return salted_hmac("projects.complaint.tracking", f"{number}:{code.upper()}").hexdigest()


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def complaint_by_tracking(number: str, code: str) -> Complaint | None:
    """The complaint with this number if ``code`` is its tracking code (constant-time compare;
    the same None for an unknown number as for a wrong code)."""
    number = "".join((number or "").split()).upper()
    code = "".join((code or "").split()).upper()
    complaint = Complaint.objects.filter(number=number).first()
    expected = complaint.tracking_hash if complaint else "0" * 64
    if not hmac.compare_digest(expected, _tracking_hash(number, code)) or complaint is None:
        return None
    return complaint


# --- steps and what the complainant is told ---------------------------------------------------


def _step(
    complaint: Complaint,
    action: str,
    *,
    by=None,
    by_complainant: bool = False,
    message: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> ComplaintStep:
    step = ComplaintStep.objects.create(
        complaint=complaint,
        action=action,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_complainant=by_complainant,
        organisation=getattr(by, "organisation", None) if by is not None else None,
        message=message,
        note=note,
        at=at or timezone.now(),
    )
    if message and complaint.phone_encrypted is not None:
        from projects.tasks import notify_complaint_step

        transaction.on_commit(lambda: notify_complaint_step.delay(step.pk))
    return step


def _day(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%m月%d日}"


def tracking_url() -> str:
    from django.urls import reverse

    return f"{settings.PUBLIC_BASE_URL}{reverse('public:complaint_track')}"


def complaint_step_notify(*, step_id: int) -> bool:
    """Send the complainant the SMS of one step, once (the claim is one conditional UPDATE; a
    failed send releases it for the next attempt). Returns whether a message went out."""
    claimed = ComplaintStep.objects.filter(pk=step_id, notified_at=None).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    step = ComplaintStep.objects.select_related("complaint").get(pk=step_id)
    complaint = step.complaint
    if complaint.phone_encrypted is None:
        return False
    try:
        sms.send(
            to=complaint.phone_encrypted.reveal(),
            template=SMS_TEMPLATE,
            params={"number": complaint.number, "step": step.message[:60], "url": tracking_url()},
        )
    except sms.SmsError as error:
        log.warning("complaint %s step %s: SMS not sent (%s)", complaint.number, step_id, error)
        ComplaintStep.objects.filter(pk=step_id).update(notified_at=None)
        return False
    return True


def _notify_staff(complaint: Complaint, organisation, key: str, title: str, level="warning"):
    from django.urls import reverse

    from yiguoji.core.models import User
    from yiguoji.core.services.notifications import notify

    for user in User.objects.filter(organisation=organisation, is_active=True):
        notify(
            recipient=user,
            key=f"complaint:{complaint.pk}:{key}",
            title=title,
            body=f"{complaint.get_kind_display()}：{complaint.content[:80]}",
            url=reverse("projects:complaint", args=[complaint.pk]),
            level=level,
        )


# --- receiving --------------------------------------------------------------------------------


def complaint_submit(
    *,
    channel: str,
    kind: str,
    content: str,
    project: Project | None = None,
    anonymous: bool = False,
    complainant: str = "",
    phone: str = "",
    worker=None,
    month: dt.date | None = None,
    received_at: dt.datetime | None = None,
    acting_user=None,
) -> tuple[Complaint, str]:
    """Receive a complaint from any channel; returns it and its tracking code (shown once).

    Staff channels (hotline, letter, visit, referral, a notice objection on paper) need a user
    who may record complaints and see the project; the public channels (web, self-service,
    confirmation) have no user. A kind whose answer must reach the person (wages) is never
    anonymous: a name and a mobile number are required.
    """
    staff = acting_user is not None and acting_user.is_authenticated
    if staff:
        access.require(acting_user, caps.RECORD_COMPLAINTS)
        if channel not in STAFF_CHANNELS:
            raise ValidationError(
                {"channel": "工作人员请按举报电话、来信、来访、上级转办或公示异议登记"}
            )
        if project is not None and not scope.can(acting_user, scope.VIEW, project):
            raise PermissionDenied("该项目不在您的权限范围内")
    elif channel not in PUBLIC_CHANNELS:
        raise ValidationError({"channel": "请选择来源渠道"})
    rule = rule_for(kind)
    errors = {}
    try:
        content = clean_text(content, field="content", label="投诉内容", max_length=CONTENT_MAX)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        complainant = clean_text(
            complainant, field="complainant", label="姓名", max_length=NAME_MAX, required=False
        )
        phone = clean_mobile(phone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if anonymous and not rule.anonymous_allowed:
        errors["anonymous"] = (
            f"“{rule.get_kind_display()}”须留姓名和手机号，答复和补发的劳务报酬才能送达本人"
        )
    if anonymous and (complainant or phone or worker is not None):
        errors["anonymous"] = "匿名投诉不登记姓名和手机号：请清空，或取消“匿名”"
    if not anonymous and not complainant:
        errors["complainant"] = "请填写姓名，或选择匿名"
    if not anonymous and kind in WAGE_KINDS and not phone and not staff:
        errors["phone"] = "请填写手机号码：答复将以短信告知您本人"
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        errors["received_at"] = "收到时间不能晚于现在"
    if month is not None and month.day != 1:
        month = month.replace(day=1)
    if errors:
        raise ValidationError(errors)
    code = new_tracking_code()
    with transaction.atomic(), acting_as(acting_user, channel=channel):
        if project is not None:
            # Ordered with an acceptance at the same moment (assessment.services.acceptance):
            # a wage complaint is either seen by it or waits for it.
            project = Project.objects.select_for_update().select_related("owner").get(pk=project.pk)
        handler = route(kind, project, rule)
        complaint = Complaint.objects.create(
            number=f"T{secrets.token_hex(6)}",  # replaced below, once the id is known
            kind=kind,
            channel=channel,
            project=project,
            worker=worker,
            month=month,
            handler=handler,
            anonymous=anonymous,
            complainant=complainant,
            phone_encrypted=seal(phone, purpose=PHONE_PURPOSE) if phone else None,
            phone_masked=mask(phone, head=3, tail=4) if phone else "",
            content=content,
            received_at=received_at,
            acknowledge_by=_deadline(received_at, rule.acknowledge_days),
            answer_by=_deadline(received_at, rule.answer_days),
            close_by=_deadline(received_at, rule.close_days),
            recorded_by=acting_user if staff else None,
        )
        complaint.number = f"TS{timezone.localtime(received_at):%Y}{complaint.pk:06d}"
        complaint.tracking_hash = _tracking_hash(complaint.number, code)
        complaint.save(update_fields=["number", "tracking_hash"])
        _step(
            complaint,
            A.RECEIVED,
            by=acting_user,
            by_complainant=not staff,
            at=received_at,
            message=f"已收到，由{handler.name}办理，{_day(complaint.acknowledge_by)}前受理",
            note=ComplaintChannel(channel).label,
        )
        _notify_staff(complaint, handler, "received", f"新的投诉举报 {complaint.number} 待受理")
        events.complaint_opened(complaint)  # webhooks, on commit (issue 15 item 5)
    return complaint, code


# --- handling ---------------------------------------------------------------------------------


def _locked(acting_user, complaint: Complaint, capability: str) -> Complaint:
    access.require(acting_user, capability)
    locked = (
        scope.restrict(Complaint.objects.all(), acting_user, scope.CHANGE)
        .select_for_update(of=("self",))
        .filter(pk=complaint.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("该投诉不由您的单位办理")
    return locked


def _refuse_unless(complaint: Complaint, *statuses: str, doing: str) -> None:
    if complaint.status not in statuses:
        raise ValidationError(f"该投诉{complaint.get_status_display()}，不能{doing}")


def complaint_acknowledge(*, acting_user, complaint: Complaint, note: str = "") -> Complaint:
    """受理: the handler takes the complaint on and says by when it will answer."""
    note = clean_text(note, field="note", label="受理说明", max_length=500, required=False)
    with transaction.atomic(), acting_as(acting_user):
        locked = _locked(acting_user, complaint, caps.HANDLE_COMPLAINTS)
        _refuse_unless(locked, S.RECEIVED, doing="受理")
        locked.status = S.PROCESSING
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["status", "acknowledged_at"])
        _step(
            locked,
            A.ACKNOWLEDGED,
            by=acting_user,
            note=note,
            message=f"已由{locked.handler.name}受理，{_day(locked.answer_by)}前答复",
        )
    return locked


def complaint_answer(
    *, acting_user, complaint: Complaint, answer: str, substantiated: bool
) -> Complaint:
    """答复: what was found and done (e.g. who was paid what, when). The complainant then has
    the rule's confirmation period to confirm or ask for it to be handled again."""
    answer = clean_text(answer, field="answer", label="答复意见", max_length=ANSWER_MAX)
    with transaction.atomic(), acting_as(acting_user):
        locked = _locked(acting_user, complaint, caps.HANDLE_COMPLAINTS)
        if locked.status == S.RECEIVED:  # answering at once includes taking it on
            locked.acknowledged_at = timezone.now()
            _step(locked, A.ACKNOWLEDGED, by=acting_user)
        else:
            _refuse_unless(locked, S.PROCESSING, doing="答复")
        rule = rule_for(locked.kind)
        now = timezone.now()
        locked.status = S.ANSWERED
        locked.answer = answer
        locked.substantiated = substantiated
        locked.answered_at = now
        locked.confirm_by = _deadline(now, rule.confirm_days)
        locked.save(
            update_fields=[
                "status",
                "answer",
                "substantiated",
                "answered_at",
                "confirm_by",
                "acknowledged_at",
            ]
        )
        _step(
            locked,
            A.ANSWERED,
            by=acting_user,
            note="经核查属实" if substantiated else "经核查不属实",
            message=f"已答复，请于{_day(locked.confirm_by)}前确认或要求重新办理",
        )
    return locked


def _by_complainant(acting_user) -> bool:
    """The complainant acts without a user (tracking page, self-service); the district office
    records what the complainant said on the phone."""
    if acting_user is None:
        return True
    access.require(acting_user, caps.SUPERVISE_COMPLAINTS)
    return False


def complaint_confirm(*, complaint: Complaint, acting_user=None, note: str = "") -> Complaint:
    """The complainant accepts the answer: the complaint is closed."""
    by_complainant = _by_complainant(acting_user)
    with transaction.atomic(), acting_as(acting_user):
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        _refuse_unless(locked, S.ANSWERED, doing="确认办结")
        locked.status = S.CLOSED
        locked.satisfied = True
        locked.closed_at = timezone.now()
        locked.closed_how = ComplaintClosing.CONFIRMED
        locked.save(update_fields=["status", "satisfied", "closed_at", "closed_how"])
        _step(
            locked,
            A.CONFIRMED,
            by=acting_user,
            by_complainant=by_complainant,
            note=note if by_complainant else f"电话回访：{note}".rstrip("："),
            message="您已确认答复，投诉办结。感谢您的监督",
        )
    return locked


def complaint_reopen(*, complaint: Complaint, reason: str, acting_user=None) -> Complaint:
    """The complainant is not satisfied: the handler answers again, within the rule's answer
    period from now; the district office is told. At most ``MAX_REOPENS`` times."""
    by_complainant = _by_complainant(acting_user)
    reason = clean_text(reason, field="reason", label="不满意的原因", max_length=CONTENT_MAX)
    with transaction.atomic(), acting_as(acting_user):
        locked = (
            Complaint.objects.select_for_update().select_related("handler").get(pk=complaint.pk)
        )
        _refuse_unless(locked, S.ANSWERED, doing="要求重新办理")
        if locked.reopen_count >= MAX_REOPENS:
            raise ValidationError(
                f"该投诉已重新办理 {MAX_REOPENS} 次。"
                f"如仍有异议，请拨打监督举报电话，由{terms().office}处理"
            )
        rule = rule_for(locked.kind)
        now = timezone.now()
        locked.status = S.PROCESSING
        locked.satisfied = False
        locked.reopen_count += 1
        locked.answer_by = _deadline(now, rule.answer_days)
        locked.close_by = max(locked.close_by, _deadline(now, rule.close_days))
        locked.confirm_by = None
        locked.save(
            update_fields=[
                "status",
                "satisfied",
                "reopen_count",
                "answer_by",
                "close_by",
                "confirm_by",
            ]
        )
        _step(
            locked,
            A.REOPENED,
            by=acting_user,
            by_complainant=by_complainant,
            note=reason,
            message=f"已按您的要求重新办理，{_day(locked.answer_by)}前再次答复",
        )
        _notify_staff(
            locked, locked.handler, f"reopened{locked.reopen_count}",
            f"投诉 {locked.number} 投诉人不满意，要求重新办理", "danger",
        )  # fmt: skip
        _notify_staff(
            locked, district_office(), f"reopened{locked.reopen_count}",
            f"投诉 {locked.number} 投诉人不满意，要求重新办理", "danger",
        )  # fmt: skip
    return locked


def complaint_close(*, acting_user, complaint: Complaint, reason: str) -> Complaint:
    """The district office closes a complaint (a duplicate, withdrawn, or settled otherwise)."""
    reason = clean_text(reason, field="reason", label="办结理由", max_length=ANSWER_MAX)
    with transaction.atomic(), acting_as(acting_user):
        locked = _locked(acting_user, complaint, caps.SUPERVISE_COMPLAINTS)
        if not locked.is_open:
            raise ValidationError("该投诉已办结")
        locked.status = S.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_how = ComplaintClosing.BY_OFFICE
        if locked.acknowledged_at is None:
            locked.acknowledged_at = locked.closed_at
        locked.save(update_fields=["status", "closed_at", "closed_how", "acknowledged_at"])
        _step(
            locked,
            A.CLOSED,
            by=acting_user,
            note=reason,
            message=f"已由{terms().office}办结：{reason[:40]}",
        )
    return locked


def complaint_reassign(*, acting_user, complaint: Complaint, handler, reason: str) -> Complaint:
    """The district office sends a complaint to another organisation (wrongly routed)."""
    reason = clean_text(reason, field="reason", label="改派理由", max_length=500)
    with transaction.atomic(), acting_as(acting_user):
        locked = _locked(acting_user, complaint, caps.SUPERVISE_COMPLAINTS)
        if not locked.is_open:
            raise ValidationError("该投诉已办结，不能改派")
        if handler.pk == locked.handler_id:
            raise ValidationError({"handler": "该投诉已由此单位办理"})
        previous = locked.handler
        locked.handler = handler
        locked.save(update_fields=["handler"])
        _step(
            locked,
            A.REASSIGNED,
            by=acting_user,
            note=f"由{previous.name}改派：{reason}",
            message=f"已改由{handler.name}办理",
        )
        _notify_staff(
            locked, handler, f"assigned{handler.pk}", f"投诉举报 {locked.number} 改由本单位办理"
        )
    return locked


def complaint_note(*, acting_user, complaint: Complaint, note: str) -> ComplaintStep:
    """An internal record of handling (a visit, a call); not sent to the complainant."""
    note = clean_text(note, field="note", label="办理记录", max_length=ANSWER_MAX)
    with transaction.atomic(), acting_as(acting_user):
        locked = _locked(acting_user, complaint, caps.HANDLE_COMPLAINTS)
        return _step(locked, A.NOTE, by=acting_user, note=note)


# --- the periodic jobs ------------------------------------------------------------------------

STAGE_WORDS = {
    OverdueStage.ACKNOWLEDGE: "未按期受理",
    OverdueStage.ANSWER: "未按期答复",
    OverdueStage.CLOSE: "未按期办结",
}


def complaints_escalate(*, now: dt.datetime | None = None) -> int:
    """Escalate to the district office every open complaint whose current stage is overdue,
    once per stage: the claim is one conditional UPDATE, so two runs at once escalate once."""
    now = now or timezone.now()
    escalated = 0
    candidates = Complaint.objects.open().select_related("handler").order_by("pk")
    office = None
    for complaint in candidates.iterator(chunk_size=500):
        stage = complaint.overdue_stage(now)
        if not stage or stage == complaint.escalated_stage:
            continue
        with transaction.atomic(), acting_as(None, job="projects.escalate_complaints"):
            claimed = (
                Complaint.objects.filter(pk=complaint.pk, status=complaint.status)
                .exclude(escalated_stage=stage)
                .update(escalated_at=now, escalated_stage=stage)
            )
            if not claimed:
                continue
            complaint.escalated_at, complaint.escalated_stage = now, stage
            words = STAGE_WORDS[stage]
            _step(
                complaint,
                A.ESCALATED,
                at=now,
                note=f"{complaint.handler.name}{words}",
                message=f"{words}，已提交{terms().office}督办",
            )
            office = office or district_office()
            _notify_staff(
                complaint, office, f"escalated:{stage}",
                f"投诉 {complaint.number} {words}，升级督办", "danger",
            )  # fmt: skip
            _notify_staff(
                complaint, complaint.handler, f"escalated:{stage}",
                f"投诉 {complaint.number} {words}，已升级{terms().office}督办", "danger",
            )  # fmt: skip
            escalated += 1
    return escalated


def complaints_lapse(*, now: dt.datetime | None = None) -> int:
    """Close answered complaints whose complainant neither confirmed nor asked again within
    the confirmation period (逾期未确认，视为办结)."""
    now = now or timezone.now()
    closed = 0
    due = Complaint.objects.filter(status=S.ANSWERED, confirm_by__lt=now).order_by("pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic(), acting_as(None, job="projects.lapse_complaints"):
            claimed = Complaint.objects.filter(pk=pk, status=S.ANSWERED, confirm_by__lt=now).update(
                status=S.CLOSED, closed_at=now, closed_how=ComplaintClosing.LAPSED
            )
            if claimed:
                complaint = Complaint.objects.get(pk=pk)
                _step(complaint, A.LAPSED, at=now, message="确认期限已过，投诉按已答复办结")
                closed += 1
    return closed


# --- the district office's settings -----------------------------------------------------------


def complaint_rules_update(*, acting_user, rules: dict[str, dict]) -> list[ComplaintRule]:
    """Store the deadlines and routing of every kind at once (``{kind: {field: value}}``)."""
    access.require(acting_user, caps.SUPERVISE_COMPLAINTS)
    errors = {}
    for kind, values in rules.items():
        label = ComplaintKind(kind).label
        days = [values["acknowledge_days"], values["answer_days"], values["close_days"]]
        if any(d < 1 or d > 365 for d in [*days, values["confirm_days"]]):
            errors[f"{kind}-acknowledge_days"] = f"{label}：时限应为1至365天"
        elif not days[0] <= days[1] <= days[2]:
            errors[f"{kind}-answer_days"] = f"{label}：受理时限不能长于答复时限，答复不能长于办结"
        if kind in WAGE_KINDS and values["anonymous_allowed"]:
            errors[f"{kind}-anonymous_allowed"] = (
                f"{label}：关于本人劳务报酬的投诉须留姓名和手机号，答复和补发才能送达本人"
            )
    if errors:
        raise ValidationError(errors)
    stored = []
    with transaction.atomic(), acting_as(acting_user):
        for kind, values in rules.items():
            rule, _ = ComplaintRule.objects.update_or_create(
                kind=kind,
                defaults={**{f: values[f] for f in RULE_FIELDS}, "updated_by": acting_user},
            )
            stored.append(rule)
    return stored
