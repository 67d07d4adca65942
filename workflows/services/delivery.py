"""拨付 → 完成 → 评估 → 公开: tranche payments against the commitment, completion, independent
evaluation (releasing what was not spent) and the public disclosure record."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.data.fixtures import purpose_account
from ledger.domain.chain import canonical, request_digest
from ledger.domain.entries import reversing
from ledger.domain.money import format_amount, parse_positive
from ledger.domain.text import clean_text, optional_text
from ledger.errors import Conflict, InputError, LedgerError
from ledger.services.auth import require
from ledger.services.journal import post
from ledger.storage.repository import entry_by_seq, find_repeat, find_reversal, postings_of
from ledger.storage.uow import UnitOfWork, Work
from workflows.project import effects
from workflows.project.stages import table
from workflows.project.state import Change, ProjectState
from workflows.services.review import releasing
from workflows.services.transition import Fired, advance, allowed, run, write
from workflows.storage.repository import (
    add_disclosure,
    ledger_lines,
    project_by_seq,
    project_money,
    record_event,
)


def disburse(
    work: Work, actor: str | None, *, project: int, amount: str, key: str | None = None, note: str | None = None
) -> Fired:
    """Pay a tranche; the total paid can never exceed the approved amount. A repeat of the same
    key is answered as already done, once the actor is known to be allowed."""
    value = parse_positive(amount)
    key = optional_text(key, "key", limit=200)
    request = {"cmd": "disburse", "project": project, "amount": str(value)}
    with work() as uow:
        change = allowed(uow, actor, project, "disburse", note)
        earlier = find_repeat(uow, key, request_digest(request)) if key else None
        if earlier is not None:
            return Fired(project, "disburse", change.before, change.before, earlier.seq, already=True)
        change = advance(change)
        fired = write(uow, _tranche(uow, change.causing(key=key, request=request), value))
        uow.commit()
    return fired


def _tranche(uow: UnitOfWork, change: Change, value: Decimal) -> Change:
    """The tranche's entry, if what the journal committed to the project covers it (the commitment
    postings, not the project's record of its approval, which a raw edit could raise)."""
    row = change.project
    money = project_money(uow, row.id)
    if money.paid + value > money.committed:
        raise LedgerError(
            "disburse_exceeds", project=row.seq, approved=str(money.committed), paid=str(money.paid), amount=str(value)
        )
    assert row.fund is not None and row.organisation is not None and row.purpose is not None
    spent = (purpose_account(row.purpose), row.purpose)
    draft = effects.disbursement(row.id, row.seq, row.fund, spent, row.organisation, value, uow.today)
    return change.causing(draft=draft)


def reverse_tranche(work: Work, actor: str | None, *, project: int, entry: int, reason: str) -> Fired:
    """Undo a tranche recorded wrongly, while the project is still open: the money goes back to
    the bank and the commitment is open again, to be paid correctly (or released at evaluation)."""
    transition = table().transition("disburse")
    assert transition is not None
    with work() as uow:
        user = require(uow, actor, transition.who, "project reverse-tranche")
        why = clean_text(reason, "reason", limit=500)
        row = project_by_seq(uow, project)
        if row.stage not in transition.source:
            raise InputError("tranche_project_closed", project=project, stage=row.stage)
        original = entry_by_seq(uow, entry)
        postings = postings_of(uow, original.id or 0)
        if original.kind != "disbursement" or {p.project for p in postings} != {row.id}:
            raise InputError("tranche_not_of_project", entry=entry, project=project)
        done = find_reversal(uow, original.id or 0)
        if done is not None:
            raise Conflict("already_reversed", entry=entry, by=done.seq)
        posted = post(uow, user, reversing(original.id or 0, postings, uow.today, why))
        record_event(uow, row, "reverse_tranche", (row.stage, row.stage), user.id or 0, why, posted.id)
        uow.commit()
    return Fired(project, "reverse_tranche", row.stage, row.stage, posted.seq)


def complete(work: Work, actor: str | None, *, project: int, note: str | None = None) -> Fired:
    """The organisation reports the work done."""
    return run(work, actor, project, "complete", note)


def evaluate(work: Work, actor: str | None, *, project: int, score: int, summary: str) -> Fired:
    """社会化评估 by an independent evaluator; the unspent commitment is released."""
    if not 1 <= score <= 5:
        raise InputError("score_invalid", score=score)
    text = clean_text(summary, "summary", limit=2000)

    def assess(uow: UnitOfWork, change: Change) -> Change:
        fields = {"evaluator_id": change.actor.id, "evaluation_score": score, "evaluation_summary": text}
        return releasing(uow, change.causing(fields=fields), "evaluation")

    return run(work, actor, project, "evaluate", text, assess)


@dataclass(frozen=True)
class Disclosed:
    fired: Fired
    digest: str


def disclose(work: Work, actor: str | None, *, project: int) -> Disclosed:
    """信息公开: record the evaluation and the project's ledger lines, with their digest."""
    with work() as uow:
        change = advance(allowed(uow, actor, project, "disclose"))
        content = disclosure_content(uow, change.project)
        digest = request_digest(content)
        add_disclosure(uow, change.project, digest, canonical(content).decode("utf-8"), change.actor.id or 0)
        fired = write(uow, change)
        uow.commit()
    return Disclosed(fired, digest)


def disclosure_content(uow: UnitOfWork, row: ProjectState) -> dict[str, object]:
    """What is published for a project: no resident, only figures, evaluation and ledger lines."""
    lines = [
        [seq, day.isoformat(), kind, code, format_amount(amount, grouping=False), digest]
        for seq, day, kind, code, amount, digest in ledger_lines(uow, row)
    ]
    money = project_money(uow, row.id)
    return {
        "project": row.seq,
        "title": row.title,
        "purpose": row.purpose,
        "approved": format_amount(row.approved or money.committed, grouping=False),
        "paid": format_amount(money.paid, grouping=False),
        "released": format_amount(money.released, grouping=False),
        "evaluation": {"score": row.evaluation_score, "summary": row.evaluation_summary},
        "ledger": lines,
    }
