"""Choices of the project pipeline (labels are the words the district's officials use)."""

from django.db import models

from yiguoji.core.terms import term


class ProjectStatus(models.TextChoices):
    """Lifecycle of a work-relief project (domain.md, "Project lifecycle"; art. 22-32)."""

    RESERVE = "reserve", "储备"
    REVIEWED = "reviewed", "已审查"
    LISTED = "listed", "列入年度清单"
    APPROVED = "approved", "已批复"
    STARTED = "started", "已开工"
    IN_PROGRESS = "in_progress", "建设中"
    COMPLETED = "completed", "已完工"
    ACCEPTED = "accepted", "已验收"
    MAINTENANCE = "maintenance", "管护中"
    WITHDRAWN = "withdrawn", "已撤回"


class WorkSegment(models.TextChoices):
    """用工环节 (plan scope (二); art. 39)."""

    GENERAL = "general", "一般劳动环节"
    SERVICE = "service", "服务保障环节"
    MAINTENANCE = "maintenance", "后期管护环节"


class Category(models.TextChoices):
    """Project categories (art. 2, ch. 4-6)."""

    SPECIAL_FUND = "special_fund", "以工代赈专项资金项目"
    RURAL_INFRASTRUCTURE = "rural_infrastructure", "农业农村基础设施推广以工代赈方式项目"
    KEY_PROJECT = "key_project", "重点工程项目实施以工代赈"


class FundSource(models.TextChoices):
    """Funding sources (art. 8, 13, 20)."""

    CENTRAL_BUDGET = "central_budget", "中央预算内投资"
    CENTRAL_FISCAL = "central_fiscal", "中央财政衔接资金"
    MUNICIPAL = "municipal", "市级资金"
    DISTRICT = "district", term("own_funds")  # 区级资金 / 县级资金
    SOCIAL = "social", "社会资金"
    OTHER = "other", "其他"


def fund_sources():
    """``FundSource.choices`` for model fields (a callable: migrations never freeze the
    district's words)."""
    return FundSource.choices


# The national work-relief special funds (art. 13): always special funds.
NATIONAL_SPECIAL_SOURCES = frozenset({FundSource.CENTRAL_BUDGET, FundSource.CENTRAL_FISCAL})
# Local budgets may arrange their own work-relief special funds (art. 13, second paragraph).
LOCAL_FISCAL_SOURCES = frozenset({FundSource.MUNICIPAL, FundSource.DISTRICT})
# Money that is never a fiscal special fund.
NON_FISCAL_SOURCES = frozenset({FundSource.SOCIAL, FundSource.OTHER})


class DocumentKind(models.TextChoices):
    """Project documents (plan tasks 2, 3, 8, 9; art. 29, 31, 32, 41)."""

    PROPOSAL = "proposal", "项目建议书（代可行性研究报告）/实施方案"
    PRELIMINARY_DESIGN = "preliminary_design", "初步设计（含就业岗位专章）"
    APPROVAL = "approval", "批复文件"
    TENDER_CONTRACT = "tender_contract", "招标文件/施工合同"
    WAGE_PLEDGE = "wage_pledge", "农民工工资支付承诺书"
    WAGE_ACCOUNT = "wage_account", "农民工工资专用账户证明"
    NOTICE_PHOTO = "notice_photo", "公示照片"
    COMPLETION = "completion", "竣工（完工）资料"
    AUDIT = "audit", "结算、决算审计报告"
    # art. 36: 提请县级人民政府审定 — the government's decision on the recognition, scanned.
    RECOGNITION = "recognition", "项目认定审定文件"
    OTHER = "other", "其他"


# Kinds whose upload must quote the clause the plan requires (plan tasks 2-3; art. 41):
# what the uploader confirms the document states, in its own words.
DOCUMENT_KEY_TERMS = {
    DocumentKind.PRELIMINARY_DESIGN: "就业岗位专章（章节名称、可提供的当地就业岗位及数量）",
    DocumentKind.APPROVAL: "批复文件中对吸纳当地群众务工就业、优先保障农民工工资支付的具体要求",
    DocumentKind.TENDER_CONTRACT: "招标文件或合同中的当地农民群众用工和劳务报酬发放条款",
}


class ArchiveKind(models.TextChoices):
    """The archives a project keeps (plan task 8: 按照有关规定做好项目招标、施工、监理、财务、验收等
    档案的管理，保存劳务报酬发放档案; art. 32: 加强项目档案资料管理)."""

    TENDER = "tender", "招标档案"
    CONSTRUCTION = "construction", "施工档案"
    SUPERVISION = "supervision", "监理档案"
    FINANCE = "finance", "财务档案"
    WAGE_PAYMENT = "wage_payment", "劳务报酬发放档案"
    ACCEPTANCE = "acceptance", "验收档案"


class RequirementCondition(models.TextChoices):
    """When a stage's required document applies to a project."""

    ALWAYS = "always", "所有项目"
    NOT_SELF_BUILD = "not_self_build", "非村民自建项目"
    ABOVE_WAGE_ACCOUNT_THRESHOLD = "above_threshold", "总投资达到工资专用账户标准的项目"


