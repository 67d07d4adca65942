"""``cfund export``: hledger and beancount read the exported journal and agree with cfund's own
trial balance to the fen, account by account, on the demo book and on both backends."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ledger.reports import export
from ledger.services import ledger_ops, registry
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import cfund as command_line

HLEDGER = shutil.which("hledger")
needs_hledger = pytest.mark.skipif(HLEDGER is None, reason="hledger is not on PATH")
NASTY = 'He said "hi"; a, b: type:X \\ end'


def cfund(env: dict[str, str], *args: str) -> Any:
    return command_line(env["CFUND_DB"], *args, book=env["CFUND_BOOK"])


def env_for(db: str, book: str) -> dict[str, str]:
    return {"CFUND_DB": db, "CFUND_BOOK": book, "CFUND_LANG": "en", "CFUND_USER": ""}


def book_env(book: BookHandle) -> dict[str, str]:
    where = book.location.sqlite_path
    return env_for(str(where) if where else book.location.url, book.code)


def run_export(env: dict[str, str], fmt: str, out: Path) -> dict[str, Any]:
    result = cfund(env, "export", fmt, "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert out.exists() and not list(out.parent.glob(f".{out.name}.*"))  # no temporary file left
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def cfund_totals(env: dict[str, str], name: Any) -> dict[str, Decimal]:
    """``cfund ledger balance`` as {exported account name: debit - credit}."""
    result = cfund(env, "ledger", "balance", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {
        name(export.TextAccount(r["account"], r["type"], "", "")): Decimal(r["debit"]) - Decimal(r["credit"])
        for r in json.loads(result.stdout)
    }


def cfund_journal(env: dict[str, str]) -> tuple[int, int]:
    """(entries, postings) as ``cfund ledger journal`` lists them."""
    result = cfund(env, "ledger", "journal", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    return len({r["entry"] for r in rows}), len(rows)


def hledger(path: Path, *args: str) -> str:
    assert HLEDGER is not None
    done = subprocess.run([HLEDGER, "-f", str(path), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def hledger_totals(path: Path) -> tuple[dict[str, Decimal], int]:
    """hledger's own per-account balances, and how many transactions it read."""
    rows = list(csv.DictReader(io.StringIO(hledger(path, "balance", "--flat", "--no-total", "-O", "csv"))))
    totals = {}
    for row in rows:
        number, currency = row["balance"].split()
        assert currency == "CNY"
        totals[row["account"]] = Decimal(number)
    found = re.search(r"^Transactions\s*:\s*(\d+)", hledger(path, "stats"), flags=re.M)
    assert found is not None
    return totals, int(found.group(1))


def load_beancount(path: Path) -> list[Any]:
    from beancount import loader

    entries, errors, _ = loader.load_file(str(path))
    assert errors == [], [getattr(e, "message", e) for e in errors]
    return list(entries)


def beancount_totals(path: Path) -> tuple[dict[str, Decimal], int]:
    """beancount's realization of every account, and how many transactions it read."""
    from beancount.core import data, realization

    entries = load_beancount(path)
    totals = {}
    for real in realization.iter_children(realization.realize(entries)):
        number = real.balance.get_currency_units("CNY").number
        if number:
            totals[real.account] = number
    return totals, sum(isinstance(e, data.Transaction) for e in entries)


