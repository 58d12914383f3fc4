"""Every answer carries the security headers: a Content-Security-Policy without inline script or style, no framing,
no type sniffing, a same-origin referrer; behind an HTTPS proxy (GRIDGOV_HTTPS=1) cookies are Secure and HSTS is
sent. No template holds inline script, event handlers, javascript: URLs or style attributes, which the policy would
block; the API docs load Swagger UI from this site; logging out clears the browser's cache of the site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gridgov
from gridgov.settings import _tile_origin

pytestmark = pytest.mark.django_db
TEMPLATES = Path(gridgov.__file__).parent / "templates"


def policy(response) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in response["Content-Security-Policy"].split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", ["/accounts/login/", "/report/", "/track/", "/api/v1/openapi.json", "/admin/login/"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["img-src"] == ["'self'", "data:", "blob:"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # plain HTTP: no HSTS


def test_no_template_holds_inline_script_handlers_or_styles():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", r"\son[a-z]+\s*=",
                        r"javascript:", r"\sstyle\s*=", r"<style"):
            found += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in re.finditer(pattern, text, re.I)]
    assert found == []


def test_the_tile_servers_origin_is_allowed_for_images():
    assert _tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert _tile_origin("http://tiles.example.gov.cn:8080/{z}/{x}/{y}.png") == "http://tiles.example.gov.cn:8080"
    assert _tile_origin("") == "" and _tile_origin("/tiles/{z}/{x}/{y}.png") == ""


SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
from gridgov.api import api
print(json.dumps([s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,
                  s.SECURE_HSTS_SECONDS, s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], api.docs_url]))
"""


def test_https_behind_a_proxy_is_one_setting_and_the_docs_page_can_be_turned_off(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gridgov.settings", "GRIDGOV_DATA": str(tmp_path),
           "GRIDGOV_HTTPS": "1", "GRIDGOV_API_DOCS": "0", "GRIDGOV_TILE_URL": "https://{s}.tiles.example.org/{z}.png"}
    out = subprocess.run([sys.executable, "-c", SETTINGS], env=env, capture_output=True, text=True, check=True)
    proxy, session_secure, csrf_secure, httponly, hsts, img, docs = json.loads(out.stdout)
    assert proxy == ["HTTP_X_FORWARDED_PROTO", "https"] and session_secure and csrf_secure and httponly
    assert hsts == 365 * 24 * 3600 and img[-1] == "https://*.tiles.example.org" and docs is None


def test_behind_the_https_proxy_answers_carry_hsts_and_secure_cookies(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=3600"
    assert response.cookies["csrftoken"]["secure"]


def test_the_api_docs_load_swagger_ui_from_this_site(client):
    html = client.get("/api/v1/docs").content.decode()
    scripts = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in scripts and all(s.startswith("/static/") for s in scripts)
    assert b"SwaggerUIBundle" in b"".join(client.get("/static/ninja/swagger-ui-bundle.js").streaming_content)


def test_logging_out_clears_the_browsers_cache_of_the_site_but_not_the_phones_outbox(town, client):
    client.force_login(town.people.worker)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Clear-Site-Data"] == '"cache"'  # "storage" would drop the outbox
