"""Worker confirmation rounds before acceptance (art. 32: acceptance checks 劳务报酬发放; plan
task 9: wages confirmed by the workers themselves).

The district office asks all, or a random sample, of the workers paid on a project to confirm
the days and pay on record. Each is sent an SMS pointing to the self-service page, where they
answer "属实" or "不属实"; "不属实" opens a complaint for the project unit. Answers and silence
are shown on the acceptance page (``payroll.selectors.confirmations``).
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, Sum
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import ConfirmationRequest, ConfirmationRound
from payroll.models.selfservice import RoundAnswer, SelfServiceAction
from payroll.selectors.paid import paid_lines
from payroll.services.selfservice import _flash, _log
from projects.choices import ProjectStatus
from yiguoji import scope, sms
from yiguoji.core import access
from yiguoji.core.audit import acting_as

log = logging.getLogger(__name__)
MONEY = DecimalField(max_digits=14, decimal_places=2)
ANSWER_DAYS = 7
ROUND_STATES = (ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED)
CONFIRM_TEMPLATE = sms.register_template(
    "confirm",
    "以工代赈务工确认：请核对您在“${project}”的务工记录（共${days}天，已发${paid}元），"
    "${until}前登录${url}答复是否属实。",
)


def round_start(
    *, acting_user, project, sample_size: int | None = None, answer_days: int = ANSWER_DAYS
) -> ConfirmationRound:
    """Ask all (``sample_size`` None) or a random sample of the project's paid workers."""
    access.require(acting_user, caps.RUN_CONFIRMATIONS)
    if not scope.can(acting_user, scope.VIEW, project):
        raise PermissionDenied("该项目不在您的权限范围内")
    if project.status not in ROUND_STATES:
        raise ValidationError("项目建设中或已完工、验收前才能发起务工确认回访")
    if sample_size is not None and sample_size < 1:
        raise ValidationError({"sample_size": "抽样人数至少为1人；留空为全部务工人员"})
    if not 1 <= answer_days <= 30:
        raise ValidationError({"answer_days": "答复期限应为1至30天"})
    totals = list(
        paid_lines()
        .filter(ledger__project=project)
        .order_by()
        .values("worker_id")
        .annotate(
            days=Sum("days"),
            payable=Sum("payable", output_field=MONEY),
            paid=Sum("paid_amount", output_field=MONEY),
        )
        .order_by("worker_id")
    )
    if not totals:
        raise ValidationError("该项目还没有已提交的劳务报酬发放台账，无人可回访")
    if sample_size is not None and sample_size < len(totals):
        totals = sorted(
            random.SystemRandom().sample(totals, sample_size), key=lambda r: r["worker_id"]
        )
    now = timezone.now()
    with transaction.atomic(), acting_as(acting_user):
        confirmation_round = ConfirmationRound.objects.create(
            project=project,
            sample_size=sample_size,
            started_by=acting_user,
            started_at=now,
            answer_by=now + dt.timedelta(days=answer_days),
        )
        ConfirmationRequest.objects.bulk_create(
            ConfirmationRequest(
                round=confirmation_round,
                worker_id=row["worker_id"],
                days=row["days"],
                payable=row["payable"],
                paid=row["paid"],
            )
            for row in totals
        )
        from payroll.tasks import send_confirmation_requests

        transaction.on_commit(lambda: send_confirmation_requests.delay(confirmation_round.pk))
    return confirmation_round


def round_send(*, round_id: int) -> int:
    """Send the round's SMS, each once (claimed one by one); returns how many were sent."""
    confirmation_round = ConfirmationRound.objects.select_related("project").get(pk=round_id)
    url = settings.PUBLIC_BASE_URL + reverse("selfservice:start")
    until = f"{timezone.localtime(confirmation_round.answer_by):%m月%d日}"
    sent = 0
    pending = confirmation_round.requests.filter(sent_at=None, send_failed="").select_related(
        "worker"
    )
    for request in pending:
        claimed = ConfirmationRequest.objects.filter(pk=request.pk, sent_at=None).update(
            sent_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            sms.send(
                to=request.worker.phone,
                template=CONFIRM_TEMPLATE,
                params={
                    "project": confirmation_round.project.name[:20],
                    "days": f"{request.days.normalize():f}",
                    "paid": f"{request.paid:.2f}",
                    "until": until,
                    "url": url,
                },
            )
        except sms.SmsError as error:
            reason = "无登记的手机号" if not request.worker.phone else "短信发送失败"
            log.warning("confirmation request %s not sent (%s)", request.pk, error)
            ConfirmationRequest.objects.filter(pk=request.pk).update(
                sent_at=None, send_failed=reason
            )
            continue
        sent += 1
    return sent


def round_answer(*, session, request_id: int, yes: bool, content: str = "", address: str):
    """The worker's answer to a round, from self-service; "不属实" opens a complaint."""
    from projects.choices import ComplaintChannel, ComplaintKind
    from projects.services.complaints import complaint_submit

    worker = session.worker
    with transaction.atomic(), acting_as(None, channel="self_service", worker=worker.pk):
        request = (
            ConfirmationRequest.objects.select_for_update()
            .select_related("round", "round__project")
            .filter(pk=request_id, worker=worker)
            .first()
        )
        if request is None:
            raise ValidationError("没有找到这条务工确认")
        if request.answer:
            raise ValidationError("这条务工确认已答复过")
        if request.round.answer_by < timezone.now():
            raise ValidationError("答复期限已过；如有异议，请拨打监督举报电话或在下方反映")
        complaint = None
        if not yes:
            text = (content or "").strip() or (
                f"务工确认回访：记录显示务工 {request.days} 天，应发 {request.payable} 元，"
                f"已发 {request.paid} 元，本人答复不属实。"
            )
            complaint, _ = complaint_submit(
                channel=ComplaintChannel.CONFIRMATION,
                kind=ComplaintKind.WRONG_AMOUNT,
                project=request.round.project,
                worker=worker,
                complainant=worker.name,
                phone=worker.phone,
                content=text,
            )
        request.answer = RoundAnswer.YES if yes else RoundAnswer.NO
        request.answered_at = timezone.now()
        request.complaint = complaint
        request.save(update_fields=["answer", "answered_at", "complaint"])
        _log(SelfServiceAction.ROUND_ANSWERED, address, worker=worker, session=session,
             detail=f"{request.round.project.code} {request.answer}")  # fmt: skip
        _flash(
            session,
            "感谢您的确认。"
            if yes
            else f"已转办理，投诉编号 {complaint.number}，办理进度会短信告知您。",
        )
    return request
