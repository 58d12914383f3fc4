"""On a phone (Chromium, 390×844) a volunteer signs in and out of their team's activity with the phone's position:
far from the activity the page says how far; where the activity is, the sign-in and then the sign-out are recorded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import shot
from gridgov.cases.tests.conftest import OTHER_POINT, POINT
from gridgov.volunteers.models import Activity, Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_signs_in_and_out_on_the_phone_where_the_activity_is(vol, open_page):
    now = timezone.now()
    activity = Activity.objects.create(team=vol.team, kind="patrol", title="今日巡逻", area=vol.patrol.area,
                                       starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2),
                                       cap_hours=Decimal("2"))
    far = {"longitude": OTHER_POINT[0], "latitude": OTHER_POINT[1]}
    phone = open_page(vol.login.username, phone=True, geolocation=far, permissions=["geolocation"])
    phone.wait_for_selector("#volunteer-phone")  # the login lands on the volunteer's page
    card = phone.locator(f"[data-activity='{activity.pk}']")
    card.locator("button[type=submit]").click()
    phone.wait_for_selector(".messages .msg-error")
    assert "公里" in phone.locator(".messages").inner_text()  # how far, in the phone's language
    assert not Attendance.objects.exists()

    phone.context.set_geolocation({"longitude": POINT[0], "latitude": POINT[1]})
    phone.locator(f"[data-activity='{activity.pk}'] button[type=submit]").click()
    phone.wait_for_selector(f"[data-activity='{activity.pk}'] input[name=what][value=out]", state="attached")
    signed = Attendance.objects.get(activity=activity, member=vol.member)
    assert signed.status == "signed_in" and signed.in_area_code == vol.patrol.area.code
    shot(phone, "volunteer-signed-in")

    phone.locator(f"[data-activity='{activity.pk}'] button[type=submit]").click()
    # the sign-in's success message is still on the page: wait for the signed-out card, which has no form left
    phone.wait_for_selector(f"[data-activity='{activity.pk}'] form", state="detached")
    signed.refresh_from_db()
    assert signed.status == "signed_out" and signed.signed_out_at is not None
    assert phone.locator(f"[data-activity='{activity.pk}'] form").count() == 0  # nothing more to sign
