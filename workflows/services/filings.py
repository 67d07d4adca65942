"""``report filed``: a dated duty of the calendar done by hand (the annual report filed with the
bureau and published, a related party's dealing or a major transaction published), for an
obligation whose ``done_by`` is ``filing``. Filing the same again is harmless."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.periods import day_or_today
from ledger.domain.text import clean_text
from ledger.errors import InputError
from ledger.services.auth import require
from ledger.storage.uow import Work
from workflows.project.calendar_rules import filed_by_hand
from workflows.storage.filings import add_filing, filing_of

#: Who records a filing: who keeps the books and who publishes.
FILERS = ("admin", "treasurer", "reviewer")


@dataclass(frozen=True)
class Filed:
    obligation: str
    ref: str
    date: str
    already: bool


def filed(
    work: Work, actor: str | None, *, obligation: str, ref: str, date: str | None = None, note: str | None = None
) -> Filed:
    rules = filed_by_hand()
    if obligation not in rules:
        raise InputError("kind_invalid", kind=obligation, kinds=", ".join(rules))
    what = clean_text(ref, "--ref", limit=40)
    text = clean_text(note, "--note", limit=2000, required=False)
    with work() as uow:
        user = require(uow, actor, FILERS, "report filed")
        day = day_or_today(date, uow.today)
        if day > uow.today:
            raise InputError("filed_in_future", date=day.isoformat())
        standing = filing_of(uow, obligation, what)
        if standing is not None:
            return Filed(obligation, what, standing.filed_on.isoformat(), already=True)
        add_filing(uow, obligation, what, day, text, user.id or 0)
        uow.commit()
    return Filed(obligation, what, day.isoformat(), already=False)
