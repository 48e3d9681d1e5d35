"""Publishing a project on the public pages (art. 25: 知情权、参与权、监督权; art. 31)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import ProjectStatus
from projects.models import Project, Publication, PublicSettings
from projects.services.common import require_project_change
from yiguoji.core import access
from yiguoji.core.audit import acting_as

S = ProjectStatus
# From approval (the pre-start notice) to upkeep (the permanent board): art. 31.
PUBLISHABLE = (S.APPROVED, S.STARTED, S.IN_PROGRESS, S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)
VERSION_KEY = "public:version"


def public_version() -> int:
    """Part of every cached public page's key: raised by each publication change, so that a
    withdrawn project leaves the cache at once."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def _bump() -> None:
    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    # Now (a page rendered before the commit is dropped too) and once committed (a page
    # rendered in between from the old rows is dropped again).
    bump()
    transaction.on_commit(bump)


def project_publish(*, acting_user, project: Project) -> Publication:
    require_project_change(acting_user, caps.PUBLISH, project)
    if project.status not in PUBLISHABLE:
        raise ValidationError(
            f"项目{project.get_status_display()}：批复后才能在公开页面发布（第三十一条）"
        )
    with transaction.atomic(), acting_as(acting_user):
        publication, _ = Publication.objects.update_or_create(
            project=project,
            defaults={
                "published": True,
                "published_at": timezone.now(),
                "published_by": acting_user,
                "withdrawn_at": None,
                "withdrawn_by": None,
                "withdraw_reason": "",
            },
        )
        _bump()
    return publication


def project_unpublish(*, acting_user, project: Project, reason: str) -> Publication:
    require_project_change(acting_user, caps.PUBLISH, project)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤下原因"})
    with transaction.atomic(), acting_as(acting_user):
        publication = Publication.objects.select_for_update().filter(project=project).first()
        if publication is None or not publication.published:
            raise ValidationError("该项目未在公开页面发布")
        publication.published = False
        publication.withdrawn_at = timezone.now()
        publication.withdrawn_by = acting_user
        publication.withdraw_reason = reason[:200]
        publication.save()
        _bump()
    return publication


def public_settings_update(*, acting_user, show_worker_pay: bool) -> PublicSettings:
    access.require(acting_user, caps.PUBLISH)
    with transaction.atomic(), acting_as(acting_user):
        settings, _ = PublicSettings.objects.update_or_create(
            singleton=True,
            defaults={"show_worker_pay": show_worker_pay, "updated_by": acting_user},
        )
        _bump()
    return settings
