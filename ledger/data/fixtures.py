"""Reading the data files under ``fixtures/``: chart of accounts, purposes, funds, the money rules
and the spending-ratio thresholds. Each is read once."""

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


def thresholds() -> tuple[Decimal, Decimal, str]:
    """(charitable minimum, management maximum, organisation type) from the rules file."""
    data = _rules()["ratios"]
    kind = data["organisation_type"]
    return Decimal(data["charitable_min"]), Decimal(data["management_max"][kind]), kind


@cache
def _rules() -> dict[str, Any]:
    return tomllib.loads(fixture_path("rules.toml").read_text(encoding="utf-8"))
