"""Firing a trigger on a project: who may (roles and guards), whether the machine lets it fire
from the project's stage, and writing what it changes (:class:`~workflows.project.state.Change`:
the ledger entry, the stage with the fields it sets, the event) in the caller's unit of work.

:func:`allowed` and :func:`advance` build the change; the step's effect fills it (fields, a
draft), a plain function returning a new value; :func:`write` writes it. :func:`run` is the
three in one unit of work, for a step given a factory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ledger.domain.text import clean_text
from ledger.services.auth import acting_user
from ledger.services.journal import post
from ledger.storage.uow import UnitOfWork, Work
from workflows.project import guards
from workflows.project.machine import next_stage
from workflows.project.stages import table
from workflows.project.state import Change
from workflows.storage.repository import move, project_by_seq, record_event

#: A step's effect: what it changes, given the change so far (which it returns filled).
Effect = Callable[[UnitOfWork, Change], Change]


@dataclass(frozen=True)
class Fired:
    """What a transition did: the project, the stages, and the ledger entry it caused."""

    project: int
    trigger: str
    from_stage: str | None
    to_stage: str
    entry: int | None = None
    already: bool = False


def allowed(uow: UnitOfWork, actor: str | None, seq: int, trigger: str, note: str | None = None) -> Change:
    """The change ``trigger`` would make to project ``seq``, once the acting user is known to hold
    a role of it and to pass its guards (the machine has not yet been asked)."""
    user = acting_user(uow, actor)
    transition = table().transition(trigger)
    assert transition is not None, trigger
    project = project_by_seq(uow, seq)
    guards.check(user, uow.refs.roles(user.id or 0), transition, project)
    text = clean_text(note, "note", limit=2000, required=False)
    return Change(project, trigger, user, project.stage, note=text)


def advance(change: Change) -> Change:
    """The change with the stage the machine moves the project to (or the refusal of the stage)."""
    return change.causing(after=next_stage(change.before, change.trigger))


def write(uow: UnitOfWork, change: Change) -> Fired:
    """Write ``change``: its ledger entry, the stage (compare-and-set) with its fields, the event."""
    assert change.after is not None, "advance() before write()"
    posted = None
    if change.draft is not None:
        posted = post(uow, change.actor, change.draft, key=change.key, request=change.request)
    move(uow, change.project, change.before, change.after, dict(change.fields))
    entry_id = posted.id if posted else None
    stages = (change.before, change.after)
    record_event(uow, change.project, change.trigger, stages, change.actor.id or 0, change.note, entry_id)
    return Fired(change.project.seq, change.trigger, change.before, change.after, posted.seq if posted else None)


def run(
    work: Work, actor: str | None, seq: int, trigger: str, note: str | None = None, effect: Effect | None = None
) -> Fired:
    """Fire ``trigger`` on project ``seq`` in a unit of work of its own: allowed, advanced, its
    ``effect`` added, written and committed, or nothing."""
    with work() as uow:
        change = advance(allowed(uow, actor, seq, trigger, note))
        fired = write(uow, effect(uow, change) if effect else change)
        uow.commit()
    return fired
