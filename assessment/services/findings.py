"""Supervision findings and their rectification (art. 46-50; plan 保障措施（二）).

A finding is recorded by the district office, a department or finance with its evidence and a
deadline; the responsible organisation reports its rectification with proof; the recording side
verifies it (销号) or sends it back. Money to return or recover (art. 50: 责令限期归还、如数追缴) is
set on the finding and tracked by recovery records until it has all come back; only then can the
finding be closed. Findings of false figures, false hiring, misused funds and
arrears cost points at year end (``assessment.services.scoring``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import FindingKind, FindingSource, FindingStatus
from assessment.models import Finding, FindingEvidence, Recovery
from assessment.services.common import clean_text, require_change, require_project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.roles import Role
from yiguoji.files import SCANS, check_upload
from yiguoji.formats import yuan

ZERO = Decimal("0")


def _check_files(uploads: Iterable, field: str) -> list[tuple]:
    """(upload, its checked file type) for each file given."""
    return [
        (upload, check_upload(upload, field=field, what="佐证材料", extensions=SCANS))
        for upload in uploads
        if upload
    ]


def _attach(finding: Finding, uploads: list[tuple], user, *, rectification: bool) -> None:
    for upload, file_type in uploads:
        evidence = FindingEvidence(
            finding=finding,
            is_rectification=rectification,
            name=upload.name[:200],
            content_type=file_type.content_type,
            uploaded_by=user,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()


def finding_record(
    *,
    acting_user,
    kind: str,
    source: str,
    found_on: dt.date,
    deadline: dt.date,
    description: str,
    project=None,
    organisation=None,
    evidence: Iterable = (),
    to_recover: Decimal | None = None,
) -> Finding:
    """Record a finding against a project (its unit is responsible unless another is named) or
    against an organisation."""
    access.require(acting_user, caps.RECORD_FINDINGS)
    if project is not None:
        require_project(acting_user, caps.RECORD_FINDINGS, project)
    errors = {}
    if kind not in FindingKind.values:
        errors["kind"] = "请选择问题类型"
    if source not in FindingSource.values:
        errors["source"] = "请选择发现途径"
    if project is None and organisation is None:
        errors["organisation"] = "请选择项目或责任单位"
    if found_on > timezone.localdate():
        errors["found_on"] = "发现日期不能晚于今天"
    if deadline < found_on:
        errors["deadline"] = "整改期限不能早于发现日期"
    if not clean_text(description):
        errors["description"] = "请写明发现的问题：事实、涉及金额或人数、违反的规定"
    to_recover = to_recover or ZERO
    if to_recover < 0:
        errors["to_recover"] = "追缴金额不能为负数"
    if errors:
        raise ValidationError(errors)
    uploads = _check_files(evidence, "evidence")
    with transaction.atomic(), acting_as(acting_user):
        finding = Finding.objects.create(
            kind=kind,
            source=source,
            project=project,
            organisation=organisation or project.owner,
            found_on=found_on,
            deadline=deadline,
            description=clean_text(description),
            to_recover=to_recover,
            recorded_by=acting_user,
        )
        _attach(finding, uploads, acting_user, rectification=False)
        scope.ensure(acting_user, scope.CHANGE, finding)
        _notify_responsible(finding)
    return finding


def finding_rectify(
    *,
    acting_user,
    finding: Finding,
    rectification: str,
    rectified_on: dt.date,
    evidence: Iterable = (),
) -> Finding:
    """The responsible organisation reports what it did, with proof."""
    require_change(acting_user, caps.RECTIFY_FINDINGS, finding)
    errors = {}
    if not clean_text(rectification):
        errors["rectification"] = "请写明整改措施和结果（如补发劳务报酬的人数、金额、日期）"
    if rectified_on > timezone.localdate():
        errors["rectified_on"] = "整改完成日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    uploads = _check_files(evidence, "evidence")
    if not uploads and not finding.evidence.filter(is_rectification=True).exists():
        raise ValidationError({"evidence": "请上传整改佐证材料（如补发凭证、整改报告）"})
    with transaction.atomic(), acting_as(acting_user):
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        require_change(acting_user, caps.RECTIFY_FINDINGS, locked)
        if locked.status != FindingStatus.OPEN:
            raise ValidationError(f"该问题当前为“{locked.get_status_display()}”，不能再报整改")
        locked.status = FindingStatus.RECTIFIED
        locked.rectification = clean_text(rectification)
        locked.rectified_on = rectified_on
        locked.rectified_by = acting_user
        locked.save(update_fields=["status", "rectification", "rectified_on", "rectified_by"])
        _attach(locked, uploads, acting_user, rectification=True)
    return locked


def finding_review(*, acting_user, finding: Finding, accept: bool, comment: str = "") -> Finding:
    """Verify a reported rectification (销号), or send it back with the reason."""
    require_change(acting_user, caps.VERIFY_FINDINGS, finding)
    comment = clean_text(comment)
    if not accept and not comment:
        raise ValidationError({"comment": "退回整改须写明理由"})
    with transaction.atomic(), acting_as(acting_user):
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        require_change(acting_user, caps.VERIFY_FINDINGS, locked)
        if locked.status != FindingStatus.RECTIFIED:
            raise ValidationError(
                f"该问题当前为“{locked.get_status_display()}”：只有已报整改的问题才能审核"
            )
        locked.review_comment = comment
        if accept and locked.outstanding > 0:
            raise ValidationError(
                f"尚有 {yuan(locked.outstanding)} 元未归还、追缴到位（应追缴 "
                f"{yuan(locked.to_recover)} 元，已到账 {yuan(locked.recovered)} 元）："
                "第五十条要求如数追缴，到账后方可销号"
            )
        if accept:
            locked.status = FindingStatus.VERIFIED
            locked.verified_by = acting_user
            locked.verified_at = timezone.now()
        else:
            locked.status = FindingStatus.OPEN
        locked.save(update_fields=["status", "review_comment", "verified_by", "verified_at"])
    return locked


def recovery_record(
    *, acting_user, finding: Finding, amount: Decimal, recovered_on: dt.date, note: str
) -> Recovery:
    """Money returned or recovered against a finding (art. 50: 责令限期归还、如数追缴), recorded by
    the side that verifies findings; never more than is still outstanding."""
    require_change(acting_user, caps.VERIFY_FINDINGS, finding)
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = "请填写到账金额（大于零）"
    if recovered_on > timezone.localdate():
        errors["recovered_on"] = "到账日期不能晚于今天"
    elif recovered_on < finding.found_on:
        errors["recovered_on"] = "到账日期不能早于发现问题的日期"
    if not clean_text(note):
        errors["note"] = "请写明归还或追缴的去向和凭证（如缴回区财政专户，凭证号）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user):
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        require_change(acting_user, caps.VERIFY_FINDINGS, locked)
        if amount > locked.outstanding:
            raise ValidationError(
                {"amount": f"超过尚未追缴的 {yuan(locked.outstanding)} 元（应追缴 "
                           f"{yuan(locked.to_recover)} 元，已到账 {yuan(locked.recovered)} 元）"}
            )  # fmt: skip
        return Recovery.objects.create(
            finding=locked, amount=amount, recovered_on=recovered_on, note=clean_text(note),
            recorded_by=acting_user,
        )  # fmt: skip


def _notify_responsible(finding: Finding) -> None:
    """Tell the responsible organisation's users (after commit; once per finding and user)."""
    from yiguoji.core.models import User
    from yiguoji.core.services.notifications import notify

    def send():
        recipients = User.objects.filter(
            organisation_id=finding.organisation_id,
            role__in=(Role.PROJECT_UNIT, Role.TOWNSHIP, Role.CONTRACTOR),
            is_active=True,
        )
        for recipient in recipients:
            notify(
                recipient=recipient,
                key=f"assessment.finding.{finding.pk}",
                title=f"监督检查发现问题：{finding.get_kind_display()}",
                body=f"请于{finding.deadline:%Y年%m月%d日}前完成整改并报送整改情况。",
                url=reverse("assessment:finding", args=[finding.pk]),
            )

    transaction.on_commit(send)
