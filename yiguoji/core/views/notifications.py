from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yiguoji import scope
from yiguoji.core.models import Notification
from yiguoji.core.services.notifications import notification_mark_read


def notification_list(request):
    notifications = scope.restrict(Notification.objects.all(), request.user)[:200]
    return render(request, "core/notifications.html", {"notifications": notifications})


@require_POST
def notifications_read(request):
    notification_mark_read(acting_user=request.user)
    return redirect("core:notifications")
