"""The phone pages of attendance on site (payroll/site/, issue 16) in the role-by-URL matrix.

Built on the payroll world (tests/matrix/cases_payroll.py): project A (the matrix's project unit
and contractor) and project B (another unit's), each with an entry sent from a phone with a photo.
Only the project unit and contractor keep attendance, so only they reach the phone pages; photos
are seen by whoever sees the project's attendance (not leaders).
"""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from payroll.models import SiteEntry
from tests.matrix import Case, only
from tests.matrix.cases_payroll import HIRERS, A, B, a_side, b_side, pk, url
from tests.payroll.site_helpers import photo_bytes


def build(world) -> None:
    for side in (A, B):
        entry = SiteEntry.objects.create(
            entry_id=uuid.uuid4(),
            project=getattr(world, f"pr_project_{side}"),
            date=dt.date(2026, 5, 6),
            marked_at=timezone.now(),
            sent_by=world.users["district_office"],
            photo=f"payroll/site/matrix-{side}.jpg",
            outcome="stored",
        )
        setattr(world, f"pr_siteentry_{side}", entry)


def photo_of(side):
    def entry_pk(world):
        entry = getattr(world, f"pr_siteentry_{side}")
        if not default_storage.exists(entry.photo.name):
            default_storage.save(entry.photo.name, ContentFile(photo_bytes()))
        return entry.pk

    return entry_pk


CASES = [
    Case("site home", url("payroll:site_home"), only(*HIRERS)),
    Case("site service worker", url("payroll:site_service_worker"), only(*HIRERS)),
    Case("site crew of A", url("payroll:site_crew", pk("project", A)), only(*HIRERS)),
    Case("site crew of B", url("payroll:site_crew", pk("project", B)), only(*HIRERS, status=404)),
    Case(
        "site entry to A (empty: 400 with the reason)",
        url("payroll:site_entry_post", pk("project", A)),
        only(*HIRERS, status=400),
        method="post",
    ),
    Case(
        "site entry to B",
        url("payroll:site_entry_post", pk("project", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case("site photo of A", url("payroll:site_photo", photo_of(A)), a_side()),
    Case("site photo of B", url("payroll:site_photo", photo_of(B)), b_side()),
]
