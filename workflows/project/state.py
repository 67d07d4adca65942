"""A project as the rules see it, and what firing a trigger on it changes, as frozen values.

:class:`ProjectState` is read from the project's row (with its fund's and organisation's codes
and its reviewer's organisation) by the repository; :class:`Change` is what a step changes before
anything is written: the stage, the fields it sets, the event's note, the ledger entry it causes.
The services build a change, fill it from the step's effect and write it; nothing mutates a row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from ledger.domain.entries import EntryDraft

#: The shares of a co-funding plan: the social service company, the residents, social resources.
SHARES = ("company", "residents", "social")
#: A project's reports: progress while it runs, completion once it is done.
REPORT_KINDS = ("progress", "completion")


class Actor(Protocol):
    """The acting user, as the guards see them."""

    id: int | None
    name: str
    organisation_id: int | None


@dataclass(frozen=True)
class ProjectState:
    """A project's stage, people and money as stored."""

    id: int
    seq: int
    stage: str
    #: Who opened the project, and the resident it was ordered for (may cancel it).
    opened_by: int
    resident_id: int | None = None
    #: The organisation it was dispatched to, by id and by code.
    organisation_id: int | None = None
    organisation: str | None = None  # the payee of tranches
    reviewer_id: int | None = None
    reviewer_organisation_id: int | None = None
    fund_id: int | None = None
    fund: str | None = None  # the fund's code
    purpose: str | None = None
    requested: Decimal | None = None
    approved: Decimal | None = None
    plan: tuple[Decimal | None, Decimal | None, Decimal | None] = (None, None, None)  # company, residents, social
    title: str = ""
    evaluation_score: int | None = None
    evaluation_summary: str | None = None


@dataclass(frozen=True)
class Change:
    """What firing ``trigger`` on ``project`` changes: from ``before`` to ``after`` (None until the
    machine has said the trigger may fire), by ``actor``, with the event's ``note``; the project
    ``fields`` it sets, and the ledger entry (``draft``, posted under ``key`` for ``request``)."""

    project: ProjectState
    trigger: str
    actor: Any  # the acting user's row (:class:`Actor`)
    before: str
    after: str | None = None
    note: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)
    draft: EntryDraft | None = None
    key: str | None = None
    request: dict[str, Any] | None = None

    def causing(self, **what: Any) -> Change:
        """The change with its effect: ``fields``, ``draft``, ``key``, ``request``, ``note``."""
        return dataclasses.replace(self, **what)
