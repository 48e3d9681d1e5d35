"""Choices of the payroll app (labels are the words officials use)."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PriorityGroup(models.TextChoices):
    """Groups hired first (national measures art. 28; district plan, scope of beneficiaries)."""

    LIFTED_OUT_OF_POVERTY = "lifted", "脱贫人口"
    MONITORED = "monitored", "防止返贫监测对象"
    DISASTER_RELIEF = "disaster", "因灾需救助"
    RELOCATED = "relocated", "易地扶贫搬迁"
    LIMITED_INCOME = "limited_income", "增收能力有限"
    CANNOT_TRAVEL = "cannot_travel", "因不可抗力无法外出务工"
    URBAN_HARDSHIP = "urban_hardship", "城镇低收入/就业困难"


# Words people write in sheets for the groups above.
PRIORITY_GROUP_SYNONYMS = {
    "脱贫户": PriorityGroup.LIFTED_OUT_OF_POVERTY,
    "脱贫劳动力": PriorityGroup.LIFTED_OUT_OF_POVERTY,
    "脱贫群众": PriorityGroup.LIFTED_OUT_OF_POVERTY,
    "监测对象": PriorityGroup.MONITORED,
    "监测户": PriorityGroup.MONITORED,
    "防返贫监测对象": PriorityGroup.MONITORED,
    "因灾需救助人口": PriorityGroup.DISASTER_RELIEF,
    "受灾群众": PriorityGroup.DISASTER_RELIEF,
    "易地搬迁": PriorityGroup.RELOCATED,
    "易地扶贫搬迁群众": PriorityGroup.RELOCATED,
    "搬迁群众": PriorityGroup.RELOCATED,
    "增收能力有限群体": PriorityGroup.LIMITED_INCOME,
    "无法外出务工": PriorityGroup.CANNOT_TRAVEL,
    "不可抗力无法外出务工": PriorityGroup.CANNOT_TRAVEL,
    "城镇低收入人口": PriorityGroup.URBAN_HARDSHIP,
    "就业困难": PriorityGroup.URBAN_HARDSHIP,
    "就业困难人员": PriorityGroup.URBAN_HARDSHIP,
    "低收入": PriorityGroup.URBAN_HARDSHIP,
}

# Skills offered in forms; workers may have others (skills are free words, matched loosely).
COMMON_SKILLS = (
    "砌石", "砌砖", "土方", "混凝土", "钢筋", "木工", "抹灰", "架子工", "电工", "焊工",
    "水暖", "机械操作", "驾驶", "测量", "绿化养护", "保洁", "炊事", "安全员", "普工",
)  # fmt: skip


class SkillLevel(models.TextChoices):
    NONE = "none", "无技能（普工）"
    BASIC = "basic", "初级"
    INTERMEDIATE = "intermediate", "中级"
    ADVANCED = "advanced", "高级"


SKILL_LEVEL_SYNONYMS = {
    "无": SkillLevel.NONE,
    "普工": SkillLevel.NONE,
    "无技能": SkillLevel.NONE,
    "初级工": SkillLevel.BASIC,
    "中级工": SkillLevel.INTERMEDIATE,
    "高级工": SkillLevel.ADVANCED,
    "技师": SkillLevel.ADVANCED,
}


class SurveyStatus(models.TextChoices):
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    ENDED = "ended", "已解除"


class LedgerStatus(models.TextChoices):
    """The wage ledger's workflow (plan task 9): drafted and submitted by the project unit,
    confirmed by the workers' signatures, filed with (or returned by) the department."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    SIGNED = "signed", "已签字确认"
    FILED = "filed", "已备案"
    RETURNED = "returned", "已退回"


class PayMethod(models.TextChoices):
    """How wages were paid; in principle by bank card to the worker's own card (plan task 9,
    art. 30: 劳务报酬一般通过银行卡发放)."""

    BANK_CARD = "bank_card", "银行卡"
    CASH = "cash", "现金"
    OTHER = "other", "其他方式"


PAY_METHOD_SYNONYMS = {
    "本人银行卡": PayMethod.BANK_CARD,
    "银行卡发放": PayMethod.BANK_CARD,
    "银行代发": PayMethod.BANK_CARD,
    "打卡": PayMethod.BANK_CARD,
    "转账": PayMethod.BANK_CARD,
    "现金发放": PayMethod.CASH,
    "其他": PayMethod.OTHER,
}


class SignatureMode(models.TextChoices):
    LINES = "lines", "逐人确认"
    SCAN = "scan", "上传签字台账扫描件"


class SuspicionKind(models.TextChoices):
    """Why a person's pay on several projects is suspected false hiring (art. 50)."""

    DAYS = "days", "各项目合计天数超过当月天数"
    DATES = "dates", "同一日期在多个项目出勤"


class SuspicionStatus(models.TextChoices):
    OPEN = "open", "待核查"
    CONFIRMED = "confirmed", "已查实"
    CLEARED = "cleared", "已排除"
    RESOLVED = "resolved", "已更正"


class BatchStatus(models.TextChoices):
    """A payment batch (代发批次, plan task 9): generated, handed to the bank, answered in full."""

    GENERATED = "generated", "待发送银行"
    SENT = "sent", "已发送银行"
    SETTLED = "settled", "已全部回盘"


class InstructionStatus(models.TextChoices):
    """One payment instruction's outcome. Live (pending or credited) instructions of a ledger
    line are at most one (a database constraint): paying twice is the worst outcome."""

    PENDING = "pending", "待银行回盘"
    CREDITED = "credited", "已入账"
    FAILED = "failed", "失败"


LIVE_INSTRUCTION = (InstructionStatus.PENDING, InstructionStatus.CREDITED)


class CheckStatus(models.TextChoices):
    """A name-account check (户名校验, issue 13 item 1): the file handed to the bank, answered."""

    GENERATED = "generated", "待银行回复"
    ANSWERED = "answered", "已全部回复"


class CheckResult(models.TextChoices):
    """The bank's answer for one card of a name-account check (户名校验)."""

    PENDING = "pending", "待银行回复"
    MATCH = "match", "户名账号一致"
    NAME = "name", "户名不符"
    CLOSED = "closed", "账户已销户"
    FROZEN = "frozen", "账户已冻结"
    NOT_FOUND = "not_found", "账号不存在"


#: Answers that stop a card from being paid until it is corrected and checked again.
CARD_MISMATCH = (CheckResult.NAME, CheckResult.CLOSED, CheckResult.FROZEN, CheckResult.NOT_FOUND)
#: What a worker's current card is, for a payment: checked and matching, or why not.
CARD_UNCHECKED = "unchecked"
#: A matching answer older than the district's validity (``PaymentRules.card_check_valid_days``):
#: the card must be checked again before it is paid.
CARD_EXPIRED = "expired"
CARD_STATE_LABELS = {
    **dict(CheckResult.choices),
    CheckResult.PENDING: "已送银行校验，尚未回复",
    CARD_UNCHECKED: "未做户名校验",
    CARD_EXPIRED: "户名校验已过期，须重新校验",
}


class StatementOutcome(models.TextChoices):
    """What a line of the dedicated wage account's statement (流水, issue 13 item 6) is."""

    MATCHED = "matched", "对应已入账代发"
    UNMATCHED = "unmatched", "本项目务工人员，无对应的已入账代发"
    NOT_WORKER = "not_worker", "收款人不是本项目务工人员"
    INFLOW = "inflow", "转入"


STATEMENT_FLAGS = (StatementOutcome.UNMATCHED, StatementOutcome.NOT_WORKER)
