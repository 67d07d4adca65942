"""The statutory calendar's rules, from ``fixtures/calendar.toml``: each obligation's code, names,
source, how its due dates are found (``every``) with its spans, and what fulfils it
(``done_by``). Values only; :mod:`workflows.reports.calendar` applies them to a book."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from ledger.data.fixtures import fixture_path


@dataclass(frozen=True)
class Obligation:
    code: str
    zh: str
    en: str
    source: str
    every: str
    done_by: str
    spans: dict[str, Any]

    def span(self, name: str) -> int:
        return int(self.spans[name])

    @property
    def amount_from(self) -> Decimal:
        return Decimal(str(self.spans["amount_from"]))


_FIELDS = ("code", "zh", "en", "source", "every", "done_by")


@cache
def obligations() -> tuple[Obligation, ...]:
    data = tomllib.loads(fixture_path("calendar.toml").read_text(encoding="utf-8"))
    return tuple(
        Obligation(**{f: str(o[f]) for f in _FIELDS}, spans={k: v for k, v in o.items() if k not in _FIELDS})
        for o in data["obligation"]
    )


def filed_by_hand() -> dict[str, Obligation]:
    """The obligations a filing fulfils (``report filed``), by code."""
    return {o.code: o for o in obligations() if o.done_by == "filing"}
