"""Sign-in pages: Django's views with Chinese templates, plus the lockout page for django-axes."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

from yiguoji.core.terms import terms


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"该账号因连续 {settings.AXES_FAILURE_LIMIT} 次密码错误已被锁定，"
        f"请 {minutes} 分钟后再试，或联系{terms().office}管理员解锁。"
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """Called by django-axes instead of its English lockout response."""
    form = AuthenticationForm(request, data=request.POST or None)
    form.is_valid = lambda: False
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": lockout_message()},
        status=403,
    )
