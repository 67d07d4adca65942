"""Writing the disclosure pack from one set of figures: JSON (stable English keys, amounts as
strings), CSV files in UTF-8 with BOM (they open in Excel and WPS on Chinese Windows), and one
HTML page for residents (inline CSS, no external files). Excel, 360Giving and the PDF are to come."""

from __future__ import annotations

import csv
import html
import json
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

from ledger.fixtures import fixture_path
from ledger.money import format_amount

SECTIONS = ("income_by_source", "transfers", "projects", "disbursements", "evaluations", "fund_balances", "statements")
HEADLINE = (
    "period",
    "book",
    "entries",
    "chain_head",
    "total_income",
    "total_income_upper",
    "total_expenses",
    "total_expenses_upper",
)


def _plain(value: Any) -> Any:
    return format_amount(value, grouping=False) if isinstance(value, Decimal) else value


def write_json(figures: dict[str, Any], out: Path) -> Path:
    path = out / f"disclosure-{figures['period']}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=_plain), encoding="utf-8")
    return path


def write_csv(figures: dict[str, Any], out: Path) -> list[Path]:
    """One CSV per section, each starting with the headline figures as comment-free key rows."""
    paths = []
    for section in SECTIONS:
        rows = figures[section]
        path = out / f"disclosure-{figures['period']}-{section}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADLINE)
            writer.writerow([_plain(figures[k]) for k in HEADLINE])
            keys = list(rows[0]) if rows else []
            writer.writerow(keys)
            writer.writerows([["" if r[k] is None else _plain(r[k]) for k in keys] for r in rows])
        paths.append(path)
    return paths


def write_html(figures: dict[str, Any], out: Path) -> Path:
    """A single page a resident can read on a phone: totals, where the money came from, where it went."""
    esc = html.escape
    sources = figures["income_by_source"][:15]
    top = max((r["amount"] for r in sources), default=Decimal(1)) or Decimal(1)
    bars = "\n".join(
        f'<div class="row"><span>{esc(str(r["name"]))}</span>'
        f'<div class="bar" style="width:{r["amount"] * 100 / top:.1f}%"></div><b>{format_amount(r["amount"])}</b></div>'
        for r in sources
    )
    projects = "\n".join(
        "<tr>"
        + "".join(
            f"<td>{esc(str(cell))}</td>"
            for cell in (
                r["project"],
                r["title"],
                r["compound"],
                r["stage"],
                format_amount(r["approved"]),
                format_amount(r["paid"]),
            )
        )
        + "</tr>"
        for r in figures["projects"]
    )
    values = {
        k: esc(format_amount(v) if isinstance(v, Decimal) else str(v)) for k, v in figures.items() if k in HEADLINE
    }
    page = Template(fixture_path("disclosure.html").read_text(encoding="utf-8"))
    path = out / f"disclosure-{figures['period']}.html"
    path.write_text(page.substitute(values, bars=bars, projects=projects), encoding="utf-8")
    return path