class NoticeKind(models.TextChoices):
    """Public notices (art. 31)."""

    PRE_START = "pre_start", "开工前公示"
    DURING_WORKS = "during_works", "施工期间公示"
    PERMANENT = "permanent", "永久性公示牌"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已撤销"


class ExpenditureCategory(models.TextChoices):
    """Planned expenditure lines; the forbidden ones are art. 19 (一)-(七)."""

    WAGES = "wages", "劳务报酬"
    CONSTRUCTION = "construction", "工程施工（不含劳务报酬）"
    MATERIALS = "materials", "建筑材料"
    MACHINERY_RENTAL = "machinery_rental", "机械设备租赁（含租赁当地群众机械）"
    DESIGN_SUPERVISION = "design_supervision", "勘察设计、监理等工程建设其他费"
    # art. 19, forbidden for special funds:
    UNIT_RUNNING_COSTS = "unit_running_costs", "单位基本支出"
    VEHICLES_TELECOM = "vehicles_telecom", "交通工具及通讯设备"
    BONUSES = "bonuses", "奖金津贴和福利补助"
    DEBT = "debt", "偿还债务和垫资"
    LARGE_MACHINERY = "large_machinery", "购买大中型机械设备等资产"
    PRODUCTION_MATERIALS = "production_materials", "花草树木、种苗仔畜、饲料、化肥等生产性物资"
    UNRELATED = "unrelated", "其他与以工代赈项目无关的支出"


# art. 19: special funds "不得用于下列支出" — category -> the item of art. 19 it falls under.
FORBIDDEN_FOR_SPECIAL_FUNDS = {
    ExpenditureCategory.UNIT_RUNNING_COSTS: "第（一）项",
    ExpenditureCategory.VEHICLES_TELECOM: "第（二）项",
    ExpenditureCategory.BONUSES: "第（三）项",
    ExpenditureCategory.DEBT: "第（四）项",
    ExpenditureCategory.LARGE_MACHINERY: "第（五）项",
    ExpenditureCategory.PRODUCTION_MATERIALS: "第（六）项",
    ExpenditureCategory.UNRELATED: "第（七）项",
}


# --- Complaints (投诉举报; art. 25, 31, 32; plan task 9) ------------------------------------


class ComplaintKind(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", "拖欠劳务报酬"
    WRONG_AMOUNT = "wrong_amount", "劳务报酬金额不对"
    NOT_HIRED = "not_hired", "本地群众应招未招"
    FUND_MISUSE = "fund_misuse", "资金使用问题"
    QUALITY = "quality", "工程质量问题"
    OTHER = "other", "其他"


# Complaints about a person's own pay: the answer (and the money) must reach that person, so
# they are never anonymous and their figures block acceptance while open (art. 32).
WAGE_KINDS = frozenset({ComplaintKind.WAGE_ARREARS, ComplaintKind.WRONG_AMOUNT})


class ComplaintChannel(models.TextChoices):
    WEB = "web", "网上投诉（项目公开页面）"
    SELF_SERVICE = "self_service", "务工人员自助查询"
    CONFIRMATION = "confirmation", "务工确认回访"
    NOTICE = "notice", "公示期异议"
    HOTLINE = "hotline", "举报电话"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    REFERRED = "referred", "上级转办"


# Channels through which staff enter a complaint they received (the others arrive by themselves).
STAFF_CHANNELS = (
    ComplaintChannel.HOTLINE,
    ComplaintChannel.LETTER,
    ComplaintChannel.VISIT,
    ComplaintChannel.REFERRED,
    ComplaintChannel.NOTICE,
)


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "待受理"
    PROCESSING = "processing", "办理中"
    ANSWERED = "answered", "已答复待确认"
    CLOSED = "closed", "已办结"


OPEN_COMPLAINT = (ComplaintStatus.RECEIVED, ComplaintStatus.PROCESSING, ComplaintStatus.ANSWERED)


class ComplaintHandler(models.TextChoices):
    """Who answers a kind of complaint, found from the complaint's project."""

    OWNER = "owner", "项目单位"
    DEPARTMENT = "department", "行业主管部门"
    TOWNSHIP = "township", "项目所在乡镇（街道）"
    DISTRICT = "district", "以工代赈主管部门"


class ComplaintAction(models.TextChoices):
    RECEIVED = "received", "收到投诉"
    ACKNOWLEDGED = "acknowledged", "受理"
    ANSWERED = "answered", "答复"
    CONFIRMED = "confirmed", "投诉人确认办结"
    REOPENED = "reopened", "投诉人要求重新办理"
    LAPSED = "lapsed", "逾期未确认，自动办结"
    CLOSED = "closed", "主管部门办结"
    ESCALATED = "escalated", "逾期升级督办"
    REASSIGNED = "reassigned", "改派办理单位"
    NOTE = "note", "办理记录"
    MIGRATED = "migrated", "由原劳务报酬投诉登记簿转入"


class ComplaintClosing(models.TextChoices):
    CONFIRMED = "confirmed", "投诉人确认"
    LAPSED = "lapsed", "逾期未确认"
    BY_OFFICE = "by_office", "主管部门办结"
    MIGRATED = "migrated", "原登记簿已办结"


class OverdueStage(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", "逾期未受理"
    ANSWER = "answer", "逾期未答复"
    CLOSE = "close", "逾期未办结"
