"""Demo data of the project pipeline: a few dozen Yanqing projects across every state.

Each project is walked through the real services as the demo user whose duty each step is
(the township or project unit proposes, the district office reviews and lists, the department
approves, the owner starts and completes), so that the demo obeys every rule the portal
enforces. Times are then moved back to plausible dates. Running it twice adds nothing: a
project whose name already exists in its year is skipped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from projects.choices import (
    ArchiveKind,
    Category,
    DocumentKind,
    ExpenditureCategory,
    FundSource,
    NoticeKind,
    ProjectStatus,
    WorkSegment,
)
from projects.models import (
    ArchiveRule,
    Project,
    ProjectDocument,
    ProjectReview,
    ProjectTransition,
    PublicNotice,
    Recognition,
)
from projects.services.delivery import (
    archive_item_file,
    archive_rules_save,
    handover_record,
    required_archive_kinds,
)
from projects.services.documents import document_upload
from projects.services.funds import expenditure_line_add
from projects.services.lifecycle import project_review_pass, project_transition
from projects.services.notices import notice_record
from projects.services.programme import programme_year_save
from projects.services.projects import FundingInput, PositionInput, project_save
from projects.services.recognition import recognition_approve, recognition_record
from yiguoji.core import registry
from yiguoji.core.choices import Sector
from yiguoji.core.demo import placeholder_pdf
from yiguoji.core.models import Organisation, Township, User, Village

S, K, C, F, W = ProjectStatus, DocumentKind, Category, FundSource, WorkSegment
WAN = Decimal(10000)

# The order a project passes the states on the main path.
PATH = [S.RESERVE, S.REVIEWED, S.LISTED, S.APPROVED, S.STARTED, S.IN_PROGRESS, S.COMPLETED,
        S.ACCEPTED, S.MAINTENANCE]  # fmt: skip

# Sector -> the department (short name) that approves it.
DEPARTMENTS = {
    Sector.TRANSPORT: "延庆公路分局",
    Sector.WATER: "区水务局",
    Sector.AGRICULTURE: "区农业农村局",
    Sector.RURAL_LIFE: "区农业农村局",
    Sector.FORESTRY: "区园林绿化局",
    Sector.ECOLOGY: "区园林绿化局",
    Sector.URBAN: "区城市管理委",
    Sector.ENERGY: "区城市管理委",
    Sector.CULTURE_TOURISM: "区文化和旅游局",
    Sector.DISASTER: "区应急管理局",
}


@dataclass
class Spec:
    name: str
    township: str
    villages: tuple[str, ...]
    sector: str
    category: str
    owner: str  # organisation short name
    status: str
    investment: int  # 万元
    special: int  # 万元 of it from central special funds
    wages: int  # 万元
    jobs: int
    contractor: str = ""
    self_build: bool = False
    year: int = 2026
    content: str = ""
    withdrawn_from: str = S.RESERVE
    extra: dict = field(default_factory=dict)


T = Sector
SPECS = [
    Spec("八达岭镇岔道村古城墙周边步道修缮", "八达岭镇", ("岔道村",), T.CULTURE_TOURISM,
         C.SPECIAL_FUND, "岔道村委会", S.IN_PROGRESS, 180, 150, 48, 35, "妫水建筑",
         content="修缮古城墙周边游览步道2.1公里，铺设青石板，砌筑挡墙260米"),
    Spec("八达岭镇岔道村村内街巷硬化", "八达岭镇", ("岔道村",), T.RURAL_LIFE, C.SPECIAL_FUND,
         "岔道村委会", S.STARTED, 95, 80, 30, 26, self_build=True,
         content="硬化村内街巷1.4公里，宽3.5米，配套排水边沟"),
    Spec("八达岭镇岔道村排水沟渠整治", "八达岭镇", ("岔道村",), T.WATER, C.RURAL_INFRASTRUCTURE,
         "岔道村委会", S.APPROVED, 60, 0, 16, 18, "妫水建筑",
         content="清理、砌筑排水沟渠1.8公里，新建过路涵3处"),
    Spec("八达岭镇岔道村公共厕所改造", "八达岭镇", ("岔道村",), T.RURAL_LIFE, C.SPECIAL_FUND,
         "岔道村委会", S.RESERVE, 40, 35, 9, 8, extra={"incomplete": True},
         content="改造村内公共厕所4座"),
    Spec("八达岭镇石峡村古道步道维护", "八达岭镇", ("石峡村",), T.CULTURE_TOURISM,
         C.RURAL_INFRASTRUCTURE, "八达岭镇", S.REVIEWED, 75, 0, 22, 20, "龙庆路桥",
         content="维护石峡关古道步道3.2公里，设置安全护栏"),
    Spec("八达岭镇营城子村山洪沟道治理", "八达岭镇", ("营城子村",), T.DISASTER, C.SPECIAL_FUND,
         "八达岭镇", S.WITHDRAWN, 120, 100, 30, 25,
         content="治理山洪沟道1.1公里", withdrawn_from=S.REVIEWED),
    Spec("张山营镇农田灌溉渠道改造", "张山营镇", ("西五里营村",), T.WATER, C.SPECIAL_FUND,
         "西五里营村合作社", S.LISTED, 210, 180, 66, 40, self_build=True,
         content="改造农田灌溉渠道3.6公里，新建分水闸6座，惠及农田1200亩"),
    Spec("张山营镇西五里营村葡萄园生产路硬化", "张山营镇", ("西五里营村",), T.AGRICULTURE,
         C.SPECIAL_FUND, "西五里营村合作社", S.IN_PROGRESS, 130, 110, 38, 30, "妫水建筑",
         content="硬化葡萄园生产路2.4公里，宽3米"),
    Spec("张山营镇山区防火道修缮", "张山营镇", ("玉皇庙村",), T.FORESTRY, C.RURAL_INFRASTRUCTURE,
         "张山营镇", S.COMPLETED, 85, 0, 26, 24, "龙庆路桥",
         content="修缮山区防火道6.5公里"),
    Spec("张山营镇冬奥周边道路养护", "张山营镇", (), T.TRANSPORT, C.KEY_PROJECT, "张山营镇",
         S.LISTED, 520, 0, 60, 45, "龙庆路桥",
         content="养护冬奥场馆周边道路12公里，路面修补、清理边沟"),
    Spec("大庄科乡山区道路硬化", "大庄科乡", ("莲花池村",), T.TRANSPORT, C.SPECIAL_FUND,
         "大庄科乡", S.STARTED, 260, 220, 78, 50, "莲花池村劳务合作社",
         content="硬化山区通村道路4.8公里，宽4.5米，设置波形护栏"),
    Spec("大庄科乡莲花池村河道清淤护岸", "大庄科乡", ("莲花池村",), T.WATER, C.SPECIAL_FUND,
         "莲花池村劳务合作社", S.APPROVED, 90, 80, 32, 22, self_build=True,
         content="清淤河道1.6公里，砌筑浆砌石护岸900米"),
    Spec("珍珠泉乡河道生态治理", "珍珠泉乡", ("珍珠泉村",), T.ECOLOGY, C.SPECIAL_FUND, "珍珠泉乡",
         S.IN_PROGRESS, 300, 250, 85, 55, "妫水建筑",
         content="治理河道2.8公里，生态护坡、清理河道垃圾"),
    Spec("珍珠泉乡菜食河沿线步道", "珍珠泉乡", (), T.CULTURE_TOURISM, C.RURAL_INFRASTRUCTURE,
         "珍珠泉乡", S.RESERVE, 110, 0, 30, 25, content="新建沿河游览步道3公里"),
    Spec("千家店镇山区饮水管网改造", "千家店镇", ("千家店村",), T.WATER, C.KEY_PROJECT,
         "千家店镇", S.ACCEPTED, 460, 0, 70, 42, "龙庆路桥",
         content="改造山区村庄饮水管网9.6公里，新建蓄水池2座"),
    Spec("千家店镇河道巡护管护", "千家店镇", (), T.ECOLOGY, C.RURAL_INFRASTRUCTURE, "千家店镇",
         S.MAINTENANCE, 45, 0, 24, 16, "龙庆路桥", content="河道巡护、清理12公里"),
    Spec("四海镇花海景观道路修缮", "四海镇", ("四海村",), T.CULTURE_TOURISM, C.SPECIAL_FUND,
         "四海镇", S.COMPLETED, 150, 120, 44, 32, "妫水建筑",
         content="修缮花海景观道路2.2公里，铺装透水路面"),
    Spec("四海镇农田防护林补植", "四海镇", (), T.FORESTRY, C.RURAL_INFRASTRUCTURE, "四海镇",
         S.RESERVE, 70, 0, 20, 18, content="补植农田防护林带5公里（整地、栽植人工）",
         extra={"recognised": True}),  # art. 36: recognised, awaiting the government
    Spec("永宁镇古城街区排水改造", "永宁镇", (), T.URBAN, C.KEY_PROJECT, "永宁镇", S.LISTED,
         480, 0, 55, 38, "龙庆路桥", content="改造古城街区雨污分流管网3.1公里"),
    Spec("旧县镇农村公路养护", "旧县镇", ("旧县村",), T.TRANSPORT, C.RURAL_INFRASTRUCTURE,
         "旧县镇", S.REVIEWED, 88, 0, 27, 22, "龙庆路桥", content="养护农村公路15公里"),
    Spec("刘斌堡乡山区小流域治理", "刘斌堡乡", ("刘斌堡村",), T.ECOLOGY, C.SPECIAL_FUND,
         "刘斌堡乡", S.RESERVE, 160, 140, 36, 36, content="治理小流域面积3.5平方公里"),
    Spec("香营乡农田水利设施修缮", "香营乡", ("香营村",), T.WATER, C.RURAL_INFRASTRUCTURE,
         "香营乡", S.STARTED, 66, 0, 20, 18, "妫水建筑",
         content="修缮机井配套设施12处、灌溉管道2公里"),
    Spec("井庄镇村庄绿化美化", "井庄镇", ("井庄村",), T.FORESTRY, C.RURAL_INFRASTRUCTURE,
         "井庄镇", S.RESERVE, 55, 0, 15, 14, content="村庄街道绿化美化，整地、栽植"),
    Spec("康庄镇农村污水管网建设", "康庄镇", (), T.ECOLOGY, C.KEY_PROJECT, "康庄镇",
         S.APPROVED, 620, 0, 66, 40, "龙庆路桥", content="新建农村污水收集管网7.2公里"),
    Spec("沈家营镇设施农业生产路", "沈家营镇", (), T.AGRICULTURE, C.SPECIAL_FUND, "沈家营镇",
         S.LISTED, 98, 85, 29, 24, content="硬化设施农业园区生产路1.9公里"),
    Spec("大榆树镇灾毁农田修复", "大榆树镇", (), T.DISASTER, C.SPECIAL_FUND, "大榆树镇",
         S.IN_PROGRESS, 140, 120, 30, 34, "妫水建筑", content="修复汛期灾毁农田320亩、田间道路"),
    Spec("延庆镇农村光伏路灯安装", "延庆镇", (), T.ENERGY, C.RURAL_INFRASTRUCTURE, "延庆镇",
         S.REVIEWED, 52, 0, 12, 10, "妫水建筑", content="安装光伏路灯260盏"),
    Spec("百泉街道社区背街小巷整治", "百泉街道", (), T.URBAN, C.KEY_PROJECT, "百泉街道",
         S.RESERVE, 130, 0, 25, 20, content="整治背街小巷11条"),
    Spec("香水园街道老旧小区配套管网", "香水园街道", (), T.URBAN, C.KEY_PROJECT, "香水园街道",
         S.RESERVE, 240, 0, 30, 22, content="更换老旧小区给排水管网4公里"),
    Spec("儒林街道绿地养护", "儒林街道", (), T.FORESTRY, C.RURAL_INFRASTRUCTURE, "儒林街道",
         S.WITHDRAWN, 35, 0, 12, 10, content="养护街道绿地8万平方米"),
    Spec("八达岭镇岔道村停车场铺装", "八达岭镇", ("岔道村",), T.RURAL_LIFE, C.SPECIAL_FUND,
         "岔道村委会", S.MAINTENANCE, 70, 60, 21, 20, "妫水建筑", year=2025,
         content="铺装村口停车场3200平方米"),
    Spec("旧县镇高效节水灌溉", "旧县镇", ("旧县村",), T.WATER, C.SPECIAL_FUND, "旧县镇",
         S.ACCEPTED, 190, 160, 52, 38, "龙庆路桥", year=2025,
         content="建设高效节水灌溉面积800亩"),
    Spec("大庄科乡乡村旅游步道", "大庄科乡", ("莲花池村",), T.CULTURE_TOURISM, C.SPECIAL_FUND,
         "大庄科乡", S.MAINTENANCE, 115, 95, 36, 28, "莲花池村劳务合作社", year=2025,
         content="新建乡村旅游步道4公里",
         # art. 25: the village's labour cooperative organises the work; art. 17: its upkeep
         # posts (建后管护员) go to the trail's own workers (training.demo CONVERSIONS)
         extra={"collective": "莲花池村劳务合作社"}),
    Spec("珍珠泉乡山区道路安保设施", "珍珠泉乡", (), T.TRANSPORT, C.SPECIAL_FUND, "珍珠泉乡",
         S.RESERVE, 105, 90, 28, 22, year=2027, content="安装山区道路波形护栏5.5公里"),
    Spec("香营乡小型水库除险加固", "香营乡", ("香营村",), T.WATER, C.SPECIAL_FUND, "香营乡",
         S.REVIEWED, 280, 240, 80, 45, "妫水建筑", year=2027,
         content="小型水库坝体加固、溢洪道整治"),
    Spec("刘斌堡乡农村道路硬化", "刘斌堡乡", ("刘斌堡村",), T.TRANSPORT, C.SPECIAL_FUND,
         "刘斌堡乡", S.RESERVE, 125, 110, 36, 30, year=2027, content="硬化农村道路2.6公里"),
]  # fmt: skip


KEY_TERMS = {
    K.PRELIMINARY_DESIGN: "第八章“以工代赈就业岗位”：可向当地提供一般劳动岗位和服务保障岗位",
    K.APPROVAL: "项目单位应按照“应用尽用、能用尽用”原则吸纳当地群众务工，优先保障农民工工资支付",
    K.TENDER_CONTRACT: "合同第十二条：施工单位优先使用当地农村劳动力，"
    "劳务报酬按月足额通过银行卡发放",
}
DOCUMENT_NAMES = {
    K.PROPOSAL: "项目建议书（代可行性研究报告）",
    K.PRELIMINARY_DESIGN: "初步设计及概算",
    K.APPROVAL: "项目批复",
    K.TENDER_CONTRACT: "施工合同",
    K.WAGE_PLEDGE: "农民工工资支付承诺书",
    K.WAGE_ACCOUNT: "农民工工资专用账户开户证明",
    K.COMPLETION: "竣工验收资料",
    K.AUDIT: "结算审计报告",
}


class _Cast:
    """The demo users and organisations a project's steps are done by."""

    def __init__(self):
        self.users = {u.username: u for u in User.objects.select_related("organisation")}
        self.orgs = {o.short_name or o.name: o for o in Organisation.objects.all()}
        self.district = self.users["district"]

    def org(self, short_name: str) -> Organisation:
        return self.orgs[short_name]

    def proposer(self, project_or_spec) -> User:
        owner = project_or_spec.owner if isinstance(project_or_spec, Spec) else None
        township = getattr(project_or_spec, "township", None)
        if owner == "岔道村委会":
            return self.users["unit_chadao"]
        if township == "八达岭镇":
            return self.users["township_bdl"]
        if township == "张山营镇":
            return self.users["township_zsy"]
        return self.district

    def owner_user(self, spec: Spec) -> User:
        return self.users["unit_chadao"] if spec.owner == "岔道村委会" else self.district

    def approver(self, spec: Spec) -> User:
        department = DEPARTMENTS[spec.sector]
        for username in ("dept_water", "dept_agri"):
            user = self.users.get(username)
            if user and user.organisation.short_name == department:
                return user
        return self.district

    def contractor_user(self, spec: Spec) -> User:
        if spec.contractor == "妫水建筑":
            return self.users["contractor_gs"]
        return self.owner_user(spec)


