"""``cfund receipt issue|void|list|print``: the donation-receipt register (公益事业捐赠票据).
Each command parses, calls one service or report, renders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import Settings, settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from ledger.domain.money import format_amount
from ledger.errors import InputError, NotFound

Number = Annotated[str, typer.Argument(help=h("arg.receipt_number"))]
Col = render.Col
COLS = [
    Col("number", "票据号码", "Number"),
    Col("status", "状态", "Status", shown=lambda value, lang: t(f"receipt_status.{value}", lang)),
    Col("entry", "凭证", "Entry"),
    Col("date", "开票日期", "Date"),
    Col("payer", "捐赠人", "Donor"),
    Col("payer_id", "证件号码", "ID", only="csv"),
    Col("amount", "金额", "Amount", amount=True),
    Col("amount_upper", "大写", "In words", only="csv"),
    Col("item", "捐赠项目", "Item", only="csv"),
    Col("fund", "基金", "Fund"),
    Col("issuer", "开票人", "Issuer"),
    Col("void_reason", "作废原因", "Why voided"),
]
MISSING_COLS = [
    Col("entry", "凭证", "Entry"),
    Col("date", "日期", "Date"),
    Col("kind", "类别", "Kind"),
    Col("party", "捐赠人", "Donor"),
    Col("name", "名称", "Name"),
    Col("fund", "基金", "Fund"),
    Col("amount", "金额", "Amount", amount=True),
]


def issue(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help=h("arg.entry"), parser=o.whole("ENTRY"))],
    id_number: Annotated[str | None, typer.Option("--id-number", help=h("opt.id_number"))] = None,
    item: Annotated[str | None, typer.Option("--item", help=h("opt.item"))] = None,
    date: Annotated[str | None, typer.Option("--date", help=h("opt.receipt_date"))] = None,
    declined: Annotated[bool, typer.Option("--declined", help=h("opt.declined"))] = False,
    anonymous: Annotated[bool, typer.Option("--anonymous", help=h("opt.anonymous"))] = False,
    fmt: o.Format = None,
) -> None:
    from ledger.services.receipts import Request
    from ledger.services.receipts import issue as service

    if declined and anonymous:
        raise InputError("options_exclusive", options="--declined, --anonymous")
    kind = "declined" if declined else "anonymous" if anonymous else "issued"
    s = settings(ctx)
    res = service(s.uow, s.actor, Request(entry=entry, kind=kind, id_number=id_number, item=item, date=date))
    if res.number is None:
        message = t("receipt_recorded", s.lang, entry=res.entry, kind=t(f"receipt_kind_{res.kind}", s.lang))
    else:
        key = "receipt_already" if res.already else "receipt_issued"
        message = t(key, s.lang, number=res.number, entry=res.entry, amount=format_amount(res.amount))
    data = {"number": res.number, "entry": res.entry, "kind": res.kind, "amount": res.amount, "already": res.already}
    render.result(message, fmt, data)


def void(
    ctx: typer.Context,
    number: Number,
    reason: Annotated[str, typer.Option("--reason", help=h("opt.void_reason"))],
    fmt: o.Format = None,
) -> None:
    from ledger.services.receipts import void as service

    s = settings(ctx)
    res = service(s.uow, s.actor, number=number, reason=reason)
    message = t("receipt_void_already" if res.already else "receipt_voided", s.lang, number=res.number)
    render.result(message, fmt, {"number": res.number, "entry": res.entry, "already": res.already})


def list_receipts(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", help=h("opt.receipt_year"))] = None,
    missing: Annotated[bool, typer.Option("--missing", help=h("opt.missing"))] = False,
    fmt: o.Format = None,
) -> None:
    from ledger.reports import receipts as register

    s = settings(ctx)
    with s.reading() as reader:
        rows = register.missing(reader, year) if missing else register.receipts(reader, year)
    render.rows_out(rows, MISSING_COLS if missing else COLS, fmt, s.lang)


def print_receipt(
    ctx: typer.Context,
    number: Number,
    out: Annotated[Path, typer.Option("--out", help=h("opt.out_receipt"))],
    skip_pdf: Annotated[bool, typer.Option("--skip-pdf", help=h("opt.skip_pdf"))] = False,
    fmt: o.Format = None,
) -> None:
    from workflows.paper.receipt_page import write_receipt

    s = settings(ctx)
    if not out.is_dir():
        raise InputError("out_not_folder", path=str(out))
    files = write_receipt(_one(s, number), out, pdf=not skip_pdf)
    shown = ", ".join(str(f) for f in files)
    render.result(t("receipt_printed", s.lang, files=shown), fmt, {"number": number, "files": [str(f) for f in files]})


def _one(s: Settings, number: str) -> dict[str, Any]:
    from ledger.reports.receipts import receipts
    from ledger.services.receipts import label, parse_label

    year, n = parse_label(number)
    with s.reading() as reader:
        found = receipts(reader, year, n)
    if not found:
        raise NotFound("receipt_missing", number=label(year, n))
    return found[0]


def register(app: typer.Typer) -> None:
    sub = new_app("receipt")
    sub.command("issue", help=h("receipt.issue"))(issue)
    sub.command("void", help=h("receipt.void"))(void)
    sub.command("list", help=h("receipt.list"))(list_receipts)
    sub.command("print", help=h("receipt.print"))(print_receipt)
    app.add_typer(sub, name="receipt")
