from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gridgov.worktime.calendar import BadSpec, deadline_for, is_workday, missing_years
from gridgov.worktime.models import SpecialDay

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_calendar_is_seeded_from_chinese_calendar():
    assert not is_workday(date(2026, 10, 1))  # National Day, a Thursday
    assert is_workday(date(2026, 9, 20))  # a Sunday worked to make up for it
    assert not is_workday(date(2026, 11, 28))  # an ordinary Saturday


def test_minutes_and_hours_are_calendar_time():
    assert deadline_for(at(2026, 10, 1, 9, 0), "30m") == at(2026, 10, 1, 9, 30)
    assert deadline_for(at(2026, 10, 1, 23, 0), "2h") == at(2026, 10, 2, 1, 0)


def test_working_hours_skip_the_lunch_break_and_the_night():
    assert deadline_for(at(2026, 11, 23, 11, 0), "2wh") == at(2026, 11, 23, 14, 30)
    assert deadline_for(at(2026, 11, 23, 17, 0), "1wh") == at(2026, 11, 24, 9, 0)


def test_working_hours_skip_weekends_and_holidays():
    # Wednesday 2026-09-30, 17:00: half an hour left that day; 1-7 October are the National Day holidays.
    assert deadline_for(at(2026, 9, 30, 17, 0), "4wh") == at(2026, 10, 8, 12, 0)
    assert deadline_for(at(2026, 11, 27, 17, 0), "1wh") == at(2026, 11, 30, 9, 0)  # Friday → Monday


def test_working_days_end_at_close_of_office_on_the_nth_working_day():
    assert deadline_for(at(2026, 11, 23, 10, 0), "1wd") == at(2026, 11, 24, 17, 30)  # Monday → Tuesday
    assert deadline_for(at(2026, 11, 27, 10, 0), "1wd") == at(2026, 11, 30, 17, 30)  # Friday → Monday
    assert deadline_for(at(2026, 9, 30, 10, 0), "2wd") == at(2026, 10, 9, 17, 30)  # over National Day
    assert deadline_for(at(2026, 10, 9, 10, 0), "1wd") == at(2026, 10, 10, 17, 30)  # to a make-up Saturday


def test_statutory_days_are_calendar_days_ending_after_a_holiday_they_fall_on():
    assert deadline_for(at(2026, 11, 2, 10, 0), "15d") == at(2026, 11, 17, 23, 59, 59)  # a Tuesday
    assert deadline_for(at(2026, 11, 13, 10, 0), "15d") == at(2026, 11, 30, 23, 59, 59)  # Saturday 28th → Monday
    assert deadline_for(at(2026, 9, 20, 10, 0), "11d") == at(2026, 10, 8, 23, 59, 59)  # 1 October → after the holiday


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_flagged():
    assert missing_years([2026, 2027]) == [2027]
    assert deadline_for(at(2027, 1, 1, 10, 0), "1wd") == at(2027, 1, 4, 17, 30)  # Friday → Monday, no crash


def test_an_administrator_can_add_next_years_holidays():
    SpecialDay.objects.create(date=date(2027, 1, 4), workday=False, name="元旦")
    assert deadline_for(at(2027, 1, 1, 10, 0), "1wd") == at(2027, 1, 5, 17, 30)


@pytest.mark.parametrize("spec", ["5", "3y", "-1h", "wh", "1.5h"])
def test_bad_deadline_specs_are_refused_with_an_explanation(spec):
    with pytest.raises(BadSpec, match="wd"):
        deadline_for(at(2026, 11, 23, 10, 0), spec)
