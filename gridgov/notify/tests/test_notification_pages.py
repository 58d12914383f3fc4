"""A person reads and clears their own notifications, on the pages and over the API, and nobody else's: another
person's notification is "not found" and stays unread; the bell counts what is unread on every staff page and is
absent from the citizens' pages."""

from __future__ import annotations

import pytest

from gridgov.notify.actions import notify, unread
from gridgov.notify.models import Notification, Receipt
from gridgov.org import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(town):
    """Two notifications for the township's centre (its dispatcher reads them), one for the district's."""
    u = town.units
    mine = [notify("escalated", subject=f"N{i}", url=f"/desk/?n={i}", message=f"message {i}", unit=u.town)
            for i in range(2)]
    other = notify("supervised", subject="OTHER", url="/desk/", message="not yours", unit=u.district)
    return mine, other


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user)[0]}"}


def test_the_api_lists_my_unread_notifications_with_the_count(town, notes, client):
    mine, _other = notes
    body = client.get("/api/v1/notifications?unread=1", **bearer(town.people.town_dispatcher)).json()
    assert body["count"] == 2 and body["unread"] == 2 and body["page"] == 1
    first = body["results"][0]
    assert set(first) == {"id", "kind", "kind_label", "subject", "message", "url", "at", "read"}
    assert first["id"] == mine[1].pk and first["kind"] == "escalated" and first["read"] is False
    assert "OTHER" not in str(body)


def test_marking_one_read_over_the_api_takes_it_off_the_unread_list(town, notes, client):
    mine, _other = notes
    headers = bearer(town.people.town_dispatcher)
    answer = client.post(f"/api/v1/notifications/{mine[0].pk}/read", **headers)
    assert answer.status_code == 200 and answer.json() == {"marked": 1, "unread": 1}
    listed = client.get("/api/v1/notifications", **headers).json()["results"]
    assert [(n["id"], n["read"]) for n in listed] == [(mine[1].pk, False), (mine[0].pk, True)]  # unread first


def test_someone_elses_notification_is_not_found_and_stays_unread(town, notes, client):
    _mine, other = notes
    answer = client.post(f"/api/v1/notifications/{other.pk}/read", **bearer(town.people.town_dispatcher))
    assert answer.status_code == 404
    assert not Receipt.objects.exists() and other in unread(town.people.dispatcher)


def test_read_all_over_the_api_clears_only_my_inbox(town, notes, client):
    answer = client.post("/api/v1/notifications/read-all", **bearer(town.people.town_dispatcher))
    assert answer.json() == {"marked": 2, "unread": 0}
    assert unread(town.people.dispatcher).count() == 1  # the district's centre still has its own


def test_the_list_page_shows_unread_first_and_opening_one_marks_it_read(town, notes, client):
    mine, _other = notes
    client.force_login(town.people.town_dispatcher)
    opened = client.get(f"/notifications/{mine[0].pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/desk/?n=0"
    page = client.get("/notifications/").content.decode()
    assert page.index("N1") < page.index("N0") and "OTHER" not in page  # the unread one first; none of others'
    assert unread(town.people.town_dispatcher).count() == 1


def test_mark_read_and_mark_all_read_on_the_page(town, notes, client):
    mine, other = notes
    client.force_login(town.people.town_dispatcher)
    assert client.post(f"/notifications/{mine[0].pk}/read", {"next": "/notifications/"}).status_code == 302
    assert unread(town.people.town_dispatcher).count() == 1
    assert client.post(f"/notifications/{other.pk}/read").status_code == 404  # another unit's
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
    client.post("/notifications/read-all")
    assert unread(town.people.town_dispatcher).count() == 0 and unread(town.people.dispatcher).count() == 1


def test_the_list_is_paginated(town, client):
    for i in range(35):
        notify("overdue", subject=f"P{i:02d}", url="/desk/", unit=town.units.town)
    client.force_login(town.people.town_dispatcher)
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    shown = lambda page, i: f"· P{i:02d}<br>" in page  # noqa: E731
    assert shown(first, 34) and shown(first, 5) and not shown(first, 4) and "1 / 2" in first  # 30 a page
    assert shown(second, 4) and shown(second, 0) and not shown(second, 5)


def test_the_phone_shows_the_same_list_in_its_own_layout(town, client):
    notify("check", subject="CHECK-1", url="/desk/", user=town.people.worker)
    client.force_login(town.people.worker)
    page = client.get("/field/notifications/").content.decode()
    assert "CHECK-1" in page and 'class="page phone"' in page and 'rel="manifest"' in page


def test_the_bell_counts_my_unread_on_staff_pages_and_is_absent_from_citizens_pages(town, notes, client):
    client.force_login(town.people.town_dispatcher)
    desk = client.get("/desk/").content.decode()
    assert 'id="bell"' in desk and 'id="bell-count">2<' in desk
    assert 'id="bell"' not in client.get("/track/").content.decode()
    assert 'id="bell"' not in client.get("/report/").content.decode()
    client.force_login(town.people.worker)  # the phone's people: the bell leads to the phone's list
    assert 'href="/field/notifications/"' in client.get("/field/").content.decode()


def test_pages_need_a_login(notes, client):
    mine, _other = notes
    assert client.get("/notifications/").status_code == 302
    assert client.get(f"/notifications/{mine[0].pk}/").status_code == 302
    assert not Receipt.objects.exists() and Notification.objects.count() == 3
