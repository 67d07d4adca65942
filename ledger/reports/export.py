"""Plain-text accounting: the whole journal of a book as an hledger or a beancount file.

Auditors check the books with tools they trust. Accounts are named from their ASCII codes under
the five root types both tools know (memo accounts go under equity, ``memo``); the Chinese name
is a comment (hledger) or ``name_zh`` metadata (beancount). Each entry keeps its date, number and
memo; each posting its fund, project, party, compound and purpose as tags or metadata. Amounts
are exact two-decimal strings in CNY, debits positive and credits negative, as in cfund.

The formatting functions are pure. :func:`write` streams postings in journal order, one entry
at a time, into a temporary file beside it, created exclusively, and renames it only when
complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from ledger.data.files import written
from ledger.domain.money import format_amount, from_fen
from ledger.domain.progress import PROGRESS_EVERY, Progress
from ledger.errors import InputError
from ledger.reports.lists import entry_count
from ledger.storage.reader import Reader

FORMATS = ("hledger", "beancount")
STEP = PROGRESS_EVERY
CURRENCY = "CNY"
#: Account type -> (hledger root, beancount root, beancount leaf prefix).
ROOTS = {
    "asset": ("assets", "Assets", "A"),
    "liability": ("liabilities", "Liabilities", "L"),
    "net_assets": ("equity", "Equity", "N"),
    "income": ("income", "Income", "I"),
    "expense": ("expenses", "Expenses", "X"),
    "memo": ("equity:memo", "Equity:Memo", "M"),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
_NOT_BEAN = re.compile(r"[^A-Za-z0-9]")
_NOT_HLEDGER = re.compile(r"[^A-Za-z0-9._-]")

POSTINGS_SQL = (
    "SELECT e.seq, e.date, e.kind, e.memo, e.hash, r.seq, a.code, a.type, f.code, p.amount_fen, "
    "pt.code, pt.name, c.code, p.purpose, pr.seq "
    "FROM entries e JOIN postings p ON p.entry_id = e.id JOIN accounts a ON a.id = p.account_id "
    "JOIN funds f ON f.id = p.fund_id LEFT JOIN parties pt ON pt.id = p.party_id "
    "LEFT JOIN compounds c ON c.id = p.compound_id LEFT JOIN entries r ON r.id = e.reverses "
    "LEFT JOIN projects pr ON pr.id = p.project_id WHERE e.book_id = :book ORDER BY e.seq, p.id"
)


@dataclass(frozen=True)
class TextAccount:
    """An account of the chart, as the export names it."""

    code: str
    type: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class TextLine:
    """One posting: its account, signed amount (yuan, two places) and the labels it has."""

    account: TextAccount
    amount: str
    labels: tuple[tuple[str, str | int], ...]


@dataclass(frozen=True)
class TextEntry:
    """One journal entry with its postings, in journal order."""

    seq: int
    date: str
    memo: str
    labels: tuple[tuple[str, str | int], ...]
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class TextBook:
    """What the header says about the book."""

    code: str
    name: str
    entries: int
    head: str
    opened: str  # the earliest entry's date (beancount opens every account on it)
    accounts: tuple[TextAccount, ...]


class Written(NamedTuple):
    """The outcome of an export: how many entries and postings the file holds."""

    entries: int
    postings: int


def one_line(text: str) -> str:
    """Text with every control character (newlines, tabs) turned into one space."""
    return _CONTROL.sub(" ", text).strip()


def hledger_account(account: TextAccount) -> str:
    """``assets:1001``, ``equity:3102.01``, ``equity:memo:9101``."""
    return f"{ROOTS[account.type][0]}:{_NOT_HLEDGER.sub('-', account.code)}"


def beancount_account(account: TextAccount) -> str:
    """``Assets:A1001``, ``Equity:N3102-01``, ``Equity:Memo:M9101`` (components must start A-Z)."""
    _, root, prefix = ROOTS[account.type]
    return f"{root}:{prefix}{_NOT_BEAN.sub('-', account.code)}"


#: What hledger reads inside a comment: ``[DATE]`` is a posting's own date, a comma ends a tag's
#: value, and in free text ``word:`` begins a tag. Each becomes its full-width twin.
_IN_TAG = str.maketrans({",": "，", "[": "［", "]": "］"})
_IN_COMMENT = str.maketrans({",": "，", ":": "：", "[": "［", "]": "］"})


def _hledger_value(value: str | int) -> str:
    """A tag value: one line, and nothing hledger would read as its end or as a date."""
    return one_line(str(value)).translate(_IN_TAG)


def _hledger_tags(labels: Iterable[tuple[str, str | int]]) -> str:
    return ", ".join(f"{key}:{_hledger_value(value)}" for key, value in labels)


def _comment(text: str) -> str:
    """Free comment text: one line, and no ``word:`` or ``[DATE]`` that hledger would read as a
    tag or a date."""
    return one_line(text).translate(_IN_COMMENT)


def hledger_header(book: TextBook) -> Iterator[str]:
    """The book in comments, the CNY commodity, and an ``account`` directive per account."""
    yield f"; cfund export: book {_comment(book.code)} {_comment(book.name)}\n"
    yield f"; {book.entries} entries, chain head {book.head}\n"
    yield "; amounts in CNY, debits positive, credits negative\n\n"
    yield f"commodity 1000.00 {CURRENCY}\n\n"
    for account in book.accounts:
        yield f"account {hledger_account(account)}  ; {_comment(account.name_zh)}\n"
    yield "\n"


def hledger_entry(entry: TextEntry) -> str:
    """One transaction: ``DATE (SEQ) MEMO``, its tags, then one line per posting."""
    memo = one_line(entry.memo).replace(";", "；")  # a semicolon would end the description
    out = [f"{entry.date} ({entry.seq}) {memo}\n", f"    ; {_hledger_tags(entry.labels)}\n"]
    for line in entry.lines:
        name = hledger_account(line.account)
        tags = f"  ; {_hledger_tags(line.labels)}" if line.labels else ""
        out.append(f"    {name:<20}  {line.amount:>14} {CURRENCY}{tags}\n")
    return "".join(out) + "\n"


def bean_string(text: str) -> str:
    """A beancount string literal: one line, backslashes and quotes escaped."""
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bean_meta(labels: Iterable[tuple[str, str | int]], indent: str) -> list[str]:
    return [f"{indent}{k}: {v if isinstance(v, int) else bean_string(v)}\n" for k, v in labels]


def beancount_header(book: TextBook) -> Iterator[str]:
    """The book in comments and options, the CNY commodity, and an ``open`` per account."""
    yield f"; cfund export: book {one_line(book.code)} {one_line(book.name)}\n"
    yield f"; {book.entries} entries, chain head {book.head}\n"
    yield "; amounts in CNY, debits positive, credits negative\n"
    yield f'option "title" {bean_string(f"{book.name} ({book.code})")}\n'
    yield f'option "operating_currency" "{CURRENCY}"\n\n'
    yield f"{book.opened} commodity {CURRENCY}\n\n"
    for account in book.accounts:
        labels = (("code", account.code), ("name_zh", account.name_zh), ("name_en", account.name_en))
        yield f"{book.opened} open {beancount_account(account)} {CURRENCY}\n"
        yield "".join(_bean_meta(labels, "  "))
    yield "\n"


def beancount_entry(entry: TextEntry) -> str:
    """One transaction: ``DATE * "MEMO"``, its metadata, then each posting and its metadata."""
    out = [f"{entry.date} * {bean_string(entry.memo)}\n", *_bean_meta((("entry", entry.seq), *entry.labels), "  ")]
    for line in entry.lines:
        out.append(f"  {beancount_account(line.account):<24}  {line.amount:>14} {CURRENCY}\n")
        out.extend(_bean_meta(line.labels, "    "))
    return "".join(out) + "\n"


FORMATTERS: dict[str, tuple[Callable[[TextBook], Iterator[str]], Callable[[TextEntry], str]]] = {
    "hledger": (hledger_header, hledger_entry),
    "beancount": (beancount_header, beancount_entry),
}


def _present(*labels: tuple[str, Any]) -> tuple[tuple[str, str | int], ...]:
    return tuple((key, value) for key, value in labels if value is not None and value != "")


def _line(row: tuple[Any, ...], accounts: dict[str, TextAccount]) -> TextLine:
    *_, code, _type, fund, fen, party, party_name, compound, purpose, project = row
    labels = _present(
        ("fund", fund),
        ("project", None if project is None else int(project)),
        ("party", party),
        ("party_name", party_name),
        ("compound", compound),
        ("purpose", purpose),
    )
    return TextLine(accounts[code], format_amount(from_fen(int(fen)), grouping=False), labels)


def entries(reader: Reader, accounts: dict[str, TextAccount]) -> Iterator[TextEntry]:
    """The book's entries in journal order, built one at a time from a stream of postings."""
    rows = reader.stream(POSTINGS_SQL)
    for seq, group in itertools.groupby(rows, key=lambda r: r[0]):
        postings = list(group)
        _, date, kind, memo, digest, reverses = postings[0][:6]
        labels = _present(("kind", kind), ("reverses", None if reverses is None else int(reverses)), ("hash", digest))
        lines = tuple(_line(r, accounts) for r in postings)
        yield TextEntry(int(seq), str(date)[:10], memo, labels, lines)


