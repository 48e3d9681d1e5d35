"""Project resources: the list page's rows, filters and scope; detail with lifecycle history;
funding lines; the year's annual list; complaints (the register's rows, without complainants)."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema

from projects import capabilities as caps
from projects.api.serializers import (
    AnnualListProjectSerializer,
    ComplaintSerializer,
    FundingLineListSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
)
from projects.filters import ComplaintFilter, ProjectFilter
from projects.models import Complaint, FundingLine, Project, ProjectTransition
from projects.selectors import annual_list, project_list_queryset
from yiguoji.api.choices import ApiScope
from yiguoji.api.views.base import ScopedReadOnlyViewSet


class ProjectViewSet(ScopedReadOnlyViewSet):
    """以工代赈项目：与“项目库”页面相同的范围和筛选条件；详情含状态变更记录和资金来源。"""

    api_scope = ApiScope.PROJECTS_READ
    capability = caps.VIEW
    queryset = project_list_queryset()
    filterset_class = ProjectFilter
    serializer_class = ProjectSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", ProjectTransition.objects.order_by("at", "id")),
                "funding_lines",
            )
        return queryset

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer


class FundingLineViewSet(ScopedReadOnlyViewSet):
    """资金来源：各项目的资金来源明细（以工代赈专项资金标注）。"""

    api_scope = ApiScope.PROJECTS_READ
    capability = caps.VIEW
    queryset = FundingLine.objects.select_related("project")
    serializer_class = FundingLineListSerializer


@extend_schema(parameters=[OpenApiParameter("year", int, OpenApiParameter.PATH)])
class AnnualListViewSet(ScopedReadOnlyViewSet):
    """年度项目清单：该年度列入清单的项目（第九条字段），含资金来源。"""

    api_scope = ApiScope.PROJECTS_READ
    capability = caps.VIEW_ANNUAL_LIST
    serializer_class = AnnualListProjectSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no request, no year
            return Project.objects.none()
        year = int(self.kwargs["year"])
        if not 2000 <= year <= 2100:
            raise Http404
        return annual_list(self.request.user, year)  # scope.restrict inside


class ComplaintViewSet(ScopedReadOnlyViewSet):
    """投诉举报：与“投诉举报”页面相同的范围和筛选条件；不含投诉人姓名、电话和内容。"""

    api_scope = ApiScope.COMPLAINTS_READ
    capability = caps.VIEW_COMPLAINTS
    queryset = Complaint.objects.select_related("project", "handler")
    filterset_class = ComplaintFilter
    serializer_class = ComplaintSerializer
