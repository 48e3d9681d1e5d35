"""Error pages in Chinese, in the portal's layout, with a way back (issue 10, item 15).

The app's own reason is kept ("您的角色不能批复项目", "该任务没有结果文件"); Django's and
libraries' English messages ("No Project matches the given query.") are not shown.
"""

from __future__ import annotations

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _reason(exception) -> str:
    """The message raised by the app, when it is one written for people (Chinese)."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) and _CHINESE.search(message) else ""


def _back(request) -> str:
    """Where "返回上一页" leads: the referring page of this site, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if (
        referer
        and referer != request.build_absolute_uri()
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referer
    return reverse("home")


back_url = _back


def _page(request, template: str, status: int, reason: str = ""):
    return render(request, template, {"reason": reason, "back_url": _back(request)}, status=status)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, "errors/403.html", 403, _reason(exception))


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, "errors/404.html", 404, _reason(exception))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from an expired page or without cookies."""
    return _page(request, "errors/csrf.html", 403)


def server_error(request):
    """Rendered without context processors: the database may be what failed."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render({"back_url": "/"}))