def book_header(reader: Reader) -> TextBook:
    """The book's name, entry count, chain head, earliest date and chart of accounts."""
    name, head = reader.rows("SELECT name, head_hash FROM books WHERE id = :book")[0]
    first = reader.rows("SELECT MIN(date) FROM entries WHERE book_id = :book")[0][0]
    chart = reader.rows("SELECT code, type, name_zh, name_en FROM accounts WHERE book_id = :book ORDER BY code")
    accounts = tuple(TextAccount(*row) for row in chart)
    opened = str(first)[:10] if first is not None else dt.date(1970, 1, 1).isoformat()
    return TextBook(reader.book_code, name, entry_count(reader), head, opened, accounts)


def write(reader: Reader, fmt: str, path: Path, progress: Progress | None = None) -> Written:
    """Write the whole journal to ``path`` in ``fmt``; a partial file never takes its name.
    ``progress(done, total)`` hears of the entries written every ``STEP`` entries."""
    if fmt not in FORMATTERS:
        raise InputError("export_format_invalid", value=fmt, formats=", ".join(FORMATS))
    header, entry = FORMATTERS[fmt]
    book = book_header(reader)
    count = postings = 0
    with _open(path) as out:
        out.writelines(header(book))
        for item in entries(reader, {a.code: a for a in book.accounts}):
            out.write(entry(item))
            count, postings = count + 1, postings + len(item.lines)
            if progress and count % STEP == 0:
                progress(count, book.entries)
    return Written(count, postings)


def _open(target: Path) -> contextlib.AbstractContextManager[TextIO]:
    """``target``, written whole (:func:`ledger.data.files.written`). A folder that is missing, or a
    folder where the file should be, is bad ``--out``, refused before anything is written."""
    for bad, code in ((target.is_dir(), errno.EISDIR), (not target.parent.is_dir(), errno.ENOENT)):
        if bad:
            raise InputError("export_unwritable", out=str(target), reason=os.strerror(code))
    return written(target)
