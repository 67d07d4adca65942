"""``cfund ledger income``, ``gift``, ``accrue`` and ``settle``: income other than a cash donation,
gifts of goods or services at their fair value, and what is owed until it is settled (pledges,
prepayments, payables). Each command parses, calls one service, renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from cli import options as o
from cli.commands.ledger import posted
from cli.context import settings
from cli.text.help import h


def income(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=h("arg.income_kind"))],
    payer: Annotated[str, typer.Option("--payer", help=h("opt.payer"))],
    amount: o.Amount,
    fund: o.Fund,
    date: o.Date = None,
    key: o.Key = None,
    memo: o.Memo = None,
    compound: o.Compound = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.income import receive

    s = settings(ctx)
    res = receive(
        s.uow,
        s.actor,
        kind=kind,
        payer=payer,
        amount=amount,
        fund=fund,
        date=date,
        key=key,
        memo=memo,
        compound=compound,
    )
    posted(s, res, fmt)


def gift(
    ctx: typer.Context,
    donor: Annotated[str, typer.Option("--donor", help=h("opt.donor"))],
    fair_value: Annotated[str, typer.Option("--fair-value", help=h("opt.fair_value"))],
    basis: Annotated[str, typer.Option("--basis", help=h("opt.basis"))],
    fund: o.Fund,
    asset: Annotated[str | None, typer.Option("--asset", help=h("opt.gift_asset"))] = None,
    service: Annotated[str | None, typer.Option("--service", help=h("opt.gift_service"))] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help=h("opt.purpose"))] = None,
    date: o.Date = None,
    key: o.Key = None,
    memo: o.Memo = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.income import gift_in_kind

    s = settings(ctx)
    res = gift_in_kind(
        s.uow,
        s.actor,
        donor=donor,
        fair_value=fair_value,
        basis=basis,
        fund=fund,
        asset=asset,
        service=service,
        purpose=purpose,
        date=date,
        key=key,
        memo=memo,
    )
    posted(s, res, fmt)


What = Annotated[str, typer.Argument(help=h("arg.accrual_kind"))]
Party = Annotated[str, typer.Option("--party", help=h("opt.accrual_party"))]
Account = Annotated[str | None, typer.Option("--account", help=h("opt.accrual_account"))]
Purpose = Annotated[str | None, typer.Option("--purpose", help=h("opt.purpose"))]


def _accrual_command(settling: bool) -> Callable[..., None]:
    """``ledger accrue`` (settling False) or ``ledger settle``: the same options, one service each."""

    def command(
        ctx: typer.Context,
        what: What,
        party: Party,
        amount: o.Amount,
        fund: o.Fund,
        account: Account = None,
        purpose: Purpose = None,
        date: o.Date = None,
        key: o.Key = None,
        memo: o.Memo = None,
        fmt: o.Format = None,
    ) -> None:
        from ledger.services import accruals

        s = settings(ctx)
        accrual = accruals.Accrual(what, party, amount, fund, account, purpose, date, key, memo)
        posted(s, (accruals.settle if settling else accruals.accrue)(s.uow, s.actor, accrual), fmt)

    return command


accrue, settle = _accrual_command(False), _accrual_command(True)


def adjust(
    ctx: typer.Context,
    corrects: Annotated[str, typer.Option("--corrects", help=h("opt.corrects"))],
    debit: Annotated[str, typer.Option("--debit", help=h("opt.debit"))],
    credit: Annotated[str, typer.Option("--credit", help=h("opt.credit"))],
    amount: o.Amount,
    fund: o.Fund,
    memo: Annotated[str, typer.Option("--memo", help=h("opt.reason_memo"))],
    purpose: Purpose = None,
    party: Annotated[str | None, typer.Option("--party", help=h("opt.party_optional"))] = None,
    date: o.Date = None,
    key: o.Key = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.ledger_ops import Adjustment
    from ledger.services.ledger_ops import adjust as service

    s = settings(ctx)
    adjustment = Adjustment(corrects, debit, credit, amount, fund, memo, purpose, party, date, key)
    posted(s, service(s.uow, s.actor, adjustment), fmt)
