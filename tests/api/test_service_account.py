"""The user behind an API client acts by its token only (issue 15 item 2): it never signs in to
the pages with a password, whatever is done to its password, and no password can be set on it
through the users pages."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from yiguoji.core.roles import Role
from yiguoji.core.services.users import user_save, user_set_password

PASSWORD = "Zhe-shi-yi-ge-mi-ma-2026"


@pytest.fixture
def service(register, office):
    client, token_client = register(office.organisation, Role.DISTRICT_OFFICE)
    return client.user, token_client


def test_a_password_put_on_it_by_hand_still_opens_no_page(service):
    user, _ = service
    user.set_password(PASSWORD)  # as manage.py changepassword or a database edit would
    user.save(update_fields=["password"])
    request = RequestFactory().post(reverse("login"))
    assert authenticate(request, username=user.username, password=PASSWORD) is None
    browser = Client()
    page = browser.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=False
    )
    assert page.status_code == 200  # the form again, no redirect into the portal
    assert "_auth_user_id" not in browser.session
    assert browser.get(reverse("home")).status_code == 302  # still sent to sign in


def test_a_session_of_it_is_not_honoured(service):
    user, _ = service
    browser = Client()
    browser.force_login(user)  # a session made some other way
    response = browser.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_its_token_still_works(service):
    _, token_client = service
    assert token_client.get("/api/v1/projects/").status_code == 200


def test_the_users_pages_refuse_to_set_its_password(service, office, client_for):
    user, _ = service
    with pytest.raises(ValidationError, match="不能设置密码或登录网页"):
        user_set_password(acting_user=office, user=user, password=PASSWORD)
    with pytest.raises(ValidationError, match="不能设置密码或登录网页"):
        user_save(acting_user=office, user=user, password=PASSWORD)
    page = client_for(office).post(
        reverse("core:user_password", args=[user.pk]),
        {"password1": PASSWORD, "password2": PASSWORD},
    )
    assert page.status_code == 200
    assert "不能设置密码或登录网页" in page.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_people_still_sign_in(make_user):
    person = make_user(Role.DISTRICT_OFFICE)
    person.set_password(PASSWORD)
    person.save()
    assert not person.is_service_account
    request = RequestFactory().post(reverse("login"))
    assert authenticate(request, username=person.username, password=PASSWORD) == person
