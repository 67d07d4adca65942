"""No injection through published or exported text (issue 16, item 2): text typed by anyone
(names, memos, titles, needs, evaluations) that a spreadsheet would run, JSON would turn into a
number, or hledger would read as a date or a tag, reaches the pack and the exports inert, while
amounts stay numbers. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ledger.services import ledger_ops, registry, setup
from tests.conftest import BookHandle
from tests.helpers.cli import ME, cfund
from tests.workflows.conftest import add_people, call
from tests.workflows.disclosure.test_disclosure import PERIOD, write_pack
from workflows.services import delivery, intake, review

#: What a spreadsheet runs (OWASP's CSV injection), what JSON would read as a number, what hledger
#: reads as a posting date or a tag.
ATTACKS = (
    '=HYPERLINK("http://evil.example","点我")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "Evil [1999-01-01]",
    "x, fund:evil",
    "@decimal:123.45",
)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HLEDGER = shutil.which("hledger")


def attacked_book(book: BookHandle) -> None:
    """A project whose every free text and every name carries an attack."""
    first, *rest = ATTACKS
    registry.add_party(book.uow, "tina", code="evil", name=" ".join(ATTACKS), kind="donor")
    registry.add_party(book.uow, "tina", code="crew", name=first, kind="organisation")
    registry.add_compound(book.uow, "tina", code="c66", name="@SUM(A1) [1999-01-01]", kind="compound")
    for n, attack in enumerate(ATTACKS):
        ledger_ops.donate(book.uow, "tina", donor="evil", amount=f"{n + 1}0.00", fund="community", memo=attack)
    add_people(book)
    setup.add_user(book.uow, "admin", name="cora", roles=["organisation"], organisation="crew", credential=ME)
    project = call(book, intake.order, "rita", compound="c66", title="@decimal:123.45", need=rest[0]).project
    call(book, intake.dispatch, "cathy", project=project, organisation="crew", note=rest[1])
    call(book, intake.accept, "cora", project=project, note=rest[2])
    plan = {"fund": "community", "purpose": "community_service", "amount": "20.00"}
    call(book, intake.apply, "cora", project=project, note=rest[3], **plan)
    call(book, review.approve, "rev", project=project, note=rest[4])
    call(book, delivery.disburse, "tina", project=project, amount="10.00", note=rest[5])
    call(book, delivery.complete, "cora", project=project)
    call(book, delivery.evaluate, "eva", project=project, score=4, summary="=1+1 [2000-01-01]")


@pytest.fixture
def attacked(wf: BookHandle, tmp_path: Path) -> tuple[BookHandle, Path]:
    attacked_book(wf)
    out = tmp_path / "pack"
    done = write_pack(wf, out, "--skip-pdf")
    assert done.exit_code == 0, done.stderr
    return wf, out


def test_no_csv_cell_of_the_pack_would_run_in_a_spreadsheet(attacked: tuple[BookHandle, Path]) -> None:
    _, out = attacked
    seen = set()
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    seen.add(cell)
                    assert not _runs(cell), (path.name, cell)
    assert any(cell.startswith("'=HYPERLINK") for cell in seen)  # the text is kept, made inert


def _runs(cell: str) -> bool:
    """Whether a spreadsheet would read ``cell`` as a formula (an amount, a lone sign is data)."""
    if not cell.startswith(TRIGGERS) or cell in ("-", "+"):
        return False
    try:
        Decimal(cell)
    except ArithmeticError:
        return True
    return False


def test_the_workbook_holds_no_formula_and_its_amounts_are_numbers(attacked: tuple[BookHandle, Path]) -> None:
    _, out = attacked
    book = load_workbook(next(out.glob("*.xlsx")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)  # kept, as text
    assert any(isinstance(c.value, int | float) and c.number_format == "#,##0.00" for c in cells)


def test_every_json_keeps_a_number_marker_as_text(attacked: tuple[BookHandle, Path]) -> None:
    _, out = attacked
    giving = json.loads(next(out.glob("*-360giving.json")).read_text(encoding="utf-8"))
    assert [g["title"] for g in giving["grants"]] == ["@decimal:123.45"]
    assert all(isinstance(g["amountAwarded"], int | float) for g in giving["grants"])
    pack = json.loads((out / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))
    assert "@decimal:123.45" in [p["title"] for p in pack["projects"]]


def test_a_treasurers_csv_of_the_journal_is_inert_too(attacked: tuple[BookHandle, Path]) -> None:
    book, _ = attacked
    done = cfund(book, "ledger", "journal", "--format", "csv")
    rows = list(csv.DictReader(done.stdout.splitlines()))
    memos = {r["memo"] for r in rows}
    assert '\'=HYPERLINK("http://evil.example","点我")' in memos and not any(_runs(m) for m in memos)
    assert all(not _runs(r["debit"]) for r in rows)


def hledger(path: Path, *args: str) -> str:
    assert HLEDGER, "hledger is not on PATH (.ci/run installs it)"
    return subprocess.run([HLEDGER, "-f", str(path), *args], capture_output=True, text=True, check=True).stdout


def test_no_text_moves_a_posting_in_time_or_adds_a_tag_in_hledger(attacked: tuple[BookHandle, Path]) -> None:
    book, out = attacked
    path = out / "book.journal"
    assert cfund(book, "export", "hledger", "--out", str(path)).exit_code == 0
    days = {row["date"] for row in csv.DictReader(hledger(path, "register", "-O", "csv").splitlines())}
    assert days and min(days) >= f"{PERIOD}-01-01", sorted(days)[:3]  # no posting dated 1999 or 2000
    assert set(hledger(path, "tags", "fund", "--values").split()) == {"community"}  # no fund:evil


def test_both_tools_read_the_same_balances_as_cfund(attacked: tuple[BookHandle, Path]) -> None:
    from tests.cli.commands.test_export import assert_tools_agree, book_env

    book, out = attacked
    assert_tools_agree(book_env(book), out)
