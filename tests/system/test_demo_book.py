"""The Longmatan demo book exported and checked by the tools auditors trust (hledger, beancount),
and interrupted while it is written: runs over the whole demo, built once for the module."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ledger.domain.money import parse_amount
from tests.cli.commands.test_export import (
    HLEDGER,
    abandon_after_two,
    assert_tools_agree,
    cfund,
    cfund_totals,
    env_for,
    hledger,
    load_beancount,
    needs_hledger,
    run_export,
)
from workflows.demo import scenario as demo


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Longmatan demo book, built once for the module."""
    from ledger.storage.engine import open_store
    from ledger.storage.location import locate

    path = tmp_path_factory.mktemp("export") / "demo.db"
    store = open_store(locate(str(path)), create=True)
    code = demo.build(store)
    store.engine.dispose()
    return env_for(str(path), code)


def test_the_demo_book_exports_and_both_tools_agree_with_the_trial_balance(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    hl, bean = assert_tools_agree(demo_env, tmp_path)
    assert len(bean) >= 10 and sum(bean.values()) == 0
    assert bean["Assets:A1002"] == cfund_totals(demo_env, lambda a: a.code)["1002"] > 0
    assert {"Equity:Memo:M9101", "Income:I4101-01", "Expenses:X5101-04"} <= set(bean)
    if HLEDGER is not None:
        assert {"assets:1002", "equity:memo:9101", "income:4101.01", "expenses:5101.04"} <= set(hl)


@needs_hledger
def test_the_hledger_file_names_accounts_with_their_chinese_names_and_types(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "demo.journal"
    run_export(demo_env, "hledger", out)
    body = out.read_text(encoding="utf-8")
    assert "account assets:1002  ; 银行存款\n" in body and "account equity:memo:9101  ; 已承诺资助\n" in body
    assert re.search(r"^\d{4}-\d\d-\d\d \(1\) ", body, flags=re.M)
    types = hledger(out, "accounts", "--types")
    assert re.search(r"^assets:1002\s+; type: A$", types, flags=re.M)
    assert re.search(r"^equity:memo:9101\s+; type: E$", types, flags=re.M)
    assert re.search(r"^expenses:5101.04\s+; type: X$", types, flags=re.M)


def test_the_beancount_file_carries_names_funds_and_projects(demo_env: dict[str, str], tmp_path: Path) -> None:
    from beancount.core import data

    out = tmp_path / "demo.beancount"
    run_export(demo_env, "beancount", out)
    entries = load_beancount(out)
    opens = {e.account: e.meta for e in entries if isinstance(e, data.Open)}
    assert opens["Assets:A1002"]["name_zh"] == "银行存款" and opens["Equity:Memo:M9101"]["code"] == "9101"
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    assert sorted(int(t.meta["entry"]) for t in txns) == list(range(1, len(txns) + 1))
    metas = [p.meta or {} for t in txns for p in t.postings]
    assert all(m["fund"] in {"community", "feedback", "disaster", "platform"} for m in metas)
    assert any("project" in m for m in metas) and any("reverses" in t.meta for t in txns)


def test_ctrl_c_leaves_no_half_file_and_keeps_the_old_one(
    demo_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "books.journal"
    out.write_text("previous export\n", encoding="utf-8")
    abandon_after_two(monkeypatch)
    result = cfund(demo_env, "export", "hledger", "--out", str(out))
    assert result.exit_code == 130
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["books.journal"]  # no temporary file left


def test_an_unwritable_out_is_a_usage_error(demo_env: dict[str, str], tmp_path: Path) -> None:
    for out in (tmp_path / "missing" / "x.journal", tmp_path):
        result = cfund(demo_env, "export", "beancount", "--out", str(out))
        assert result.exit_code == 2 and "Cannot write" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_demos_year_has_three_statements_notes_and_ratios_with_no_false_alarm(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    year = str(demo.load_config()["year"])
    done = cfund(demo_env, "report", "statements", "--period", year, "--format", "json")
    assert done.exit_code == 0 and "misses" not in done.stderr, done.stderr
    rows = json.loads(done.stdout)
    line = {(r["statement"], r["code"]): parse_amount(r["total"]) for r in rows if r["total"] is not None}
    assert line[("position", "assets")] == line[("position", "liabilities")] + line[("position", "net_assets")]
    assert line[("position", "liabilities")] > 0 and line[("position", "1122")] > 0  # a payable, a pledge owed
    assert line[("cashflow", "net_increase")] == line[("cashflow", "cash_closing")] - line[("cashflow", "cash_opening")]
    for code in ("4301", "4401", "4901"):  # services income, the pilot grant, other income
        assert line[("activities", code)] > 0, code
    assert {r["status"] for r in rows if r["statement"] == "ratios"} <= {"met", "exempt", "no_basis"}
    notes = json.loads(cfund(demo_env, "report", "notes", "--period", year, "--format", "json").stdout)
    sections = {r["section"] for r in notes}
    assert sections >= {"policies", "restricted_funds", "commitments", "grants_paid", "gifts", "related_parties"}
    assert {r["line"] for r in notes if r["section"] == "gifts"} == {"in_kind_donation", "donated_service"}
    out = tmp_path / "pack"
    assert cfund(demo_env, "report", "disclosure", "--period", year, "--out", str(out), "--skip-pdf").exit_code == 0
    pack = json.loads((out / f"disclosure-{year}.json").read_text(encoding="utf-8"))
    assert [{**r, "period": year} for r in pack["notes"] if r["section"] != "related_parties"] == [
        r for r in notes if r["section"] != "related_parties"
    ]
    related = [r["name_zh"] for r in pack["notes"] if r["section"] == "related_parties"]
    assert "赵德明" not in related and "赵**" in related  # a committee member is a person: masked


def test_the_demos_large_gifts_have_receipts_in_one_gapless_series_in_date_order(demo_env: dict[str, str]) -> None:
    issued = json.loads(cfund(demo_env, "receipt", "list", "--format", "json").stdout)
    year = demo.load_config()["year"]
    assert [r["number"] for r in issued] == [f"{year}-{n:06d}" for n in range(1, len(issued) + 1)]
    assert [r["date"] for r in issued] == sorted(r["date"] for r in issued) and len(issued) == 19
    missing = json.loads(cfund(demo_env, "receipt", "list", "--missing", "--format", "json").stdout)
    assert missing and {r["entry"] for r in missing}.isdisjoint(r["entry"] for r in issued)
