"""Template helpers of the payroll app."""

from django import template
from django.utils.html import format_html, format_html_join

from payroll.choices import COMMON_SKILLS, PriorityGroup, SkillLevel
from payroll.services.attendance import format_days

register = template.Library()
GROUP_LABELS = dict(PriorityGroup.choices)
LEVEL_LABELS = dict(SkillLevel.choices)


@register.simple_tag
def skill_datalist():
    """The suggestions every skills input offers (``list="skill-words"``)."""
    options = format_html_join("", '<option value="{}">', ((skill,) for skill in COMMON_SKILLS))
    return format_html('<datalist id="skill-words">{}</datalist>', options)


@register.filter
def group_labels(codes) -> str:
    return "、".join(GROUP_LABELS.get(code, code) for code in codes or [])


@register.filter
def skill_level(code) -> str:
    return LEVEL_LABELS.get(code, "") if code else ""


@register.filter
def words(values) -> str:
    return "、".join(values or [])


@register.filter
def days(value) -> str:
    """Days worked: 21.0 -> "21", 10.5 -> "10.5", None -> ""."""
    return "" if value is None else format_days(value)


@register.simple_tag
def cell(submitted, worker_id, day, recorded):
    """What an attendance input shows: the value just submitted, else the recorded one."""
    key = (worker_id, day)
    if submitted and key in submitted:
        return submitted[key]
    return "" if recorded is None else format_days(recorded)


@register.simple_tag
def refusal(refused, worker_id, day) -> str:
    """The reason a cell was refused on saving ("" when it was not)."""
    return (refused or {}).get((worker_id, day), "")


@register.filter
def ledger_action(action: str) -> str:
    from payroll.services.ledgers import ACTIONS

    return ACTIONS.get(action, action)


@register.simple_tag
def ledger_status(ledger):
    from payroll.tables import ledger_status_badge

    return ledger_status_badge(ledger.status, ledger.get_status_display())
