"""The rule transfers: 20% of the company's net profit into the community fund, 70% of a
micro-profit operation's net profit into the public-welfare feedback fund.

Once per party per period: the idempotency key is derived from the party and the period, and
a period that overlaps one already transferred is refused. A correction is a reversal followed
by the corrected command.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.data.fixtures import load_rules
from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.money import parse_amount
from ledger.domain.periods import Period, day_or_today, parse_period
from ledger.domain.rules import rule_entry, rule_in_force, transfer_amount
from ledger.errors import Conflict, InputError
from ledger.services.auth import require
from ledger.services.journal import PostResult, live_key, post
from ledger.storage.repository import find_reversal, keys_with_prefix
from ledger.storage.uow import UnitOfWork, Work


@dataclass(frozen=True)
class TransferResult:
    """What a rule transfer did: posted an entry, found it already posted, or had nothing to do."""

    period: str
    net_profit: Decimal
    rate: Decimal
    amount: Decimal
    posted: PostResult | None


def profit_share(
    work: Work,
    actor: str | None,
    *,
    company: str,
    period: str,
    net_profit: str,
    date: str | None = None,
) -> TransferResult:
    """Post 20% (per the rule in force) of the company's net profit into the community fund."""
    return _transfer(work, actor, "profit_share", "company", company, period, net_profit, date, None)


def feedback(
    work: Work,
    actor: str | None,
    *,
    operation: str,
    period: str,
    net_profit: str,
    compound: str | None = None,
    date: str | None = None,
) -> TransferResult:
    """Post 70% (per the rule in force) of an operation's net profit into the feedback fund."""
    return _transfer(
        work,
        actor,
        "surplus_feedback",
        "operation",
        operation,
        period,
        net_profit,
        date,
        compound,
    )


def _transfer(
    work: Work,
    actor: str | None,
    kind: str,
    party_kind: str,
    party: str,
    period_text: str,
    profit_text: str,
    date: str | None,
    compound: str | None,
) -> TransferResult:
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, f"ledger {kind}")
        period, net = parse_period(period_text), parse_amount(profit_text, field="net_profit")
        if not period.is_over(uow.today):  # its profit is known once it is over, as close-period holds
            raise InputError("period_not_over", period=period.label)
        refs = uow.refs
        if refs.party(party).kind != party_kind:
            raise InputError("party_kind", code=party, expected=party_kind, actual=refs.party(party).kind)
        if compound is not None:
            refs.compound(compound)
        rule = rule_in_force(load_rules()[kind], period.start)
        amount = transfer_amount(rule, net)
        day = day_or_today(date, period.end)
        draft = rule_entry(rule, party, period, net, day, compound)
        if draft is None:
            return TransferResult(period.label, net, rule.rate, amount, None)
        _refuse_overlap(uow, f"{kind}:{party}:", period)
        key, _ = live_key(uow, f"{kind}:{party}:{period.label}")
        request = {"cmd": kind, "party": party, "period": period.label, "net_profit": str(net), "compound": compound}
        posted = post(uow, user, draft, key=key, request=request)
        uow.commit()
        return TransferResult(period.label, net, rule.rate, amount, posted)


def _refuse_overlap(uow: UnitOfWork, prefix: str, period: Period) -> None:
    """Refuse a period that overlaps another live transfer of the same party (no double count)."""
    for entry in keys_with_prefix(uow, prefix):
        label = (entry.idem_key or "")[len(prefix) :].split("~")[0]
        if label == period.label or find_reversal(uow, entry.id or 0) is not None:
            continue
        other = parse_period(label)
        if other.start <= period.end and period.start <= other.end:
            raise Conflict(
                "period_overlap",
                period=period.label,
                other=other.label,
                entry=entry.seq,
            )
