"""The money rules: 20% profit share and 70% surplus feedback, loaded from fixtures/rules.toml."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.data.fixtures import donation_accounts, load_rules
from ledger.domain.entries import EntryDraft
from ledger.domain.money import from_fen, round_half_up
from ledger.domain.periods import parse_period
from ledger.domain.rules import RateRule, rule_entry, rule_in_force, transfer_amount
from ledger.errors import InputError

D = Decimal
DAY = dt.date(2026, 10, 31)
PERIOD = parse_period("2026Q3")


def _rule(kind: str) -> RateRule:
    return rule_in_force(load_rules()[kind], DAY)


# --- the rule data -----------------------------------------------------------------------------


def test_profit_share_rule_is_twenty_percent_into_the_community_fund() -> None:
    rule = _rule("profit_share")
    assert rule.kind == "profit_share"
    assert rule.rate == D("0.20")
    assert isinstance(rule.rate, Decimal)
    assert rule.fund == "community"
    assert (rule.debit, rule.credit) == ("1002", "4101.02")


def test_surplus_feedback_rule_is_seventy_percent_into_the_feedback_fund() -> None:
    rule = _rule("surplus_feedback")
    assert rule.kind == "surplus_feedback"
    assert rule.rate == D("0.70")
    assert rule.fund == "feedback"
    assert (rule.debit, rule.credit) == ("1002", "4101.01")


def test_rules_are_listed_newest_first() -> None:
    for rules in load_rules().values():
        dates = [r.effective_from for r in rules]
        assert dates == sorted(dates, reverse=True)


def test_donation_accounts_come_from_the_rule_file() -> None:
    assert donation_accounts() == {"restricted": "4101.01", "unrestricted": "4101.02", "cash": "1002"}


# --- transfer_amount ---------------------------------------------------------------------------


@pytest.mark.parametrize("profit", [D("0.00"), D("-0.01"), D("-123456.78")])
@pytest.mark.parametrize("kind", ["profit_share", "surplus_feedback"])
def test_transfer_is_zero_for_no_profit_or_a_loss(kind: str, profit: Decimal) -> None:
    assert transfer_amount(_rule(kind), profit) == D("0.00")


def test_twenty_percent_of_a_profit_rounds_half_up() -> None:
    # 123456.78 x 0.20 = 24691.356 -> 24691.36
    assert transfer_amount(_rule("profit_share"), D("123456.78")) == D("24691.36")


def test_seventy_percent_of_five_fen_rounds_half_up_to_four_fen() -> None:
    # 0.05 x 0.70 = 0.035 -> 0.04
    assert transfer_amount(_rule("surplus_feedback"), D("0.05")) == D("0.04")


def test_a_half_fen_tie_rounds_up_not_to_even() -> None:
    # 0.15 x 0.70 = 0.105 -> 0.11 (banker's rounding would give 0.10)
    assert transfer_amount(_rule("surplus_feedback"), D("0.15")) == D("0.11")


# --- rule_entry --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["profit_share", "surplus_feedback"])
def test_rule_entry_is_none_for_a_loss_or_no_profit(kind: str) -> None:
    rule = _rule(kind)
    assert rule_entry(rule, "ssc", PERIOD, D("-500.00"), DAY, None) is None
    assert rule_entry(rule, "ssc", PERIOD, D("0.00"), DAY, None) is None


def test_rule_entry_is_none_when_the_share_rounds_to_zero() -> None:
    # 0.02 x 0.20 = 0.004 -> 0.00
    assert rule_entry(_rule("profit_share"), "ssc", PERIOD, D("0.02"), DAY, None) is None


@pytest.mark.parametrize(
    ("kind", "profit", "amount"),
    [("profit_share", D("123456.78"), D("24691.36")), ("surplus_feedback", D("1000.00"), D("700.00"))],
)
def test_rule_entry_is_a_balanced_transfer_into_the_rule_fund(kind: str, profit: Decimal, amount: Decimal) -> None:
    rule = _rule(kind)
    entry = rule_entry(rule, "ssc", PERIOD, profit, DAY, "c01")
    assert isinstance(entry, EntryDraft)
    assert entry.kind == kind
    assert entry.date == DAY
    assert entry.reverses is None
    assert sum(p.amount for p in entry.postings) == 0
    debit, credit = entry.postings
    assert (debit.account, debit.amount) == (rule.debit, amount)
    assert (credit.account, credit.amount) == (rule.credit, -amount)
    for posting in entry.postings:
        assert posting.fund == rule.fund
        assert posting.party == "ssc"
        assert posting.compound == "c01"


def test_rule_entry_memo_names_party_period_rate_and_profit() -> None:
    entry = rule_entry(_rule("profit_share"), "ssc", PERIOD, D("123456.78"), DAY, None)
    assert entry is not None
    assert entry.memo == "profit_share ssc 2026Q3 20% x 123456.78"


# --- rule_in_force -----------------------------------------------------------------------------

OLD = RateRule("profit_share", dt.date(2020, 1, 1), D("0.20"), "community", "1002", "4101.02")
NEW = RateRule("profit_share", dt.date(2026, 7, 1), D("0.25"), "community", "1002", "4101.02")
NEWEST_FIRST = (NEW, OLD)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2020, 1, 1), OLD),
        (dt.date(2026, 6, 30), OLD),
        (dt.date(2026, 7, 1), NEW),
        (dt.date(2030, 1, 1), NEW),
    ],
)
def test_rule_in_force_is_the_newest_rule_on_or_before_the_day(day: dt.date, expected: RateRule) -> None:
    assert rule_in_force(NEWEST_FIRST, day) == expected


def test_no_rule_is_in_force_before_the_first_one() -> None:
    with pytest.raises(InputError) as caught:
        rule_in_force(NEWEST_FIRST, dt.date(2019, 12, 31))
    assert caught.value.key == "rule_not_in_force"
    assert caught.value.fields["date"] == "2019-12-31"


def test_no_rule_is_in_force_when_there_are_none() -> None:
    with pytest.raises(InputError) as caught:
        rule_in_force((), DAY)
    assert caught.value.key == "rule_not_in_force"


# --- properties --------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=10**13).map(from_fen), st.sampled_from(["profit_share", "surplus_feedback"]))
def test_transfer_is_the_half_up_share_and_never_above_the_profit(profit: Decimal, kind: str) -> None:
    rule = _rule(kind)
    transfer = transfer_amount(rule, profit)
    assert transfer == round_half_up(profit * rule.rate)
    assert D("0.00") <= transfer <= profit
