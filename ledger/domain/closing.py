"""Closing a month (结账): income and expenses of the month go into net assets, fund by fund
(unrestricted funds into 3101, restricted funds into their 3102.xx), and what restricted funds
spent for their purpose is released to unrestricted net assets (限制解除). Pure builder over
the month's totals; the service posts the entry and locks the month in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from ledger.domain.codes import UNRESTRICTED_NET_ASSETS
from ledger.domain.entries import EntryDraft, Posting, make_entry


def closing_entry(
    totals: Iterable[tuple[str, str, str, Decimal]], funds: dict[str, tuple[bool, str]], day: dt.date, label: str
) -> EntryDraft | None:
    """The closing entry for a month, or None when nothing moved. ``funds`` maps a fund code to
    (restricted, its net-assets account)."""
    legs: list[Posting] = []
    for code, kind, fund, amount in totals:
        restricted, net_assets = funds[fund]
        legs.append(Posting(code, fund, -amount))  # zero the income or expense account
        # restricted income goes to the fund's restricted net assets; expenses are unrestricted,
        # and a restricted fund's spending is then released from restriction (3102.xx -> 3101)
        target = net_assets if kind == "income" else UNRESTRICTED_NET_ASSETS
        legs.append(Posting(target, fund, amount))
        if kind == "expense" and restricted:
            legs += [Posting(net_assets, fund, amount), Posting(UNRESTRICTED_NET_ASSETS, fund, -amount)]
    if not legs:
        return None
    return make_entry(day, "closing", f"closing {label}", tuple(_merge(legs)))


def _merge(legs: list[Posting]) -> list[Posting]:
    """One posting per account and fund (and none that nets to zero)."""
    sums: dict[tuple[str, str], Decimal] = {}
    for leg in legs:
        sums[(leg.account, leg.fund)] = sums.get((leg.account, leg.fund), Decimal("0.00")) + leg.amount
    return [Posting(account, fund, amount) for (account, fund), amount in sorted(sums.items()) if amount]