def _positions(spec: Spec, start: datetime.date, end: datetime.date) -> list[PositionInput]:
    general = max(1, round(spec.jobs * 0.75))
    service = max(1, spec.jobs - general)
    positions = [
        PositionInput(W.GENERAL, "普工（土方、砌筑）", general, start, end, Decimal(220),
                      "身体健康，能从事体力劳动"),
        PositionInput(W.SERVICE, "工地后勤保障", service, start, end, Decimal(180), "做饭、保洁"),
    ]  # fmt: skip
    if spec.sector in (T.FORESTRY, T.ECOLOGY, T.CULTURE_TOURISM):
        positions.append(
            PositionInput(W.MAINTENANCE, "建后管护员", 2, end, end + datetime.timedelta(days=180),
                          Decimal(160), "熟悉本村情况")
        )  # fmt: skip
    return positions


def _funding(spec: Spec) -> list[FundingInput]:
    total = Decimal(spec.investment) * WAN
    special = Decimal(spec.special) * WAN
    lines = []
    if special:
        source = F.CENTRAL_BUDGET if spec.investment >= 150 else F.CENTRAL_FISCAL
        lines.append(FundingInput(source, special, True))
    rest = total - special
    if rest and spec.category == C.KEY_PROJECT:
        lines.append(FundingInput(F.MUNICIPAL, (rest * Decimal("0.6")).quantize(Decimal(1)), False))
        lines.append(
            FundingInput(F.DISTRICT, rest - (rest * Decimal("0.6")).quantize(Decimal(1)), False)
        )
    elif rest and not special:
        # Rural infrastructure: the district's own work-relief money (art. 13, second paragraph).
        lines.append(FundingInput(F.DISTRICT, rest, True, "区级以工代赈专项资金"))
    elif rest:
        lines.append(FundingInput(F.DISTRICT, rest, False, "区级配套"))
    return lines


