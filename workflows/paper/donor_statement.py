"""A donor's statement of the year (年度捐赠证明), for their tax records: every gift with its
date, kind, fund, amount and the receipt that stands for it, the total in figures and 大写; as
HTML, an A4 PDF (CJK font embedded, page numbers) and a CSV (UTF-8 with BOM, header on line
one). Each file is written whole, under a temporary name renamed into place."""

from __future__ import annotations

import csv
import datetime as dt
import html
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

from ledger.data.files import written
from ledger.data.fixtures import fixture_path
from ledger.domain.money import chinese_upper, format_amount
from ledger.domain.neutral import csv_cell
from workflows.disclosure.pdf import pdf_of, require_cjk_font

KINDS = {
    "donation": "捐赠款 Cash",
    "in_kind_donation": "实物捐赠 In kind",
    "donated_service": "服务捐赠 Service",
    "settlement": "捐赠承诺到账 Pledge paid",
}
COLUMNS = ("entry", "date", "kind", "fund", "amount", "receipt", "receipt_status")


def _row(gift: dict[str, Any]) -> str:
    cells = (gift["entry"], gift["date"], KINDS.get(gift["kind"], gift["kind"]), gift["fund"])
    shown = "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
    receipt = gift["receipt"] or {"declined": "捐赠人不要", "anonymous": "匿名"}.get(gift["receipt_status"], "-")
    return f'<tr>{shown}<td class="n">{format_amount(gift["amount"])}</td><td>{html.escape(receipt)}</td></tr>'


def page(statement: dict[str, Any]) -> str:
    gifts = statement["gifts"]
    total = sum((g["amount"] for g in gifts), Decimal("0.00"))
    heading = {k: html.escape(str(statement[k] or "-")) for k in ("donor", "uscc", "year", "organisation")}
    values = {"count": len(gifts), "total": format_amount(total), "total_upper": chinese_upper(total)}
    template = Template(fixture_path("donor_statement.html").read_text(encoding="utf-8"))
    rows = "\n".join(_row(g) for g in gifts)
    return template.substitute(heading, **values, rows=rows, today=dt.date.today().isoformat())


def write_statement(statement: dict[str, Any], out: Path, *, pdf: bool = True) -> list[Path]:
    """``donor-<party>-<year>.html``, ``.csv`` and (with ``pdf``) ``.pdf`` in folder ``out``."""
    if pdf:
        require_cjk_font()
    stem = out / f"donor-{statement['party']}-{statement['year']}"
    body = page(statement)
    with written(stem.with_suffix(".html")) as handle:
        handle.write(body)
    with written(stem.with_suffix(".csv"), newline="") as handle:
        handle.write("\ufeff")
        table = csv.writer(handle)
        table.writerow(COLUMNS)
        for gift in statement["gifts"]:
            table.writerow([csv_cell(gift[c]) for c in COLUMNS])
    files = [stem.with_suffix(".html"), stem.with_suffix(".csv")]
    return [*files, pdf_of(body, stem.with_suffix(".pdf"))] if pdf else files
