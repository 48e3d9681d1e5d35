"""Demo data of monitoring and assessment, made through the services as the user whose duty each
step is: the year's settings and scoring rules (district office), monthly reports from the demo
ledgers (the nightly job) with the project unit's confirmations, a quarterly dispatch, the 2025
summaries and case studies of 八达岭镇 and 张山营镇, 2026 forecasts, a finding with its
rectification and an open one, three complaints, an accepted project whose permanent notice
can be printed, and the 2026 scores (computed, not published). Running it twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessment.choices import (
    AcceptanceResult,
    AppliesTo,
    FindingKind,
    FindingSource,
    ReportStatus,
    RuleKind,
)
from assessment.models import (
    Acceptance,
    AnnualSummary,
    AssessmentYear,
    Finding,
    Forecast,
    MonthlyReport,
    QuarterlyDispatch,
    ScoreSheet,
    ScoringRule,
)
from assessment.periods import current_month, previous_quarter
from assessment.services.acceptance import acceptance_blockers, acceptance_record
from assessment.services.dispatch import quarterly_dispatch_build
from assessment.services.findings import (
    finding_record,
    finding_rectify,
    finding_review,
    recovery_record,
)
from assessment.services.forecasts import forecast_submit
from assessment.services.reports import monthly_report_confirm, monthly_reports_refresh
from assessment.services.scoring import scores_compute
from assessment.services.settings import assessment_year_save, scoring_rule_save
from assessment.services.summaries import (
    case_study_save,
    summary_photo_add,
    summary_save,
    summary_submit,
)
from projects.choices import ComplaintChannel, ComplaintKind, DocumentKind, ProjectStatus
from projects.demo import file_demo_archives
from projects.demo_funds import IDLE_DEMO
from projects.models import Complaint, Project
from projects.services.complaints import (
    complaint_acknowledge,
    complaint_answer,
    complaint_confirm,
    complaint_submit,
)
from projects.services.delivery import archives_missing
from projects.services.documents import document_upload
from training.demo import EVIDENCE, _photo
from yiguoji.core import registry
from yiguoji.core.models import Township, User

D = Decimal

# Plan task 10 as written: a forecast below last year without an explanation is refused when it
# is submitted (no deduction unless the district adds a "预测数低于上一年度且未作说明" rule); the
# deviation rule covers all three figures; safeguard (三) favours townships with marked results.
RULES = [
    ("项目数量、惠及当地农民和劳务报酬预测科学准确", RuleKind.FORECAST_DEVIATION,
     {"threshold": D("0.30")}, 30, 10),
    ("无虚报用工、弄虚作假", RuleKind.FINDINGS,
     {"finding_kinds": [FindingKind.FALSE_HIRING, FindingKind.FALSE_FIGURES]}, 20, 10),
    ("资金使用和劳务报酬发放规范", RuleKind.FINDINGS,
     {"finding_kinds": [FindingKind.MISUSED_FUNDS, FindingKind.ARREARS]}, 10, 5),
    ("年末无欠发劳务报酬", RuleKind.ARREARS, {}, 5, 5),
    ("劳务报酬投诉按期办结", RuleKind.COMPLAINTS_OVERDUE, {}, 5, 1),
    ("无经核查属实的劳务报酬投诉", RuleKind.COMPLAINTS_UPHELD, {}, 10, 5),
    ("月度反馈按期确认", RuleKind.LATE_REPORTS, {"applies_to": AppliesTo.UNIT}, 5, 1),
    ("劳务报酬占中央资金比例达到年度目标", RuleKind.WAGE_SHARE, {}, 5, D("2.5")),
    ("按期报送年初预测", RuleKind.MISSING_FORECAST, {}, 5, 5),
    ("按期报送年度总结和典型案例", RuleKind.MISSING_SUMMARY, {"applies_to": AppliesTo.TOWNSHIP},
     10, 10),
    ("成效显著的乡镇予以倾斜", RuleKind.MARKED_RESULTS,
     {"applies_to": AppliesTo.TOWNSHIP, "threshold": D("0.20")}, 6, 2),
]  # fmt: skip

SUMMARY_2025 = {
    "八达岭镇": {
        "policy": "镇党委、政府把以工代赈作为促进农民就地就近就业增收的重要抓手，"
        "成立由主管副镇长牵头的工作专班，建立镇、村、项目单位三级劳务协调机制，逐村开展政策宣讲。",
        "implementation": "全年实施以工代赈项目1个（岔道村停车场铺装），按期完工并通过验收，"
        "开工前、施工中和完工后按规定在村务公开栏和项目现场进行公示。",
        "employment": "项目吸纳岔道村、石峡村等村民参与务工，优先安排脱贫人口和防止返贫监测对象，"
        "劳务报酬全部通过银行卡按月足额发放至本人。",
        "training": "联合区人力社保局开展岗前培训和安全生产培训，采取“培训+项目”方式现场教学，"
        "2名务工人员转为停车场管护员。",
        "problems": "部分项目劳务报酬台账报送不够及时；冬季施工期短，用工季节性明显。",
        "plans": "2026年继续谋划适用以工代赈的村内道路和排水项目，推动“零工”变“长工”。",
    },
    "张山营镇": {
        "policy": "镇政府将以工代赈纳入年度重点工作，明确农业办具体负责项目谋划和劳务组织。",
        "implementation": "全年以谋划储备为主，农田灌溉渠道改造、葡萄园生产路硬化等项目"
        "完成前期工作，列入2026年年度项目清单。",
        "employment": "组织西五里营村合作社承担部分劳务，带动当地农民就近务工。",
        "training": "开展葡萄园生产技能和安全生产培训。",
        "problems": "个别项目劳务报酬发放存在延迟，已督促整改。",
        "plans": "进一步提高劳务报酬占中央资金和财政资金的比例，扩大务工规模。",
    },
}

CASES = {
    "八达岭镇": ("岔道村：长城脚下的“家门口就业”", "八达岭镇岔道村停车场铺装",
               "岔道村紧邻八达岭长城，村内劳动力以中老年为主，外出务工不便。",
               "村委会作为项目单位组织本村村民组建施工队，按岗位技能要求开展岗前培训，"
               "实行实名制考勤，劳务报酬每月通过银行卡发放到人，台账经本人签字确认后报送主管部门备案。",
               "项目带动本村村民务工，其中脱贫人口和监测对象优先上岗；完工后2人转为停车场管护员，"
               "实现“零工”变“长工”。"),
    "张山营镇": ("西五里营村：合作社准备带着村民修渠道", "",
               "西五里营村以葡萄种植为主，农田灌溉渠道年久失修，村民希望就近务工。",
               "由村集体经济组织领办劳务合作社，配合区人力社保局摸底登记本村劳动力和技能，"
               "在项目前期就把当地用工需求写入实施方案。",
               "渠道改造项目已列入2026年年度清单，合作社将组织本村劳动力承担土方开挖和砌石。"),
}  # fmt: skip


def _user(username: str, role: str | None = None):
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None and role:
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
    return user


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EVIDENCE, content_type="application/pdf")


def _settings(district, stdout) -> None:
    for year in (2025, 2026, 2027):
        if AssessmentYear.objects.filter(year=year).exists():
            continue
        assessment_year_save(
            acting_user=district, year=year, report_due_day=25,
            forecast_due=dt.date(year, 1, 31), summary_due=dt.date(year + 1, 1, 31),
        )  # fmt: skip
    if not ScoringRule.objects.filter(year=2026).exists():
        for order, (indicator, kind, extra, weight, points) in enumerate(RULES, start=1):
            extra = dict(extra)  # RULES is shared by every run in the process: never change it
            values = {"order": order, "indicator": indicator, "kind": kind, "weight": D(weight),
                      "points": D(points), "applies_to": extra.pop("applies_to", AppliesTo.ALL),
                      **extra}  # fmt: skip
            scoring_rule_save(acting_user=district, year=2026, values=values)
        stdout.write(f"  2026年度考核指标 {len(RULES)} 条")


def _reports(unit_user, stdout) -> None:
    results = monthly_reports_refresh()
    created = sum(r.created for r in results)
    confirmed = 0
    if unit_user is not None:
        reports = MonthlyReport.objects.filter(
            project__owner_id=unit_user.organisation_id,
            status=ReportStatus.PENDING,
            month__lt=current_month(),
        ).order_by("project_id", "month")
        done: dict[int, int] = {}
        for report in reports:
            progress = min(100, 20 + 15 * done.get(report.project_id, 0))
            investment = report.project.total_investment
            spent = investment * progress / 100
            if report.project.name == IDLE_DEMO:
                # villagers build it themselves and the bills come late: most of the money
                # disbursed at once sits unspent (资金闲置, projects.demo_funds)
                spent = spent * D("0.3")
            try:
                monthly_report_confirm(
                    acting_user=unit_user, report=report, annotated=False,
                    funds_in_place=investment,
                    investment_completed=spent.quantize(D("0.01")),
                    progress=progress,
                )  # fmt: skip
            except (ValidationError, PermissionDenied):
                continue
            done[report.project_id] = done.get(report.project_id, 0) + 1
            confirmed += 1
            # the unit answered a few days before the due day (demo dates, as projects' demo does)
            answered = timezone.make_aware(
                dt.datetime.combine(report.due_on - dt.timedelta(days=4), dt.time(10))
            )
            MonthlyReport.objects.filter(pk=report.pk).update(
                confirmed_at=min(answered, timezone.now())
            )
    stdout.write(f"  月度反馈：新生成 {created} 份，演示项目单位确认 {confirmed} 份")


def _dispatch(stdout) -> None:
    year, quarter = previous_quarter(timezone.localdate())
    if QuarterlyDispatch.objects.filter(year=year, quarter=quarter).exists():
        return
    dispatch, _ = quarterly_dispatch_build(year=year, quarter=quarter)
    stdout.write(f"  {dispatch}：{dispatch.projects} 个项目")


def _summaries(stdout) -> None:
    for index, (name, sections) in enumerate(SUMMARY_2025.items()):
        township = Township.objects.filter(name=name).first()
        user = User.objects.filter(
            role="township", organisation__township=township, is_active=True
        ).first()
        if township is None or user is None:
            continue
        if AnnualSummary.objects.filter(township=township, year=2025).exists():
            continue
        title, project_name, background, practice, results = CASES[name]
        project = Project.objects.filter(name=project_name).first() if project_name else None
        case_study_save(
            acting_user=user, township=township, year=2025,
            values={"title": title, "project": project, "background": background,
                    "practice": practice, "results": results},
            photo=SimpleUploadedFile(f"案例{index}.png", _photo(40 + index), "image/png"),
        )  # fmt: skip
        summary = summary_save(acting_user=user, township=township, year=2025, sections=sections)
        summary_photo_add(
            acting_user=user, township=township, year=2025, caption="项目现场务工人员",
            upload=SimpleUploadedFile(f"现场{index}.png", _photo(20 + index), "image/png"),
        )  # fmt: skip
        summary_submit(acting_user=user, summary=summary)
        AnnualSummary.objects.filter(pk=summary.pk).update(
            submitted_at=timezone.make_aware(dt.datetime(2026, 1, 18 + index, 16))
        )
        stdout.write(f"  {name}2025年度总结和典型案例已提交")


LOWER = "2026年适用以工代赈的项目有所减少，已向区发展改革委书面说明"


def _forecasts(stdout) -> None:
    cases = [
        ("unit_chadao", 3, 45, D("420000"), ""),
        ("township_bdl", 5, 120, D("900000"), ""),
        ("township_zsy", 2, 40, D("150000"), "2026年本镇适用以工代赈的项目减少，"
                                            "部分项目转为2027年实施"),
    ]  # fmt: skip
    for username, projects, people, wages, explanation in cases:
        user = _user(username)
        if (
            user is None
            or Forecast.objects.filter(year=2026, organisation=user.organisation).exists()
        ):
            continue
        values = {"projects": projects, "beneficiaries": people, "wage_total": wages}
        try:
            forecast_submit(acting_user=user, year=2026, explanation=explanation, **values)
        except ValidationError:  # below last year's actual in this demo database: explain it
            forecast_submit(acting_user=user, year=2026, explanation=LOWER, **values)
        Forecast.objects.filter(year=2026, organisation=user.organisation).update(
            submitted_at=timezone.make_aware(dt.datetime(2026, 1, 20, 9, 30))
        )
        stdout.write(f"  {user.organisation}2026年初预测已报送")


def _supervision(district, stdout) -> None:
    running = list(
        Project.objects.filter(status=ProjectStatus.IN_PROGRESS, year=2026).order_by("code")[:3]
    )
    if not running or Finding.objects.exists():
        return
    today = timezone.localdate()
    done = finding_record(
        acting_user=district, kind=FindingKind.ARREARS, source=FindingSource.SPECIAL,
        project=running[0], found_on=today - dt.timedelta(days=60),
        deadline=today - dt.timedelta(days=30),
        description="专项检查发现8月劳务报酬延迟发放，涉及务工人员6人、金额1.8万元。",
        evidence=[_pdf("专项检查记录.pdf")],
    )  # fmt: skip
    owner = User.objects.filter(organisation=running[0].owner, role="project_unit").first()
    if owner is not None:
        finding_rectify(
            acting_user=owner, finding=done, rectified_on=today - dt.timedelta(days=40),
            rectification="已于9月10日通过银行卡补发全部劳务报酬，并调整发放流程。",
            evidence=[_pdf("补发凭证.pdf")],
        )  # fmt: skip
        finding_review(
            acting_user=district, finding=done, accept=True, comment="补发凭证齐全，同意销号"
        )
    finding_record(
        acting_user=district, kind=FindingKind.FALSE_HIRING, source=FindingSource.ROUTINE,
        project=running[-1], found_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=20),
        description="日常督导发现考勤表中2人当日未在现场，疑似虚报用工，请核实并整改。",
        evidence=[_pdf("督导记录.pdf")],
    )  # fmt: skip
    author = (
        User.objects.filter(organisation=running[0].department, role="department").first()
        or district
    )
    _complaints(district, author, running, today)
    stdout.write("  监督检查问题 2 个（1个已销号）、投诉举报 3 件（1件已办结）")


def _recovery(district, stdout) -> None:
    """Art. 50 on a running project: wages falsely claimed, 12,000 yuan to recover, 8,000 of it
    back so far (the finding cannot be closed until the rest is). Idempotent."""
    running = list(
        Project.objects.filter(status=ProjectStatus.IN_PROGRESS, year=2026).order_by("code")[:2]
    )
    if not running or Finding.objects.filter(to_recover__gt=0).exists():
        return
    today = timezone.localdate()
    finding = finding_record(
        acting_user=district, kind=FindingKind.FALSE_HIRING, source=FindingSource.AUDIT,
        project=running[-1], found_on=today - dt.timedelta(days=45),
        deadline=today + dt.timedelta(days=15), to_recover=D("12000.00"),
        description="审计发现7月台账中3人虚报出勤共40天，冒领劳务报酬1.2万元（第五十条）。",
        evidence=[_pdf("审计发现问题.pdf")],
    )  # fmt: skip
    recovery_record(
        acting_user=district, finding=finding, amount=D("8000.00"),
        recovered_on=today - dt.timedelta(days=20), note="项目单位缴回区财政专户，凭证号2026-0815",
    )  # fmt: skip
    stdout.write("  第五十条追缴：应追缴 12,000.00 元，已到账 8,000.00 元")


def _complaints(district, author, running, today) -> None:
    """A hotline wage complaint answered and confirmed on the phone, a visit still waiting to
    be taken on, and an anonymous quality report from the public page (projects.Complaint)."""
    ago = timezone.now() - dt.timedelta(days=50)
    handler = User.objects.filter(organisation=running[0].owner, is_active=True).first() or district
    answered, _ = complaint_submit(
        acting_user=author, project=running[0], received_at=ago,
        channel=ComplaintChannel.HOTLINE, kind=ComplaintKind.WAGE_ARREARS,
        complainant="刘桂芝", content="反映8月劳务报酬未按时发放。",
    )  # fmt: skip
    complaint_acknowledge(acting_user=handler, complaint=answered)
    complaint_answer(acting_user=handler, complaint=answered, substantiated=True,
                     answer="经核实属延迟发放，项目单位已于9月10日全部补发。")  # fmt: skip
    complaint_confirm(acting_user=district, complaint=answered, note="投诉人表示已收到补发")
    complaint_submit(
        acting_user=district, project=running[-1],
        received_at=timezone.now() - dt.timedelta(hours=5),
        channel=ComplaintChannel.VISIT, kind=ComplaintKind.WAGE_ARREARS, complainant="赵永红",
        content="本人10月在项目务工12天，劳务报酬至今未到账。",
    )  # fmt: skip
    complaint_submit(
        project=running[0], channel=ComplaintChannel.WEB, kind=ComplaintKind.QUALITY,
        anonymous=True, content="村口路段新铺的路面已有裂缝，请派人查看。",
    )  # fmt: skip


def _acceptance(district, stdout) -> None:
    if Acceptance.objects.exists():
        return
    candidates = Project.objects.filter(status=ProjectStatus.COMPLETED).order_by("code")
    for project in candidates:
        if acceptance_blockers(project) or Complaint.objects.filter(project=project).exists():
            continue
        if not project.documents.filter(kind=DocumentKind.AUDIT, voided_at__isnull=True).exists():
            document_upload(acting_user=district, project=project, kind=DocumentKind.AUDIT,
                            upload=_pdf("结算审计报告.pdf"), title="工程结算审计报告")  # fmt: skip
        if archives_missing(project):  # plan task 8: the archives before acceptance
            file_demo_archives(project, district, timezone.localdate())
        acceptance_record(
            acting_user=district, project=project, accepted_on=timezone.localdate(),
            group_leader="王建国（区发展改革委）",
            group_members="李明 区水务局\n张慧 区农业农村局\n赵敏 区人力社保局\n孙丽 区财政局",
            quality="工程实体质量符合设计要求，资料齐全。",
            worker_organisation="实行实名制管理，当地务工人员占比高，优先群体优先上岗。",
            wage_payment="劳务报酬按月通过银行卡足额发放到本人，台账经签字确认并备案，无欠发。",
            training="开展岗前培训和安全生产培训，培训台账完整。",
            relief_effect="带动当地群众就近务工增收，发挥了“赈”的作用。",
            result=AcceptanceResult.PASSED, conclusion="同意通过验收。",
            documents=[_pdf("验收报告.pdf")],
        )  # fmt: skip
        stdout.write(f"  {project.name}已验收（可打印永久性公示牌）")
        return
    stdout.write("  没有可验收的已完工项目（劳务报酬未足额发放或投诉未办结），跳过验收演示")


@registry.demo_seeder(80, "月度反馈、季度调度、年度总结、验收、监督检查和年度考核")
def seed_assessment(stdout) -> None:
    district = _user("district", "district_office")
    if district is None:
        stdout.write("  没有区发展改革委用户，跳过监测考核演示数据")
        return
    _settings(district, stdout)
    _reports(_user("unit_chadao"), stdout)
    _dispatch(stdout)
    _summaries(stdout)
    _forecasts(stdout)
    _supervision(district, stdout)
    _recovery(district, stdout)
    _acceptance(district, stdout)
    if not ScoreSheet.objects.filter(year=2026).exists():
        stdout.write(f"  {scores_compute(year=2026)}（未发布）")