def _expenditures(spec: Spec, funding: list[FundingInput]) -> list[tuple]:
    """(category, description, amount, from_special_fund) adding up to the investment."""
    total = Decimal(spec.investment) * WAN
    wages = Decimal(spec.wages) * WAN
    special = sum((f.amount for f in funding if f.is_special_fund), Decimal(0))
    materials = ((total - wages) * Decimal("0.55")).quantize(Decimal(1))
    machinery = ((total - wages) * Decimal("0.15")).quantize(Decimal(1))
    construction = total - wages - materials - machinery
    wage_from_special = wages <= special
    left = special - wages if wage_from_special else Decimal(0)
    return [
        (ExpenditureCategory.WAGES, "当地群众务工劳务报酬", wages, wage_from_special),
        (ExpenditureCategory.MATERIALS, "砂石、水泥等建筑材料", materials, materials <= left),
        (ExpenditureCategory.MACHINERY_RENTAL, "租赁当地群众小型机械", machinery, False),
        (ExpenditureCategory.CONSTRUCTION, "工程施工（机械作业等）", construction, False),
    ]


def _dates(spec: Spec) -> dict[str, datetime.date]:
    """Plausible dates for each step, never in the future."""
    today = timezone.localdate()
    year = spec.year
    if year <= 2025:
        start, end = datetime.date(year, 4, 10), datetime.date(year, 10, 20)
    elif spec.status in (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE):
        start, end = datetime.date(year, 4, 1), datetime.date(year, 9, 30)
    elif year == 2026:
        reached = PATH.index(spec.withdrawn_from if spec.status == S.WITHDRAWN else spec.status)
        started = reached >= PATH.index(S.STARTED)
        start = datetime.date(year, 5, 10) if started else datetime.date(year, 12, 1)
        end = (
            datetime.date(year, 12, 20) if spec.status == S.STARTED else datetime.date(2027, 6, 30)
        )
    else:
        start, end = datetime.date(year, 4, 1), datetime.date(year, 10, 31)
    proposed = datetime.date(year - 1, 11, 5)
    steps = {
        S.RESERVE: proposed,
        S.REVIEWED: proposed + datetime.timedelta(days=40),
        S.LISTED: proposed + datetime.timedelta(days=75),
        S.APPROVED: proposed + datetime.timedelta(days=110),
        S.STARTED: start,
        S.IN_PROGRESS: start + datetime.timedelta(days=12),
        S.COMPLETED: end,
        S.ACCEPTED: end + datetime.timedelta(days=25),
        S.MAINTENANCE: end + datetime.timedelta(days=45),
    }
    steps = {k: min(v, today - datetime.timedelta(days=1)) for k, v in steps.items()}
    return {"start": start, "end": end, **steps}


