"""Monthly reports and the quarter's dispatch figures through the API.

The dispatch figures are the dispatch workbook's own rows (assessment.exporters.dispatch), so
the JSON and the workbook can never disagree; both need the page's capability (district-wide
readers) and the ``figures:read`` scope."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from assessment import capabilities as caps
from assessment.api.serializers import (
    DISPATCH_KEYS,
    DISPATCH_LABELS,
    DispatchSerializer,
    MonthlyReportSerializer,
)
from assessment.exporters.dispatch import dispatch_rows, dispatch_workbook
from assessment.filters import ReportFilter
from assessment.models import MonthlyReport
from assessment.periods import quarter_end
from assessment.services.dispatch import dispatch_filename
from yiguoji.api.choices import ApiScope
from yiguoji.api.views.base import ApiView, ScopedReadOnlyViewSet
from yiguoji.core.views.mixins import xlsx_response


class MonthlyReportViewSet(ScopedReadOnlyViewSet):
    """月度反馈：与“月度反馈”页面相同的范围和筛选条件。"""

    api_scope = ApiScope.FIGURES_READ
    capability = caps.VIEW_REPORTS
    queryset = MonthlyReport.objects.select_related("project")
    filterset_class = ReportFilter
    serializer_class = MonthlyReportSerializer


def _quarter(year: str, quarter: str) -> tuple[int, int]:
    year, quarter = int(year), int(quarter)
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404
    return year, quarter


class DispatchView(ApiView):
    """季度调度数据（行动方案任务五：信息调度系统字段），截至季末累计。"""

    api_scope = ApiScope.FIGURES_READ
    capability = caps.VIEW_DISPATCH

    @extend_schema(responses=DispatchSerializer)
    def get(self, request, year: str, quarter: str):
        year, quarter = _quarter(year, quarter)
        rows = [dict(zip(DISPATCH_KEYS, row, strict=True)) for row in dispatch_rows(year, quarter)]
        body = DispatchSerializer(
            {
                "year": year,
                "quarter": quarter,
                "as_of": quarter_end(year, quarter),
                "fields": DISPATCH_LABELS,
                "rows": rows,
            }
        )
        return Response(body.data)


class DispatchWorkbookView(ApiView):
    """季度调度表（Excel），与“季度调度”页面生成的工作簿相同。"""

    api_scope = ApiScope.FIGURES_READ
    capability = caps.VIEW_DISPATCH

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiResponse(OpenApiTypes.BINARY)
            )
        }
    )
    def get(self, request, year: str, quarter: str):
        year, quarter = _quarter(year, quarter)
        content, _count = dispatch_workbook(year, quarter)
        return xlsx_response(content, dispatch_filename(year, quarter))
