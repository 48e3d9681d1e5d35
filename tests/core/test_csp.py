"""A strict Content-Security-Policy on the portal's pages (issue 10, item 6).

Every asset is vendored, so the policy allows 'self' only: no inline script, no inline style, no
eval. The rule is tested on the templates themselves (none may carry what the policy forbids; PDF
templates go to WeasyPrint, not to a browser, and are exempt), on the settings (the district's
tile server is the one other origin, for images), and on the pages: every HTML page of the
role-by-URL matrix carries the header (tests/test_role_matrix.py). Browser checks for violations
on the pages with scripts are in tests/browser/test_csp_walk.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from yiguoji import conf

TEMPLATES = Path(settings.BASE_DIR) / "templates"

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def _for_pdf(path: Path, text: str) -> bool:
    return (
        "pdf" in path.relative_to(TEMPLATES).parts[:-1]
        or path.name.endswith("_pdf.html")
        or '{% extends "pdf/base.html" %}' in text
        or path.relative_to(TEMPLATES).as_posix() == "pdf/base.html"
    )


def _templates() -> list[tuple[Path, str]]:
    found = [(path, path.read_text()) for path in sorted(TEMPLATES.rglob("*.html"))]
    assert len(found) > 100
    return found


def test_no_template_has_inline_script_or_handlers():
    wrong = []
    for path, text in _templates():
        name = path.relative_to(TEMPLATES)
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (HANDLER, "on*= handler"),
            (JS_URL, "javascript: URL"),
        ):
            if pattern.search(text):
                wrong.append(f"{name}: {what}")
    assert not wrong, "\n".join(wrong)


def test_no_page_template_has_inline_style():
    wrong = [
        str(path.relative_to(TEMPLATES))
        for path, text in _templates()
        if not _for_pdf(path, text) and INLINE_STYLE.search(text)
    ]
    assert not wrong, 'style="" or <style> in page templates:\n' + "\n".join(wrong)


@pytest.mark.parametrize(
    "text",
    [
        '<select onchange="this.form.submit()">',
        "<script>alert(1)</script>",
        "<SCRIPT type='module'>x()</SCRIPT>",
        '<a href="javascript:history.back()">',
        '<input\n  class="x" onclick="go()">',
    ],
)
def test_the_template_rules_catch_what_they_should(text):
    assert INLINE_SCRIPT.search(text) or HANDLER.search(text) or JS_URL.search(text)


def test_the_template_rules_let_pass_what_is_allowed():
    ok = '<script src="/static/js/portal.js"></script><button data-confirm="确定吗？">删</button>'
    assert not (INLINE_SCRIPT.search(ok) or HANDLER.search(ok) or JS_URL.search(ok))


def test_policy_is_strict():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    flat = " ".join(" ".join(values) for values in directives.values())
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_a_page_carries_the_header(db):
    response = Client().get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tiles.example.gov.cn/{z}/{x}/{y}.png", "https://tiles.example.gov.cn"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png?key=abc", "http://10.1.2.3:8080"),
        ("", ""),
    ],
)
def test_tile_origin(url, origin):
    assert conf.tile_origin("MAP_TILE_URL", url) == origin


@pytest.mark.parametrize("url", ["tiles/{z}/{x}/{y}.png", "ftp://x/{z}", "https://{a}.x/{z}"])
def test_tile_origin_refuses_what_no_policy_can_name(url):
    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL"):
        conf.tile_origin("MAP_TILE_URL", url)


def test_the_district_tile_server_is_allowed_for_images_only():
    """MAP_TILE_URL set in the environment puts its origin in img-src (and nowhere else)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yiguoji.settings",
        "DEBUG": "true",
        "MAP_TILE_URL": "https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    directives = json.loads(out.strip().splitlines()[-1])
    assert "https://*.tiles.example.gov.cn" in directives["img-src"]
    others = {k: v for k, v in directives.items() if k != "img-src"}
    assert "tiles.example.gov.cn" not in json.dumps(others)
