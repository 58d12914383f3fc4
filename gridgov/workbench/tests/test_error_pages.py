"""Error pages are ours: in the user's language, with a way back (the start page, and the login for someone logged
out); the 500 page needs neither a request context nor the database."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_an_unknown_address_answers_our_404_in_chinese_with_a_way_back(client):
    response = client.get("/no/such/page/", **ZH)
    html = response.content.decode()
    assert response.status_code == 404 and response.templates[0].name == "404.html"
    assert '<html lang="zh-hans">' in html and "页面不存在" in html and "Not Found" not in html
    assert '<a href="/">返回首页</a>' in html and 'href="/accounts/login/"' in html
    assert "Resolver404" not in html


def test_a_404_inside_the_desk_says_why_and_keeps_the_navigation(town, client):
    client.force_login(town.people.dispatcher)
    html = client.get("/desk/cases/999999/", **ZH).content.decode()
    assert "页面不存在" in html and "您的辖区内没有该案件" in html and 'href="/desk/"' in html  # why, and the menu
    assert 'href="/accounts/login/"' not in html  # already logged in
    assert "Page not found" in client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_403_400_and_the_expired_form_are_ours_too(town):
    request = RequestFactory().get("/", **ZH)
    request.user = town.people.worker
    with translation.override("zh-hans"):
        forbidden = defaults.permission_denied(request, PermissionDenied())
        bad = defaults.bad_request(request, SuspiciousOperation("x"))
    assert forbidden.status_code == 403 and "无权访问" in forbidden.content.decode()
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()
    expired = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"}, **ZH)
    assert expired.status_code == 403 and "表单已失效" in expired.content.decode()


def test_the_500_page_renders_without_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in html and '<a href="/">返回首页</a>' in html
    with translation.override("en"):
        assert "Something went wrong" in defaults.server_error(request).content.decode()



@pytest.mark.parametrize("path", ["/api/v1/cases/abc", "/api/v1/no/such/thing", "/api/v1/cases/12/nonsense"])
def test_an_unknown_api_address_answers_a_json_404_with_a_message(town, client, path):
    client.force_login(town.people.dispatcher)
    for answer in (client.get(path, **ZH), client.post(path, {}, content_type="application/json", **ZH)):
        assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")
        body = answer.json()
        assert body["code"] == "not_found" and path in body["detail"] and "没有" in body["detail"]
    own = client.get("/api/v1/cases/999999", **ZH)  # an operation that exists keeps its own 404
    assert own.status_code == 404 and own.json().get("code") != "not_found" and own.json()["detail"]


def test_the_api_answers_a_wrong_method_and_its_bare_root_in_json(town, client):
    client.force_login(town.people.dispatcher)
    wrong = client.delete("/api/v1/categories", **ZH)
    assert wrong.status_code == 405 and wrong["Content-Type"].startswith("application/json")
    assert wrong.json()["code"] == "method_not_allowed" and "GET" in wrong["Allow"]
    assert "DELETE" in wrong.json()["detail"] and "不接受" in wrong.json()["detail"]
    bare = client.get("/api/v1", **ZH)
    assert bare.status_code == 404 and bare.json()["code"] == "not_found"


def test_a_deeply_nested_json_body_with_an_escaped_nul_is_a_400_not_a_500(client):
    body = '{"x": "\\u0000", "y": ' + "[" * 3000 + "]" * 3000 + "}"
    r = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert 400 <= r.status_code < 500 and r["Content-Type"].startswith("application/json")
