"""Which views an anonymous visitor reaches: exactly the sign-in pages, the health probe,
robots.txt and the views of the apps' ``public`` packages, each marked ``public_page``
(yiguoji.core.public). Every other view is behind LoginRequiredMiddleware."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

# Views exempt from sign-in that are not public pages of an app: the sign-in pages themselves,
# the probe, robots.txt and Django admin's own sign-in pages.
SHELL = {
    "django.contrib.auth.views.LoginView",
    "django.contrib.auth.views.LogoutView",
    "yiguoji.core.views.health.healthz",
    "yiguoji.core.views.robots.robots",
    "yiguoji.core.views.favicon.favicon",
    "django.contrib.admin.sites.AdminSite.login",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _name(callback) -> str:
    view = getattr(callback, "view_class", None) or callback
    module = getattr(view, "__module__", "")
    return f"{module}.{getattr(view, '__qualname__', getattr(view, '__name__', ''))}"


def test_only_public_pages_are_exempt_from_sign_in():
    exempt = {
        route: callback
        for route, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "login_required", True) is False
    }
    strays = []
    for route, callback in exempt.items():
        name = _name(callback)
        if any(name.startswith(allowed) for allowed in SHELL):
            continue
        in_public_package = ".public." in name and name.split(".")[0] in {
            "projects",
            "payroll",
            "training",
            "assessment",
        }
        # The token API (yiguoji/api/): authenticated by its own bearer tokens, never anonymous.
        token_api = route.startswith("api/v1/") and getattr(
            getattr(callback, "cls", None), "token_api", False
        )
        if not (in_public_package and getattr(callback, "public_page", False)) and not token_api:
            strays.append(f"{route} -> {name}")
    assert not strays, "views exempt from sign-in outside the public packages:\n" + "\n".join(
        strays
    )
    public_routes = [r for r, c in exempt.items() if getattr(c, "public_page", False)]
    assert public_routes and all(
        r.startswith("public/") or r in ("robots.txt", "favicon.ico") for r in public_routes
    ), public_routes


def test_robots_txt_lets_crawlers_read_project_pages_only(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Allow: /public/projects/" in text and "Disallow: /\n" in text
