"""The audit trail records who, when and field-level before/after, and can be browsed."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from pghistory.models import Context

from tests.factories import OrganisationFactory
from yiguoji.core import history
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Organisation
from yiguoji.core.roles import Role
from yiguoji.core.services.users import user_upsert

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user(Role.DISTRICT_OFFICE, full_name="王建国")


def test_a_change_records_who_and_the_fields_before_and_after(office):
    org = OrganisationFactory(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP)
    person, _ = user_upsert(
        acting_user=office,
        username="liuqiang",
        full_name="刘强",
        organisation=org,
        role=Role.TOWNSHIP,
        password="Yanqing-2026-x",
    )
    user_upsert(
        acting_user=office,
        username="liuqiang",
        full_name="刘强强",
        organisation=org,
        role=Role.TOWNSHIP,
    )

    entries = history.object_history(person)
    assert [e.action for e in entries] == ["修改", "新增"]
    update = entries[0]
    assert update.who == "王建国"
    assert [(c.field, c.before, c.after) for c in update.changes] == [("姓名", "刘强", "刘强强")]
    created_fields = {c.field for c in entries[1].changes}
    assert "角色" in created_fields and "password" not in created_fields


def test_bulk_updates_are_recorded_too(office):
    org = OrganisationFactory(name="测试合作社", kind=OrgKind.COLLECTIVE)
    with acting_as(office):
        Organisation.objects.filter(pk=org.pk).update(phone="010-69100000")
    (latest, *_) = history.object_history(org)
    assert latest.action == "修改" and latest.who == "王建国"
    assert [(c.field, c.after) for c in latest.changes] == [("联系电话", "010-69100000")]


def test_deletes_are_recorded(office):
    org = OrganisationFactory(name="将被删除的单位", kind=OrgKind.CONTRACTOR)
    org_pk = org.pk
    with acting_as(office):
        org.delete()
    org.pk = org_pk
    assert history.object_history(org)[0].action == "删除"


def _rename(request, pk):
    Organisation.objects.filter(pk=pk).update(phone="69100001")
    return HttpResponse("ok")


urlpatterns = [path("rename/<int:pk>/", _rename)]


@override_settings(ROOT_URLCONF=__name__)
def test_changes_made_through_a_request_are_attributed_to_the_signed_in_user(office, client_for):
    org = OrganisationFactory(name="香营乡人民政府", kind=OrgKind.TOWNSHIP)
    client_for(office).post(f"/rename/{org.pk}/")
    latest = history.object_history(org)[0]
    # (issue 10 item 16: how, in words; never the URL)
    assert latest.who == "王建国" and latest.via == "网页操作"


def test_audit_pages(office, make_user, client_for):
    org = OrganisationFactory(name="龙庆路桥公司", kind=OrgKind.CONTRACTOR)
    with acting_as(office):
        Organisation.objects.filter(pk=org.pk).update(contact_person="周涛")
    auditor = client_for(make_user(Role.AUDITOR))

    log = auditor.get(reverse("core:audit"), {"user": office.pk}).content.decode()
    assert "王建国" in log
    context = Context.objects.filter(metadata__user=office.pk).latest("created_at")
    detail = auditor.get(reverse("core:audit_action", args=[context.pk])).content.decode()
    assert "联系人" in detail and "周涛" in detail

    page = auditor.get(reverse("core:object_history", args=["core", "organisation", org.pk]))
    assert page.status_code == 200 and "周涛" in page.content.decode()

    township = client_for(make_user(Role.TOWNSHIP))
    assert township.get(reverse("core:audit")).status_code == 403
