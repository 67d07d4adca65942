"""Parties (donors, the company, operations, organisations, platforms) and compounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.codes import COMPOUND_KINDS, PARTY_KINDS
from ledger.domain.text import clean_text, optional_text
from ledger.errors import Conflict, InputError
from ledger.services.auth import require
from ledger.storage.register import register, registered
from ledger.storage.uow import UnitOfWork, Work

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class AddResult:
    code: str
    already: bool


def valid_uscc(code: str) -> bool:
    """Check a 统一社会信用代码 (GB 32100-2015): 18 characters with a mod-31 check character."""
    if len(code) != 18 or any(c not in _USCC_CHARS for c in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def add_party(
    work: Work,
    actor: str | None,
    *,
    code: str,
    name: str,
    kind: str,
    uscc: str | None = None,
    related: str | None = None,
) -> AddResult:
    """Register a party (``related``: how it is related to the fund or its host, if it is a
    related party); the same code with the same details again is harmless."""
    with work() as uow:
        require(uow, actor, ("admin", "treasurer", "community"), "party add")
        if kind not in PARTY_KINDS:
            raise InputError("kind_invalid", kind=kind, kinds=", ".join(PARTY_KINDS))
        if uscc and not valid_uscc(uscc.strip().upper()):
            raise InputError("uscc_invalid", uscc=uscc)
        row: dict[str, str | None] = {
            "code": clean_text(code, "code", limit=60),
            "name": clean_text(name, "name", limit=200),
            "kind": kind,
        }
        row["uscc"] = uscc.strip().upper() if uscc else None
        row["related"] = optional_text(related, "related", limit=200)
        return _add(uow, "party", row)


def add_compound(work: Work, actor: str | None, *, code: str, name: str, kind: str) -> AddResult:
    """Register a compound (小区), three-no courtyard (院落) or scattered building (楼栋)."""
    with work() as uow:
        require(uow, actor, ("admin", "community", "treasurer"), "compound add")
        if kind not in COMPOUND_KINDS:
            raise InputError("kind_invalid", kind=kind, kinds=", ".join(COMPOUND_KINDS))
        row = {
            "code": clean_text(code, "code", limit=60),
            "name": clean_text(name, "name", limit=200),
            "kind": kind,
        }
        return _add(uow, "compound", row)


def _add(uow: UnitOfWork, kind: str, row: dict[str, Any]) -> AddResult:
    existing = registered(uow, kind, row["code"])
    if existing is not None:
        if all(getattr(existing, k) == v for k, v in row.items()):
            return AddResult(row["code"], already=True)
        raise Conflict("code_exists", code=row["code"])
    register(uow, kind, row)
    uow.commit()
    return AddResult(row["code"], already=False)
