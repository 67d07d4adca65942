"""评审: the social work centre returns, rejects or approves an application; and cancelling a
project, which releases any open commitment."""

from __future__ import annotations

from decimal import Decimal

from ledger.domain.money import parse_positive
from ledger.domain.text import clean_text
from ledger.errors import InputError, LedgerError
from ledger.services.journal import PostResult, post
from ledger.storage.repository import fund_balances, fund_commitments
from ledger.storage.tables import Fund, User
from ledger.storage.uow import UnitOfWork
from workflows.project import effects as entries
from workflows.services.transition import Fired, fire
from workflows.storage.repository import project_money, reserved_contributions
from workflows.storage.tables import Project


def return_(uow: UnitOfWork, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer sends the application back for revision."""
    return fire(uow, actor, project, "return", clean_text(note, "note", limit=2000))


def reject(uow: UnitOfWork, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer turns the application down."""
    return fire(uow, actor, project, "reject", clean_text(note, "note", limit=2000))


def approve(
    uow: UnitOfWork, actor: str | None, *, project: int, amount: str | None = None, note: str | None = None
) -> Fired:
    """规范化评审通过: commit the grant, only if the fund has that much available."""
    value = parse_positive(amount) if amount else None

    def commit_grant(uow: UnitOfWork, user: User, row: Project) -> PostResult:
        granted = value if value is not None else row.requested_fen
        if granted is None or row.requested_fen is None or granted > row.requested_fen:
            raise InputError("approve_above_request", amount=str(granted), requested=str(row.requested_fen))
        fund = uow.session.get(Fund, row.fund_id)
        assert fund is not None and fund.id is not None
        available = available_for(uow, fund.id, row)
        if granted > available:
            raise LedgerError("fund_insufficient", fund=fund.code, available=str(available), amount=str(granted))
        row.approved_fen, row.reviewer_id = granted, user.id
        return post(uow, user, entries.commitment(row.id or 0, row.seq, fund.code, granted, uow.now.date()))

    return fire(uow, actor, project, "approve", note, commit_grant)


def available_for(uow: UnitOfWork, fund_id: int, row: Project) -> Decimal:
    """What a fund can commit to this project: its balance less open commitments and less the
    co-funding held for other projects not yet approved (this project's own counts for it)."""
    balance = fund_balances(uow, [fund_id])[fund_id]
    committed = fund_commitments(uow, [fund_id])[fund_id]
    return balance - committed - reserved_contributions(uow.session, fund_id, row.id or 0)


def release_open(uow: UnitOfWork, user: User, row: Project, why: str) -> PostResult | None:
    """Release whatever is still committed to the project (nothing when nothing is open)."""
    money = project_money(uow.session, row.id or 0)
    if money.open <= 0:
        return None
    fund = uow.session.get(Fund, row.fund_id)
    assert fund is not None
    return post(uow, user, entries.release(row.id or 0, row.seq, fund.code, money.open, uow.now.date(), why))


def cancel(uow: UnitOfWork, actor: str | None, *, project: int, reason: str) -> Fired:
    """撤销: before work starts; an approved project's commitment is released."""
    return fire(
        uow,
        actor,
        project,
        "cancel",
        clean_text(reason, "reason", limit=2000),
        lambda uow, user, row: release_open(uow, user, row, "cancel"),
    )
