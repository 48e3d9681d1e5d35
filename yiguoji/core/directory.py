"""The organisation and user directory export (组织机构和用户名录), run as a background job."""

from __future__ import annotations

from django.utils import timezone

from yiguoji import queues
from yiguoji.core import access
from yiguoji.core.capabilities import EXPORT_DIRECTORY
from yiguoji.core.choices import Sector
from yiguoji.core.models import District
from yiguoji.core.selectors import organisations_for, users_for
from yiguoji.core.services.jobs import JobError, JobResult, job_kind
from yiguoji.xlsx import TEXT, Column, Sheet, workbook_bytes

KIND = "core.directory_export"

ORGANISATION_COLUMNS = [
    Column("序号", 6),
    Column("单位名称", 34),
    Column("单位类型", 18),
    Column("所在乡镇", 12),
    Column("所在村", 12),
    Column("主管行业", 22),
    Column("统一社会信用代码", 22, TEXT),
    Column("联系人", 10),
    Column("联系电话", 16, TEXT),
    Column("用户数", 8),
    Column("状态", 8),
]
USER_COLUMNS = [
    Column("序号", 6),
    Column("用户名", 18),
    Column("姓名", 10),
    Column("所属单位", 34),
    Column("角色", 16),
    Column("手机号", 16, TEXT),
    Column("电子邮箱", 24),
    Column("状态", 8),
    Column("最近登录", 18),
]


def directory_sheets(user, *, progress=lambda percent, message="": None) -> list[Sheet]:
    sector_labels = dict(Sector.choices)
    organisations = list(organisations_for(user))
    progress(30, "正在整理单位")
    org_rows = [
        (
            index,
            org.name,
            org.get_kind_display(),
            org.township.name if org.township_id else "",
            org.village.name if org.village_id else "",
            "、".join(sector_labels.get(s, s) for s in org.sectors),
            org.credit_code,
            org.contact_person,
            org.phone,
            org.user_count,
            "启用" if org.is_active else "停用",
        )
        for index, org in enumerate(organisations, start=1)
    ]
    progress(60, "正在整理用户")
    user_rows = [
        (
            index,
            person.username,
            person.get_full_name(),
            person.organisation.name if person.organisation_id else "",
            person.get_role_display() if person.role else "系统管理员",
            person.phone,
            person.email,
            "启用" if person.is_active else "停用",
            person.last_login,
        )
        for index, person in enumerate(users_for(user), start=1)
    ]
    district = District.objects.first()
    prefix = district.name if district else ""
    note = f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}    导出人：{user.get_full_name()}"
    return [
        Sheet(
            "组织机构",
            ORGANISATION_COLUMNS,
            org_rows,
            caption=f"{prefix}以工代赈组织机构名录",
            note=note,
        ),
        Sheet("用户", USER_COLUMNS, user_rows, caption=f"{prefix}以工代赈平台用户名录", note=note),
    ]


@job_kind(KIND, "导出组织机构和用户名录", queue=queues.REPORTS)
def export_directory(job, progress) -> JobResult:
    user = job.created_by
    if not access.has(user, EXPORT_DIRECTORY):
        raise JobError("您的角色不能导出组织机构和用户名录")
    progress(5, "正在读取数据")
    sheets = directory_sheets(user, progress=progress)
    progress(85, "正在生成Excel")
    content = workbook_bytes(sheets)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    organisations, users = (len(list(sheet.rows)) for sheet in sheets)
    return JobResult(
        filename=f"组织机构和用户名录-{stamp}.xlsx",
        content=content,
        summary=f"共 {organisations} 个单位、{users} 个用户",
    )
