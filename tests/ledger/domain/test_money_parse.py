"""Money: the amount parser, what it accepts and what it refuses (with which key), and the
positive-amount parser."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.domain.money import (
    MAX_AMOUNT,
    parse_amount,
    parse_positive,
)
from ledger.errors import InputError
from tests.ledger.domain.test_money import places

D = Decimal


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
    assert places(result) == 2


def test_parser_always_returns_twoplaces() -> None:
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


def test_parser_refuses_more_than_two_decimalplaces() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("1.005")
    assert caught.value.key == "amount_places"


def test_parser_refuses_a_decimal_with_more_than_twoplaces() -> None:
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
