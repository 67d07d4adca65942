"""评审: the social work centre returns, rejects or approves an application; and cancelling a
project, which releases any open commitment."""

from __future__ import annotations

from decimal import Decimal

from ledger.domain.money import parse_positive
from ledger.domain.text import clean_text
from ledger.errors import InputError, LedgerError
from ledger.storage.repository import fund_balances, fund_commitments
from ledger.storage.uow import UnitOfWork, Work
from workflows.project import effects
from workflows.project.state import Change, ProjectState
from workflows.services.transition import Fired, run
from workflows.storage.repository import project_money, reserved_contributions


def return_(work: Work, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer sends the application back for revision."""
    return run(work, actor, project, "return", clean_text(note, "note", limit=2000))


def reject(work: Work, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer turns the application down."""
    return run(work, actor, project, "reject", clean_text(note, "note", limit=2000))


def approve(
    work: Work, actor: str | None, *, project: int, amount: str | None = None, note: str | None = None
) -> Fired:
    """规范化评审通过: commit the grant, only if the fund has that much available."""
    value = parse_positive(amount) if amount else None

    def grant(uow: UnitOfWork, change: Change) -> Change:
        row = change.project
        granted = value if value is not None else row.requested
        if granted is None or row.requested is None or granted > row.requested:
            raise InputError("approve_above_request", amount=str(granted), requested=str(row.requested))
        assert row.fund_id is not None and row.fund is not None
        available = available_for(uow, row.fund_id, row)
        if granted > available:
            raise LedgerError("fund_insufficient", fund=row.fund, available=str(available), amount=str(granted))
        draft = effects.commitment(row.id, row.seq, row.fund, granted, uow.today)
        return change.causing(fields={"approved": granted, "reviewer_id": change.actor.id}, draft=draft)

    return run(work, actor, project, "approve", note, grant)


def available_for(uow: UnitOfWork, fund_id: int, row: ProjectState) -> Decimal:
    """What a fund can commit to this project: its balance less open commitments and less the
    co-funding held for other projects not yet approved (this project's own counts for it)."""
    balance = fund_balances(uow, [fund_id])[fund_id]
    committed = fund_commitments(uow, [fund_id])[fund_id]
    return balance - committed - reserved_contributions(uow, fund_id, row.id)


def releasing(uow: UnitOfWork, change: Change, why: str) -> Change:
    """The change, releasing whatever is still committed to the project (nothing when nothing is)."""
    row = change.project
    money = project_money(uow, row.id)
    if money.open <= 0:
        return change
    assert row.fund is not None
    return change.causing(draft=effects.release(row.id, row.seq, row.fund, money.open, uow.today, why))


def cancel(work: Work, actor: str | None, *, project: int, reason: str) -> Fired:
    """撤销: before work starts; an approved project's commitment is released."""
    why = clean_text(reason, "reason", limit=2000)
    return run(work, actor, project, "cancel", why, lambda uow, change: releasing(uow, change, "cancel"))
