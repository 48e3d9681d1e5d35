"""View building blocks shared by every app: capability check, scoped querysets, list pages.

A page declares what it needs and the rest follows::

    class ProjectListView(ScopedTableView):
        capability = caps.VIEW_PROJECTS
        queryset = Project.objects.select_related("owner")
        filterset_class = ProjectFilterSet
        table_class = ProjectTable
        export_name = "项目清单"
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from yiguoji import scope
from yiguoji.core import access
from yiguoji.xlsx import XLSX_CONTENT_TYPE, Column, Sheet, workbook_bytes


class CapabilityRequiredMixin:
    """403 unless the user's role holds ``capability`` (checked before anything else runs)."""

    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        access.require(request.user, self.capability)
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin:
    """Querysets narrowed to the user's scope; objects outside it are 404."""

    scope_action = scope.VIEW

    def get_queryset(self):
        return scope.restrict(super().get_queryset(), self.request.user, self.scope_action)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    from django.utils.encoding import escape_uri_path

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


class ScopedTableView(CapabilityRequiredMixin, ScopedQuerysetMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated list; ``?export=xlsx`` downloads every filtered row.

    The export is the same queryset the page shows (same scope, same filters), written with the
    table's own columns unless ``export_columns`` / ``export_row`` say otherwise.
    """

    paginate_by = 25
    export_name = ""
    template_name = "partials/list_page.html"
    page_title = ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_name:
            return self.export(request)
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """The table pages (and counts) the rows itself; the list view's own paginator would
        count them a second time (issue 12), so it hands the queryset through untouched."""
        return None, None, queryset, False

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def export(self, request):
        self.object_list = self.filterset_class(
            **self.get_filterset_kwargs(self.filterset_class)
        ).qs
        table = self.get_table_class()(self.object_list, request=request)
        # as_values() yields the header first, over the same columns as the rows (invisible ones
        # included, columns with exclude_from_export left out), so the two always line up.
        excluded = getattr(table, "exclude_from_export", ())
        values = table.as_values(exclude_columns=excluded)
        # a column may say how Excel shows its numbers (MoneyColumn: #,##0.00, shares: 0.0%):
        # the cells stay numbers, never the page's formatted text (issue 10 item 21)
        formats = [
            getattr(bound.column, "number_format", None)
            for bound in table.columns.iterall()
            if not (bound.column.exclude_from_export or bound.name in excluded)
        ]
        columns = [
            Column(str(header), 16, number_format)
            for header, number_format in zip(next(values), formats, strict=True)
        ]
        rows = [list(row) for row in values]
        stamp = timezone.localtime()
        sheet = Sheet(
            self.export_name,
            columns,
            rows,
            caption=self.export_name,
            note=f"导出时间：{stamp:%Y-%m-%d %H:%M}    导出人：{request.user.get_full_name()}",
        )
        return xlsx_response(workbook_bytes([sheet]), f"{self.export_name}-{stamp:%Y%m%d}.xlsx")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title or self.export_name
        context["can_export"] = bool(self.export_name)
        return context