def _upload(project, kind, user, **extra):
    title = DOCUMENT_NAMES.get(kind, DocumentKind(kind).label)
    upload = SimpleUploadedFile(
        f"{project.code}-{title}.pdf", placeholder_pdf(f"{project.code} {kind}"), "application/pdf"
    )
    return document_upload(
        acting_user=user, project=project, kind=kind, upload=upload, title=title,
        key_terms=KEY_TERMS.get(kind, ""), **extra,
    )  # fmt: skip


def _seed_project(spec: Spec, cast: _Cast) -> Project:
    dates = _dates(spec)
    proposer = cast.proposer(spec)
    funding = _funding(spec)
    owner = cast.org(spec.owner)
    township = Township.objects.get(name=spec.township)
    villages = list(Village.objects.filter(township=township, name__in=spec.villages))
    incomplete = spec.extra.get("incomplete", False)
    fields = {
        "name": spec.name, "year": spec.year, "category": spec.category, "sector": spec.sector,
        "segments": [] if incomplete else [W.GENERAL, W.SERVICE],
        "owner": owner, "department": cast.org(DEPARTMENTS[spec.sector]),
        "content_and_scale": spec.content or spec.name,
        "work_relief_tasks": "" if incomplete else "土方开挖、砌筑、铺装等人工作业，工地后勤保障",
        "social_benefit": "" if incomplete else
            f"带动当地群众{spec.jobs}人就近务工，人均增收约"
            f"{(Decimal(spec.wages) * WAN / spec.jobs / 1000).quantize(Decimal('0.1'))}千元，"
            "开展岗前技能培训",
        "performance_targets": f"带动当地群众务工{spec.jobs}人；发放劳务报酬{spec.wages}万元；"
            "工程验收合格率100%",
        "planned_start": dates["start"], "planned_end": dates["end"],
        "total_investment": Decimal(spec.investment) * WAN,
        "planned_wage_total": Decimal(spec.wages) * WAN, "planned_local_jobs": spec.jobs,
        "self_build": spec.self_build,
        "contractor": cast.org(spec.contractor) if spec.contractor else None,
        "collective": cast.org(spec.extra["collective"]) if "collective" in spec.extra
            else (owner if spec.self_build and owner.kind == "collective" else None),
        "quality_unit": spec.contractor or spec.owner, "quality_person": "刘建军",  # art. 27
        "tender_exempt": spec.self_build or spec.investment < 100,
        "tender_exempt_basis": "村民自建（第二十五条）" if spec.self_build else
            ("小型农业农村基础设施项目，可不进行招标（第二十六条、第三十六条）"
             if spec.investment < 100 else ""),
    }  # fmt: skip
    project = project_save(
        acting_user=proposer,
        fields=fields,
        townships=[township],
        villages=villages,
        funding=funding,
        positions=[] if incomplete else _positions(spec, dates["start"], dates["end"]),
    )
    if not incomplete:
        for category, description, amount, special in _expenditures(spec, funding):
            expenditure_line_add(
                acting_user=proposer, project=project, category=category,
                description=description, amount=amount, from_special_fund=special,
            )  # fmt: skip
        _upload(project, K.PROPOSAL, proposer)
    target = spec.withdrawn_from if spec.status == S.WITHDRAWN else spec.status
    reached = PATH.index(target)
    if spec.category == C.RURAL_INFRASTRUCTURE and (
        reached >= PATH.index(S.REVIEWED) or spec.extra.get("recognised")
    ):
        recognise_demo(project, cast, dates, approve=reached >= PATH.index(S.REVIEWED))
    if reached >= PATH.index(S.REVIEWED):
        project_review_pass(
            acting_user=cast.district,
            project=project,
            checklist={
                "labour_demand_ok": True,
                "labour_demand_note": f"岗位{spec.jobs}个，当地劳动力充足",
                "wage_feasibility_ok": True,
                "wage_feasibility_note": "劳务报酬标准经论证，资金已落实",
                "fund_compliance_ok": True,
                "fund_compliance_note": "专项资金未用于第十九条禁止的支出",
                "fiscal_capacity_ok": True,
                "fiscal_capacity_note": "区级配套已列入年度预算，不新增地方政府债务（第二十条）",
            },
        )
    if reached >= PATH.index(S.LISTED):
        project_transition(acting_user=cast.district, project=project, action="list")
    if reached >= PATH.index(S.APPROVED):
        approver = cast.approver(spec)
        _upload(project, K.PRELIMINARY_DESIGN, cast.owner_user(spec))
        _upload(project, K.APPROVAL, approver, number=f"延发改〔{spec.year}〕{project.pk}号",
                issued_on=dates[S.APPROVED])  # fmt: skip
        project_transition(acting_user=approver, project=project, action="approve")
    owner_user = cast.owner_user(spec)
    if reached >= PATH.index(S.STARTED):
        builder = cast.contractor_user(spec)
        if not spec.self_build:
            _upload(project, K.TENDER_CONTRACT, builder)
        _upload(project, K.WAGE_PLEDGE, builder)
        if spec.investment >= 400:
            _upload(project, K.WAGE_ACCOUNT, builder)
        notice_record(acting_user=owner_user, project=project, kind=NoticeKind.PRE_START,
                      posted_on=dates[S.STARTED] - datetime.timedelta(days=10),
                      location=f"{spec.township}{'、'.join(spec.villages)}村务公开栏")  # fmt: skip
        project_transition(acting_user=owner_user, project=project, action="start")
    if reached >= PATH.index(S.IN_PROGRESS):
        notice_record(acting_user=owner_user, project=project, kind=NoticeKind.DURING_WORKS,
                      posted_on=dates[S.IN_PROGRESS], location="项目施工现场")  # fmt: skip
        project_transition(acting_user=owner_user, project=project, action="begin_works")
    if reached >= PATH.index(S.COMPLETED):
        _upload(project, K.COMPLETION, owner_user)
        project_transition(acting_user=owner_user, project=project, action="complete")
    if reached >= PATH.index(S.ACCEPTED):
        _upload(project, K.AUDIT, owner_user)
        file_demo_archives(project, owner_user, dates[S.COMPLETED])
        project_transition(acting_user=cast.district, project=project, action="accept")
    if reached >= PATH.index(S.MAINTENANCE):
        hand_over_demo(project, owner_user, dates[S.ACCEPTED])
        notice_record(acting_user=owner_user, project=project, kind=NoticeKind.PERMANENT,
                      posted_on=dates[S.MAINTENANCE], location="项目点永久性公示牌")  # fmt: skip
        project_transition(acting_user=owner_user, project=project, action="maintain")
    if spec.status == S.WITHDRAWN:
        project_transition(
            acting_user=cast.district if reached else proposer, project=project,
            action="withdraw", reason="经复核，项目与年度其他项目建设内容重复，撤回储备",
        )  # fmt: skip
    _backdate(project, dates)
    return project


