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
