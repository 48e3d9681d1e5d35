"""Notifications: idempotent by (recipient, key); e-mailed once when e-mail is configured."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from yiguoji.core.models import Notification

log = logging.getLogger(__name__)


def notify(
    *,
    recipient,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.WARNING,
) -> tuple[Notification, bool]:
    """Create the notification unless this recipient already has one with ``key``.

    Returns ``(notification, created)``. Running a reminder job twice sends nothing twice: the
    unique (recipient, key) constraint decides, and the e-mail is claimed with one UPDATE.
    """
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        key=key,
        defaults={"title": title, "body": body, "url": url, "level": level},
    )
    if created and settings.EMAIL_ENABLED and recipient.email:
        _email_once(notification)
    return notification, created


def _email_once(notification: Notification) -> None:
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return
    try:
        send_mail(
            subject=f"[以工代赈] {notification.title}",
            message=f"{notification.body}\n\n{notification.url}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    except OSError:
        log.exception("could not e-mail notification %s", notification.pk)
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)


def notification_mark_read(*, acting_user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(recipient=acting_user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
