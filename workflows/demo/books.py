"""The demo's year beyond donations and expenses, from ``fixtures/demo.toml``: incomes of every
kind (a government pilot grant, services income, bank interest), a pledge paid in instalments,
a prepayment used up, a payable still owed, and gifts in kind and of services at a stated fair
value; so its statements, cash flows and notes have something on every line they are built for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledger.services import accruals, income
from workflows.services import filings


def settle_steps(config: dict[str, Any]) -> int:
    """How many service calls :func:`record` makes."""
    opened = sum(1 + len(config[what]["settled"]) for what in accruals.SETTLED)
    return len(config["income"]) + opened + len(config["gift"])


def record(demo: Any, year: int, who: str) -> None:
    """Every income, accrual, settlement and gift of the demo's year, each once (``--key``)."""
    config = demo.config
    for n, item in enumerate(config["income"]):
        demo.call(income.receive, who, **_dated(item, year), key=f"income-{year}-{n}")
    for what in accruals.SETTLED:
        spec = config[what]
        opened = _accrual(what, spec, spec["amount"], f"{year}-{spec['date']}", f"{what}-{year}")
        demo.call(accruals.accrue, who, accrual=opened)
        for n, day in enumerate(spec["settled"]):
            paid = _accrual(what, spec, spec["instalment"], f"{year}-{day}", f"{what}-{year}-{n}")
            demo.call(accruals.settle, who, accrual=paid)
    for n, gift in enumerate(config["gift"]):
        demo.call(income.gift_in_kind, who, **_dated(gift, year), key=f"gift-{year}-{n}")


def file_duties(demo: Any, year: int, who: str, shares: list[int]) -> None:
    """The year's annual report filed on 20 May of the next year, and the company's quarterly
    transfers (dealings with a related party) published within the month; those whose day has
    not yet come stay due in ``report due``."""
    dates = [(f"{year + 1}-05-20", "annual_report", str(year))]
    after = [(dt.date(year, 3 * q, 28) + dt.timedelta(days=18)).isoformat() for q in range(1, 5)]
    dates += [(day, "related_party", str(seq)) for day, seq in zip(after, shares, strict=False)]
    for day, obligation, ref in dates:
        if day <= demo.today.date().isoformat():
            demo.call(filings.filed, who, obligation=obligation, ref=ref, date=day)


def _accrual(what: str, spec: dict[str, Any], amount: str, date: str, key: str) -> accruals.Accrual:
    terms = {k: spec.get(k) for k in ("party", "fund", "account", "purpose")}
    return accruals.Accrual(what, amount=amount, date=date, key=key, **terms)


def _dated(item: dict[str, Any], year: int) -> dict[str, Any]:
    return {**item, "date": f"{year}-{item['date']}"}
