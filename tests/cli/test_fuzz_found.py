"""The anomalies the bad-input fuzzing (:mod:`tests.system.test_fuzz`) found, one focused test
each: every one was a product bug, is fixed, and must stay fixed. A refusal is one clean line
(an import lists its bad rows first), exit 2 or 4, and every table byte for byte unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import Result

from ledger.services import ledger_ops
from tests.conftest import BookHandle
from tests.helpers.cli import cfund as command_line
from tests.system.fuzz_judge import CONTROL, LINE_LIMIT
from tests.system.fuzz_values import EN, TODAY, Sheet, sheet_bytes
from tests.system.test_fuzz import digest
from tests.workflows.conftest import add_people, to_stage
from workflows.services.audit import verify

SQLITE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


DONATE = ("ledger", "donate", "--donor", "gas", "--amount", "1", "--fund", "community")


@pytest.fixture
def wf(book: BookHandle) -> BookHandle:
    """The book with the workflow's people and 1,000.00 in the community fund."""
    add_people(book)
    ledger_ops.donate(book.uow, "tina", donor="gas", amount="1000.00", fund="community")
    return book


def cfund(book: BookHandle, user: str, *args: str) -> tuple[Result, bool]:
    """Run one command line; the result, and whether any table changed."""
    before = digest(book.store)
    result = command_line(book, *args, user=user, env={"CFUND_PROGRESS": None}, catch=True)
    return result, digest(book.store) != before


def refused(book: BookHandle, user: str, *args: str, codes: tuple[int, ...] = (2,)) -> Result:
    """The command is refused with one clean line (an import lists its bad rows first) and
    nothing written."""
    result, changed = cfund(book, user, *args)
    assert result.exit_code in codes, (result.exit_code, result.stdout, result.stderr, result.exception)
    *rows, last = result.stderr.removesuffix("\n").split("\n")
    assert last.startswith("Error: ") and all(r.startswith("row ") for r in rows), result.stderr
    assert not rows or args[0] == "import", result.stderr
    assert not changed, "refused, yet the database changed"
    return result


def import_file(tmp_path: Path, *cells: Any, header: str = "zh", container: str = "csv") -> str:
    """An import file with one row (date, donor, amount, fund, purpose, reference, memo, other date)."""
    row = (*cells, *[""] * (8 - len(cells)))
    data, suffix = sheet_bytes(Sheet(container, header, (row,) if cells else ()))
    path = tmp_path / f"import{suffix}"
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ("ledger", "reverse", "9223372036854775808", "--reason", "x"),
        ("project", "dispatch", "9223372036854775808", "--organisation", "swc"),
        ("project", "reverse-tranche", "1", "--entry", "9223372036854775808", "--reason", "x"),
    ],
)
def test_a_number_beyond_bigint_is_refused_cleanly(wf: BookHandle, args: tuple[str, ...]) -> None:
    to_stage(wf, "in_progress")
    refused(wf, {"reverse": "admin", "dispatch": "cathy"}.get(args[1], "tina"), *args)


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_a_nul_in_a_looked_up_code_is_refused_on_postgres(wf: BookHandle) -> None:
    refused(wf, "tina", "ledger", "donate", "--donor", "a\x00b", "--amount", "1", "--fund", "community")


@SQLITE
@pytest.mark.parametrize("args", [(*DONATE, "--format", "xml"), ("user", "add", "zed", "--role", "resident", "-f", "")])
def test_an_unknown_format_is_refused_before_anything_is_written(wf: BookHandle, args: tuple[str, ...]) -> None:
    refused(wf, "admin", *args)


@SQLITE
@pytest.mark.parametrize(
    "args",
    [
        ("ledger", "donate", "--donor", "a\nb", "--amount", "1", "--fund", "community"),
        ("ledger", "donate", "--donor", "gas", "--amount", "1", "--fund", "a\x1b[2Jred"),
    ],
)
def test_an_error_line_does_not_echo_control_characters(wf: BookHandle, args: tuple[str, ...]) -> None:
    err = refused(wf, "tina", *args).stderr.rstrip("\n")
    assert not set(err) & CONTROL, repr(err)


@SQLITE
def test_an_error_line_does_not_echo_ten_thousand_characters(wf: BookHandle) -> None:
    long = ("ledger", "donate", "--donor", "gas", "--amount", "9" * 10_000, "--fund", "community")
    assert len(refused(wf, "tina", *long).stderr) <= LINE_LIMIT


@SQLITE
@pytest.mark.parametrize(
    "args",
    [
        (*DONATE, "--memo", "捐赠\u202e00.0001"),
        ("party", "add", "p9", "--name", "\u202eXXX", "--kind", "donor"),
        (*DONATE, "--memo", "a\x9b31mb"),
        ("party", "add", "a\u2028b", "--name", "X", "--kind", "donor"),
    ],
)
def test_bidi_and_c1_controls_are_refused_in_text(wf: BookHandle, args: tuple[str, ...]) -> None:
    refused(wf, "tina", *args)


@SQLITE
def test_an_empty_key_is_refused_not_dropped(wf: BookHandle) -> None:
    refused(wf, "tina", *DONATE, "--key", "")


@SQLITE
def test_an_empty_date_is_refused_like_a_blank_one(wf: BookHandle) -> None:
    refused(wf, "tina", *DONATE, "--date", " ")
    refused(wf, "tina", *DONATE, "--date", "")


