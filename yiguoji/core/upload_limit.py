"""Oversized uploads are refused while the request is read (issue 10, item 11).

Before, a file above the limit was read whole, stored (a big Excel import even queued as a job)
and only then refused. Now, for every multipart POST to a page:

* a body declared larger than ``UPLOAD_REQUEST_MAX_MB`` (``Content-Length``) is refused before a
  byte of it is read;
* while the body is read, :class:`LimitedUploadHandler` (first in ``request.upload_handlers``)
  counts each file's bytes and stops the upload at the first chunk past ``UPLOAD_MAX_MB``: the
  partial file is closed and deleted by Django, no view runs, nothing is stored or queued.

Either way the user gets a Chinese page (413) naming the limit, with a way back. The API
(``/api/``) refuses large bodies itself, before reading them, with its own JSON error
(``payload_too_large``, ``yiguoji/api/views/base.py``); the public pages have their own small
body limit (``yiguoji.core.public``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.shortcuts import render

MB = 1024 * 1024


def file_limit_bytes() -> int:
    return int(settings.UPLOAD_MAX_MB) * MB


def request_limit_bytes() -> int:
    return int(settings.UPLOAD_REQUEST_MAX_MB) * MB


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading a file once it passes the limit and marks the request as refused."""

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = file_limit_bytes() if limit is None else limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_refused = self.file_name or "上传的文件"
            # connection_reset: Django stops parsing and does not read the rest of the body.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory or temporary file) keep the file


def _multipart_post(request) -> bool:
    return request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith(
        "multipart/form-data"
    )


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def message(file_name: str = "") -> str:
    what = f"文件“{file_name}”" if file_name else "上传的内容"
    return (
        f"{what}过大：每个文件不能超过 {int(settings.UPLOAD_MAX_MB)} MB，一次提交合计不能超过 "
        f"{int(settings.UPLOAD_REQUEST_MAX_MB)} MB。本次上传未保存。"
    )


def refused(request, *, file_name: str = ""):
    """The page the user sees: what was refused, the limit, and that nothing was kept. A script
    asking for JSON (the phone's attendance queue) gets ``{"error": ...}`` with the same words."""
    from yiguoji.core.views.errors import back_url

    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": message(file_name)}, status=413)
    return render(
        request,
        "errors/413.html",
        {
            "file_name": file_name,
            "limit_mb": int(settings.UPLOAD_MAX_MB),
            "request_limit_mb": int(settings.UPLOAD_REQUEST_MAX_MB),
            "back_url": back_url(request),
        },
        status=413,
    )


class UploadLimitMiddleware:
    """Placed before ``CsrfViewMiddleware`` (which is the first to read ``request.POST``)."""

    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._applies(request):
            request.upload_too_long = _declared_length(request) > request_limit_bytes()
            request.upload_handlers.insert(0, LimitedUploadHandler(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs once every middleware has seen the request (the user is known, so the page has
        # the portal's layout) and before CsrfViewMiddleware reads the body.
        if not self._applies(request):
            return None
        if request.upload_too_long:
            return refused(request)  # not a byte of the body read
        request.POST  # noqa: B018 -- read the body here, through the handlers above
        name = getattr(request, "upload_refused", None)
        if name is not None:
            return refused(request, file_name=name)
        return None

    def _applies(self, request) -> bool:
        return _multipart_post(request) and not request.path.startswith(self.API_PREFIX)
