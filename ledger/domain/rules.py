"""The money rules (20% profit share, 70% surplus feedback) as pure functions over rule data.

Rates and accounts live in ``fixtures/rules.toml`` as strings with effective dates, read by
:func:`ledger.data.fixtures.load_rules`; this module applies them. Nothing here reads a file
or a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ledger.domain.entries import EntryDraft, Posting, make_entry
from ledger.domain.money import percent_of
from ledger.domain.periods import Period
from ledger.errors import InputError


@dataclass(frozen=True)
class RateRule:
    """A rate applied to a net profit, into one fund, from a date."""

    kind: str
    effective_from: dt.date
    rate: Decimal
    fund: str
    debit: str
    credit: str


def rule_in_force(rules: tuple[RateRule, ...], day: dt.date) -> RateRule:
    """The newest rule whose effective date is on or before ``day``."""
    for rule in rules:
        if rule.effective_from <= day:
            return rule
    raise InputError("rule_not_in_force", date=day.isoformat())


def transfer_amount(rule: RateRule, net_profit: Decimal) -> Decimal:
    """The share of a net profit a rule transfers; zero for a loss or no profit."""
    if net_profit <= 0:
        return Decimal("0.00")
    return percent_of(net_profit, rule.rate)


def rule_entry(
    rule: RateRule,
    party: str,
    period: Period,
    net_profit: Decimal,
    day: dt.date,
    compound: str | None,
) -> EntryDraft | None:
    """The entry a rule makes for one party and period, or ``None`` when nothing is due."""
    amount = transfer_amount(rule, net_profit)
    if amount == 0:
        return None
    kind = "profit_share" if rule.kind == "profit_share" else "surplus_feedback"
    memo = f"{kind} {party} {period.label} {rule.rate * 100:.0f}% x {net_profit}"
    return make_entry(
        day,
        kind,
        memo,
        (
            Posting(rule.debit, rule.fund, amount, party=party, compound=compound),
            Posting(rule.credit, rule.fund, -amount, party=party, compound=compound),
        ),
    )
