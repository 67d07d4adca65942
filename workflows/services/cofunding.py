"""Co-funding (社企担一点 + 居民出一点 + 社会资源解决一点): a project's plan of three shares, and the
contributions received against it, each a restricted donation tagged with the project."""

from __future__ import annotations

from decimal import Decimal

from ledger.data.fixtures import donation_accounts
from ledger.domain.chain import request_digest
from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.entries import EntryDraft, Posting, make_entry
from ledger.domain.money import ZERO, parse_amount, parse_positive
from ledger.domain.periods import day_or_today
from ledger.domain.text import optional_text
from ledger.errors import InputError
from ledger.services.auth import require
from ledger.services.journal import post
from ledger.storage.repository import find_repeat
from ledger.storage.uow import UnitOfWork, Work
from workflows.project.stages import TAKES_CONTRIBUTIONS
from workflows.project.state import SHARES, ProjectState
from workflows.services.transition import Fired
from workflows.storage.repository import add_contribution, contributions, project_by_seq


def plan_shares(budget: Decimal, plan: dict[str, str | None]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Three shares (company, residents, social) that sum to the budget, or none."""
    if not any(plan.get(s) for s in SHARES):
        return (None, None, None)
    company, residents, social = (parse_amount(plan.get(s) or "0", field=f"--plan-{s}") for s in SHARES)
    for share, value in zip(SHARES, (company, residents, social), strict=True):
        if value < 0:
            raise InputError("amount_negative", field=f"--plan-{share}", value=str(value))
    if company + residents + social != budget:
        raise InputError("plan_sum", total=str(company + residents + social), budget=str(budget))
    return company, residents, social


def contribute(
    work: Work,
    actor: str | None,
    *,
    project: int,
    party: str,
    share: str,
    amount: str,
    date: str | None = None,
    key: str | None = None,
) -> Fired:
    """Record co-funding received against the plan: a restricted donation to the project."""
    with work() as uow:
        user = require(uow, actor, LEDGER_WRITERS, "project contribute")
        row = project_by_seq(uow, project)
        value, key = parse_positive(amount), optional_text(key, "key", limit=200)
        request = {"cmd": "contribute", "project": row.seq, "party": party, "share": share, "amount": str(value)}
        earlier = find_repeat(uow, key, request_digest(request)) if key else None
        if earlier is not None:
            return Fired(project, "contribute", row.stage, row.stage, earlier.seq, already=True)
        _check_share(uow, row, share, value)
        posted = post(uow, user, _contribution_entry(uow, row, party, value, date, share), key=key, request=request)
        add_contribution(uow, row, posted.id or 0, uow.refs.party(party).id or 0, share, value)
        uow.commit()
    return Fired(project, "contribute", row.stage, row.stage, posted.seq)


def _check_share(uow: UnitOfWork, row: ProjectState, share: str, value: Decimal) -> None:
    """The share must be in the plan, the project applied for, and the plan not exceeded."""
    if share not in SHARES:
        raise InputError("kind_invalid", kind=share, kinds=", ".join(SHARES))
    target = dict(zip(SHARES, row.plan, strict=True))[share]
    if row.fund_id is None or target is None or row.stage not in TAKES_CONTRIBUTIONS:
        raise InputError("contribution_no_plan", project=row.seq, stage=row.stage)
    received = contributions(uow, row.id).get(share, ZERO)
    if received + value > target:
        raise InputError(
            "contribution_exceeds_plan", share=share, planned=str(target), received=str(received), amount=str(value)
        )


def _contribution_entry(
    uow: UnitOfWork, row: ProjectState, party: str, value: Decimal, date: str | None, share: str
) -> EntryDraft:
    """The donation that carries a contribution: cash in, restricted income, tagged with the project."""
    assert row.fund is not None
    accounts = donation_accounts()
    return make_entry(
        day_or_today(date, uow.today),
        "donation",
        f"project {row.seq} co-funding ({share})",
        (
            Posting(accounts["cash"], row.fund, value, party=party, project=row.id),
            Posting(accounts["restricted"], row.fund, -value, party=party, project=row.id),
        ),
    )
