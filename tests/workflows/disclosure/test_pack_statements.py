"""The disclosure pack carries the books an audit reads, on SQLite and PostgreSQL: the three
statements (资产负债表, 业务活动表, 现金流量表), the spending ratios and the notes (会计报表附注)
are in the JSON, in their own CSV and workbook sheet with the same rows, and on the residents'
page and its PDF with the figures the statements have."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from ledger.domain.money import format_amount, parse_amount
from tests.workflows.disclosure.test_disclosure import PERIOD, pack, readable_text

__all__ = ["pack"]  # the fixture, shared with the pack's other tests
HEADINGS = ("资产负债表", "业务活动表", "现金流量表", "年度支出与管理费用比例", "会计报表附注", "关联方及关联交易")


def figures(pack: Path) -> dict:
    return json.loads((pack / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))


def test_the_json_has_every_statement_the_ratios_and_every_section_of_the_notes(pack: Path) -> None:
    data = figures(pack)
    assert {r["statement"] for r in data["statements"]} == {"position", "activities", "cashflow", "ratios"}
    sections = [r["section"] for r in data["notes"]]
    assert sections[0] == "policies" and {"restricted_funds", "commitments", "grants_paid"} <= set(sections)
    paid = {r["item"]: parse_amount(r["amount"]) for r in data["notes"] if r["section"] == "grants_paid"}
    assert sum(paid.values(), Decimal("0.00")) == sum(
        (parse_amount(r["amount"]) for r in data["disbursements"]), Decimal("0.00")
    )  # every tranche paid in the period is a grant paid, by project


def test_the_notes_csv_and_sheet_hold_the_same_rows_as_the_json(pack: Path) -> None:
    notes = figures(pack)["notes"]
    with (pack / f"disclosure-{PERIOD}-notes.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[2:]  # after the headline figures
    header, body = rows[0], rows[1:]
    assert header == list(notes[0]) and len(body) == len(notes)
    assert [dict(zip(header, row, strict=True))["amount"] for row in body] == [r["amount"] or "" for r in notes]
    sheet = list(load_workbook(pack / f"disclosure-{PERIOD}.xlsx")["附注"].iter_rows(values_only=True))
    assert len(sheet) == len(notes) + 1 and sheet[0][0] == "附注 section"


def test_the_page_and_the_pdf_show_the_statements_in_short_the_ratios_and_the_notes(pack: Path) -> None:
    data = figures(pack)
    line = {(r["statement"], r["code"]): r for r in data["statements"]}
    shown = {
        format_amount(parse_amount(line[key]["total"]))
        for key in (("position", "assets"), ("activities", "change"), ("cashflow", "cash_closing"))
    }
    for path in (pack / f"disclosure-{PERIOD}.html", pack / f"disclosure-{PERIOD}.pdf"):
        seen = readable_text(path)
        flat = "".join(seen.split())
        for heading in HEADINGS:
            assert heading in flat, (path.name, heading)
        for amount in shown:
            assert amount in seen, (path.name, amount)
        assert "豁免" in flat or "达标" in flat or "无计算基数" in flat, path.name
