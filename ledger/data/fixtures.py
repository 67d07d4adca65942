"""Reading the data files under ``fixtures/``: chart of accounts, purposes, funds, the money rules
and the spending rules. Each is read once."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from ledger.domain.rules import RateRule
from ledger.domain.spending import SpendingRule, Tier
from ledger.errors import InputError


def fixture_path(name: str) -> Path:
    """Path of a file in the ``fixtures`` package."""
    return cast(Path, resources.files("fixtures") / name)


@dataclass(frozen=True)
class AccountDef:
    code: str
    type: str
    name_zh: str
    name_en: str
    purpose: str | None


@dataclass(frozen=True)
class PurposeDef:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class FundDef:
    code: str
    name_zh: str
    name_en: str
    restricted: bool
    net_assets: str
    purposes: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with fixture_path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def chart() -> tuple[AccountDef, ...]:
    """The chart of accounts (民间非营利组织会计制度), in code order (read once)."""
    return tuple(
        AccountDef(r["code"], r["type"], r["name_zh"], r["name_en"], r["purpose"] or None)
        for r in _rows("accounts.csv")
    )


@functools.cache
def purposes() -> tuple[PurposeDef, ...]:
    """The permitted purposes of fund spending (read once)."""
    return tuple(PurposeDef(r["code"], r["name_zh"], r["name_en"]) for r in _rows("purposes.csv"))


def funds() -> list[FundDef]:
    """The funds a new book starts with."""
    data = tomllib.loads(fixture_path("funds.toml").read_text(encoding="utf-8"))
    return [
        FundDef(
            f["code"],
            f["name_zh"],
            f["name_en"],
            f["restricted"],
            f["net_assets"],
            tuple(f["purposes"]),
        )
        for f in data["fund"]
    ]


def purpose_account(purpose: str) -> str:
    """The programme-cost account (5101.xx) of a permitted purpose."""
    for account in chart():
        if account.purpose == purpose:
            return account.code
    raise InputError("purpose_invalid", purpose=purpose, purposes=", ".join(p.code for p in purposes()))


@cache
def load_rules() -> dict[str, tuple[RateRule, ...]]:
    """All rate rules by kind, newest first."""
    data = _rules()
    out: dict[str, tuple[RateRule, ...]] = {}
    for kind in ("profit_share", "surplus_feedback"):
        rules = [
            RateRule(
                kind,
                dt.date.fromisoformat(r["effective_from"]),
                Decimal(r["rate"]),
                r["fund"],
                r["debit"],
                r["credit"],
            )
            for r in data[kind]
        ]
        out[kind] = tuple(sorted(rules, key=lambda r: r.effective_from, reverse=True))
    return out


@cache
def donation_accounts() -> dict[str, str]:
    """Accounts a donation posts to: ``cash``, ``restricted`` and ``unrestricted`` income."""
    data = _rules()
    return dict(data["donation"])


@cache
def income_accounts() -> dict[str, str]:
    """The income account of each kind of income other than a donation."""
    return dict(_rules()["income"])


@cache
def accrual_accounts() -> dict[str, str]:
    """The accounts of what is owed until settled: ``receivable``, ``prepayment``, ``payable``."""
    return dict(_rules()["accruals"])


@cache
def in_kind_assets() -> tuple[str, ...]:
    """The accounts goods given in kind may be received into."""
    return tuple(_rules()["in_kind"]["assets"])


@dataclass(frozen=True)
class CashLine:
    """A line of the cash-flow statement: its section, whether it is money in or out, and the
    entry kinds (None: any) and account-code prefixes whose cash it takes."""

    code: str
    section: str
    flow: str
    name_zh: str
    name_en: str
    kinds: tuple[str, ...] | None
    accounts: tuple[str, ...]


@cache
def cash_flow_form() -> tuple[tuple[str, ...], tuple[dict[str, str], ...], tuple[CashLine, ...]]:
    """The cash accounts, the sections and the lines of the cash-flow statement, in order."""
    data = tomllib.loads(fixture_path("cashflow.toml").read_text(encoding="utf-8"))
    lines = tuple(
        CashLine(
            d["code"],
            d["section"],
            d["flow"],
            d["name_zh"],
            d["name_en"],
            tuple(d["kinds"]) if "kinds" in d else None,
            tuple(d["accounts"]),
        )
        for d in data["lines"]
    )
    return tuple(data["cash"]), tuple(data["sections"]), lines


def ratio_settings() -> tuple[str, bool]:
    """The host's organisation type under the spending rule, and whether its charitable ratio is
    computed on three-year averages (article 10)."""
    data = _rules()["ratios"]
    return str(data["organisation_type"]), bool(data.get("three_year_average", False))


@cache
def spending_rules(kind: str) -> tuple[SpendingRule, ...]:
    """The spending rules of one organisation type, newest first."""
    found = [_spending_rule(r) for r in _rules()["spending_rules"] if r["organisation_type"] == kind]
    if not found:
        raise InputError("rule_not_in_force", date=kind)
    return tuple(sorted(found, key=lambda r: r.effective_from, reverse=True))


def _spending_rule(data: dict[str, Any]) -> SpendingRule:
    tiers = tuple(
        Tier(
            Decimal(t["net_assets_from"]),
            Decimal(t["charitable_min"]),
            Decimal(t["management_max"]),
            Decimal(t["income_min"]) if "income_min" in t else None,
        )
        for t in sorted(data["tiers"], key=lambda t: Decimal(t["net_assets_from"]), reverse=True)
    )
    exempt = data.get("exempt_below")
    return SpendingRule(
        data["organisation_type"],
        dt.date.fromisoformat(data["effective_from"]),
        str(data["article"]),
        data["basis"],
        tiers,
        Decimal(exempt) if exempt is not None else None,
    )


@cache
def _rules() -> dict[str, Any]:
    return tomllib.loads(fixture_path("rules.toml").read_text(encoding="utf-8"))
