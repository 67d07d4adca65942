"""The period's grants in the 360Giving Data Standard (https://standard.threesixtygiving.org):
one grant per project approved in the period, with the standard's required fields.

Recipients with a known 统一社会信用代码 get the org-id ``CN-USCI-<code>``; other organisations a
cfund id; a grant to an individual names no one and carries the person's pseudonym
(:func:`ledger.domain.privacy.pseudonym`, from a row number: nothing to guess the person from).
Texts come scrubbed with the rest of the figures. 360Giving wants amounts as JSON
numbers, so they are written as exact decimal literals, never through a float."""

from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.domain.codes import OPEN_COMMITMENTS
from ledger.domain.money import format_amount, from_fen
from ledger.domain.periods import Period
from ledger.domain.privacy import mask_name, pseudonym
from ledger.reports.lists import Record
from ledger.storage.reader import Reader

PREFIX = "360G-cfund"
#: How an amount is marked in the JSON text before it becomes a number: with a marker no text of
#: the book can hold, made anew for each file (a title "@decimal:123.45" stays a title).
_MARK = "@cfund-amount-{}:"


def grants(reader: Reader, period: Period) -> list[Record]:
    """Projects whose grant was committed (approved) in the period, with their recipient."""
    rows = reader.rows(
        "SELECT pr.seq, pr.title, e.date, p.amount_fen, o.id, o.code, o.name, o.kind, o.uscc, f.code "
        "FROM entries e JOIN postings p ON p.entry_id = e.id JOIN accounts a ON a.id = p.account_id "
        "JOIN projects pr ON pr.id = p.project_id JOIN funds f ON f.id = p.fund_id "
        "LEFT JOIN parties o ON o.id = pr.organisation_id "
        f"WHERE e.book_id = :book AND e.kind = 'commitment' AND a.code = '{OPEN_COMMITMENTS}' AND p.amount_fen > 0 "
        "AND e.date >= :start AND e.date <= :end ORDER BY pr.seq, e.seq",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    keys = ("project", "title", "date", "amount", "org_id", "org_code", "org_name", "org_kind", "uscc", "fund")
    found = [dict(zip(keys, row, strict=True)) for row in rows]
    for grant in found:
        grant["amount"] = from_fen(int(grant["amount"]))
        grant["date"] = str(grant["date"])[:10]
        grant["recipient_id"] = _recipient_id(reader.book_code, grant)
        if grant["org_kind"] == "individual":
            grant["org_name"], grant["org_code"], grant["uscc"] = mask_name(grant["org_name"]), None, None
        del grant["org_id"]
    return found


def _recipient_id(book: str, grant: Record) -> str:
    if grant["org_kind"] == "individual":
        return f"{PREFIX}-{book}-{pseudonym(int(grant['org_id']))}"
    return f"CN-USCI-{grant['uscc']}" if grant["uscc"] else f"{PREFIX}-{book}-ORG-{grant['org_code']}"


def _recipient(grant: Record) -> dict[str, Any]:
    if grant["org_kind"] == "individual":
        return {"recipientIndividual": {"id": grant["recipient_id"], "name": "个人受助者 Individual recipient"}}
    return {"recipientOrganization": [{"id": grant["recipient_id"], "name": grant["org_name"]}]}


def package(figures: dict[str, Any], book_name: str) -> dict[str, Any]:
    """A 360Giving package of the period's grants, with cfund's headline figures beside it."""
    book = figures["book"]
    funder = [{"id": f"{PREFIX}-{book}", "name": book_name}]
    items = [
        {
            "id": f"{PREFIX}-{book}-P{g['project']:05d}",
            "title": g["title"],
            "description": f"社区微项目 Community micro-project: {g['title']}",
            "currency": "CNY",
            "amountAwarded": g["amount"],
            "awardDate": g["date"],
            **_recipient(g),
            "fundingOrganization": funder,
            "plannedDates": [{"startDate": g["date"]}],
            "dataSource": f"cfund {book} {figures['period']}",
        }
        for g in figures["grants"]
    ]
    headline = {k: figures[k] for k in ("period", "book", "chain_head", "entries")}
    keys = ("total_income", "total_income_upper", "total_expenses", "total_expenses_upper")
    totals = {k: _text(figures[k]) for k in keys}
    awarded = sum((g["amountAwarded"] for g in items), Decimal("0.00"))
    return {"grants": items, "cfund": {**headline, **totals, "total_awarded": _text(awarded)}}


def _text(value: Any) -> Any:
    return format_amount(value, grouping=False) if isinstance(value, Decimal) else value


def write(figures: dict[str, Any], book_name: str, out: Path) -> Path:
    """``disclosure-<period>-360giving.json``; amounts as JSON numbers with exactly two decimals."""

    mark = _MARK.format(secrets.token_hex(16))

    def encode(value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{mark}{format_amount(value, grouping=False)}"
        raise TypeError(type(value).__name__)

    text = json.dumps(package(figures, book_name), ensure_ascii=False, indent=2, default=encode)
    path = out / f"disclosure-{figures['period']}-360giving.json"
    path.write_text(re.sub(f'"{re.escape(mark)}(-?\\d+\\.\\d+)"', r"\1", text), encoding="utf-8")
    return path