@SQLITE
@pytest.mark.parametrize("where", ["option", "import"])
def test_a_date_before_1900_is_refused(wf: BookHandle, tmp_path: Path, where: str) -> None:
    # close-period and report statements refuse years before 1900: such an entry's month can
    # never be closed nor reported
    if where == "option":
        refused(wf, "tina", *DONATE, "--date", "0001-01-01")
    else:
        path = import_file(tmp_path, "0001-01-01", "gas", "1", "community", "", "R1")
        refused(wf, "tina", "import", "donations", path)


@SQLITE
@pytest.mark.parametrize(
    "args",
    [
        ("ledger", "profit-share", "--company", "ssc", "--period", "2999", "--net-profit", "100"),
        ("ledger", "feedback", "--operation", "canteen", "--period", TODAY.strftime("%Y-%m"), "--net-profit", "100"),
    ],
)
def test_a_rule_transfer_for_a_period_not_yet_ended_is_refused(wf: BookHandle, args: tuple[str, ...]) -> None:
    refused(wf, "tina", *args)  # as close-period refuses a month that has not ended


@SQLITE
@pytest.mark.parametrize("day", ["2025-01-019", "2025-01-05 yesterday"])
def test_an_import_date_with_trailing_characters_is_refused(wf: BookHandle, tmp_path: Path, day: str) -> None:
    refused(wf, "tina", "import", "donations", import_file(tmp_path, day, "gas", "1", "community", "", "R1"))


@SQLITE
@pytest.mark.parametrize(("user", "resident"), [("rita", "cathy"), ("cathy", "tina")])
def test_an_order_names_only_a_resident_and_only_oneself(wf: BookHandle, user: str, resident: str) -> None:
    order = ("project", "order", "--compound", "c01", "--title", "t", "--need", "n", "--resident", resident)
    refused(wf, user, *order, codes=(2, 4))


@SQLITE
@pytest.mark.parametrize("organisation", [("--organisation", "gas"), ()])
def test_an_organisation_user_belongs_to_an_organisation(wf: BookHandle, organisation: tuple[str, ...]) -> None:
    refused(wf, "admin", "user", "add", "bob", "--role", "organisation", *organisation)


@SQLITE
def test_an_expense_with_an_empty_purpose_is_refused(wf: BookHandle) -> None:
    expense = ("ledger", "expense", "--fund", "community", "--account", "5201", "--amount", "1", "--payee", "gas")
    refused(wf, "tina", *expense, "--purpose", "")


@SQLITE
def test_an_import_with_two_date_columns_is_refused(wf: BookHandle, tmp_path: Path) -> None:
    cells = ("2025-03-02", "gas", "1", "community", "", "R1", "", "2025-03-01")
    refused(wf, "tina", "import", "donations", import_file(tmp_path, *cells, header="mixed"))


@SQLITE
@pytest.mark.parametrize("amount", ["1.000", "1.500"])
def test_a_third_decimal_place_is_refused_even_when_zero(wf: BookHandle, amount: str) -> None:
    refused(wf, "tina", "ledger", "donate", "--donor", "gas", "--amount", amount, "--fund", "community")


@SQLITE
def test_a_number_with_an_underscore_is_refused(wf: BookHandle) -> None:
    to_stage(wf, "dispatched")
    refused(wf, "olga", "project", "accept", "0_1")


@SQLITE
@pytest.mark.parametrize("args", [DONATE, ("ledger", "feedback", "--operation", "canteen", "--period", "2025-03")])
def test_an_empty_compound_does_not_break_the_hash_chain(wf: BookHandle, args: tuple[str, ...]) -> None:
    profit = ("--net-profit", "10") if "feedback" in args else ()
    result, _ = cfund(wf, "tina", *args, *profit, "--compound", "")
    assert result.exit_code in (0, 2), result.stderr
    assert verify(wf.store, wf.code).problems == ()


@SQLITE
def test_a_refused_month_is_quoted_as_typed(wf: BookHandle) -> None:
    assert "0001-01" in refused(wf, "tina", "ledger", "close-period", "0001-01").stderr


@SQLITE
def test_a_negative_plan_share_is_named_in_the_refusal(wf: BookHandle) -> None:
    n = to_stage(wf, "accepted")
    plan = ("--plan-company", "-5", "--plan-residents", "15", "--plan-social", "0")
    apply = ("project", "apply", str(n), "--fund", "community", "--purpose", "community_service", "--amount", "10")
    assert "not the budget 10.00" not in refused(wf, "olga", *apply, *plan).stderr


@SQLITE
def test_a_header_only_import_says_it_has_no_rows(wf: BookHandle, tmp_path: Path) -> None:
    result, changed = cfund(wf, "tina", "import", "donations", import_file(tmp_path))
    assert result.exit_code in (0, 2) and not changed
    assert "imported before" not in result.stdout, result.stdout


@SQLITE
def test_a_latin1_file_is_refused_or_read_right(wf: BookHandle, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(EN).encode() + b"\n2025-03-02,gas,1,community,,R1,M\xfcller\n")
    result, changed = cfund(wf, "tina", "import", "donations", str(path))
    with wf.store.engine.connect() as conn:
        memos = conn.execute(text("SELECT memo FROM entries WHERE idem_key = 'import:R1'")).scalars().all()
    assert (result.exit_code, changed) == (2, False) or memos == ["Müller"], (result.exit_code, memos)
