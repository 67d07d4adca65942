"""A donation receipt printed: an HTML page and an A5 PDF rendered from it by WeasyPrint with a
CJK font embedded (checked first, as for the disclosure pack). Each file is written whole, under
a temporary name renamed into place. A voided receipt prints with 作废 (VOID) and its reason
across it; the register keeps it as issued."""

from __future__ import annotations

import html
from pathlib import Path
from string import Template
from typing import Any

from ledger.data.files import written
from ledger.data.fixtures import fixture_path
from workflows.disclosure.page import shown
from workflows.disclosure.pdf import pdf_of, require_cjk_font


def page(receipt: dict[str, Any]) -> str:
    """The receipt as one HTML page, every text escaped."""
    values = {k: html.escape(shown(v)) for k, v in receipt.items()}
    void = ""
    if receipt["status"] == "voided":
        void = f'<div class="void">作废 VOID<small>{html.escape(str(receipt["void_reason"]))}</small></div>'
    template = Template(fixture_path("receipt.html").read_text(encoding="utf-8"))
    return template.substitute(values, void=void)


def write_receipt(receipt: dict[str, Any], out: Path, *, pdf: bool = True) -> list[Path]:
    """``receipt-<number>.html`` and (with ``pdf``) ``.pdf`` in folder ``out``."""
    if pdf:
        require_cjk_font()
    body = page(receipt)
    target = out / f"receipt-{receipt['number']}.html"
    with written(target) as handle:
        handle.write(body)
    return [target, pdf_of(body, target.with_suffix(".pdf"))] if pdf else [target]
