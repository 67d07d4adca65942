"""``cfund receipt`` as a treasurer types it, on SQLite and PostgreSQL: ``ledger donate --receipt``,
``receipt issue|void|list|print``; the printed receipt is an A5 page with the CJK font embedded,
the 大写 amount and the masked ID, markup in a donor's name shown as text; bad input is one
line and writes nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

from ledger.services import registry
from tests.conftest import BookHandle
from tests.helpers.cli import cfund

ID = "510502198001011235"


def test_a_donation_with_its_receipt_then_listed_voided_and_reissued(book: BookHandle) -> None:
    done = cfund(book, "ledger", "donate", "--donor", "gas", "--amount", "88.00", "--fund", "community",
                 "--receipt", "--format", "json", user="tina")  # fmt: skip
    assert done.exit_code == 0, done.output
    number = json.loads(done.stdout)["receipt"]
    assert re.fullmatch(r"\d{4}-000001", number)
    void = cfund(book, "receipt", "void", number, "--reason", "抬头写错", user="tina")
    assert void.exit_code == 0 and "voided" in void.stdout
    again = cfund(book, "receipt", "issue", "1", user="tina")
    assert again.exit_code == 0 and number[:5] + "000002" in again.stdout
    rows = list(csv.DictReader(io.StringIO(cfund(book, "receipt", "list", "--format", "csv", user="audrey").stdout)))
    assert [(r["number"], r["status"]) for r in rows] == [(number, "voided"), (number[:5] + "000002", "issued")]
    assert rows[0]["amount_upper"] == "人民币捌拾捌元整" and rows[0]["amount"] == "88.00"


def test_the_missing_list_names_the_donations_without_a_receipt(book: BookHandle) -> None:
    for amount in ("1.00", "2.00"):
        cfund(book, "ledger", "donate", "--donor", "gas", "--amount", amount, "--fund", "community", user="tina")
    assert cfund(book, "receipt", "issue", "2", "--declined", user="tina").exit_code == 0
    rows = json.loads(cfund(book, "receipt", "list", "--missing", "--format", "json", user="audrey").stdout)
    assert [(r["entry"], r["amount"]) for r in rows] == [(1, "1.00")]


def test_bad_input_is_one_line_and_writes_nothing(book: BookHandle) -> None:
    cfund(book, "ledger", "donate", "--donor", "gas", "--amount", "5.00", "--fund", "community", user="tina")
    for args in (
        ("receipt", "issue", "1", "--id-number", "123"),
        ("receipt", "issue", "1", "--declined", "--anonymous"),
        ("receipt", "issue", "9"),
        ("receipt", "void", "abc", "--reason", "x"),
        ("receipt", "void", "2026-000001", "--reason", "x"),
    ):
        done = cfund(book, *args, user="tina")
        assert done.exit_code in (1, 2), (args, done.output)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, (args, done.stderr)
    assert cfund(book, "receipt", "list", "--format", "json", user="tina").stdout.strip() == "[]"
    refused = cfund(book, "receipt", "issue", "1", user="audrey")
    assert refused.exit_code != 0 and cfund(book, "receipt", "list", "-f", "json", user="tina").stdout.strip() == "[]"


def test_a_printed_receipt_is_an_a5_page_with_the_chinese_font_and_no_full_id(book: BookHandle, tmp_path: Path) -> None:
    registry.add_party(book.uow, "tina", code="wang", name="王<b>秀英</b>", kind="individual")
    cfund(book, "ledger", "donate", "--donor", "wang", "--amount", "1234.50", "--fund", "community", user="tina")
    number = json.loads(cfund(book, "receipt", "issue", "1", "--id-number", ID, "-f", "json", user="tina").stdout)
    out = tmp_path / "printed"
    out.mkdir()
    done = cfund(book, "receipt", "print", number["number"], "--out", str(out), user="audrey")
    assert done.exit_code == 0, done.output
    pdf, page = out / f"receipt-{number['number']}.pdf", out / f"receipt-{number['number']}.html"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 419\.\d+ pts", info) and "Pages:           1" in info, info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any("CJK" in line and " yes " in line for line in fonts.splitlines()), fonts
    seen = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(seen.split())
    assert number["number"] in flat and "人民币壹仟贰佰叁拾肆元伍角整" in flat and "510***********1235" in flat
    assert ID not in flat and ID not in page.read_text(encoding="utf-8")
    assert "&lt;b&gt;" in page.read_text(encoding="utf-8") and "<b>秀英" not in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted([page.name, pdf.name])  # no temporary file left


def test_a_voided_receipt_prints_as_void(book: BookHandle, tmp_path: Path) -> None:
    gift = ("--donor", "gas", "--amount", "3.00", "--fund", "community", "--receipt")
    cfund(book, "ledger", "donate", *gift, user="tina")
    number = json.loads(cfund(book, "receipt", "list", "-f", "json", user="tina").stdout)[0]["number"]
    cfund(book, "receipt", "void", number, "--reason", "金额有误", user="tina")
    assert cfund(book, "receipt", "print", number, "--out", str(tmp_path), "--skip-pdf", user="tina").exit_code == 0
    body = (tmp_path / f"receipt-{number}.html").read_text(encoding="utf-8")
    assert "作废 VOID" in body and "金额有误" in body
    missing = cfund(book, "receipt", "print", number, "--out", str(tmp_path / "nowhere"), user="tina")
    assert missing.exit_code == 2 and "nowhere" in missing.stderr


def test_a_donor_statement_lists_the_years_gifts_with_their_receipts(book: BookHandle, tmp_path: Path) -> None:
    import pandas as pd

    from ledger.services import income, ledger_ops, receipts

    give = {"donor": "gas", "fund": "community", "date": "2025-03-01"}
    kept = ledger_ops.donate(book.uow, "tina", amount="100.00", **give)
    receipts.issue(book.uow, "tina", receipts.Request(entry=kept.seq, date="2025-03-02"))
    declined = ledger_ops.donate(book.uow, "tina", amount="50.00", **give)
    receipts.issue(book.uow, "tina", receipts.Request(entry=declined.seq, kind="declined", date="2025-03-02"))
    wrong = ledger_ops.donate(book.uow, "tina", amount="999.00", **give)
    ledger_ops.reverse(book.uow, "tina", entry=wrong.seq, reason="录错")
    ledger_ops.donate(book.uow, "tina", donor="ssc", amount="7.00", fund="community", date="2025-03-01")
    ledger_ops.donate(book.uow, "tina", amount="8.00", donor="gas", fund="community", date="2024-12-31")
    service = {"fair_value": "300.00", "basis": "律师咨询 2 小时", "fund": "community", "service": "5101.04"}
    income.gift_in_kind(book.uow, "tina", donor="gas", purpose="community_service", date="2025-05-01", **service)
    rows = json.loads(
        cfund(book, "report", "donor", "--party", "gas", "--year", "2025", "-f", "json", user="audrey").stdout
    )
    assert [(r["amount"], r["receipt"], r["receipt_status"]) for r in rows] == [
        ("100.00", "2025-000001", "issued"),
        ("50.00", None, "declined"),
        ("300.00", None, "none"),
    ]
    done = cfund(book, "report", "donor", "--party", "gas", "--year", "2025", "--out", str(tmp_path), user="audrey")
    assert done.exit_code == 0, done.output
    table = pd.read_csv(tmp_path / "donor-gas-2025.csv", dtype=str, encoding="utf-8-sig")
    assert list(table["amount"]) == ["100.00", "50.00", "300.00"]
    text = subprocess.run(["pdftotext", str(tmp_path / "donor-gas-2025.pdf"), "-"], capture_output=True, text=True)
    flat = "".join(text.stdout.split())
    assert "人民币肆佰伍拾元整" in flat and "第1页/共1页" in flat and "2025-000001" in flat
    unknown = cfund(book, "report", "donor", "--party", "nobody", "--year", "2025", user="audrey")
    assert unknown.exit_code == 2 and len(unknown.stderr.strip().splitlines()) == 1
