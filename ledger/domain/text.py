"""Text and numbers as people type them: refused when empty, too long, or carrying characters that
make a screen show something other than what is stored."""

from __future__ import annotations

import unicodedata

from ledger.errors import InputError

#: Bidirectional controls: "捐赠\u202e00.0001" displays as a different amount than it holds.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: The largest number a BIGINT id holds.
MAX_ID = 2**63 - 1


def unsafe_char(char: str) -> bool:
    """A character no stored text may hold: C0 and C1 controls, DEL, line and paragraph
    separators, bidirectional controls (each can make text on a screen say what it does not)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI


def clean_text(value: str | None, field: str, *, limit: int = 500, required: bool = True) -> str:
    """Trimmed user text; refuses empty (when required), too long, or unsafe characters."""
    text = (value or "").strip()
    if (required and not text) or len(text) > limit or any(map(unsafe_char, text)):
        raise InputError("text_invalid", field=field, limit=limit)
    return text


def optional_text(value: str | None, field: str, *, limit: int = 500) -> str | None:
    """An optional option: absent is None; given, even as "", it must be real text."""
    return None if value is None else clean_text(value, field, limit=limit)


def parse_number(value: str, field: str) -> int:
    """A project or entry number as typed: ASCII digits only (not ``1_0`` nor full-width digits),
    from 1 to the largest BIGINT, refused before any database sees it."""
    digits = str(value).strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()) or not digits.strip("0"):
        raise InputError("number_invalid", field=field, value=str(value))
    if len(digits.lstrip("0")) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        raise InputError("number_too_large", field=field, value=str(value), max=MAX_ID)
    return int(digits)
