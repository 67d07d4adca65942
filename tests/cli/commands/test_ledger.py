"""The CLI as a person uses it: typer's runner in-process, and the installed ``cfund``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers.cli import ME, Cli, copy_database
from tests.helpers.cli import cfund as command_line


def cfund(db: Path, *args: str, lang: str = "zh", env: dict[str, str | None] | None = None) -> Result:
    return command_line(db, *args, lang=lang, env=env)


@pytest.fixture
def db(cli: Cli, ledger_book: Path) -> Path:
    """A book with treasurer tina, auditor audrey, donor gas and company ssc."""
    return cli.copy(ledger_book)


@pytest.fixture(scope="module")
def ledger_book(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The book of :func:`db`, set up through the CLI once for the module."""
    path = copy_database(sqlite_template, tmp_path_factory.mktemp("ledger") / "cli.db")
    assert cfund(path, "init", "--admin", "admin").exit_code == 0
    assert (
        cfund(path, "--as", "admin", "user", "add", "tina", "--role", "treasurer", "--os-user", ME.name).exit_code == 0
    )
    assert (
        cfund(path, "--as", "admin", "user", "add", "audrey", "--role", "auditor", "--os-user", ME.name).exit_code == 0
    )
    assert (
        cfund(path, "--as", "tina", "party", "add", "gas", "--name", "华润兴泸燃气", "--kind", "donor").exit_code == 0
    )
    assert (
        cfund(path, "--as", "tina", "party", "add", "ssc", "--name", "社会服务公司", "--kind", "company").exit_code == 0
    )
    return path


def journal_rows(db: Path) -> list[dict[str, str]]:
    out = cfund(db, "ledger", "journal", "--format", "csv")
    return list(csv.DictReader(io.StringIO(out.stdout)))


def test_init_twice_changes_nothing(db: Path) -> None:
    result = cfund(db, "init", "--admin", "someone")
    assert result.exit_code == 0 and "已存在" in result.stdout


def test_a_donation_then_its_repeat_with_the_same_key(db: Path) -> None:
    args = (
        "--as",
        "tina",
        "ledger",
        "donate",
        "--donor",
        "gas",
        "--amount",
        "1,000.00",
        "--fund",
        "community",
        "--key",
        "gas-2025-01",
    )
    first = cfund(db, *args)
    assert first.exit_code == 0 and "凭证 #1" in first.stdout
    again = cfund(db, *args)
    assert again.exit_code == 0 and "已记录过" in again.stdout
    assert len(journal_rows(db)) == 2


def test_a_key_reused_for_other_content_exits_2_with_one_line(db: Path) -> None:
    cfund(
        db, "--as", "tina", "ledger", "donate", "--donor", "gas", "--amount", "5", "--fund", "community", "--key", "k"
    )
    result = cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "donate",
        "--donor",
        "gas",
        "--amount",
        "6",
        "--fund",
        "community",
        "--key",
        "k",
        lang="en",
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Nothing was changed" in lines[0] and "Traceback" not in result.stderr
    assert len(journal_rows(db)) == 2


@pytest.mark.parametrize("amount", ["1.005", "1e3", "１２３", "", "abc", "-5"])
def test_bad_amounts_exit_2_and_write_nothing(db: Path, amount: str) -> None:
    result = cfund(db, "--as", "tina", "ledger", "donate", "--donor", "gas", "--amount", amount, "--fund", "community")
    assert result.exit_code == 2 and "未做任何更改" in result.stderr
    assert journal_rows(db) == []


def test_the_auditor_is_refused_with_exit_4(db: Path) -> None:
    result = cfund(db, "--as", "audrey", "ledger", "donate", "--donor", "gas", "--amount", "5", "--fund", "community")
    assert result.exit_code == 4
    assert journal_rows(db) == []


def test_no_acting_user_is_a_usage_error(db: Path) -> None:
    result = cfund(db, "ledger", "donate", "--donor", "gas", "--amount", "5", "--fund", "community")
    assert result.exit_code == 2 and "--as" in result.stderr


def test_an_overdraft_is_refused(db: Path) -> None:
    result = cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "expense",
        "--fund",
        "community",
        "--account",
        "5101.04",
        "--amount",
        "1",
        "--purpose",
        "community_service",
        "--payee",
        "gas",
    )
    assert result.exit_code == 2 and "不能为负" in result.stderr


def test_profit_share_and_balance_as_json(db: Path) -> None:
    result = cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "profit-share",
        "--company",
        "ssc",
        "--period",
        "2025Q3",
        "--net-profit",
        "123456.78",
    )
    assert result.exit_code == 0 and "24,691.36" in result.stdout
    data = json.loads(cfund(db, "ledger", "balance", "--format", "json").stdout)
    assert {"account": "1002", "debit": "24691.36"}.items() <= data[0].items()
    funds = json.loads(cfund(db, "ledger", "funds", "--format", "json").stdout)
    assert funds[0]["fund"] == "community" and funds[0]["available"] == "24691.36"


