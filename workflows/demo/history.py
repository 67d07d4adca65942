"""Years of generated history before the demo year (``cfund demo --years N``), for benchmarks.

Each year at the district's real volume, with a fixed seed: the gas utility's monthly donation,
every one of the 728 merchants giving monthly, the shopping district's quarterly gift, platform
co-funding, the company's quarterly 20% and the three operations' monthly 70% (from 2020, when
the rules took effect), and about a hundred small payments a month. Entries go in through the
bulk path, a few years per transaction; payments are sized from what the fund holds, so every
check passes as it would for a treasurer."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from decimal import Decimal
from itertools import chain
from typing import Any

from ledger.data.fixtures import donation_accounts, load_rules
from ledger.domain.codes import BANK, CASH_ON_HAND
from ledger.domain.entries import Item, Leg
from ledger.domain.periods import parse_period
from ledger.domain.progress import Progress, Tally
from ledger.domain.rules import rule_entry, rule_in_force
from ledger.errors import CfundError
from ledger.services import bulk
from ledger.storage.engine import Store
from ledger.storage.uow import UnitOfWork
from workflows.demo.scenario import place

PAYMENTS_PER_MONTH = 100
#: The micro-profit operations and the range of their monthly net profit (yuan).
OPERATIONS = (("canteen", 8_000, 16_000), ("childcare", 5_000, 12_000), ("grocery", -2_000, 9_000))
#: Months in which the charity platform co-funds.
PLATFORM_MONTHS = (4, 9)
#: Years of history per transaction (measured at 108 years: 10 beats 1 and all 108).
SPAN = 10
SPENDING = (
    ("community", "5101.04", "community_service"),
    ("community", "5101.02", "hardship_aid"),
    ("feedback", "5101.05", "other_welfare"),
    ("feedback", "5101.04", "community_service"),
)


class _Year:
    """The entries of one history year, tracking what each fund holds (fen) so payments never overdraw."""

    def __init__(self, config: dict[str, Any], rng: random.Random, year: int, held: dict[str, int]) -> None:
        self.config, self.rng, self.year, self.held = config, rng, year, held
        accounts, self.rules = donation_accounts(), load_rules()
        self.merchants = [(m, f"m{m:03d}", f"donation m{m:03d}") for m in range(1, config["merchants_total"] + 1)]
        #: The cash account, and the income account by whether the fund is the unrestricted one.
        self.cash, self.income = accounts["cash"], {True: accounts["unrestricted"], False: accounts["restricted"]}

    def item(self, day: dt.date, kind: str, memo: str, legs: tuple[Leg, ...], key: str) -> Item:
        """An entry under ``key``, counted into what each fund holds."""
        for leg in legs:
            if leg.account in (CASH_ON_HAND, BANK):
                self.held[leg.fund] = self.held.get(leg.fund, 0) + leg.fen
        return Item(day, kind, memo, legs, key, hashlib.sha256(key.encode()).hexdigest())

    def donation(self, day: dt.date, donor: str, fund: str, yuan: int, key: str, memo: str = "") -> Item:
        fen, income = yuan * 100, self.income[fund == "community"]
        legs = (Leg(self.cash, fund, fen, donor), Leg(income, fund, -fen, donor))
        return self.item(day, "donation", memo or f"donation {donor}", legs, key)

    def transfer(self, kind: str, party: str, period: str, low: int, high: int) -> Iterator[Item]:
        span = parse_period(period)
        try:
            rule = rule_in_force(self.rules[kind], span.end)
        except CfundError:
            return  # the rule was not yet in force
        profit = Decimal(self.rng.randint(low * 100, high * 100)) / 100
        draft = rule_entry(rule, party, span, profit, span.end, place(self.config, self.rng))
        if draft is not None:
            yield self.item(draft.date, draft.kind, draft.memo, Item.of(draft).legs, f"history-{kind}-{party}-{period}")

    def payments(self, month: int) -> Iterator[Item]:
        day = dt.date(self.year, month, 25)
        for n in range(PAYMENTS_PER_MONTH):
            fund, account, purpose = SPENDING[n % len(SPENDING)]
            budget = self.held.get(fund, 0) // (2 * PAYMENTS_PER_MONTH)
            fen = min(self.rng.randint(50, 800) * 100, budget)
            if fen <= 0:
                continue
            legs = (Leg(account, fund, fen, purpose=purpose), Leg(BANK, fund, -fen, purpose=purpose))
            key = f"history-pay-{self.year}-{month:02d}-{n:03d}"
            yield self.item(day, "expense", f"社区服务支出 {purpose}", legs, key)

    def entries(self) -> Iterator[Item]:
        y, rng = self.year, self.rng
        for month in range(1, 13):
            yield self.donation(dt.date(y, month, 5), "gas", "community", 20000, f"history-gas-{y}-{month}")
            days = [dt.date(y, month, 1 + d) for d in range(28)]
            for m, donor, memo in self.merchants:
                yuan = rng.randint(5, 80) * 10
                yield self.donation(days[m % 28], donor, "community", yuan, f"h-{y}-{month}-{m}", memo)
            if month % 3 == 0:
                yield self.donation(dt.date(y, month, 20), "bubugao", "community", 50000, f"history-bbg-{y}-{month}")
                yield from self.transfer("profit_share", "ssc", f"{y}Q{month // 3}", 380_000, 520_000)
            if month in PLATFORM_MONTHS:
                yield self.donation(dt.date(y, month, 15), "tencent", "platform", 150000, f"history-tc-{y}-{month}")
            for op, low, high in OPERATIONS:
                yield from self.transfer("surplus_feedback", op, f"{y}-{month:02d}", low, high)
            yield from self.payments(month)


def most_entries(config: dict[str, Any]) -> int:
    """The most entries one history year can hold (payments the funds cannot cover, and rules
    not yet in force, make some years smaller): the progress bar's total."""
    monthly = 1 + config["merchants_total"] + len(OPERATIONS) + PAYMENTS_PER_MONTH  # gas, merchants, 70%, payments
    return 12 * monthly + 4 * 2 + len(PLATFORM_MONTHS)  # quarterly: the shopping district and the 20%


def load_history(store: Store, config: dict[str, Any], years: int, progress: Progress | None = None) -> int:
    """Load ``years`` years of history before the demo year, ``SPAN`` years per transaction (one
    transaction for a million entries spills SQLite's page cache into an ever larger WAL),
    reporting entries loaded to ``progress(done, total)`` batch by batch; returns the number of
    entries."""
    rng, held, written = random.Random(config["seed"] + 1), dict[str, int](), 0
    first, step = config["year"] - years, Tally(progress, years * most_entries(config))
    for start in range(first, config["year"], SPAN):
        span = range(start, min(start + SPAN, config["year"]))
        items = chain.from_iterable(_Year(config, rng, year, held).entries() for year in span)
        with UnitOfWork(store, config["book"]) as uow:
            last = span[-1] == config["year"] - 1
            done = bulk.load(uow, config["users"]["treasurer"], items, batch=2000, progress=step, analyze=last)
            uow.commit()
        written += done.written
    return written
