"""The API's OpenAPI schema (drf-spectacular): every operation also documents the JSON errors it
can answer, in the one shape of :mod:`yiguoji.api.errors` (issue 15 item 4), so a client (and
schemathesis, tests/api/test_schema.py) can check error bodies like any other.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from yiguoji.api.errors import MESSAGES

ERROR_CODES = [(code, code) for code in sorted(MESSAGES)]  # ErrorCodeEnum in the schema


class ErrorRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="工作表中的行号")
    column = serializers.CharField(help_text="列名")
    message = serializers.CharField(help_text="该格的错误")


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ERROR_CODES, help_text="稳定的错误代码")
    message = serializers.CharField(help_text="中文说明")
    message_en = serializers.CharField(help_text="English message")
    fields = serializers.DictField(
        required=False,
        child=serializers.JSONField(),
        help_text="code = invalid / rejected：每个有误的字段及其说明",
    )
    rows = ErrorRowSerializer(
        many=True, required=False, help_text="code = invalid_file：每个有误的行和列"
    )
    summary = serializers.CharField(required=False, help_text="code = invalid_file：结果摘要")
    error_count = serializers.IntegerField(required=False, help_text="code = invalid_file：错误数")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def _codes(*codes: str) -> str:
    return "error.code: " + ", ".join(codes)


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def error_responses(method: str) -> dict[str, OpenApiResponse]:
    """The errors any operation of the API can answer (authentication, scope, capability,
    throttling, not found) and, for writes, the refused and too-large bodies."""
    found = {
        "400": _codes("invalid", "rejected", "parse_error"),
        "401": _codes(
            "not_authenticated",
            "authentication_failed",
            "token_expired",
            "token_revoked",
            "client_disabled",
        ),
        "403": _codes("scope_missing", "permission_denied"),
        "404": _codes("not_found"),
        "429": _codes("throttled") + " (Retry-After)",
    }
    if method in WRITE_METHODS:
        found["400"] = _codes("invalid", "rejected", "parse_error", "invalid_file")
        found["413"] = _codes("payload_too_large")
        found["415"] = _codes("unsupported_media_type")
    return {
        status: OpenApiResponse(ErrorSerializer, description=description)
        for status, description in found.items()
    }


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the error responses added where a view declares none."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, response in error_responses(self.method).items():
            described = self._get_response_for_code(response, status, direction=direction)
            if status not in responses:
                responses[status] = described
            elif "content" not in responses[status]:  # a view's own words, no body described
                described["description"] = responses[status].get("description") or ""
                responses[status] = described
        return responses