def test_a_loss_posts_nothing_and_says_so(db: Path) -> None:
    result = cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "profit-share",
        "--company",
        "ssc",
        "--period",
        "2025Q3",
        "--net-profit",
        "-100",
        lang="en",
    )
    assert result.exit_code == 0 and "nothing posted" in result.stdout


def test_reverse_and_close_period(db: Path) -> None:
    cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "donate",
        "--donor",
        "gas",
        "--amount",
        "8",
        "--fund",
        "community",
        "--date",
        "2025-01-10",
    )
    assert cfund(db, "--as", "tina", "ledger", "close-period", "2025-01").exit_code == 0
    late = cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "donate",
        "--donor",
        "gas",
        "--amount",
        "8",
        "--fund",
        "community",
        "--date",
        "2025-01-11",
    )
    assert late.exit_code == 2 and "已结账" in late.stderr
    assert cfund(db, "--as", "tina", "ledger", "reverse", "1", "--reason", "错账").exit_code == 0
    twice = cfund(db, "--as", "tina", "ledger", "reverse", "1", "--reason", "错账")
    assert twice.exit_code == 2
    rows = journal_rows(db)
    assert [(r["entry"], r["kind"]) for r in rows[::2]] == [("1", "donation"), ("2", "closing"), ("3", "reversal")]
    assert rows[4]["reverses"] == "1" and rows[4]["date"] > "2025-01-31"  # dated in an open period


def test_journal_filters_by_account_and_date(db: Path) -> None:
    for date in ("2025-01-10", "2025-02-10"):
        cfund(
            db,
            "--as",
            "tina",
            "ledger",
            "donate",
            "--donor",
            "gas",
            "--amount",
            "8",
            "--fund",
            "community",
            "--date",
            date,
        )
    out = cfund(db, "ledger", "journal", "--account", "1002", "--from", "2025-02-01", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["entry"], r["account"]) for r in rows] == [("2", "1002")]


def test_piped_output_is_csv_never_a_table(db: Path) -> None:
    out = cfund(db, "account", "list").stdout
    assert out.splitlines()[0] == "code,type,name_zh,name_en,purpose,open"
    assert "─" not in out and "…" not in out
    from ledger.data.fixtures import chart

    assert len(out.splitlines()) == len(chart()) + 1


def test_lists_of_reference_data(db: Path) -> None:
    assert "community" in cfund(db, "fund", "list").stdout
    assert "华润兴泸燃气" in cfund(db, "party", "list", "--kind", "donor").stdout
    assert "tina,treasurer" in cfund(db, "user", "list").stdout


def test_an_unknown_format_or_language_is_a_usage_error(db: Path) -> None:
    assert cfund(db, "ledger", "balance", "--format", "xml").exit_code == 2
    assert cfund(db, "--lang", "fr", "ledger", "balance").exit_code == 2


def test_a_missing_database_asks_for_init(tmp_path: Path) -> None:
    result = cfund(tmp_path / "none.db", "ledger", "balance")
    assert result.exit_code == 2 and "cfund init" in result.stderr


def test_usage_errors_are_translated_one_line_exit_2(db: Path) -> None:
    missing = cfund(db, "--as", "tina", "ledger", "donate", "--amount", "5", "--fund", "community")
    assert missing.exit_code == 2 and "缺少必填选项 --donor" in missing.stderr
    unknown = cfund(db, "ledger", "balance", "--bogus", lang="en")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("Error: No such option --bogus. See ")
    assert len(unknown.stderr.strip().splitlines()) == 1


def test_report_statements_in_every_format(db: Path) -> None:
    cfund(
        db,
        "--as",
        "tina",
        "ledger",
        "donate",
        "--donor",
        "gas",
        "--amount",
        "1,000",
        "--fund",
        "community",
        "--date",
        "2025-03-01",
    )
    data = json.loads(cfund(db, "report", "statements", "--period", "2025", "--format", "json").stdout)
    net = next(r for r in data if r["statement"] == "position" and r["code"] == "net_assets")
    assert net["total"] == "1000.00" and net["unrestricted"] == "1000.00" and net["period"] == "2025"
    rows = list(csv.DictReader(io.StringIO(cfund(db, "report", "statements", "--period", "2025").stdout)))
    assert {r["statement"] for r in rows} == {"position", "activities", "cashflow", "funds", "ratios"}
    assert {r["status"] for r in rows if r["statement"] == "ratios"} == {"no_basis", "exempt"}
    rows = list(csv.DictReader(io.StringIO(cfund(db, "report", "statements", "--period", "2025Q1").stdout)))
    assert {r["statement"] for r in rows} == {"position", "activities", "cashflow", "funds"}  # ratios: a year
    assert cfund(db, "report", "statements", "--period", "2025Q5").exit_code == 2
