"""Writing the disclosure pack from one set of figures: JSON (stable English keys, amounts as
strings), CSV files in UTF-8 with BOM (they open in Excel and WPS on Chinese Windows), one HTML
page for residents (inline CSS, no external files), and through :func:`write_pack` also the Excel
workbook, the 360Giving JSON, the A4 PDF, the public journal and its verifier (``verify_pack.py``,
Python's standard library alone: a resident checks the pack with no cfund installed)."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.data.files import staged_folder
from ledger.domain.money import format_amount
from ledger.domain.neutral import csv_cell
from workflows.disclosure import page as pack_page
from workflows.disclosure import pdf as pack_pdf
from workflows.disclosure import threesixty_giving as giving
from workflows.disclosure import verify_pack
from workflows.disclosure import xlsx as pack_xlsx

VERIFIER = "verify_pack.py"
SECTIONS = (
    "income_by_source",
    "transfers",
    "projects",
    "disbursements",
    "evaluations",
    "disclosures",
    "project_reports",
    "fund_balances",
    "statements",
    "notes",
)
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
            writer.writerow([csv_cell(figures[k]) for k in HEADLINE])
            keys = list(rows[0]) if rows else []
            writer.writerow(keys)
            writer.writerows([[csv_cell(r[k]) for k in keys] for r in rows])
        paths.append(path)
    return paths


#: Writes the public journal into the folder given; returns its head and its path.
Journal = Callable[[Path], tuple[str, Path]]


def write_pack(
    figures: dict[str, Any], out: Path, *, pdf: bool = True, replace: bool = False, journal: Journal | None = None
) -> list[Path]:
    """Every file of the pack, written into a folder beside ``out`` and moved into place whole:
    a failure or a kill part-way leaves the pack that was there, or none. An existing pack is
    replaced only with ``replace``. The font is checked before anything is written. With
    ``journal``, the public journal comes first (the JSON states its head), and the verifier
    that needs only Python beside it."""
    if pdf:
        pack_pdf.require_cjk_font()
    with staged_folder(out, replace=replace) as staging:
        files = []
        if journal is not None:
            head, path = journal(staging)
            figures = {**figures, "public_head": head}
            files += [path, Path(shutil.copyfile(verify_pack.__file__, staging / VERIFIER))]
        page = pack_page.write_html(figures, HEADLINE, staging)
        files += [
            write_json(figures, staging),
            *write_csv(figures, staging),
            pack_xlsx.write_xlsx(figures, HEADLINE, staging),
            giving.write(figures, figures["book_name"], staging),
            page,
        ]
        files += [pack_pdf.write_pdf(page)] if pdf else []
    return [out / path.name for path in files]
