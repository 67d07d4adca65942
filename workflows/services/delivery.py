"""拨付 → 完成 → 评估 → 公开: tranche payments against the commitment, completion, independent
evaluation (releasing what was not spent) and the public disclosure record."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.chain import canonical, request_digest
from ledger.domain.entries import reversing
from ledger.domain.money import format_amount, parse_positive
from ledger.domain.text import clean_text, optional_text
from ledger.errors import Conflict, InputError, LedgerError
from ledger.services.auth import require
from ledger.services.journal import PostResult, post
from ledger.storage.repository import POSTINGS, entry_by_seq, find_repeat, find_reversal, postings_of
from ledger.storage.tables import Account, Entry, Fund, Party, User
from ledger.storage.uow import UnitOfWork
from workflows.project import effects as entries
from workflows.project.stages import table
from workflows.services.review import release_open
from workflows.services.transition import Fired, fire
from workflows.storage.repository import project_by_seq, project_money, record_event
from workflows.storage.tables import Disclosure, Project


def disburse(
    uow: UnitOfWork, actor: str | None, *, project: int, amount: str, key: str | None = None, note: str | None = None
) -> Fired:
    """Pay a tranche; the total paid can never exceed the approved amount."""
    value = parse_positive(amount)
    key = optional_text(key, "key", limit=200)
    request = {"cmd": "disburse", "project": project, "amount": str(value)}

    def earlier() -> Entry | None:
        return find_repeat(uow, key, request_digest(request)) if key else None

    def pay(uow: UnitOfWork, user: User, row: Project) -> PostResult:
        money = project_money(uow.session, row.id or 0)
        if row.approved_fen is None or money.paid + value > row.approved_fen:
            raise LedgerError(
                "disburse_exceeds",
                project=row.seq,
                approved=str(row.approved_fen),
                paid=str(money.paid),
                amount=str(value),
            )
        fund = uow.session.get(Fund, row.fund_id)
        payee = uow.session.get(Party, row.organisation_id)
        assert fund is not None and payee is not None and row.purpose is not None
        draft = entries.disbursement(row.id or 0, row.seq, fund.code, row.purpose, payee.code, value, uow.now.date())
        return post(uow, user, draft, key=key, request=request)

    return fire(uow, actor, project, "disburse", note, pay, repeat=earlier)


def reverse_tranche(uow: UnitOfWork, actor: str | None, *, project: int, entry: int, reason: str) -> Fired:
    """Undo a tranche recorded wrongly, while the project is still open: the money goes back to
    the bank and the commitment is open again, to be paid correctly (or released at evaluation)."""
    transition = table().transition("disburse")
    assert transition is not None
    user = require(uow, actor, transition.who, "project reverse-tranche")
    why = clean_text(reason, "reason", limit=500)
    row = project_by_seq(uow.session, uow.book_id, project)
    if row.stage not in transition.source:
        raise InputError("tranche_project_closed", project=project, stage=row.stage)
    original = entry_by_seq(uow, entry)
    postings = postings_of(uow, original.id or 0)
    if original.kind != "disbursement" or {p.project for p in postings} != {row.id}:
        raise InputError("tranche_not_of_project", entry=entry, project=project)
    done = find_reversal(uow, original.id or 0)
    if done is not None:
        raise Conflict("already_reversed", entry=entry, by=done.seq)
    posted = post(uow, user, reversing(original.id or 0, postings, uow.now.date(), why))
    record_event(uow.session, row, "reverse_tranche", row.stage, user.id or 0, why, posted.id, uow.now)
    uow.commit()
    return Fired(project, "reverse_tranche", row.stage, row.stage, posted.seq)


def complete(uow: UnitOfWork, actor: str | None, *, project: int, note: str | None = None) -> Fired:
    """The organisation reports the work done."""
    return fire(uow, actor, project, "complete", note)


def evaluate(uow: UnitOfWork, actor: str | None, *, project: int, score: int, summary: str) -> Fired:
    """社会化评估 by an independent evaluator; the unspent commitment is released."""
    if not 1 <= score <= 5:
        raise InputError("score_invalid", score=score)
    text = clean_text(summary, "summary", limit=2000)

    def assess(uow: UnitOfWork, user: User, row: Project) -> PostResult | None:
        row.evaluator_id, row.evaluation_score, row.evaluation_summary = user.id, score, text
        return release_open(uow, user, row, "evaluation")

    return fire(uow, actor, project, "evaluate", text, assess)


@dataclass(frozen=True)
class Disclosed:
    fired: Fired
    digest: str


def disclose(uow: UnitOfWork, actor: str | None, *, project: int) -> Disclosed:
    """信息公开: record the evaluation and the project's ledger lines, with their digest."""
    digest = ""

    def publish(uow: UnitOfWork, user: User, row: Project) -> None:
        nonlocal digest
        content = disclosure_content(uow, row)
        digest = request_digest(content)
        uow.session.add(
            Disclosure(
                book_id=uow.book_id,
                project_id=row.id or 0,
                digest=digest,
                content=canonical(content).decode("utf-8"),
                actor_id=user.id or 0,
                created_at=uow.now,
            )
        )

    fired = fire(uow, actor, project, "disclose", None, publish)
    return Disclosed(fired, digest)


def disclosure_content(uow: UnitOfWork, row: Project) -> dict[str, object]:
    """What is published for a project: no resident, only figures, evaluation and ledger lines."""
    stmt = (
        select(Entry.seq, Entry.date, Entry.kind, Account.code, POSTINGS.c.amount_fen, Entry.hash)
        .select_from(POSTINGS)
        .join(Entry, Entry.id == POSTINGS.c.entry_id)
        .join(Account, Account.id == POSTINGS.c.account_id)
        .where(POSTINGS.c.project_id == row.id)
        .order_by(Entry.seq, POSTINGS.c.id)
    )
    lines = [
        [seq, day.isoformat(), kind, code, format_amount(amount, grouping=False), h]
        for seq, day, kind, code, amount, h in uow.session.connection().execute(stmt)
    ]
    money = project_money(uow.session, row.id or 0)
    return {
        "project": row.seq,
        "title": row.title,
        "purpose": row.purpose,
        "approved": format_amount(row.approved_fen or money.committed, grouping=False),
        "paid": format_amount(money.paid, grouping=False),
        "released": format_amount(money.released, grouping=False),
        "evaluation": {"score": row.evaluation_score, "summary": row.evaluation_summary},
        "ledger": lines,
    }
