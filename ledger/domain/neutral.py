"""Text made inert for the program that reads it, where published or exported text leaves
cfund: a spreadsheet runs a cell that begins as a formula would (OWASP's CSV injection), so such
text gets a leading apostrophe, which Excel, WPS and LibreOffice show as text and do not display.
Amounts are never passed here: they stay numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledger.domain.money import format_amount

#: How a cell a spreadsheet would run begins: =, +, -, @, a tab or a carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet shows it and does not run it. A lone sign (``-`` for "none")
    is no formula and stays as it is."""
    if text.startswith(FORMULA_STARTS) and text not in ("-", "+"):
        return "'" + text
    return text


def csv_cell(value: Any) -> Any:
    """A published CSV cell: none as empty, amounts as exact text, text made inert."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value, grouping=False)
    return spreadsheet_text(value) if isinstance(value, str) else value
