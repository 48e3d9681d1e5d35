"""Downloads every upload page shares: the blank template and the marked error workbook."""

from django.http import Http404

from yiguoji.core import access
from yiguoji.core.views.mixins import xlsx_response
from yiguoji.imports import uploads


def import_template(request, key: str):
    try:
        kind = uploads.get(key)
    except KeyError:
        raise Http404 from None
    access.require(request.user, kind.capability)
    return xlsx_response(kind.spec({}).template_workbook(), kind.template_name)


def import_errors(request, token: str):
    workbook = uploads.error_workbook(request.user, token)
    if workbook is None:
        raise Http404("错误标注工作簿已过期，请重新上传文件")
    return xlsx_response(workbook, "导入错误标注.xlsx")
