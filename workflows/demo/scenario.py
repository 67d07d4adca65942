"""The Longmatan demo: a year of community-fund money and 142 micro-projects, recorded through
the same services as the CLI (so it passes every check), from ``fixtures/demo.toml`` with a
fixed seed. The company's, the shopping district's and the platforms' gifts get their receipts;
the merchants' small gifts are left for ``receipt list --missing``."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ledger.data.fixtures import fixture_path
from ledger.domain.progress import Progress
from ledger.services import ledger_ops, receipts, registry, setup, transfers
from ledger.services.identity import this_account
from ledger.storage.clock import utc_now
from ledger.storage.engine import Store
from ledger.storage.uow import UnitOfWork
from workflows.demo.books import file_duties, record, settle_steps

EXPENSE_COUNT = 40

#: The demo is one person's: every user of it is the account running it.
ME = this_account()


@dataclass
class Demo:
    """A demo run: where it writes and how it reports progress."""

    store: Store
    config: dict[str, Any]
    progress: Progress
    steps: int = 0
    at: dt.datetime | None = None  # the simulated moment of the next call (None: now)
    today: dt.datetime = field(default_factory=utc_now)  # when the demo runs: projects stop there

    def uow(self) -> UnitOfWork:
        """A unit of work at the simulated moment: entries and events of a step share it."""
        return UnitOfWork(self.store, self.config["book"], now=self.at)

    def call(self, service: Callable[..., Any], actor: str, /, **kwargs: Any) -> Any:
        result = service(self.uow, actor, **kwargs)
        self.steps += 1
        self.progress(self.steps, planned_steps(self.config))
        return result


def planned_steps(config: dict[str, Any]) -> int:
    """How many service calls a demo makes (for the progress bar)."""
    places = config["compounds"] + config["courtyards"] + config["buildings"]
    registrations = 3 + len(config["party"]) + config["merchants_total"] + places
    donations = (12 + 4 + len(PLATFORM_GRANTS)) * 2 + config["merchants_donating"] + 2  # most with a receipt
    workflow = config["organisations"]["total"] + 60
    transfers, expenses = 4 + 36, EXPENSE_COUNT + settle_steps(config)
    steps = registrations + donations + transfers + expenses + workflow + 5
    return steps + config["projects"] * 12  # two votes and two reports each


def load_config() -> dict[str, Any]:
    return tomllib.loads(fixture_path("demo.toml").read_text(encoding="utf-8"))


def start(store: Store, progress: Progress = lambda done, total: None) -> tuple[Demo, random.Random]:
    """The book, its users, parties and places: what the money and the history need."""
    config = load_config()
    demo = Demo(store, config, progress)
    users = config["users"]
    setup.init_book(store, book=config["book"], name=config["book_name"], admin=users["admin"])
    for role in ("treasurer", "auditor", "community"):
        demo.call(setup.add_user, users["admin"], name=users[role], roles=[role], credential=ME)
    rng = random.Random(config["seed"])
    _register(demo, rng)
    return demo, rng


def build(
    store: Store, progress: Progress = lambda done, total: None, history_years: int = 0, history: Any = None
) -> str:
    """Build the demo book in ``store`` (after ``history_years`` of generated history, reported
    to ``history(entries, seconds)``); returns the book code."""
    demo, rng = start(store, progress)
    config = demo.config
    if history_years:
        from workflows.demo.history import load_history

        started = time.perf_counter()
        entries = load_history(store, config, history_years, progress)
        if history:
            history(entries, time.perf_counter() - started)
    _money(demo, rng)
    from workflows.demo.projects import run_projects

    run_projects(demo, rng)
    return str(config["book"])


def _register(demo: Demo, rng: random.Random) -> None:
    treasurer, names = demo.config["users"]["treasurer"], demo.config["names"]
    for party in demo.config["party"]:
        demo.call(registry.add_party, treasurer, **party)
    for n in range(1, demo.config["merchants_total"] + 1):
        name = f"{rng.choice(names['surnames'])}记{rng.choice(names['trades'])}（{n:03d}）"
        demo.call(registry.add_party, treasurer, code=f"m{n:03d}", name=name, kind="merchant")
    roads = names["roads"]
    for n in range(1, demo.config["compounds"] + 1):
        name = f"{roads[n % len(roads)]}路{n}号小区"
        demo.call(registry.add_compound, treasurer, code=f"c{n:02d}", name=name, kind="compound")
    for n in range(1, demo.config["courtyards"] + 1):
        name = f"{roads[n % len(roads)]}街{n}号院（三无院落）"
        demo.call(registry.add_compound, treasurer, code=f"y{n:03d}", name=name, kind="courtyard")
    for n in range(1, demo.config["buildings"] + 1):
        name = f"{roads[n % len(roads)]}巷{n}号楼（散居楼栋）"
        demo.call(registry.add_compound, treasurer, code=f"b{n:04d}", name=name, kind="building")


def place(config: dict[str, Any], rng: random.Random) -> str:
    """A place for a need or a transfer: most in the compounds, some in the courtyards and buildings."""
    draw = rng.random()
    if draw < 0.6:
        return f"c{rng.randint(1, config['compounds']):02d}"
    if draw < 0.85:
        return f"y{rng.randint(1, config['courtyards']):03d}"
    return f"b{rng.randint(1, config['buildings']):04d}"


def _month_day(year: int, month: int, day: int) -> str:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1])).isoformat()


def _money(demo: Demo, rng: random.Random) -> None:
    year, who = demo.config["year"], demo.config["users"]["treasurer"]
    _donations(demo, rng, year, who)
    shares = []
    for q in range(1, 5):
        profit = f"{rng.randint(380_000_00, 520_000_00) / 100:.2f}"
        shares.append(demo.call(transfers.profit_share, who, company="ssc", period=f"{year}Q{q}", net_profit=profit))
    for month in range(1, 13):
        for op, low, high in (("canteen", 8_000, 16_000), ("childcare", 5_000, 12_000), ("grocery", -2_000, 9_000)):
            profit = f"{rng.randint(low * 100, high * 100) / 100:.2f}"
            compound = place(demo.config, rng)
            period = f"{year}-{month:02d}"
            demo.call(transfers.feedback, who, operation=op, period=period, net_profit=profit, compound=compound)
    _expenses(demo, rng, year, who)
    record(demo, year, who)
    file_duties(demo, year, who, [s.posted.seq for s in shares if s.posted])


def _donations(demo: Demo, rng: random.Random, year: int, who: str) -> None:
    def give(donor: str, amount: str, fund: str, date: str, key: str, memo: str | None = None) -> Any:
        return demo.call(ledger_ops.donate, who, donor=donor, amount=amount, fund=fund, date=date, key=key, memo=memo)

    given: list[tuple[str, int]] = []

    def receipted(donor: str, amount: str, fund: str, date: str, key: str) -> None:
        given.append((date, give(donor, amount, fund, date, key).seq))

    for month in range(1, 13):
        receipted("gas", "20000.00", "community", _month_day(year, month, 5), f"gas-{year}-{month:02d}")
    for q in range(1, 5):
        receipted("bubugao", "50000.00", "community", _month_day(year, 3 * q, 20), f"bubugao-{year}Q{q}")
    _merchant_donations(demo, rng, year, who)
    for donor, fund, amount, month in PLATFORM_GRANTS:
        receipted(donor, amount, fund, _month_day(year, month, 15), f"{donor}-{fund}-{year}-{month}")
    for date, seq in sorted(given):  # each receipt (公益事业捐赠票据) the day its gift came, in order
        demo.call(receipts.issue, who, request=receipts.Request(entry=seq, date=date))
    # A merchant's donation keyed twice by mistake, then corrected by a reversal.
    twice = give("m001", "500.00", "community", _month_day(year, 11, 3), f"merchant-m001-{year}-dup", "重复录入")
    demo.call(ledger_ops.reverse, who, entry=twice.seq, reason="重复录入，冲销", date=_month_day(year, 11, 4))


PLATFORM_GRANTS = (
    ("tencent", "platform", "180000.00", 4),
    ("tencent", "platform", "120000.00", 9),
    ("onefoundation", "disaster", "60000.00", 7),
)


def _merchant_donations(demo: Demo, rng: random.Random, year: int, who: str) -> None:
    """Some of the 728 merchants of the 社商联盟会 give once in the year."""
    donors = rng.sample(range(1, demo.config["merchants_total"] + 1), demo.config["merchants_donating"])
    for n in sorted(donors):
        date = _month_day(year, rng.randint(1, 12), rng.randint(1, 28))
        amount = f"{rng.randint(2, 50) * 100}.00"
        demo.call(
            ledger_ops.donate,
            who,
            donor=f"m{n:03d}",
            amount=amount,
            fund="community",
            date=date,
            key=f"merchant-m{n:03d}-{year}",
            memo="社商联盟会商户捐赠",
        )


EXPENSES = (
    ("community", "5101.04", "community_service", "volunteers", "社区志愿服务"),
    ("community", "5101.02", "hardship_aid", "swc", "困难家庭帮扶"),
    ("community", "5101.01", "poverty_relief", "swc", "低保户慰问"),
    ("feedback", "5101.04", "community_service", "repairs", "院落公共设施维修"),
    ("feedback", "5101.05", "other_welfare", "volunteers", "长者生日会"),
    ("disaster", "5101.03", "disaster_relief", "swc", "汛期应急物资"),
    ("platform", "5101.04", "community_service", "repairs", "垃圾分类站建设"),
)


def _expenses(demo: Demo, rng: random.Random, year: int, who: str) -> None:
    for n in range(EXPENSE_COUNT):
        fund, account, purpose, payee, memo = EXPENSES[n % len(EXPENSES)]
        month = 2 + n % 11
        amount = f"{rng.randint(20, 120) * 100}.00"
        demo.call(
            ledger_ops.expense,
            who,
            fund=fund,
            account=account,
            amount=amount,
            purpose=purpose,
            payee=payee,
            date=_month_day(year, month, 25),
            memo=memo,
            key=f"expense-{year}-{n:02d}",
        )
