"""The district office's client pages: registering shows the token once (never stored by a
browser), and the client detail lists tokens and calls."""

from tests.api.conftest import TokenClient
from yiguoji.api.models import ApiClient, ApiToken
from yiguoji.core.roles import Role


def test_register_a_client_and_see_its_token_once(office, client_for, township, fresh_cache):
    page = client_for(office)
    response = page.post(
        "/api-clients/new/",
        {
            "name": "市发展改革委调度系统",
            "organisation": office.organisation.pk,
            "role": Role.DISTRICT_OFFICE,
            "scopes": ["projects:read", "figures:read"],
            "rate_per_minute": 60,
            "token_days": 30,
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    assert raw.startswith("ygj_") and raw in response.content.decode()
    client = ApiClient.objects.get(name="市发展改革委调度系统")
    assert client.scopes == ["figures:read", "projects:read"]
    assert TokenClient(raw).get("/api/v1/projects/").status_code == 200
    detail = page.get(f"/api-clients/{client.pk}/").content.decode()
    assert raw not in detail and ApiToken.objects.get(client=client).prefix in detail
    assert "/api/v1/projects/" in detail  # the call just made


def test_a_role_that_does_not_fit_the_organisation_is_refused(office, client_for, township):
    response = client_for(office).post(
        "/api-clients/new/",
        {
            "name": "错配角色",
            "organisation": office.organisation.pk,
            "role": Role.TOWNSHIP,
            "scopes": ["projects:read"],
            "rate_per_minute": 60,
            "token_days": 30,
        },
    )
    assert response.status_code == 200
    assert "不能担任" in response.content.decode()
    assert not ApiClient.objects.filter(name="错配角色").exists()


def test_revoke_from_the_page(office, client_for, register):
    client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    token = client.tokens.get()
    page = client_for(office)
    assert page.post(f"/api-clients/tokens/{token.pk}/revoke/").status_code == 302
    assert http.get("/api/v1/projects/").status_code == 401


def test_docs_page_runs_from_local_files_without_inline_script(office, client_for):
    """Swagger UI from drf-spectacular-sidecar under /static/ (no CDN), its start-up script a
    file of its own, so the page works under a Content-Security-Policy without 'unsafe-inline'."""
    import re

    html = client_for(office).get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in s for s in sources)
