"""The district office maintains users: create, edit, set password, unlock."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import User
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user, client_for):
    return client_for(make_user(Role.DISTRICT_OFFICE))


def test_create_a_township_user(office):
    org = OrganisationFactory(name="四海镇人民政府", kind=OrgKind.TOWNSHIP)
    response = office.post(
        reverse("core:user_create"),
        {
            "username": "sihai",
            "full_name": "孙海",
            "organisation": org.pk,
            "role": Role.TOWNSHIP,
            "password": "Sihai-2026-start",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="sihai")
    assert person.check_password("Sihai-2026-start") and person.organisation == org


def test_a_role_that_does_not_fit_the_organisation_is_refused_in_chinese(office):
    org = OrganisationFactory(name="妫水建筑", kind=OrgKind.CONTRACTOR)
    page = office.post(
        reverse("core:user_create"),
        {
            "username": "x",
            "full_name": "某人",
            "organisation": org.pk,
            "role": Role.TOWNSHIP,
            "password": "Sihai-2026-start",
            "is_active": "on",
        },
    ).content.decode()
    assert "类单位的用户不能担任" in page
    assert not User.objects.filter(username="x").exists()


def test_a_weak_password_is_refused(office):
    org = OrganisationFactory(name="四海镇人民政府", kind=OrgKind.TOWNSHIP)
    office.post(
        reverse("core:user_create"),
        {
            "username": "weak",
            "full_name": "某人",
            "organisation": org.pk,
            "role": Role.TOWNSHIP,
            "password": "123",
            "is_active": "on",
        },
    )
    assert not User.objects.filter(username="weak").exists()


def test_unlock_and_set_password(office, make_user):
    person = make_user(Role.TOWNSHIP)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": person.username, "password": "wrong"})
    assert "已锁定" in office.get(reverse("core:directory")).content.decode()

    office.post(reverse("core:user_unlock", args=[person.pk]))
    assert "已锁定" not in office.get(reverse("core:directory")).content.decode()

    office.post(
        reverse("core:user_password", args=[person.pk]),
        {"password1": "Reset-2026-pass", "password2": "Reset-2026-pass"},
    )
    response = Client().post(
        reverse("login"), {"username": person.username, "password": "Reset-2026-pass"}
    )
    assert response.status_code == 302
