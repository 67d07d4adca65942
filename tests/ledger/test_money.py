"""Money: the amount parser, half-up rounding, exact splits, fen conversion and display."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InputError
from ledger.money import (
    MAX_AMOUNT,
    MAX_FEN,
    format_amount,
    from_fen,
    parse_amount,
    parse_positive,
    percent_of,
    round_half_up,
    split,
    to_fen,
)

D = Decimal


def _places(amount: Decimal) -> int:
    """How many decimal places an amount is written with."""
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


# --- parse_amount: what it accepts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", D("1234.56")),
        ("1,234.56", D("1234.56")),
        ("¥1234.56", D("1234.56")),
        ("￥12", D("12.00")),
        ("12元", D("12.00")),
        (D("1.5"), D("1.50")),
        (7, D("7.00")),
        ("  42.10  ", D("42.10")),
        ("-3.5", D("-3.50")),
        ("1,234,567", D("1234567.00")),
    ],
)
def test_parser_accepts_plain_grouped_and_currency_marked_amounts(value: object, expected: Decimal) -> None:
    result = parse_amount(value)
    assert result == expected
    assert _places(result) == 2


def test_parser_always_returns_two_places() -> None:
    assert str(parse_amount("12")) == "12.00"
    assert str(parse_amount(7)) == "7.00"
    assert str(parse_amount(D("1.5"))) == "1.50"


@pytest.mark.parametrize("value", ["-0", "-0.00", D("-0"), D("-0.00")])
def test_parser_turns_negative_zero_into_plain_zero(value: object) -> None:
    result = parse_amount(value)
    assert result == D("0.00")
    assert str(result) == "0.00"
    assert not result.is_signed()


def test_parser_accepts_the_largest_amount_exactly() -> None:
    assert parse_amount(str(MAX_AMOUNT)) == MAX_AMOUNT
    assert parse_amount(-MAX_AMOUNT) == -MAX_AMOUNT


# --- parse_amount: what it refuses, and with which key ----------------------------------------


def test_parser_refuses_floats() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(1.5)
    assert caught.value.key == "amount_float"


def test_parser_refuses_booleans_even_though_they_are_ints() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(True)
    assert caught.value.key == "amount_invalid"


def test_parser_refuses_more_than_two_decimal_places() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("1.005")
    assert caught.value.key == "amount_places"


def test_parser_refuses_a_decimal_with_more_than_two_places() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(D("0.001"))
    assert caught.value.key == "amount_places"


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "inf",
        "-inf",
        "1e3",
        "１２３",
        "",
        "  ",
        "1,23.00",
        "12,34",
        "1.2.3",
        "abc",
        "¥",
        "元",
        None,
        b"12",
        "3￥",
        "1¥2",
    ],
)
def test_parser_refuses_malformed_text_and_other_types(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(value)
    assert caught.value.key == "amount_invalid"


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
def test_parser_refuses_non_finite_decimals(value: Decimal) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(value)
    assert caught.value.key == "amount_invalid"


@pytest.mark.parametrize("value", [10**20, -(10**20), D("1E+30"), MAX_AMOUNT + D("0.01"), str(MAX_AMOUNT + 1)])
def test_parser_refuses_amounts_out_of_range(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount(value)
    assert caught.value.key == "amount_range"


def test_parser_names_the_field_in_its_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("1.005", field="price")
    assert caught.value.fields["field"] == "price"
    assert caught.value.fields["value"] == "1.005"


def test_input_error_exits_with_code_two() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("nope")
    assert caught.value.exit_code == 2


# --- parse_positive ----------------------------------------------------------------------------


def test_positive_parser_accepts_amounts_above_zero() -> None:
    assert parse_positive("0.01") == D("0.01")
    assert parse_positive("1,000") == D("1000.00")


@pytest.mark.parametrize("value", ["0", "-0", 0, "-0.01", -5, D("-1")])
def test_positive_parser_refuses_zero_and_negatives(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_positive(value)
    assert caught.value.key == "amount_not_positive"


def test_positive_parser_still_refuses_floats_first() -> None:
    with pytest.raises(InputError) as caught:
        parse_positive(-1.0)
    assert caught.value.key == "amount_float"


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
    assert _places(result) == 2


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
    assert _places(from_fen(fen)) == 2


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


def test_format_groups_thousands_with_two_places() -> None:
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
    assert all(_places(leg) <= 2 for leg in legs)


@given(
    fens,
    st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False),
)
def test_percent_of_is_two_places_and_within_half_a_fen_of_the_exact_product(n: int, rate: Decimal) -> None:
    amount = from_fen(n)
    result = percent_of(amount, rate)
    assert _places(result) == 2
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
    from ledger.money import chinese_upper

    assert chinese_upper(parse_amount(amount)) == upper
