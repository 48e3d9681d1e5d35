"""Project documents: who uploads which kind, size and type limits, voiding (never deleting).

Files are stored under random names outside the static tree and served only by
``projects.views.documents.download`` after a scope check.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import DOCUMENT_KEY_TERMS, DocumentKind, ProjectStatus
from projects.models import Project, ProjectDocument
from projects.services.common import require_project_change
from yiguoji import files
from yiguoji.core.audit import acting_as
from yiguoji.core.roles import Role
from yiguoji.core.terms import terms

K, R = DocumentKind, Role


FILE_TYPES = {extension: files.FILE_TYPES[extension] for extension in files.DOCUMENTS}
INLINE_TYPES = files.INLINE_CONTENT_TYPES

# Who uploads which kind (plan tasks 2, 3, 8, 9): the approving side uploads the approval; the
# owner and contractor the contract, pledge and account; the district office anything.
UPLOADERS: dict[str, frozenset[str]] = {
    K.PROPOSAL: frozenset({R.PROJECT_UNIT, R.TOWNSHIP, R.DEPARTMENT}),
    K.PRELIMINARY_DESIGN: frozenset({R.PROJECT_UNIT, R.TOWNSHIP, R.DEPARTMENT}),
    K.APPROVAL: frozenset({R.DEPARTMENT}),
    K.TENDER_CONTRACT: frozenset({R.PROJECT_UNIT, R.CONTRACTOR}),
    K.WAGE_PLEDGE: frozenset({R.PROJECT_UNIT, R.CONTRACTOR}),
    K.WAGE_ACCOUNT: frozenset({R.PROJECT_UNIT, R.CONTRACTOR}),
    K.NOTICE_PHOTO: frozenset({R.PROJECT_UNIT, R.CONTRACTOR, R.TOWNSHIP}),
    K.COMPLETION: frozenset({R.PROJECT_UNIT, R.CONTRACTOR}),
    K.AUDIT: frozenset({R.PROJECT_UNIT}),
    K.RECOGNITION: frozenset(),  # the district office (art. 36), which uploads any kind
    K.OTHER: frozenset({R.PROJECT_UNIT, R.CONTRACTOR, R.TOWNSHIP, R.DEPARTMENT}),
}


def max_bytes() -> int:
    return int(getattr(settings, "PROJECT_DOCUMENT_MAX_MB", 20)) * 1024 * 1024


def allowed_extensions() -> str:
    return files.labels(FILE_TYPES)


def kinds_for(user) -> list[tuple[str, str]]:
    """The document kinds ``user`` may upload, as form choices."""
    if user.is_superuser or user.role == R.DISTRICT_OFFICE:
        return list(DocumentKind.choices)
    return [(k, label) for k, label in DocumentKind.choices if user.role in UPLOADERS[k]]


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def document_upload(
    *,
    acting_user,
    project: Project,
    kind: str,
    upload,
    title: str = "",
    number: str = "",
    issued_on=None,
    key_terms: str = "",
) -> ProjectDocument:
    require_project_change(acting_user, caps.UPLOAD_DOCUMENTS, project)
    if kind not in dict(kinds_for(acting_user)):
        raise PermissionDenied(f"您的角色不能上传“{DocumentKind(kind).label}”")
    if project.status == ProjectStatus.WITHDRAWN:
        raise ValidationError("项目已撤回，不能再上传文件")
    file_type = files.check_upload(
        upload, field="file", what="文件", extensions=FILE_TYPES, limit_mb=max_bytes() // 1024**2
    )
    key_terms = key_terms.strip()
    if kind in DOCUMENT_KEY_TERMS and not key_terms:
        raise ValidationError(
            {"key_terms": f"请摘录{DOCUMENT_KEY_TERMS[kind]}（重点任务2、3，第四十一条）"}
        )
    if kind == K.APPROVAL and not number.strip():
        raise ValidationError({"number": "请填写批复文号"})
    with transaction.atomic(), acting_as(acting_user):
        document = ProjectDocument(
            project=project,
            kind=kind,
            title=title.strip() or upload.name.rsplit(".", 1)[0][:200],
            number=number.strip(),
            issued_on=issued_on,
            key_terms=key_terms,
            original_name=upload.name[:200],
            size=upload.size,
            content_type=file_type.content_type,
            sha256=_digest(upload),
            uploaded_by=acting_user,
        )
        document.file.save(upload.name, upload, save=False)
        document.full_clean()
        document.save()
    return document


def document_void(*, acting_user, document: ProjectDocument, reason: str) -> ProjectDocument:
    """Mark a document void (wrong file, superseded); it stays in the record, not counted."""
    require_project_change(acting_user, caps.UPLOAD_DOCUMENTS, document.project)
    if document.uploaded_by_id != acting_user.pk and acting_user.role != R.DISTRICT_OFFICE:
        raise PermissionDenied(f"只有上传人或{terms().office}可以作废该文件")
    if document.voided_at is not None:
        raise ValidationError("该文件已作废")
    if not reason.strip():
        raise ValidationError({"reason": "请填写作废原因"})
    with transaction.atomic(), acting_as(acting_user):
        document.voided_at = timezone.now()
        document.voided_by = acting_user
        document.void_reason = reason.strip()[:200]
        document.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return document
