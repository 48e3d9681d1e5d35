"""A form that creates something, sent twice, creates it once (issue 10, item 17): the
disbursement ledger's form (a transfer recorded twice would count the money twice)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import FundSource, ProjectStatus
from projects.models import Disbursement
from yiguoji.core import once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache(fresh_cache):
    return fresh_cache


def test_a_transfer_sent_twice_from_one_form_is_recorded_once(cast, make_project, client_for):
    project = make_project(status=ProjectStatus.APPROVED)
    finance = client_for(cast.finance)
    url = reverse("projects:disbursements", args=[project.pk])
    page = finance.get(url).content.decode()
    key = page.split(f'name="{once.FIELD}" value="')[1].split('"')[0]
    line = project.funding_lines.get(source=FundSource.CENTRAL_BUDGET)
    posted = {
        once.FIELD: key, "funding_line": line.pk, "amount": "120000",
        "disbursed_on": "2026-05-01", "payer": "区财政局", "payee": "岔道村村民委员会",
        "voucher": "CZ-9",
    }  # fmt: skip
    finance.post(url, posted, follow=True)
    second = finance.post(url, posted, follow=True)
    assert Disbursement.objects.get().amount == Decimal("120000")
    assert [str(m) for m in second.context["messages"]] == [once.REPEATED]
    # A new page (a new key) records the next transfer; a refused one gives its key back.
    fresh = finance.get(url).content.decode().split(f'name="{once.FIELD}" value="')[1]
    fresh = fresh.split('"')[0]
    refused = {**posted, once.FIELD: fresh, "amount": "99999999"}  # beyond the line's plan
    assert finance.post(url, refused).status_code != 302
    assert finance.post(url, {**posted, once.FIELD: fresh}).status_code == 302
    assert Disbursement.objects.count() == 2
