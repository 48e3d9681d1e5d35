"""Forms, one way everywhere (issue 10, item 17): required fields marked, an error summary at the
top of a form posted with errors, sums typed in 元 shown in 万元 as the lists show them,
confirmation on irreversible steps, and a ledger submitted twice submitted once."""

import re
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from payroll.choices import LedgerStatus
from payroll.services.ledgers import ledger_replace_lines, ledger_submit
from projects.choices import ProjectStatus
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class _Sample(forms.Form):
    name = forms.CharField(label="项目名称")
    note = forms.CharField(label="说明", required=False)
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2)
    rate = forms.DecimalField(label="日劳务报酬（元）", max_digits=8, decimal_places=2)
    agree = forms.BooleanField(label="已核对")

    def clean(self):
        raise forms.ValidationError("资金来源合计须等于总投资")


def _label(html: str, field_id: str) -> str:
    match = re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', html, re.S)
    assert match, field_id
    return match.group(1)


def test_every_required_field_is_marked_and_read_out_as_required():
    html = render_to_string("partials/form_fields.html", {"form": _Sample()})
    for required in ("id_name", "id_amount", "id_rate", "id_agree"):  # checkboxes too
        label = _label(html, required)
        assert '<span class="required-mark" aria-hidden="true">*</span>' in label
        assert '<span class="visually-hidden">（必填）</span>' in label
    assert "required-mark" not in _label(html, "id_note")
    assert "请修正" not in html  # an unbound form has nothing to correct


def test_a_form_posted_with_errors_lists_every_error_at_the_top_with_links():
    form = _Sample({"note": "x", "amount": "abc", "rate": "1"})
    html = render_to_string("partials/form_fields.html", {"form": form})
    summary = html[: html.index("<label")]
    assert "请修正以下 4 处错误" in summary
    assert "资金来源合计须等于总投资" in summary  # the form's own error, without a link
    assert '<a class="alert-link" href="#id_name">项目名称</a>：该字段是必填项。' in summary
    assert '<a class="alert-link" href="#id_amount">金额（元）</a>：' in summary
    assert 'href="#id_agree"' in summary
    assert 'href="#id_note"' not in summary and 'href="#id_rate"' not in summary


def test_no_template_marks_required_fields_by_hand():
    """The rule, not one page: every label printed from a form field takes its mark from the
    one filter (``required_mark``), so no form of the portal goes without it."""
    by_hand = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"field\.required %\}<span", text):
            by_hand.append(str(path.relative_to(TEMPLATES)))
        for label in re.findall(r"<label[^>]*>\{\{ field\.label \}\}(.{0,40})", text):
            if "required_mark" not in label:
                by_hand.append(f"{path.relative_to(TEMPLATES)}: {label}")
    assert by_hand == []


def test_the_project_form_lists_its_errors_and_its_rows_errors_at_the_top(make_user, client_for):
    office = client_for(make_user(Role.DISTRICT_OFFICE))
    response = office.post(
        reverse("projects:create"),
        {
            "name": "",
            "total_investment": "12x",
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "0",
            "funding-0-source": "central_budget",
            "funding-0-amount": "-5",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    match = re.search(r"请修正以下 (\d+) 处错误", html)
    assert match and int(match.group(1)) >= 3, html[:2000]
    assert 'href="#id_name">项目名称</a>' in html
    assert 'href="#id_total_investment">总投资（元）</a>' in html
    assert 'href="#id_funding-0-amount">资金来源第1行 · 金额（元）</a>' in html
    assert html.index("请修正以下") < html.index('for="id_name"')


def test_sums_typed_in_yuan_are_shown_in_wan_as_the_lists_show_them(make_user, client_for):
    """The project list and page show 万元; the project form takes 元: the 14-digit sums carry
    ``data-wan`` (portal.js writes the same sum in 万元 below), a daily wage does not."""
    office = client_for(make_user(Role.DISTRICT_OFFICE))
    html = office.get(reverse("projects:create")).content.decode()
    for name in ("total_investment", "planned_wage_total"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert "data-wan" in tag, tag
    empty_row = re.search(r'<input[^>]*name="funding-__prefix__-amount"[^>]*>', html).group(0)
    assert "data-wan" in empty_row
    daily = re.search(r'<input[^>]*name="positions-__prefix__-daily_wage"[^>]*>', html).group(0)
    assert "data-wan" not in daily
    script = (TEMPLATES.parent / "static/js/portal.js").read_text()
    assert "input[data-wan]" in script and "万元" in script


@pytest.fixture
def site(make_user, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return build_site(make_user)


def test_a_ledger_submitted_twice_from_the_same_page_is_submitted_once(site, client_for):
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    unit = client_for(site.unit)
    url = reverse("payroll:ledger_submit", args=[ledger.pk])
    page = {"revision": ledger.revision}  # both posts come from the same page
    first = unit.post(url, page, follow=True)
    second = unit.post(url, page, follow=True)
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.SUBMITTED
    assert list(ledger.steps.values_list("action", flat=True)) == ["upload", "submit"]
    [said] = [(m.level_tag, str(m)) for m in second.context["messages"]]
    assert said == ("info", "该台账已于2026-06-20 12:00提交，本次重复提交未作任何改动")
    assert "已提交" in next(str(m) for m in first.context["messages"])
    # The service itself is idempotent for its submitter; anyone else is told who did it.
    with pytest.raises(Exception, match="重复提交未作任何改动"):
        ledger_submit(acting_user=site.unit, ledger=ledger)
    with pytest.raises(Exception, match=f"已由{site.unit.get_full_name()}于"):
        ledger_submit(acting_user=site.contractor, ledger=ledger, revision=page["revision"])
    assert ledger.steps.count() == 2


def test_irreversible_steps_ask_for_confirmation(site, client_for, make_user):
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    html = client_for(site.unit).get(reverse("payroll:ledger_detail", args=[ledger.pk]))
    submit = re.search(
        r"<button[^>]*>\s*<i class=\"bi bi-send\"></i> 提交台账", html.content.decode()
    )
    assert submit and "data-confirm=" in submit.group(0)
    ledger_submit(acting_user=site.unit, ledger=ledger)
    html = client_for(site.department).get(reverse("payroll:ledger_detail", args=[ledger.pk]))
    returning = re.search(
        r"<button[^>]*>\s*<i class=\"bi bi-arrow-return-left\"></i> 退回", html.content.decode()
    )
    assert returning and "data-confirm=" in returning.group(0)
    project = ProjectFactory(status=ProjectStatus.LISTED)
    office = client_for(make_user(Role.DISTRICT_OFFICE))
    page = office.get(reverse("projects:transition", args=[project.pk, "approve"]))
    go = re.search(r'<button[^>]*name="go"[^>]*>', page.content.decode())
    assert go and "data-confirm=" in go.group(0), page.content.decode()[:500]
