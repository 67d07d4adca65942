"""All output goes through here: tables on a terminal, CSV or JSON when piped or asked for.

Amounts never wrap or truncate; long Chinese text folds; JSON and CSV use stable English keys
and amounts as strings. Messages go to stdout, errors and notices to stderr.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cli import interrupt
from ledger.domain.money import format_amount
from ledger.domain.neutral import spreadsheet_text
from ledger.domain.progress import Progress
from ledger.domain.text import unsafe_char
from ledger.errors import InputError

FORMATS = ("table", "json", "csv")


@dataclass(frozen=True)
class Col:
    """A column: its stable key, its zh and en headers, and whether it holds amounts."""

    key: str
    zh: str
    en: str
    amount: bool = False
    only: str | None = None  # shown in tables only in this language (names have a zh and an en column)
    shown: Callable[[Any, str], Any] | None = None  # how a table shows a value, given the language


def choose_format(fmt: str | None) -> str:
    """The format asked for, or a table on a terminal and CSV when piped."""
    if fmt is None:
        return "table" if sys.stdout.isatty() else "csv"
    if fmt not in FORMATS:
        raise InputError("format_invalid", value=fmt)
    return fmt


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return format_amount(value, grouping=False)
    return value


def rows_out(rows: Iterable[dict[str, Any]], cols: list[Col], fmt: str | None, lang: str, title: str = "") -> None:
    """Print rows in the chosen format; JSON and CSV are written row by row as ``rows`` yields
    them, so a journal of millions of rows streams in bounded memory."""
    chosen = choose_format(fmt)
    if chosen == "json":
        _json_array({c.key: _plain(r.get(c.key)) for c in cols} for r in rows)
    elif chosen == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.key for c in cols])
        writer.writerows([_csv_cell(r.get(c.key)) for c in cols] for r in rows)
    else:
        _table(list(rows), cols, lang, title)


def _json_array(items: Iterable[dict[str, Any]]) -> None:
    """The bytes of ``json.dumps(list(items), indent=2)``, one item at a time."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=_json_default)
        sys.stdout.write(("[\n" if first else ",\n") + textwrap.indent(text, "  "))
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def _json_default(value: Any) -> Any:
    """Amounts nested anywhere (a project's plan, say) are strings in JSON, like everywhere else."""
    if isinstance(value, Decimal):
        return format_amount(value, grouping=False)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _csv_cell(value: Any) -> Any:
    """A CSV cell: amounts as exact text, text a spreadsheet would run made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_text(value) if isinstance(value, str) else _plain(value)


#: Text columns fold only past this many cells, so dates and short codes stay on one line.
FOLD_AFTER = 10


def _table(rows: list[dict[str, Any]], cols: list[Col], lang: str, title: str) -> None:
    """A table that fits the terminal; when even folded it would not, one block per row."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    cols = [c for c in cols if c.only in (None, lang)]  # "csv"-only columns stay out of tables
    headers = [c.en if lang == "en" else c.zh for c in cols]
    cells = [[_cell(c.shown(r.get(c.key), lang) if c.shown else r.get(c.key), lang) for c in cols] for r in rows]
    widths = [max(map(cell_len, [h[:2], *(row[i] for row in cells)])) for i, h in enumerate(headers)]  # headers wrap
    least = [w if c.amount else min(w, FOLD_AFTER) for c, w in zip(cols, widths, strict=True)]
    if sum(least) + 3 * len(cols) + 1 > console.width:  # each column has a border and a space each side
        _records(console, headers, cells, title)
        return
    table = Table(title=title or None, show_lines=False)
    for c, header, width in zip(cols, headers, least, strict=True):
        if c.amount:
            table.add_column(header, justify="right", no_wrap=True)
        else:
            table.add_column(header, overflow="fold", min_width=width)
    for row in cells:
        table.add_row(*row)
    console.print(table)


def _records(console: Any, headers: list[str], cells: list[list[str]], title: str) -> None:
    """Rows too wide for the terminal, one block each: a header and its value per line (empty
    values left out)."""
    from rich.table import Table

    if title:
        console.print(title, style="bold")
    for row in cells:
        block = Table.grid(padding=(0, 2))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for header, value in zip(headers, row, strict=True):
            if value:
                block.add_row(header, value)
        console.rule()
        console.print(block)


def local_time(moment: Any, lang: str) -> Any:
    """An ISO timestamp as a person reads it: local time, to the minute (a :attr:`Col.shown`)."""
    if not moment:
        return moment
    return dt.datetime.fromisoformat(str(moment)).astimezone().strftime("%Y-%m-%d %H:%M")


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    return str(value)


def result(message: str, fmt: str | None, data: dict[str, Any]) -> None:
    """The outcome of a write command: a line of text, or a JSON object with ``--format json``."""
    if fmt == "json":
        payload = {k: _plain(v) for k, v in data.items()} | {"message": message}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=_json_default) + "\n")
    else:
        choose_format(fmt)
        sys.stdout.write(message + "\n")


def json_out(data: Any) -> None:
    """One JSON document on stdout (amounts as strings)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def note(message: str) -> None:
    """A notice on stderr (does not disturb piped data)."""
    sys.stderr.write(message + "\n")


#: The longest error line written; what the user typed is quoted to at most SHOWN characters,
#: a path (which is no use cut) to at most PATH_SHOWN.
LINE_LIMIT, SHOWN, PATH_SHOWN = 1000, 80, 400
#: The fields of an error that name a file or folder.
PATH_FIELDS = frozenset({"db", "file", "folder", "out", "path"})


def _escaped(text: str, limit: int) -> str:
    out = "".join(c.encode("unicode_escape").decode("ascii") if unsafe_char(c) else c for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def shown(value: str, limit: int = SHOWN) -> str:
    """Typed text as an error quotes it: unsafe characters escaped, long text cut."""
    return _escaped(value, limit)


def shown_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """An error's fields, the text ones as :func:`shown` quotes them (paths cut only when long)."""
    return {
        k: shown(v, PATH_SHOWN if k in PATH_FIELDS else SHOWN) if isinstance(v, str) else v for k, v in fields.items()
    }


def error(message: str) -> None:
    """One error line on stderr: never broken by, nor sending, a control character."""
    sys.stderr.write(_escaped(message, LINE_LIMIT) + "\n")


@contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr when it is a terminal; silent otherwise, unless
    ``CFUND_PROGRESS=plain`` asks for one line per step (for logs of scheduled jobs).
    Each step is also where a Ctrl-C that Python swallowed is raised again."""
    with _shown_progress(label) as show:

        def step(done: int, total: int) -> None:
            interrupt.checkpoint()
            show(done, total)

        yield step


@contextmanager
def _shown_progress(label: str) -> Iterator[Progress]:
    if os.environ.get("CFUND_PROGRESS") == "plain":

        def line(done: int, total: int) -> None:
            sys.stderr.write(f"{label} {done}/{total}\n")
            sys.stderr.flush()

        yield line
        return
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