DOCUMENT_STAGES = {
    K.PROPOSAL: S.RESERVE,
    K.PRELIMINARY_DESIGN: S.LISTED,
    K.APPROVAL: S.APPROVED,
    K.COMPLETION: S.COMPLETED,
    K.AUDIT: S.ACCEPTED,
    K.RECOGNITION: S.REVIEWED,
    K.TENDER_CONTRACT: S.STARTED,
    K.WAGE_PLEDGE: S.STARTED,
    K.WAGE_ACCOUNT: S.STARTED,
}


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _backdate(project: Project, dates: dict) -> None:
    """Move the demo's records to the dates the steps would have happened on."""
    Project.objects.filter(pk=project.pk).update(created_at=_moment(dates[S.RESERVE], 9))
    ProjectReview.objects.filter(project=project).update(reviewed_at=_moment(dates[S.REVIEWED], 14))
    for transition in ProjectTransition.objects.filter(project=project):
        day = dates.get(transition.to_status) or dates[S.REVIEWED]
        ProjectTransition.objects.filter(pk=transition.pk).update(at=_moment(day, 15))
    for document in ProjectDocument.objects.filter(project=project):
        stage = DOCUMENT_STAGES.get(document.kind, S.APPROVED)
        ProjectDocument.objects.filter(pk=document.pk).update(uploaded_at=_moment(dates[stage], 11))
    for notice in PublicNotice.objects.filter(project=project):
        PublicNotice.objects.filter(pk=notice.pk).update(recorded_at=_moment(notice.posted_on, 16))


