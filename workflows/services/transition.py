"""Firing a trigger on a project: roles and guards, the machine, the ledger effect, the stage
change and the event row, all in the caller's one transaction (committed here or not at all)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ledger.domain.text import clean_text
from ledger.services.auth import acting_user
from ledger.services.journal import PostResult
from ledger.storage.tables import Entry, User
from ledger.storage.uow import UnitOfWork
from workflows.project import guards
from workflows.project.machine import next_stage
from workflows.project.stages import table
from workflows.storage.repository import move, project_by_seq, record_event
from workflows.storage.tables import Project

Effect = Callable[[UnitOfWork, User, Project], PostResult | None]


@dataclass(frozen=True)
class Fired:
    """What a transition did: the project, the stages, and the ledger entry it caused."""

    project: int
    trigger: str
    from_stage: str | None
    to_stage: str
    entry: int | None = None
    already: bool = False


def fire(
    uow: UnitOfWork,
    actor: str | None,
    seq: int,
    trigger: str,
    note: str | None = None,
    effect: Effect | None = None,
    repeat: Callable[[], Entry | None] | None = None,
) -> Fired:
    """Move project ``seq`` by ``trigger``; ``effect`` posts its ledger entry in the same transaction.

    ``repeat`` finds the entry of an identical earlier command (same idempotency key): once the
    actor is known to be allowed, such a repeat is answered as already done, and nothing moves.
    """
    user = acting_user(uow, actor)
    transition = table().transition(trigger)
    assert transition is not None, trigger
    project = project_by_seq(uow.session, uow.book_id, seq)
    guards.check(uow, user, transition, project)
    before = project.stage
    earlier = repeat() if repeat else None
    if earlier is not None:
        return Fired(seq, trigger, before, before, earlier.seq, already=True)
    after = next_stage(before, trigger)
    posted = effect(uow, user, project) if effect else None
    now = uow.now
    move(uow.session, project, before, after, now)
    entry_id = posted.id if posted else None
    record_event(
        uow.session,
        project,
        trigger,
        before,
        user.id or 0,
        clean_text(note, "note", limit=2000, required=False),
        entry_id,
        now,
    )
    uow.commit()
    return Fired(seq, trigger, before, after, posted.seq if posted else None)
