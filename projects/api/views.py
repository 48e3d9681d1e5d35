"""Project resources: the list page's rows, filters and scope; detail with lifecycle history."""

from django.db.models import Prefetch

from projects import capabilities as caps
from projects.api.serializers import ProjectDetailSerializer, ProjectSerializer
from projects.filters import ProjectFilter
from projects.models import ProjectTransition
from projects.selectors import project_list_queryset
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
