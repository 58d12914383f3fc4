"""The newer apps' API refusals answer in the request's language: in Chinese for zh-hans, like the rest of the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.parametrize(("method", "path", "status", "message"), [
    ("post", "/api/v1/notifications/999999/read", 404, "您的通知中没有这一条"),
    ("get", "/api/v1/assess/scores/999999", 404, "您的辖区内没有这条考核得分"),
    ("get", "/api/v1/emergencies/999999", 404, "您的辖区内没有这个应急事件"),
    ("get", "/api/v1/police/coverage?minutes=5,99", 400, "请给出 1 至 6 个分钟数，每个在 1 到 60 之间，如 1,3,5"),
    ("get", "/api/v1/police/coverage?minutes=5&speed_kmh=5&area=999", 404, "您的辖区内没有该区域"),
])
def test_refusals_of_the_newer_apps_come_back_in_chinese(client, town, method, path, status, message):
    client.force_login(town.people.dispatcher)
    answer = getattr(client, method)(path, **ZH)
    assert answer.status_code == status and answer.json()["detail"] == message
    assert getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en").json()["detail"] != message  # English asked


def test_a_refused_schema_an_unreadable_body_and_a_missing_login_are_explained_in_chinese(client, town):
    """Pydantic's and django-ninja's own words are English only: the API says what each field needs, that the body
    could not be read and that one must sign in in the request's language, with the same codes."""
    client.force_login(town.people.worker)
    answer = client.post("/api/v1/cases", {"category": "0102", "description": "路灯不亮", "lon": 116.4, "lat": 91},
                         content_type="application/json", **ZH)
    body = answer.json()
    assert answer.status_code == 422 and body["code"] == "invalid_input" and body["fields"] == ["lat"]
    assert body["message"] == "lat：不能大于 90", body
    english = client.post("/api/v1/cases", {"category": "0102", "description": "路灯不亮", "lon": 116.4, "lat": 91},
                          content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"] == "lat: must be at most 90" and english["detail"] == body["detail"]
    answer = client.post("/api/v1/cases", "{not json", content_type="application/json", **ZH)
    assert answer.status_code == 400 and answer.json()["code"] == "unreadable_body"
    assert answer.json()["message"].startswith("无法读取请求正文")
    client.logout()
    answer = client.get("/api/v1/cases", **ZH)
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"
    assert answer.json()["message"].startswith("请先登录")


def test_a_write_without_a_login_is_asked_to_sign_in_and_one_without_its_csrf_token_is_told_so(town):
    """django-ninja checks the session's CSRF token before it knows whether anybody is signed in: a POST with no
    login (or a token that is no longer valid) is a 401 asking to sign in, not an English "CSRF check Failed"."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer not-a-token"}):
        answer = strict.post("/api/v1/cases", {}, content_type="application/json", **headers, **ZH)
        assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated", answer.content
    strict.force_login(town.people.worker)
    answer = strict.post("/api/v1/cases", {}, content_type="application/json", **ZH)
    assert answer.status_code == 403 and answer.json()["code"] == "csrf_failed"
    assert answer.json()["message"].startswith("会话的 CSRF 令牌缺失或不正确")


def test_our_own_checks_and_the_dashboards_periods_answer_in_chinese(client, town):
    client.force_login(town.people.leader)
    answer = client.get("/api/v1/command/dashboard", {"from": "2026-11-27", "to": "2026-11-01"}, **ZH)
    assert answer.status_code == 400 and answer.json()["detail"] == "开始日期（from）不能晚于结束日期（to）"
    answer = client.get("/api/v1/command/dashboard", {"to": "2000-01-01"}, **ZH)  # 29 days earlier is in 1999
    assert answer.status_code == 200 and answer.json()["from"] == "2000-01-01"
    answer = client.get("/api/v1/command/dashboard", {"to": "1999-12-31"}, **ZH)  # before the window: said so
    assert answer.status_code == 400 and answer.json()["detail"] == "日期须在 2000-01-01 至 2099-12-31 之间"
    page = client.get("/command/dashboard/", {"from": "2026-11-27", "to": "2026-11-01"}, **ZH)
    assert page.status_code == 400 and "开始日期（from）不能晚于结束日期（to）" in page.content.decode()
    assert "Value error" not in page.content.decode()
    client.force_login(town.people.worker)
    answer = client.post("/api/v1/cases", {"category": "0102", "description": "   ", "lon": 116.4, "lat": 39.9},
                         content_type="application/json", **ZH)
    assert answer.status_code == 422 and answer.json()["message"] == "description：不能为空或只有空格"
