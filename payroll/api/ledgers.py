"""Wage ledgers through the API (plan task 9): read the ledgers a client's user may see, and
upload a month's ledger file through the one upload flow and import engine the page uses
(yiguoji.imports.uploads.receive: same rules, all or nothing). A bad file is answered with
every bad row and column as JSON, and nothing is written."""

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from payroll import capabilities as caps
from payroll.api.serializers import (
    LedgerUploadResultSerializer,
    LedgerUploadSerializer,
    WageLedgerDetailSerializer,
    WageLedgerSerializer,
)
from payroll.importers import kinds
from payroll.models import WageLedger, WageLine
from payroll.selectors.ledgers import ledgers_for
from payroll.services import ledgers as service
from payroll.views.common import month_or_404
from projects.models import Project
from yiguoji import scope
from yiguoji.api.choices import ApiScope
from yiguoji.api.errors import ApiError
from yiguoji.api.views.base import ApiView, ScopedReadOnlyViewSet
from yiguoji.imports import uploads


class WageLedgerViewSet(ScopedReadOnlyViewSet):
    """劳务报酬发放台账：每个项目每月的最新版本；详情含逐人明细（证件号码脱敏）。"""

    api_scope = ApiScope.LEDGERS_READ
    capability = caps.VIEW_LEDGERS
    queryset = WageLedger.objects.all()
    serializer_class = WageLedgerSerializer

    def get_queryset(self):
        ledgers = ledgers_for(self.request.user)  # scope.restrict inside, as on the page
        if self.action == "retrieve":
            ledgers = ledgers.prefetch_related(
                Prefetch("lines", WageLine.objects.select_related("worker").order_by("seq", "id"))
            )
        return ledgers

    def get_serializer_class(self):
        return WageLedgerDetailSerializer if self.action == "retrieve" else WageLedgerSerializer


class LedgerUploadView(ApiView):
    """上传某项目某月的劳务报酬发放台账（与页面导入相同的检查，全部通过才写入）。"""

    api_scope = ApiScope.LEDGERS_WRITE
    capability = caps.PREPARE_LEDGERS
    parser_classes = [MultiPartParser]

    @property
    def max_body(self) -> int:
        return settings.UPLOAD_MAX_MB * 1024 * 1024

    @extend_schema(
        request={"multipart/form-data": LedgerUploadSerializer},
        responses={
            201: LedgerUploadResultSerializer,
            202: LedgerUploadResultSerializer,
            400: OpenApiResponse(description="error.code = invalid_file; error.rows 逐行逐列"),
        },
    )
    def post(self, request, project: int, month: str):
        month = month_or_404(month)
        found = scope.get_object_or_404(
            Project.objects.all(), request.user, scope.CHANGE, pk=project
        )
        asked = LedgerUploadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        outcome = uploads.receive(
            key=kinds.WAGE_LEDGER,
            upload=asked.validated_data["file"],
            acting_user=request.user,
            params={"project_id": found.pk, "month": month.isoformat()},
        )
        if outcome.job is not None:
            body = {"summary": outcome.job.title, "ledger": None, "job": outcome.job.pk}
            return Response(body, status=status.HTTP_202_ACCEPTED)
        result = outcome.result
        if not result.ok:
            rows = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
            raise ApiError(
                "invalid_file",
                status.HTTP_400_BAD_REQUEST,
                extra={"summary": result.summary, "error_count": result.error_count, "rows": rows},
            )
        ledger = service.latest_ledger(found, month)
        body = {"summary": result.summary, "ledger": ledger.pk if ledger else None, "job": None}
        return Response(body, status=status.HTTP_201_CREATED)
