"""What every page's shell needs: the district's name and words, the user's menu, unread notices."""

from django.utils.functional import SimpleLazyObject

from yiguoji.core import registry
from yiguoji.core.models import Notification
from yiguoji.core.terms import terms


def portal(request):
    # ``terms``: the district's own words ({{ terms.office }} -> 区发展改革委 / 县发展改革局).
    shell = {
        "district_name": SimpleLazyObject(lambda: terms().name),
        "terms": SimpleLazyObject(terms),
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return shell
    return shell | {
        "menu": SimpleLazyObject(lambda: registry.menu_for(user)),
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at=None).count()
        ),
    }
