"""Accounting periods and dates: years, quarters and months parsed into closed date ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.periods import Period, month_of, parse_date, parse_period
from ledger.errors import InputError

# --- parse_period: accepted forms --------------------------------------------------------------


def test_a_year_runs_from_january_first_to_december_thirty_first() -> None:
    assert parse_period("2026") == Period("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_third_quarter_runs_from_july_first_to_september_thirtieth() -> None:
    assert parse_period("2026Q3") == Period("2026Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (4, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ],
)
def test_every_quarter_covers_its_three_months(quarter: int, start: dt.date, end: dt.date) -> None:
    period = parse_period(f"2026Q{quarter}")
    assert (period.start, period.end) == (start, end)


def test_a_lower_case_quarter_is_accepted_and_its_label_normalised() -> None:
    period = parse_period("2026q1")
    assert period == Period("2026Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_february_ends_on_the_twenty_eighth_in_a_common_year() -> None:
    assert parse_period("2026-02") == Period("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def test_february_ends_on_the_twenty_ninth_in_a_leap_year() -> None:
    assert parse_period("2024-02").end == dt.date(2024, 2, 29)


def test_a_century_year_that_is_not_a_leap_year_has_a_short_february() -> None:
    assert parse_period("2100-02").end == dt.date(2100, 2, 28)


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_period("  2026-10 ").label == "2026-10"


# --- months ------------------------------------------------------------------------------------


def test_a_quarter_lists_its_three_months() -> None:
    assert parse_period("2026Q3").months() == ["2026-07", "2026-08", "2026-09"]


def test_a_month_lists_itself() -> None:
    assert parse_period("2026-10").months() == ["2026-10"]


def test_a_year_lists_twelve_months() -> None:
    months = parse_period("2026").months()
    assert len(months) == 12
    assert (months[0], months[-1]) == ("2026-01", "2026-12")


def test_months_cross_a_year_end() -> None:
    period = Period("custom", dt.date(2025, 11, 15), dt.date(2026, 2, 1))
    assert period.months() == ["2025-11", "2025-12", "2026-01", "2026-02"]


# --- parse_period: refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2026Q5", "2026Q0", "2026-13", "2026-00", "26-10", "", "   ", "2026-1", "2026 Q3", "Q3 2026", "1899", "3000"],
)
def test_malformed_periods_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_period(text)
    assert caught.value.key == "period_invalid"


def test_limiting_kinds_to_months_refuses_a_quarter() -> None:
    with pytest.raises(InputError) as caught:
        parse_period("2026Q3", kinds=("month",))
    assert caught.value.key == "period_invalid"
    assert caught.value.fields["forms"] == "2026-10"


def test_limiting_kinds_to_months_still_accepts_a_month() -> None:
    assert parse_period("2026-10", kinds=("month",)).label == "2026-10"


def test_the_refusal_lists_the_accepted_forms() -> None:
    with pytest.raises(InputError) as caught:
        parse_period("soon")
    assert caught.value.fields == {"value": "soon", "forms": "2026, 2026Q3, 2026-10"}


# --- dates -------------------------------------------------------------------------------------


def test_parse_date_accepts_an_iso_date() -> None:
    assert parse_date("2026-10-31") == dt.date(2026, 10, 31)
    assert parse_date(" 2024-02-29 ") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026/10/01", "20261001", "2026-10-1", "", "tomorrow"])
def test_parse_date_refuses_impossible_or_non_iso_dates(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(text, field="paid_on")
    assert caught.value.key == "date_invalid"
    assert caught.value.fields == {"field": "paid_on", "value": text}


def test_month_of_gives_the_zero_padded_month() -> None:
    assert month_of(dt.date(2026, 3, 9)) == "2026-03"
    assert month_of(dt.date(2026, 12, 31)) == "2026-12"


def test_every_day_of_a_period_falls_in_one_of_its_months() -> None:
    period = parse_period("2024Q1")
    day = period.start
    while day <= period.end:
        assert month_of(day) in period.months()
        day += dt.timedelta(days=1)


def test_full_width_digits_are_refused_like_in_amounts() -> None:
    with pytest.raises(InputError) as caught:
        parse_period("２０２６")
    assert caught.value.key == "period_invalid"
