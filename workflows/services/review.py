"""评审: the social work centre returns, rejects or approves an application (a committee of one;
a larger committee votes, :mod:`workflows.services.committee`); and cancelling a project, which
releases any open commitment."""

from __future__ import annotations

from decimal import Decimal

from ledger.domain.money import parse_positive
from ledger.domain.text import clean_text
from ledger.errors import InputError, LedgerError, PermissionDenied
from ledger.storage.repository import fund_balances, fund_commitments
from ledger.storage.uow import UnitOfWork, Work
from workflows.project import effects
from workflows.project.committee import committee_for
from workflows.project.state import Change, ProjectState
from workflows.services.transition import Fired, run
from workflows.storage.repository import project_money, reserved_contributions


def return_(work: Work, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer sends the application back for revision (a committee of one)."""
    return run(work, actor, project, "return", clean_text(note, "note", limit=2000), alone)


def reject(work: Work, actor: str | None, *, project: int, note: str) -> Fired:
    """The reviewer turns the application down (a committee of one)."""
    return run(work, actor, project, "reject", clean_text(note, "note", limit=2000), alone)


def approve(
    work: Work, actor: str | None, *, project: int, amount: str | None = None, note: str | None = None
) -> Fired:
    """规范化评审通过 by a committee of one: commit the grant, only if the fund has that much available."""
    value = parse_positive(amount) if amount else None
    return run(work, actor, project, "approve", note, lambda uow, change: grant(uow, alone(uow, change), value))


def alone(uow: UnitOfWork, change: Change) -> Change:
    """A reviewer decides alone only where the book's committee is of one; else its members vote."""
    committee = committee_for(uow.book_code)
    if not committee.of_one:
        raise PermissionDenied("committee_votes", action=f"project {change.trigger}", quorum=committee.quorum)
    return change


def grant(uow: UnitOfWork, change: Change, value: Decimal | None = None) -> Change:
    """The approval's effect: commit ``value`` (the amount requested if none), only if the fund
    has that much available to this project."""
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
