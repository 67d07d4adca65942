"""Reading the data files under ``fixtures/``: chart of accounts, purposes, funds."""

from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast


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
    from ledger.errors import InputError

    raise InputError("purpose_invalid", purpose=purpose, purposes=", ".join(p.code for p in purposes()))
