"""Every income a fund receives besides a cash donation (《民间非营利组织会计制度》): government
grants (政府补助收入, such as pilot-project money), services income (提供服务收入), investment
income (投资收益) and other income (其他收入), each cash into the bank from a payer; and gifts at
their fair value, with its stated basis kept beside the entry: goods (实物捐赠) into inventories
or fixed assets, and donated services (服务捐赠) as the expense they stand for. Each is restricted
or not as the fund receiving it is, and has the guarantees of a donation: a ledger writer's
role, ``--key`` idempotency, the fund's purposes, bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.data.fixtures import donation_accounts, in_kind_assets, income_accounts
from ledger.domain.codes import INCOME_KINDS, LEDGER_WRITERS
from ledger.domain.entries import Posting, make_entry
from ledger.domain.money import parse_positive
from ledger.domain.periods import day_or_today
from ledger.domain.text import clean_text, optional_text
from ledger.errors import InputError
from ledger.services.auth import require
from ledger.services.journal import PostResult, post
from ledger.storage.repository import add_valuation
from ledger.storage.tables import User
from ledger.storage.uow import UnitOfWork, Work


def receive(
    work: Work,
    actor: str | None,
    *,
    kind: str,
    payer: str,
    amount: str,
    fund: str,
    date: str | None = None,
    key: str | None = None,
    memo: str | None = None,
    compound: str | None = None,
) -> PostResult:
    """Income of ``kind`` (one of :data:`INCOME_KINDS`) from ``payer``: cash in, income of the fund."""
    if kind not in INCOME_KINDS:
        raise InputError("income_kind", kind=kind, kinds=", ".join(INCOME_KINDS))
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, f"ledger income {kind}")
        value, note = parse_positive(amount), clean_text(memo, "memo", required=False)
        uow.refs.fund(fund)
        request = {"cmd": f"income {kind}", "payer": payer, "amount": str(value), "fund": fund, "date": date}
        entry = CashIn(kind, payer, value, fund, day_or_today(date, uow.today), note, compound)
        result = cash_in(uow, user, entry, income_accounts()[kind], key, request | {"memo": note, "compound": compound})
        uow.commit()
        return result


@dataclass(frozen=True)
class CashIn:
    """Cash from a party into a fund, as income of some kind."""

    kind: str
    party: str
    value: Decimal
    fund: str
    day: dt.date
    memo: str | None
    compound: str | None


def cash_in(
    uow: UnitOfWork, user: User, entry: CashIn, income: str, key: str | None, request: dict[str, Any]
) -> PostResult:
    """Post ``entry``: cash into the bank, ``income`` of its fund (a donation, or another income)."""
    uow.refs.party(entry.party)
    legs = (
        Posting(donation_accounts()["cash"], entry.fund, entry.value, party=entry.party, compound=entry.compound),
        Posting(income, entry.fund, -entry.value, party=entry.party, compound=entry.compound),
    )
    draft = make_entry(entry.day, entry.kind, entry.memo or f"{entry.kind} {entry.party}", legs)
    return post(uow, user, draft, key=idem_key(key), request=request)


def gift_in_kind(
    work: Work,
    actor: str | None,
    *,
    donor: str,
    fair_value: str,
    basis: str,
    fund: str,
    asset: str | None = None,
    service: str | None = None,
    purpose: str | None = None,
    date: str | None = None,
    key: str | None = None,
    memo: str | None = None,
) -> PostResult:
    """Goods given (``asset``: 1201 inventories or 1501 fixed assets) or a service given
    (``service``: the expense account it stands for, with its ``purpose``) at ``fair_value``
    on the stated ``basis``, as donation income of the fund."""
    if (asset is None) == (service is None):
        raise InputError("gift_asset_or_service")
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "ledger gift")
        value, note = parse_positive(fair_value), clean_text(memo, "memo", required=False)
        stated = clean_text(basis, "basis", limit=500)
        income = donation_accounts()["restricted" if uow.refs.fund(fund).restricted else "unrestricted"]
        uow.refs.party(donor)
        if asset:
            first, kind = _asset_leg(uow, asset, fund, value, donor), "in_kind_donation"
        else:
            first, kind = _service_leg(uow, service or "", fund, value, purpose), "donated_service"
        legs = (first, Posting(income, fund, -value, party=donor, purpose=first.purpose))
        draft = make_entry(day_or_today(date, uow.today), kind, note or f"{kind} {donor}", legs)
        request: dict[str, str | None] = {"cmd": kind, "donor": donor, "fair_value": str(value), "basis": stated}
        request["fund"] = fund
        request |= {"asset": asset, "service": service, "purpose": purpose, "date": date, "memo": note}
        result = post(uow, user, draft, key=idem_key(key), request=request)
        if not result.already:
            add_valuation(uow, result.id or 0, stated)
        uow.commit()
        return result


def _asset_leg(uow: UnitOfWork, asset: str, fund: str, value: Decimal, donor: str) -> Posting:
    if asset not in in_kind_assets():
        raise InputError("gift_asset", code=asset, allowed=", ".join(in_kind_assets()))
    uow.refs.account(asset)
    return Posting(asset, fund, value, party=donor)


def _service_leg(uow: UnitOfWork, service: str, fund: str, value: Decimal, purpose: str | None) -> Posting:
    if uow.refs.account(service).type != "expense":
        raise InputError("account_not_expense", code=service)
    used = optional_text(purpose, "purpose", limit=50)
    return Posting(service, fund, value, purpose=used)


def idem_key(key: str | None) -> str | None:
    """An idempotency key as given (``--key``), checked."""
    return optional_text(key, "key", limit=200)
