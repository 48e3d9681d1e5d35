"""Error pages (issue 10, item 15): Chinese, in the portal's layout, with a way back, keeping
the app's own reason and never Django's English one; a favicon served by the portal."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from yiguoji import urls as root_urls
from yiguoji.core.roles import Role
from yiguoji.core.views import errors


def _boom(request):
    raise RuntimeError("database gone")


urlpatterns = [path("boom/", login_not_required(_boom)), *root_urls.urlpatterns]


def _assert_portal_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "以工代赈管理平台" in html  # the portal's header
    assert "返回上一页" in html and "回到首页" in html
    return html


def test_403_keeps_the_apps_reason_in_the_layout(make_user, client_for):
    township = make_user(Role.TOWNSHIP)
    response = client_for(township).get("/projects/1/do/approve/")
    html = _assert_portal_page(response, 403)
    assert "您的角色不能批复项目" in html
    assert "portal-nav" in html  # the signed-in user keeps the menu


def test_404_in_chinese_without_djangos_english_message(make_user, client_for):
    response = client_for(make_user(Role.DISTRICT_OFFICE)).get("/projects/999999/")
    html = _assert_portal_page(response, 404)
    assert "找不到这个页面" in html
    assert "matches the given query" not in html and "Not Found" not in html


def test_404_keeps_a_chinese_reason(rf, db):
    from django.http import Http404

    request = rf.get("/jobs/1/download/")
    response = errors.page_not_found(request, Http404("该任务没有结果文件"))
    assert "该任务没有结果文件" in response.content.decode()


def test_way_back_is_the_referring_page_of_this_site_only(make_user, client_for):
    client = client_for(make_user(Role.TOWNSHIP))
    here = "http://testserver/projects/"
    html = client.get("/projects/1/do/approve/", HTTP_REFERER=here).content.decode()
    assert f'href="{here}"' in html
    html = client.get(
        "/projects/1/do/approve/", HTTP_REFERER="https://evil.example/"
    ).content.decode()
    assert "evil.example" not in html


def test_csrf_failure_is_a_chinese_page(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.DISTRICT_OFFICE))
    response = client.post("/projects/new/", {"name": "x"})
    html = _assert_portal_page(response, 403)
    assert "页面已过期" in html and "刷新后重新填写" in html
    assert "CSRF verification failed" not in html


@pytest.mark.urls(__name__)
def test_500_renders_without_the_database_or_context(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出错" in html and "回到首页" in html
    assert "database gone" not in html


handler500 = "yiguoji.core.views.errors.server_error"


def test_favicon_is_served_by_the_portal_without_sign_in(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_pages_link_the_vendored_icon(make_user, client_for):
    html = client_for(make_user(Role.DISTRICT_OFFICE)).get("/").content.decode()
    assert 'rel="icon" href="/static/brand/favicon.svg"' in html
