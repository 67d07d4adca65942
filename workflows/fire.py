"""Firing a trigger on a project: roles and guards, the machine, the ledger effect, the stage
change and the event row, all in the caller's one transaction (committed here or not at all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ledger.model import clean_text
from ledger.services.auth import acting_user
from ledger.services.journal import PostResult
from ledger.tables import User
from ledger.uow import UnitOfWork
from workflows import guards
from workflows.machine import next_stage
from workflows.repository import move, project_by_seq, record_event
from workflows.table import table
from workflows.tables import Project

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
    uow: UnitOfWork, actor: str | None, seq: int, trigger: str, note: str | None = None, effect: Effect | None = None
) -> Fired:
    """Move project ``seq`` by ``trigger``; ``effect`` posts its ledger entry in the same transaction."""
    user = acting_user(uow, actor)
    transition = table().transition(trigger)
    assert transition is not None, trigger
    project = project_by_seq(uow.session, uow.book_id, seq)
    guards.check(uow.session, user, transition, project)
    before = project.stage
    after = next_stage(before, trigger)
    posted = effect(uow, user, project) if effect else None
    now = dt.datetime.now(dt.UTC)
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
