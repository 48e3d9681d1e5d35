"""The rules of sessions, ledger rows and conversions: one place, quoted, in Chinese.

Services (browser entry) and the ledger import both call these functions, so a row typed in a
form and a row read from Excel are held to the same rules. Each function reports problems as
``ValidationError`` (keyed by field) or as ``(field, message)`` pairs for the import's rows;
messages name the session, person or field and the reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from projects.choices import ProjectStatus, WorkSegment
from training.choices import (
    CERTIFICATE_KINDS,
    ORGANISER_ORG_KINDS,
    PROJECT_MODES,
    ConversionKind,
    OrganiserKind,
    TrainingKind,
    TrainingMode,
)
from yiguoji.core.choices import OrgKind

# A training day holds at most 8 class hours (学时): more is not plausible for the dates and is
# almost always a typing error (80 for 8.0) or a course counted twice.
MAX_HOURS_PER_DAY = Decimal("8")
PLAN_TASK_7 = "重点任务7"
ART_43 = "《国家以工代赈管理办法》第四十三条"


def same_name(first: str, second: str) -> bool:
    """Whether two spellings name the same person: sheets pad names ("王  强") and write the
    middle dot of minority names in several ways."""

    def key(name: str) -> str:
        return "".join(name.split()).replace("•", "·").replace("・", "·").replace(".", "·")

    return key(first) == key(second)


def _fmt(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


def _add(problems: dict[str, list[str]], field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def session_problems(
    session,
    *,
    today: dt.date,
    recorded_max_hours: Decimal | None = None,
    passes_without_certificate: int = 0,
):
    """Everything wrong with an (unsaved or changed) session, as ``{field: [messages]}``.

    ``recorded_max_hours`` is the largest number of hours already entered in its ledger (None
    when it has no rows yet): a session cannot be shortened below what people attended.
    ``passes_without_certificate`` counts its ledger's passes without a certificate number: a
    session with such rows cannot become a skill type, whose passes need certificates.
    """
    problems: dict[str, list[str]] = {}
    start, end, hours = session.starts_on, session.ends_on, session.hours
    if start and end and end < start:
        _add(problems, "ends_on", f"结束日期（{end:%Y-%m-%d}）不能早于开始日期（{start:%Y-%m-%d}）")
    if hours is not None and hours <= 0:
        _add(problems, "hours", "培训学时须大于零")
    elif hours is not None and start and end and end >= start:
        days = (end - start).days + 1
        most = MAX_HOURS_PER_DAY * days
        if hours > most:
            _add(
                problems,
                "hours",
                f"培训学时（{_fmt(hours)}）与培训日期不符：{days}天最多{_fmt(most)}学时"
                f"（每天不超过{_fmt(MAX_HOURS_PER_DAY)}学时）",
            )
    if recorded_max_hours is not None:
        if hours is not None and hours < recorded_max_hours:
            _add(
                problems,
                "hours",
                f"培训台账中已有人员登记了{_fmt(recorded_max_hours)}学时，"
                f"培训学时不能少于{_fmt(recorded_max_hours)}",
            )
        if start and start > today:
            _add(problems, "starts_on", "培训台账中已登记参训人员，开始日期不能晚于今天")
    if passes_without_certificate and session.kind in CERTIFICATE_KINDS:
        _add(
            problems,
            "kind",
            f"培训台账中有{passes_without_certificate}名考核合格人员没有证书编号，"
            f"不能改为{TrainingKind(session.kind).label}；请先在台账中补登证书编号",
        )
    _organiser_problems(session, problems)
    _mode_problems(session, problems)
    return problems


def _organiser_problems(session, problems) -> None:
    organiser = session.organiser if session.organiser_id else None
    kind = session.organiser_kind
    if organiser is None or not kind:
        return
    label = OrganiserKind(kind).label
    if organiser.kind not in ORGANISER_ORG_KINDS[kind]:
        _add(
            problems,
            "organiser",
            f"主办单位“{organiser}”是{organiser.get_kind_display()}，不能作为“{label}”主办培训",
        )
        return
    project = session.project if session.project_id else None
    # plan task 6-7 and art. 43: a project unit or contractor trains for its own project.
    if kind in (OrganiserKind.PROJECT_UNIT, OrganiserKind.CONTRACTOR):
        if project is None:
            _add(
                problems, "project", f"{label}主办的培训须填写依托项目（本单位承担的以工代赈项目）"
            )
            return
        own = (
            {project.owner_id}
            if kind == OrganiserKind.PROJECT_UNIT
            else {project.contractor_id, project.collective_id}
        )
        if organiser.pk not in own:
            _add(problems, "organiser", f"“{organiser}”不是项目“{project.name}”的{label}")


def _mode_problems(session, problems) -> None:
    mode = session.mode
    project = session.project if session.project_id else None
    organiser = session.organiser if session.organiser_id else None
    partner = session.partner if session.partner_id else None
    if mode in PROJECT_MODES and project is None:
        # plan task 7: 采取“培训+项目”方式，依托实施的以工代赈项目，现场开展劳动技能培训;
        # 采取“培训+上岗”方式，利用项目施工场地、机械设备等.
        _add(
            problems,
            "project",
            f"“{TrainingMode(mode).label}”须填写依托的以工代赈项目（{PLAN_TASK_7}）",
        )
    if project is not None:
        if project.status == ProjectStatus.WITHDRAWN:
            _add(problems, "project", f"项目“{project.name}”已撤回，不能依托其开展培训")
        township_ids = {t.pk for t in project.townships.all()}
        if (
            mode in PROJECT_MODES
            and session.township_id
            and session.township_id not in township_ids
        ):
            _add(
                problems,
                "township",
                f"“{TrainingMode(mode).label}”在项目现场开展（{PLAN_TASK_7}），"
                f"举办乡镇应为项目“{project.name}”所在乡镇",
            )
    if mode == TrainingMode.ON_THE_JOB and project is not None:
        # art. 43: 采取“培训+上崗”等方式，聯合施工單位開展勞動技能培訓和安全生產培訓.
        contractor_id = project.contractor_id
        if contractor_id is None:
            _add(
                problems,
                "project",
                f"“培训+上岗”须联合施工单位开展（{ART_43}），项目“{project.name}”尚未登记施工单位",
            )
        elif contractor_id not in {getattr(organiser, "pk", None), getattr(partner, "pk", None)}:
            _add(
                problems,
                "partner",
                f"“培训+上岗”须联合项目施工单位开展（{ART_43}）：请将主办单位或联合开展单位"
                f"选为“{project.contractor}”",
            )
    if mode == TrainingMode.SCHOOL:
        # plan task 7: 采取“培训+学校”方式，探索依托职业院校开展培训.
        kinds = {getattr(organiser, "kind", None), getattr(partner, "kind", None)}
        if OrgKind.SCHOOL not in kinds:
            _add(
                problems,
                "partner",
                f"“培训+学校”须依托职业院校开展（{PLAN_TASK_7}）：主办单位或联合开展单位"
                "应为职业院校/培训机构",
            )


def check_session(session, **facts) -> None:
    problems = session_problems(session, **facts)
    if problems:
        raise ValidationError(problems)


def record_problems(
    session, *, name: str, hours: Decimal | None, passed: bool, certificate_no: str, today
) -> list[tuple[str, str]]:
    """What is wrong with one ledger row of ``session`` for the person called ``name``."""
    problems: list[tuple[str, str]] = []
    if session.starts_on > today:
        problems.append(("", f"培训于{session.starts_on:%Y-%m-%d}开始，开始前不能登记参训人员"))
    if hours is not None:
        if hours <= 0:
            problems.append(("hours", f"{name}的培训学时须大于零"))
        elif hours > session.hours:
            problems.append(
                (
                    "hours",
                    f"{name}的培训学时（{_fmt(hours)}）超过本期培训学时（{_fmt(session.hours)}）",
                )
            )
    certificate_no = certificate_no.strip()
    if not passed and certificate_no:
        problems.append(("certificate_no", f"{name}考核不合格，不能登记证书编号"))
    if passed and not certificate_no and session.kind in CERTIFICATE_KINDS:
        problems.append(
            (
                "certificate_no",
                f"{name}考核合格，{TrainingKind(session.kind).label}须登记证书编号"
                "（技能培训以证书为凭，重点任务6）",
            )
        )
    return problems


def check_record(session, **values) -> None:
    problems = record_problems(session, **values)
    if problems:
        errors: dict[str, list[str]] = {}
        for field, message in problems:
            _add(errors, field or "__all__", message)
        raise ValidationError(errors)


def conversion_problems(
    conversion, *, hired_from: dt.date | None, today: dt.date
) -> dict[str, list[str]]:
    """What is wrong with a conversion; ``hired_from`` is the first day the worker was hired on
    the conversion's project (None: never hired there)."""
    problems: dict[str, list[str]] = {}
    worker, project = conversion.worker, conversion.project
    if hired_from is None:
        # plan task 6: 优先吸纳参与工程建设的劳动力: only the project's own workers convert.
        _add(
            problems,
            "worker",
            f"{worker.name}未在项目“{project.name}”签订劳务合同，不是参与该项目建设的劳动力"
            "（重点任务6）",
        )
    elif conversion.converted_on and conversion.converted_on < hired_from:
        _add(
            problems,
            "converted_on",
            f"上岗日期（{conversion.converted_on:%Y-%m-%d}）早于{worker.name}参与本项目建设的"
            f"时间（{hired_from:%Y-%m-%d}）",
        )
    if conversion.converted_on and conversion.converted_on > today:
        _add(problems, "converted_on", "上岗日期不能晚于今天：请在实际上岗后登记")
    if not conversion.employer_id and not conversion.employer_name.strip():
        _add(problems, "employer", "请选择或填写用工单位")
    position = conversion.position if conversion.position_id else None
    if position is not None:
        if conversion.kind != ConversionKind.MAINTENANCE:
            _add(problems, "position", "只有“项目后期管护岗位”需要选择管护岗位")
        elif position.project_id != project.pk or position.segment != WorkSegment.MAINTENANCE:
            _add(
                problems,
                "position",
                f"岗位“{position.title}”不是项目“{project.name}”后期管护环节的就业岗位",
            )
    return problems


def check_conversion(conversion, *, hired_from: dt.date | None, today: dt.date) -> None:
    problems = conversion_problems(conversion, hired_from=hired_from, today=today)
    if problems:
        raise ValidationError(problems)
