"""What every page's shell needs: the district's name, the user's menu, unread notices."""

from django.utils.functional import SimpleLazyObject

from yiguoji.core import registry
from yiguoji.core.models import District, Notification


def _district_name() -> str:
    district = District.objects.only("name").first()
    return district.name if district else ""


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"district_name": SimpleLazyObject(_district_name)}
    return {
        "district_name": SimpleLazyObject(_district_name),
        "menu": SimpleLazyObject(lambda: registry.menu_for(user)),
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at=None).count()
        ),
    }
