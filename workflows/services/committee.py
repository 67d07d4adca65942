"""规范化评审 by committee: each reviewer of the book votes once per round on an application
(``project vote N --approve|--reject|--return``); the vote is an event of the project, in its
history and sealed like every event. When the round reaches the committee's quorum and one
outcome has its majority, that transition fires in the same unit of work, by the member whose
vote decided it: an approval commits the amount requested, if the fund has it. A reviewer of
the applicant's own organisation is refused a vote, the rule named."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.text import clean_text
from ledger.errors import Conflict, InputError, PermissionDenied
from ledger.storage.uow import Work
from workflows.project import guards
from workflows.project.committee import DECISIONS, committee_for, decision
from workflows.services.review import grant
from workflows.services.transition import Fired, advance, allowed, write
from workflows.storage.repository import VOTE, record_event, round_votes


@dataclass(frozen=True)
class Voted:
    """A vote cast: the round's tally after it, and what it decided (None: the round goes on)."""

    project: int
    vote: str
    tally: dict[str, int]
    quorum: int
    decided: Fired | None

    def fired(self) -> Fired:
        """The vote as a step: the decision it fired, or the vote itself (the stage unchanged)."""
        return self.decided or Fired(self.project, f"{VOTE}{self.vote}", "applied", "applied")


def vote(work: Work, actor: str | None, *, project: int, decision_: str, note: str | None = None) -> Voted:
    """Record ``actor``'s vote on project ``project``; fire the outcome once the round decides."""
    if decision_ not in DECISIONS:
        raise InputError("kind_invalid", kind=decision_, kinds=", ".join(DECISIONS))
    if decision_ != "approve":
        note = clean_text(note, "note", limit=2000)  # a rejection or a return says why
    with work() as uow:
        change = advance(allowed(uow, actor, project, decision_, note))  # a reviewer, and an open application
        member, row = change.actor, change.project
        if not guards.GUARDS["reviewer_independent"](member, frozenset(), row):
            raise PermissionDenied("guard_reviewer_independent", user=member.name, project=row.seq)
        cast = round_votes(uow, row.id)
        if any(voter == member.id for voter, _ in cast):
            raise Conflict("vote_cast", user=member.name, project=row.seq)
        record_event(uow, row, f"{VOTE}{decision_}", (row.stage, row.stage), member.id or 0, change.note, None)
        votes = [d for _, d in cast] + [decision_]
        committee = committee_for(uow.book_code)
        outcome = decision(committee, votes)
        fired = None
        if outcome is not None:
            final = advance(allowed(uow, actor, project, outcome, change.note))
            fired = write(uow, grant(uow, final) if outcome == "approve" else final)
        uow.commit()
    tally = {d: votes.count(d) for d in DECISIONS}
    return Voted(project, decision_, tally, committee.quorum, fired)
