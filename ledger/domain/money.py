"""Money: the one parser, the one half-up rounding, exact splits, fen conversion, display.

Every amount in cfund is a ``Decimal`` with at most two places, built only by :func:`parse_amount`.
The database stores signed integer fen (BIGINT); :func:`to_fen` and :func:`from_fen` convert.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ledger.errors import InputError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
#: The largest amount accepted: 9e15 fen fits a signed BIGINT with room for sums.
MAX_FEN = 9_000_000_000_000_000
MAX_AMOUNT = Decimal(MAX_FEN) / 100

_AMOUNT_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_amount(value: object, *, field: str = "amount") -> Decimal:
    """Turn user or file input into an exact Decimal amount, or raise a clear InputError.

    Accepts ``"1234.56"``, ``"1,234.56"``, ``"¥1234.56"``, ``"1234.56元"``, ``Decimal`` and ``int``.
    Refuses floats, more than two decimal places, NaN, infinities and out-of-range values.
    """
    if isinstance(value, bool):
        raise InputError("amount_invalid", field=field, value=repr(value))
    if isinstance(value, float):
        raise InputError("amount_float", field=field, value=repr(value))
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _parse_text(value, field)
    else:
        raise InputError("amount_invalid", field=field, value=repr(value))
    return _checked(number, field, value)


def _parse_text(text: str, field: str) -> Decimal:
    cleaned = text.strip().removeprefix("¥").removeprefix("￥").removesuffix("元").strip()  # only as written
    match = _AMOUNT_RE.match(cleaned) if cleaned.isascii() else None
    if match is None:
        raise InputError("amount_invalid", field=field, value=text)
    if match[3] and len(match[3]) > 3:  # "1.500" is refused, not read as 1.5 (nor as 1,500)
        raise InputError("amount_places", field=field, value=text)
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise InputError("amount_invalid", field=field, value=text) from exc


def _checked(number: Decimal, field: str, original: object) -> Decimal:
    if not number.is_finite():
        raise InputError("amount_invalid", field=field, value=str(original))
    if abs(number) > MAX_AMOUNT:
        raise InputError(
            "amount_range",
            field=field,
            value=str(original),
            max=format_amount(MAX_AMOUNT),
        )
    if number != number.quantize(FEN):
        raise InputError("amount_places", field=field, value=str(original))
    return number.quantize(FEN) + 0  # "+ 0" turns -0.00 into 0.00


def parse_positive(value: object, *, field: str = "amount") -> Decimal:
    """Like :func:`parse_amount`, but the amount must be greater than zero."""
    amount = parse_amount(value, field=field)
    if amount <= 0:
        raise InputError("amount_not_positive", field=field, value=str(value))
    return amount


def round_half_up(value: Decimal) -> Decimal:
    """Round to the fen, half-up (四舍五入): the only rounding in cfund."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP) + 0


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """``rate`` (0.20 for 20%) of ``amount``, rounded half-up to the fen."""
    return round_half_up(amount * rate)


def split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` by ``weights`` into legs that sum exactly to ``total`` (largest remainder).

    Each leg gets its exact share rounded down to the fen; the fen left over go one each to the
    legs with the largest remainders (ties to the later leg, so 100.00 / 3 is 33.33, 33.33, 33.34).
    No leg is ever of the opposite sign to the total, and none is off by a fen or more.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise InputError("split_weights")
    fen = to_fen(total)
    whole = sum(weights)
    exact = [Decimal(abs(fen)) * w / whole for w in weights]
    legs = [int(e) for e in exact]
    by_remainder = sorted(range(len(legs)), key=lambda i: (exact[i] - legs[i], i), reverse=True)
    for i in by_remainder[: abs(fen) - sum(legs)]:
        legs[i] += 1
    sign = -1 if fen < 0 else 1
    return [from_fen(sign * leg) for leg in legs]


def to_fen(amount: Decimal) -> int:
    """Exact Decimal yuan -> integer fen; refuses anything not already to the fen."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise InputError("amount_invalid", field="amount", value=repr(amount))
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise InputError("amount_places", field="amount", value=str(amount))
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Integer fen -> Decimal yuan with two places."""
    return (Decimal(int(fen)) / 100).quantize(FEN)


def format_amount(amount: Decimal, *, grouping: bool = True) -> str:
    """Display form: ``1,234.56`` (grouping) or ``1234.56`` (for CSV and JSON)."""
    return f"{amount:,.2f}" if grouping else f"{amount:.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("仟", "佰", "拾", "")
_GROUPS = ("", "万", "亿", "万亿")


def _section(value: int) -> str:
    """1..9999 in upper-case numerals; inner zeros become one 零, trailing zeros vanish."""
    out, zero = "", False
    for digit, unit in zip(f"{value:04d}", _UNITS, strict=True):
        if digit == "0":
            zero = bool(out)
        else:
            out += ("零" if zero else "") + _DIGITS[int(digit)] + unit
            zero = False
    return out


def _yuan_upper(value: int) -> str:
    groups: list[int] = []
    while value:
        groups.insert(0, value % 10000)
        value //= 10000
    out, zero = "", False
    for index, group in enumerate(groups):
        if group == 0:
            zero = bool(out)
            continue
        out += ("零" if out and (zero or group < 1000) else "") + _section(group) + _GROUPS[len(groups) - 1 - index]
        zero = False
    return out


def chinese_upper(amount: Decimal) -> str:
    """The amount in Chinese upper-case (大写) as written on receipts and notices:
    12345.67 -> 人民币壹万贰仟叁佰肆拾伍元陆角柒分; 100 -> 人民币壹佰元整."""
    fen = abs(to_fen(amount))
    yuan, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    text = "人民币" + ("负" if amount < 0 else "")
    if fen == 0:
        return text + "零元整"
    if yuan:
        text += _yuan_upper(yuan) + "元"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan and cent:
        text += "零"
    return text + (_DIGITS[cent] + "分" if cent else "整")