def bean_check(path: Path) -> None:
    """The command-line check an auditor runs."""
    done = subprocess.run(
        [sys.executable, "-m", "beancount.scripts.check", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr


def assert_tools_agree(env: dict[str, str], tmp: Path) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Both exports, read by both tools, equal cfund's trial balance and entry count."""
    entries, postings = cfund_journal(env)
    written = [run_export(env, fmt, tmp / f"book.{fmt}") for fmt in export.FORMATS]
    assert [(w["entries"], w["postings"]) for w in written] == [(entries, postings)] * 2
    hl: dict[str, Decimal] = {}
    if HLEDGER is not None:
        hl, count = hledger_totals(tmp / "book.hledger")
        assert hl == cfund_totals(env, export.hledger_account) and count == entries
    bean, count = beancount_totals(tmp / "book.beancount")
    assert bean == cfund_totals(env, export.beancount_account) and count == entries
    bean_check(tmp / "book.beancount")
    return hl, bean


def post_a_few(book: BookHandle) -> None:
    ledger_ops.donate(book.uow, "tina", donor="gas", amount="1,234.56", fund="community", memo="gas; 10月")
    ledger_ops.donate(book.uow, "tina", donor="gas", amount="300.01", fund="disaster")
    ledger_ops.expense(
        book.uow, "tina", fund="community", account="5101.04", amount="99.99", purpose="community_service", payee="swc"
    )
    ledger_ops.reverse(book.uow, "tina", entry=2, reason="录错了")


def test_a_small_book_exports_on_each_backend_in_small_batches(
    book: BookHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ledger.storage.reader.STREAM_BATCH", 2)  # several round trips, even on a small book
    post_a_few(book)
    hl, bean = assert_tools_agree(book_env(book), tmp_path)
    assert bean == {
        "Assets:A1002": Decimal("1134.57"),
        "Income:I4101-02": Decimal("-1234.56"),
        "Expenses:X5101-04": Decimal("99.99"),
    }
    if HLEDGER is not None:
        assert hl == {
            "assets:1002": Decimal("1134.57"),
            "income:4101.02": Decimal("-1234.56"),
            "expenses:5101.04": Decimal("99.99"),
        }


def test_stream_yields_what_rows_returns(book: BookHandle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ledger.storage.reader.STREAM_BATCH", 3)
    post_a_few(book)
    sql = "SELECT p.id, p.amount_fen FROM postings p WHERE p.book_id = :book AND p.amount_fen > :floor ORDER BY p.id"
    with reading(book.location, book.code) as reader:
        streamed = list(reader.stream(sql, floor=-100_000_000))
        assert streamed == reader.rows(sql, floor=-100_000_000) and len(streamed) == 8
        rows = reader.stream(sql, floor=0)
        assert next(rows) == reader.rows(sql, floor=0)[0]  # the reader stays usable mid-stream
        if book.backend == "postgres":  # a server-side cursor holds the rest
            assert any(name.startswith("cfund_stream_") for (name,) in reader.rows("SELECT name FROM pg_cursors"))
        rows.close()


def make_names_nasty(book: BookHandle) -> None:
    """Quotes, semicolons, commas, colons, backslashes and newlines in names and memos."""
    registry.add_party(book.uow, "tina", code='o"neil; x, y', name=NASTY, kind="donor")
    with book.store.engine.connect() as conn:
        conn.execute(
            text("UPDATE parties SET name = :n WHERE code = :c"), {"n": NASTY + "\nline 2\r\n", "c": 'o"neil; x, y'}
        )
        conn.execute(text("UPDATE accounts SET name_zh = :n WHERE code = '1002'"), {"n": "银行\n存款; " + NASTY})
        conn.commit()
    ledger_ops.donate(book.uow, "tina", donor='o"neil; x, y', amount="12.34", fund="community", memo=NASTY)


def test_names_with_quotes_semicolons_and_newlines_still_parse(book: BookHandle, tmp_path: Path) -> None:
    from beancount.core import data

    make_names_nasty(book)
    assert_tools_agree(book_env(book), tmp_path)
    entries = load_beancount(tmp_path / "book.beancount")
    txn = next(e for e in entries if isinstance(e, data.Transaction))
    cash = txn.postings[0].meta or {}
    assert txn.narration == NASTY and cash["party_name"] == NASTY + " line 2" and cash["party"] == 'o"neil; x, y'
    opened = next(e for e in entries if isinstance(e, data.Open) and e.account == "Assets:A1002")
    assert opened.meta["name_zh"] == "银行 存款; " + NASTY
    if HLEDGER is not None:
        out = tmp_path / "book.hledger"
        assert re.search(r"^assets:1002\s+; type: A$", hledger(out, "accounts", "--types"), flags=re.M)
        assert hledger(out, "register", "-O", "csv").count("He said") == 2


def sample() -> tuple[export.TextBook, export.TextEntry]:
    cash = export.TextAccount("1002", "asset", "现金\n二", "Cash")
    memo = export.TextAccount("9101", "memo", 'memo "x"', "Memo")
    labels = (("fund", 'a, "b"\nc'), ("project", 7), ("party_name", "x; y: z\\"))
    lines = (export.TextLine(cash, "-0.01", labels), export.TextLine(memo, "0.01", ()))
    entry = export.TextEntry(3, "2026-01-31", 'line one\nline two; "q" | (p) \\', (("kind", "k"),), lines)
    return export.TextBook("b", "name\n2", 1, "h", "2026-01-01", (cash, memo)), entry


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_the_formatters_keep_any_text_on_one_line(fmt: str, tmp_path: Path) -> None:
    book, entry = sample()
    header, format_entry = export.FORMATTERS[fmt]
    out = tmp_path / f"sample.{fmt}"
    out.write_text("".join(header(book)) + format_entry(entry), encoding="utf-8")
    if fmt == "beancount":
        (txn,) = [e for e in load_beancount(out) if hasattr(e, "narration")]
        assert txn.narration == 'line one line two; "q" | (p) \\' and txn.postings[0].meta["fund"] == 'a, "b" c'
        assert txn.postings[0].meta["project"] == 7 and str(txn.postings[0].units) == "-0.01 CNY"
    elif HLEDGER is not None:
        printed = hledger(out, "print")
        assert '2026-01-31 (3) line one line two； "q" | (p) \\' in printed
        assert 'fund:a， "b" c, project:7, party_name:x; y: z\\' in printed


def abandon_after_two(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Iterator[int] = iter(range(100))

    def interrupted(entry: export.TextEntry) -> str:
        if next(calls) == 2:
            raise KeyboardInterrupt
        return "x\n"

    monkeypatch.setitem(export.FORMATTERS, "hledger", (export.hledger_header, interrupted))
