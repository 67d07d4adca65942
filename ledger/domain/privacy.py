"""Keeping residents' personal data out of anything published: names masked (张三 -> 张**),
mainland mobile numbers and ID-card numbers removed from free text."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def mask_name(name: str | None) -> str:
    """Keep the first character, mask the rest: 张三 -> 张*, 欧阳娜娜 -> 欧***; empty stays empty."""
    text = (name or "").strip()
    if not text:
        return ""
    return text[0] + "*" * max(len(text) - 1, 1)


def scrub(text: str | None) -> str:
    """Free text with phone and ID-card numbers removed (ID cards first: they contain digits
    that could look like a phone number)."""
    cleaned = _ID_CARD.sub("[已删除]", text or "")
    cleaned = _MOBILE.sub("[已删除]", cleaned)
    return _LANDLINE.sub("[已删除]", cleaned)
