"""JSON errors in Chinese and English with a stable code (issue 15, item 4).

Every error the API answers has the same shape::

    {"error": {"code": "not_found", "message": "……", "message_en": "…", "fields": {…}}}

``fields`` names each bad field (or, for a ledger upload, ``rows`` names each row and column).
Refusals from the services (Django ``ValidationError``, ``PermissionDenied``) and 404s from
``yiguoji.scope`` come out in the same shape.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

MESSAGES: dict[str, tuple[str, str]] = {
    "not_authenticated": ("未提供接口令牌（Authorization: Bearer …）", "No API token was given."),
    "authentication_failed": ("接口令牌无效", "The API token is not valid."),
    "token_expired": ("接口令牌已过期，请联系区发展改革委重新签发", "The API token has expired."),
    "token_revoked": ("接口令牌已被吊销", "The API token has been revoked."),
    "client_disabled": ("该接口客户端已停用", "This API client has been disabled."),
    "scope_missing": ("令牌没有此接口权限：{scope}", "The token lacks the scope {scope}."),
    "permission_denied": ("您没有执行此操作的权限", "You may not do this."),
    "not_found": ("未找到，或不在您的权限范围内", "Not found, or outside your scope."),
    "method_not_allowed": ("不支持该请求方法", "This method is not allowed here."),
    "not_acceptable": ("无法按请求的格式返回", "Cannot answer in the requested format."),
    "unsupported_media_type": ("不支持该内容类型", "Unsupported content type."),
    "parse_error": ("请求内容无法解析", "The request body could not be parsed."),
    "invalid": ("提交的数据有误，见 fields", "The request is invalid; see fields."),
    "rejected": ("请求被业务规则拒绝", "The request was refused by a rule; see message."),
    "throttled": ("请求过于频繁，请 {wait} 秒后再试", "Too many requests; retry in {wait} s."),
    "payload_too_large": (
        "请求内容过大（上限 {limit} 字节）",
        "The request body is too large (limit {limit} bytes).",
    ),
    "invalid_file": ("上传的文件有错误，见 rows，未写入任何数据", "The file has errors; see rows."),
}


class ApiError(exceptions.APIException):
    """An error with one of the codes above (``params`` fill the messages' placeholders)."""

    def __init__(self, code: str, status_code: int, *, extra: dict | None = None, **params):
        self.code = code
        self.status_code = status_code
        self.params = params
        self.extra = extra or {}
        zh, _en = MESSAGES[code]
        super().__init__(zh.format(**params), code)


class PayloadTooLarge(ApiError):
    def __init__(self, limit: int):
        super().__init__("payload_too_large", status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, limit=limit)


_BY_CLASS = (
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.ParseError, "parse_error"),
    (exceptions.ValidationError, "invalid"),
    (exceptions.Throttled, "throttled"),
)


def body(code: str, *, message: str | None = None, **params) -> dict:
    zh, en = MESSAGES[code]
    return {
        "code": code,
        "message": message or zh.format(**params),
        "message_en": en.format(**params),
    }


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {key: [str(item) for item in value] if isinstance(value, list) else str(value)
                for key, value in detail.items()}  # fmt: skip
    return {"non_field_errors": [str(item) for item in detail]}


def handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error as ``{"error": {...}}`` with a code."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        error = body("rejected", message="；".join(exc.messages))
        if hasattr(exc, "error_dict"):
            error["fields"] = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        return Response({"error": error}, status=status.HTTP_400_BAD_REQUEST)
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django's 500 handling (and logging) applies
    headers = {}
    if isinstance(exc, ApiError):
        error = body(exc.code, **exc.params) | exc.extra
    else:
        code = next((c for cls, c in _BY_CLASS if isinstance(exc, cls)), "invalid")
        params = {}
        if code == "throttled":
            params["wait"] = int(exc.wait or 1)
            headers["Retry-After"] = str(params["wait"])
        error = body(code, **params)
        if code == "invalid":
            error["fields"] = _fields(exc.detail)
        elif code == "permission_denied" and str(exc.detail) not in (
            str(exceptions.PermissionDenied.default_detail),
        ):
            error["message"] = str(exc.detail)  # the capability's own Chinese reason
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    return Response({"error": error}, status=exc.status_code, headers=headers)
