"""Keeping residents' personal data out of anything published: the one scrubber every published
field passes through (:func:`scrubbed`), names of individuals masked (张三 -> 张*), individuals
named by a pseudonym instead of their party code.

:func:`scrub` removes from text, as typed or pasted:

- mainland mobile numbers (1[3-9] and nine more digits), with spaces or dashes between any
  digits and a ``+86``, ``0086``, ``86`` or ``(+86)`` before them;
- ID-card numbers: 18 digits (the last may be ``X``) that begin with a region digit (1-8) and
  whose seventh to fourteenth digits are a birth date (19xx or 20xx), and the old 15 digits
  with a six-digit birth date in the same place, with spaces or dashes between any digits and
  letters stuck to either end;
- landline numbers with their area code (0830-2345678, 0830 2345678, (0830)2345678).

Full-width digits and signs (１３８，＋８６) are read as their ASCII twins. What is removed
becomes ``[已删除]``; everything else is published as typed (free text can still carry a name).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from ledger.errors import InputError

REMOVED = "[已删除]"
#: Full-width digits, plus, minus, parentheses, X and the ideographic space, one for one.
_HALF = str.maketrans("０１２３４５６７８９＋－（）Ｘｘ　", "0123456789+-()Xx ")
_SEP = r"[\s\-]{0,3}"
_MOBILE = re.compile(rf"(?<!\d)(?:\(?(?:\+|00)?86\)?{_SEP})?1{_SEP}[3-9](?:{_SEP}\d){{9}}(?!\d)")
_ID_RUN = re.compile(r"(?<!\d)\d(?:[\s\-]{0,3}\d){14}(?:(?:[\s\-]{0,3}\d){2}[\s\-]{0,3}[\dXx])?(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)\(?0\d{2,3}\)?[\s\-]{0,3}\d{7,8}(?!\d)")


def mask_name(name: str | None) -> str:
    """Keep the first character, mask the rest: 张三 -> 张*, 欧阳娜娜 -> 欧***; empty stays empty."""
    text = (name or "").strip()
    if not text:
        return ""
    return text[0] + "*" * max(len(text) - 1, 1)


def pseudonym(party_id: int) -> str:
    """The stable public name of an individual party: from the row's number, which says nothing
    about the person (a digest of their code or name could be confirmed by guessing)."""
    return f"IND-{party_id:06d}"


def _is_id_card(digits: str) -> bool:
    """Whether a run of digits is an ID-card number: a plausible birth date where it belongs."""
    if digits[:1] not in tuple("12345678"):
        return False
    if len(digits) == 18:
        year, month, day = digits[6:10], digits[10:12], digits[12:14]
        return year[:2] in ("19", "20") and "01" <= month <= "12" and "01" <= day <= "31"
    if len(digits) == 15:
        return "01" <= digits[8:10] <= "12" and "01" <= digits[10:12] <= "31"
    return False


def _id_cards(seen: str) -> list[tuple[int, int]]:
    spans = []
    for found in _ID_RUN.finditer(seen):
        if _is_id_card(re.sub(r"[\s\-]", "", found.group()).upper()):
            spans.append(found.span())
    return spans


def _spans(seen: str) -> list[tuple[int, int]]:
    """Where personal numbers are in ``seen`` (ID cards first: their digits can look like a phone)."""
    taken = _id_cards(seen)
    for pattern in (_MOBILE, _LANDLINE):
        taken += [m.span() for m in pattern.finditer(seen) if not any(a < m.end() and m.start() < b for a, b in taken)]
    return sorted(taken)


def scrub(text: str | None) -> str:
    """``text`` with every personal number in it replaced by ``[已删除]``."""
    original = text or ""
    seen = original.translate(_HALF)  # one for one, so positions in it are positions in the text
    out, at = [], 0
    for start, end in _spans(seen):
        if start >= at:
            out += [original[at:start], REMOVED]
            at = end
    return "".join(out) + original[at:]


def scrubbed(value: Any, keep: Collection[str] = ()) -> Any:
    """``value`` (figures: dicts, lists, text, numbers) with every text in it scrubbed, dict keys
    and the fields named in ``keep`` (digests, registered organisation codes) left as they are."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: v if k in keep else scrubbed(v, keep) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrubbed(item, keep) for item in value]
    return value


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def masked_id_number(text: str) -> str:
    """An ID-card number as a receipt may carry it: checked (GB 11643: region digit, birth date,
    check character) and kept as its first three and last four characters, the rest starred;
    the full number is never stored. Full-width digits and spaces are read as typed."""
    number = re.sub(r"[\s\-]", "", text.translate(_HALF)).upper()
    valid = len(number) == 18 and number[:17].isdigit() and _is_id_card(number)
    if valid:
        total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
        valid = "10X98765432"[total % 11] == number[17]
    if not valid:
        raise InputError("id_number_invalid")
    return number[:3] + "*" * 11 + number[-4:]
