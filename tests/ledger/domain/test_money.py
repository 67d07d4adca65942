"""Money: half-up rounding, exact splits, fen conversion, display and upper-case amounts (the
parser is in test_money_parse)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.money import (
    MAX_FEN,
    format_amount,
    from_fen,
    parse_amount,
    percent_of,
    round_half_up,
    split,
    to_fen,
)
from ledger.errors import InputError

D = Decimal


def places(amount: Decimal) -> int:
    """How many decimal places an amount is written with."""
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


# --- round_half_up and percent_of --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.125"), D("0.13")),  # banker's rounding would give 0.12
        (D("-0.125"), D("-0.13")),  # ROUND_HALF_UP rounds ties away from zero
        (D("0.124"), D("0.12")),
        (D("0.135"), D("0.14")),
        (D("2.5"), D("2.50")),
        (D("0.005"), D("0.01")),
        (D("0.0049"), D("0.00")),
    ],
)
def test_rounding_is_half_up_to_the_fen(value: Decimal, expected: Decimal) -> None:
    result = round_half_up(value)
    assert result == expected
    assert places(result) == 2


def test_rounding_a_tiny_negative_to_zero_gives_plain_zero() -> None:
    assert str(round_half_up(D("-0.001"))) == "0.00"


def test_percent_of_rounds_the_product_half_up() -> None:
    assert percent_of(D("123456.78"), D("0.20")) == D("24691.36")
    assert percent_of(D("0.05"), D("0.70")) == D("0.04")
    assert percent_of(D("100.00"), D("0")) == D("0.00")


# --- split -------------------------------------------------------------------------------------


def test_split_in_three_gives_the_remainder_to_the_last_leg() -> None:
    assert split(D("100.00"), [D(1), D(1), D(1)]) == [D("33.33"), D("33.33"), D("33.34")]


def test_split_follows_the_weights() -> None:
    assert split(D("10.00"), [D(3), D(1)]) == [D("7.50"), D("2.50")]
    assert split(D("10.00"), [D(1)]) == [D("10.00")]


@pytest.mark.parametrize("weights", [[], [D(-1), D(2)], [D(0), D(0)], [D(0)]])
def test_split_refuses_empty_negative_or_zero_total_weights(weights: list[Decimal]) -> None:
    with pytest.raises(InputError) as caught:
        split(D("100.00"), weights)
    assert caught.value.key == "split_weights"


@pytest.mark.parametrize(
    ("total", "weights"),
    [
        (D("0.09"), [D(1)] * 6),  # once gave five 0.02 legs and a last leg of -0.01
        (D("0.01"), [D(1), D(1), D(0)]),  # once gave -0.01 to the zero-weight leg
    ],
)
def test_split_of_a_positive_total_never_gives_a_negative_leg(total: Decimal, weights: list[Decimal]) -> None:
    assert all(leg >= 0 for leg in split(total, weights))


# --- fen conversion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fen"),
    [(D("0.00"), 0), (D("0.01"), 1), (D("-0.01"), -1), (D("1234.56"), 123456), (D("12"), 1200)],
)
def test_fen_conversion_round_trips(amount: Decimal, fen: int) -> None:
    assert to_fen(amount) == fen
    assert from_fen(fen) == amount
    assert places(from_fen(fen)) == 2


def test_to_fen_refuses_amounts_finer_than_a_fen() -> None:
    with pytest.raises(InputError) as caught:
        to_fen(D("1.234"))
    assert caught.value.key == "amount_places"


@pytest.mark.parametrize("value", [1.5, "1.50", 150, D("NaN"), D("Infinity")])
def test_to_fen_refuses_anything_but_a_finite_decimal(value: object) -> None:
    with pytest.raises(InputError) as caught:
        to_fen(value)  # type: ignore[arg-type]
    assert caught.value.key == "amount_invalid"


# --- display -----------------------------------------------------------------------------------


def test_format_groups_thousands_with_twoplaces() -> None:
    assert format_amount(D("1234.56")) == "1,234.56"
    assert format_amount(D("1234567.5")) == "1,234,567.50"
    assert format_amount(D("-1234.5")) == "-1,234.50"
    assert format_amount(D("0")) == "0.00"


def test_format_without_grouping_is_plain() -> None:
    assert format_amount(D("1234.56"), grouping=False) == "1234.56"
    assert format_amount(D("1234567"), grouping=False) == "1234567.00"


def test_formatted_amounts_parse_back() -> None:
    amount = D("9876543.21")
    assert parse_amount(format_amount(amount)) == amount
    assert parse_amount(format_amount(amount, grouping=False)) == amount


# --- properties --------------------------------------------------------------------------------

fens = st.integers(min_value=-MAX_FEN, max_value=MAX_FEN)


@given(fens)
def test_any_fen_amount_survives_text_and_fen_round_trips(n: int) -> None:
    amount = from_fen(n)
    assert parse_amount(str(amount)) == amount
    assert parse_amount(format_amount(amount)) == amount
    assert to_fen(amount) == n


@given(
    fens,
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=6).filter(lambda ws: sum(ws) > 0),
)
def test_split_legs_always_sum_exactly_to_the_total(n: int, weights: list[int]) -> None:
    total = from_fen(n)
    legs = split(total, [D(w) for w in weights])
    assert len(legs) == len(weights)
    assert sum(legs, D("0.00")) == total
    assert all(places(leg) <= 2 for leg in legs)


@given(
    fens,
    st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False),
)
def test_percent_of_is_two_places_and_within_half_a_fen_of_the_exact_product(n: int, rate: Decimal) -> None:
    amount = from_fen(n)
    result = percent_of(amount, rate)
    assert places(result) == 2
    assert abs(result - amount * rate) <= D("0.005")


@pytest.mark.parametrize(
    ("amount", "upper"),
    [
        ("12345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("100", "人民币壹佰元整"),
        ("10.05", "人民币壹拾元零伍分"),
        ("10.50", "人民币壹拾元伍角整"),
        ("0.50", "人民币伍角整"),
        ("0.05", "人民币伍分"),
        ("0", "人民币零元整"),
        ("1000001", "人民币壹佰万零壹元整"),
        ("10010000", "人民币壹仟零壹万元整"),
        ("100000001", "人民币壹亿零壹元整"),
        ("100000000", "人民币壹亿元整"),
        ("1010.10", "人民币壹仟零壹拾元壹角整"),
        ("30000000.00", "人民币叁仟万元整"),
        ("-8.00", "人民币负捌元整"),
    ],
)
def test_amounts_in_chinese_upper_case(amount: str, upper: str) -> None:
    from ledger.domain.money import chinese_upper

    assert chinese_upper(parse_amount(amount)) == upper
