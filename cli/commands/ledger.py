"""``cfund ledger``: donate, income, gift, accrue, settle, profit-share, feedback, expense, reverse, journal,
balance, funds, close-period. Each command parses, calls one service, renders."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import Settings, settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from ledger.domain.money import format_amount

Col = render.Col


def posted(s: Settings, res: Any, fmt: str | None) -> None:
    """The line (or JSON) a posting command prints: the entry written, or the one already there."""
    if res.already and res.reversed_by:
        message = t("already_recorded_reversed", s.lang, entry=res.seq, by=res.reversed_by)
    elif res.already:
        message = t("already_recorded", s.lang, entry=res.seq)
    else:
        message = t("posted", s.lang, entry=res.seq, amount=format_amount(res.amount))
    data = {"entry": res.seq, "already": res.already, "amount": res.amount}
    if res.receipt is not None:
        message += " " + t("receipt_number_is", s.lang, number=res.receipt)
        data["receipt"] = res.receipt
    render.result(message, fmt, data)


def donate(
    ctx: typer.Context,
    donor: Annotated[str, typer.Option("--donor", help=h("opt.donor"))],
    amount: o.Amount,
    fund: o.Fund,
    date: o.Date = None,
    key: o.Key = None,
    memo: o.Memo = None,
    compound: o.Compound = None,
    receipt: Annotated[bool, typer.Option("--receipt", help=h("opt.with_receipt"))] = False,
    id_number: Annotated[str | None, typer.Option("--id-number", help=h("opt.id_number"))] = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.ledger_ops import donate as service

    s = settings(ctx)
    extra = {"date": date, "key": key, "memo": memo, "compound": compound, "id_number": id_number}
    res = service(s.uow, s.actor, donor=donor, amount=amount, fund=fund, **extra, receipt=receipt)
    posted(s, res, fmt)


def expense(
    ctx: typer.Context,
    fund: o.Fund,
    account: Annotated[str, typer.Option("--account", help=h("opt.account"))],
    amount: o.Amount,
    purpose: Annotated[str, typer.Option("--purpose", help=h("opt.purpose"))],
    payee: Annotated[str, typer.Option("--payee", help=h("opt.payee"))],
    date: o.Date = None,
    key: o.Key = None,
    memo: o.Memo = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.ledger_ops import expense as service

    s = settings(ctx)
    res = service(
        s.uow,
        s.actor,
        fund=fund,
        account=account,
        amount=amount,
        purpose=purpose,
        payee=payee,
        date=date,
        key=key,
        memo=memo,
    )
    posted(s, res, fmt)


def _transferred(s: Settings, res: Any, fmt: str | None) -> None:
    fields = {
        "period": res.period,
        "net_profit": format_amount(res.net_profit),
        "rate": f"{res.rate * 100:.0f}%",
        "amount": format_amount(res.amount),
    }
    data: dict[str, Any] = {
        "period": res.period,
        "net_profit": res.net_profit,
        "rate": str(res.rate),
        "amount": res.amount,
        "entry": None,
        "already": False,
    }
    if res.posted is None:
        render.result(t("transfer_none", s.lang, **fields), fmt, data)
    elif res.posted.already:
        data |= {"entry": res.posted.seq, "already": True}
        render.result(t("already_recorded", s.lang, entry=res.posted.seq), fmt, data)
    else:
        data["entry"] = res.posted.seq
        render.result(t("transfer_posted", s.lang, entry=res.posted.seq, **fields), fmt, data)


def profit_share(
    ctx: typer.Context,
    company: Annotated[str, typer.Option("--company", help=h("opt.company"))],
    period: o.Period,
    net_profit: o.NetProfit,
    date: o.Date = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.transfers import profit_share as service

    s = settings(ctx)
    res = service(s.uow, s.actor, company=company, period=period, net_profit=net_profit, date=date)
    _transferred(s, res, fmt)


def feedback(
    ctx: typer.Context,
    operation: Annotated[str, typer.Option("--operation", help=h("opt.operation"))],
    period: o.Period,
    net_profit: o.NetProfit,
    compound: o.Compound = None,
    date: o.Date = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.transfers import feedback as service

    s = settings(ctx)
    res = service(
        s.uow, s.actor, operation=operation, period=period, net_profit=net_profit, compound=compound, date=date
    )
    _transferred(s, res, fmt)


def reverse(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help=h("arg.entry"), parser=o.whole("ENTRY"))],
    reason: Annotated[str, typer.Option("--reason", help=h("opt.reason"))],
    date: o.Date = None,
    fmt: o.Format = None,
) -> None:
    from ledger.services.ledger_ops import reverse as service

    s = settings(ctx)
    res = service(s.uow, s.actor, entry=entry, reason=reason, date=date)
    render.result(t("reversed", s.lang, entry=entry, by=res.seq), fmt, {"entry": entry, "reversed_by": res.seq})


def close_period(
    ctx: typer.Context, month: Annotated[str, typer.Argument(help=h("arg.month"))], fmt: o.Format = None
) -> None:
    from ledger.services.ledger_ops import close_period as service

    s = settings(ctx)
    res = service(s.uow, s.actor, month=month)
    key = "period_already_closed" if res.already else ("period_closed_entry" if res.entry else "period_closed_now")
    data = {"month": res.month, "already": res.already, "entry": res.entry}
    render.result(t(key, s.lang, month=res.month, entry=res.entry), fmt, data)


def register(app: typer.Typer) -> None:
    from cli.commands import ledger_income as incomes
    from cli.commands import ledger_reports as reports

    sub = new_app("ledger")
    for verb, func in (
        ("donate", donate),
        ("income", incomes.income),
        ("gift", incomes.gift),
        ("accrue", incomes.accrue),
        ("settle", incomes.settle),
        ("adjust", incomes.adjust),
        ("profit-share", profit_share),
        ("feedback", feedback),
        ("expense", expense),
        ("reverse", reverse),
        ("journal", reports.journal),
        ("balance", reports.balance),
        ("funds", reports.funds),
        ("close-period", close_period),
    ):
        sub.command(verb, help=h(f"ledger.{verb}"))(func)
    app.add_typer(sub, name="ledger")