# plan task 8: the demo district's archive checklist (retention years are its data).
ARCHIVE_RULES = {
    ArchiveKind.TENDER: (30, False),
    ArchiveKind.CONSTRUCTION: (50, True),
    ArchiveKind.SUPERVISION: (30, False),
    ArchiveKind.FINANCE: (30, True),
    ArchiveKind.WAGE_PAYMENT: (30, True),
    ArchiveKind.ACCEPTANCE: (50, False),
}


def recognise_demo(project, cast: _Cast, dates: dict, *, approve: bool) -> None:
    """art. 35-36: the office recognises a rural-infrastructure project with its department,
    and (``approve``) the district government approves it, before the review."""
    today = timezone.localdate()
    recognised_on = min(dates[S.RESERVE] + datetime.timedelta(days=15), today)
    recognition = recognition_record(
        acting_user=cast.district, project=project, recognised_on=recognised_on,
        departments=[project.department, cast.org("区农业农村局")],
        opinion="投资规模较小、技术方案简单、用工技能要求不高的农村小型基础设施（第三十三条），"
        "适宜推广以工代赈方式，同意认定",
    )  # fmt: skip
    Recognition.objects.filter(pk=recognition.pk).update(recorded_at=_moment(recognised_on, 15))
    if not approve:
        return
    approved_on = min(dates[S.RESERVE] + datetime.timedelta(days=30), today)
    scan = placeholder_pdf(f"{project.code} recognition")
    upload = SimpleUploadedFile(f"{project.code}-approval.pdf", scan, "application/pdf")
    recognition = recognition_approve(
        acting_user=cast.district, project=project, approved_on=approved_on,
        approval_number=f"延政函〔{project.year}〕{project.pk}号", upload=upload,
    )  # fmt: skip
    Recognition.objects.filter(pk=recognition.pk).update(
        approval_recorded_at=_moment(approved_on, 16)
    )
    ProjectDocument.objects.filter(pk=recognition.approval_document_id).update(
        uploaded_at=_moment(approved_on, 16)
    )


