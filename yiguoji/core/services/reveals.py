"""Logging each full reveal of a protected number (resident ID, bank card)."""

from yiguoji.core.models import RevealLog


def reveal_log(*, acting_user, obj, field: str, purpose: str = "", ip: str | None = None):
    return RevealLog.objects.create(
        user=acting_user,
        model=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        field=field,
        purpose=purpose[:200],
        ip=ip,
    )


def reveal_log_many(*, acting_user, objects, field: str, purpose: str = "", ip: str | None = None):
    """One log row per object, written at once (a roster exported with full numbers)."""
    return RevealLog.objects.bulk_create(
        RevealLog(
            user=acting_user,
            model=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            field=field,
            purpose=purpose[:200],
            ip=ip,
        )
        for obj in objects
    )