def file_demo_archives(project, user, day: datetime.date) -> None:
    """File every archive acceptance waits for (plan task 8), as the project unit."""
    for kind in required_archive_kinds():
        archive_item_file(
            acting_user=user, project=project, kind=kind, filed_on=day,
            keeper=project.owner.name, location=f"{project.code}-{kind}档案盒",
            volumes=2 if kind == ArchiveKind.WAGE_PAYMENT else 1,
        )  # fmt: skip


def hand_over_demo(project, user, day: datetime.date) -> None:
    """Hand the works over to the village collective or the owner (plan task 8)."""
    receiver = project.collective or project.owner
    handover_record(
        acting_user=user, project=project, handed_on=day, receiver=receiver,
        handed_by=project.contractor.name if project.contractor_id else project.owner.name,
        assets=project.content_and_scale, asset_value=project.total_investment,
        upkeep_by=receiver.name, upkeep_person="王守田",
    )  # fmt: skip


@registry.demo_seeder(20, "项目储备库、年度清单和项目文件")
def seed_projects(stdout) -> None:
    cast = _Cast()
    if not ArchiveRule.objects.exists():
        archive_rules_save(acting_user=cast.district, rules=ARCHIVE_RULES)
    for year, target in ((2025, "0.25"), (2026, "0.30"), (2027, "0.30")):
        programme_year_save(
            acting_user=cast.district,
            year=year,
            wage_share_target=Decimal(target),
            wage_account_threshold=Decimal(4_000_000),
            notice_days=7,
            duplicate_distance_m=200,  # art. 18: sites this close are shown as possibly one work
        )
    existing = set(Project.objects.values_list("year", "name"))
    created = 0
    for spec in SPECS:
        if (spec.year, spec.name) in existing:
            continue
        with transaction.atomic():
            _seed_project(spec, cast)
        created += 1
    stdout.write(f"  项目：新建 {created} 个，共 {Project.objects.count()} 个")
