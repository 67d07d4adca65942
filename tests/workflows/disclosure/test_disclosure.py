"""The disclosure pack: every format (JSON, CSV, Excel, 360Giving, HTML, PDF) carries the period,
the ledger's totals to the fen, their 大写 and the chain head; CSVs open in Excel (BOM); no file
holds a resident's name, phone or ID number; the HTML renders on a phone in a real browser; the
PDF embeds a Chinese font and the pack refuses to print boxes when there is none."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from ledger.domain.money import chinese_upper, format_amount, from_fen, parse_amount
from ledger.services import registry, setup
from ledger.services.registry import _USCC_CHARS, _USCC_WEIGHTS
from tests.conftest import BookHandle
from tests.helpers.cli import ME, cfund, db_of
from tests.workflows.conftest import call, to_stage
from workflows.services import delivery, intake, review

PERIOD = dt.date.today().strftime("%Y")
SECRETS = ("王秀英", "13812345678", "510502198001011234", "张建国")


def uscc(base: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(base, _USCC_WEIGHTS, strict=True))
    return base + _USCC_CHARS[(31 - total % 31) % 31]


def env_of(book: BookHandle) -> dict[str, str | None]:
    return {"CFUND_DB": db_of(book), "CFUND_BOOK": book.code}


def ledger_totals(book: BookHandle) -> tuple[Decimal, Decimal]:
    """Income and expenses of the year straight from the postings, not through cfund's reports."""
    sql = (
        "SELECT a.type, SUM(p.amount_fen) FROM postings p JOIN entries e ON e.id = p.entry_id "
        "JOIN accounts a ON a.id = p.account_id JOIN books b ON b.id = e.book_id WHERE b.code = :book "
        "AND e.kind <> 'closing' AND e.date >= :start AND e.date <= :end GROUP BY a.type"
    )
    with book.store.engine.connect() as conn:
        found = conn.execute(text(sql), {"book": book.code, "start": f"{PERIOD}-01-01", "end": f"{PERIOD}-12-31"})
        sums = {kind: total for kind, total in found}
    return from_fen(-int(sums.get("income", 0))), from_fen(int(sums.get("expense", 0)))


def personal_data_and_grants(book: BookHandle) -> None:
    """A resident orders with a phone and ID number in the text; an individual and a registered
    organisation each receive a grant and a first tranche."""
    setup.add_user(book.uow, "admin", name="王秀英", roles=["resident"], credential=ME)
    registry.add_party(book.uow, "tina", code="zhang", name="张建国", kind="individual")
    club = uscc("52510504MJ1234567")
    registry.add_party(book.uow, "tina", code="club", name="邻里书画社", kind="organisation", uscc=club)
    setup.add_user(book.uow, "admin", name="jianguo", roles=["organisation"], organisation="zhang", credential=ME)
    setup.add_user(book.uow, "admin", name="clara", roles=["organisation"], organisation="club", credential=ME)
    call(book, intake.order, "王秀英", compound="c01", title="联系王阿姨 13812345678", need="身份证 510502198001011234")
    for org, member in (("zhang", "jianguo"), ("club", "clara")):
        n = call(book, intake.order, "rita", compound="c01", title=f"微项目 {org}", need="照明").project
        call(book, intake.dispatch, "cathy", project=n, organisation=org)
        call(book, intake.accept, member, project=n)
        kwargs = {"fund": "community", "purpose": "community_service", "amount": "50.00"}
        call(book, intake.apply, member, project=n, **kwargs)
        call(book, review.approve, "rev", project=n)
        call(book, delivery.disburse, "tina", project=n, amount="10.00")


def write_pack(book: BookHandle, out: Path, *args: str, env: dict[str, str | None] | None = None) -> Any:
    language = {"CFUND_LANG": None} | (env or {})  # the pack's own default unless the test sets one
    return cfund(book, "report", "disclosure", "--period", PERIOD, "--out", str(out), *args, env=language)


@pytest.fixture
def pack(wf: BookHandle, tmp_path: Path) -> Path:
    to_stage(wf, "disclosed")
    personal_data_and_grants(wf)
    out = tmp_path / "pack"
    done = write_pack(wf, out)
    assert done.exit_code == 0, done.stderr
    return out


def readable_text(path: Path) -> str:
    """What a person opening the file sees: cells of a workbook, text of a PDF, else the file."""
    if path.suffix == ".xlsx":
        sheets = load_workbook(path, read_only=True).worksheets
        return "\n".join(shown(cell) for sheet in sheets for row in sheet.iter_rows() for cell in row)
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return path.read_text(encoding="utf-8-sig")


def shown(cell: Any) -> str:
    """A cell as Excel shows it: money cells with two decimals."""
    if cell.number_format == "#,##0.00" and cell.value is not None:
        return format_amount(Decimal(str(cell.value)), grouping=False)
    return str(cell.value)


def test_every_format_carries_the_ledger_totals_upper_case_and_chain_head(wf: BookHandle, pack: Path) -> None:
    income, expenses = ledger_totals(wf)
    assert income == parse_amount("1000.00") and expenses > 0
    data = json.loads((pack / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))
    assert (parse_amount(data["total_income"]), parse_amount(data["total_expenses"])) == (income, expenses)
    files = sorted(pack.iterdir())
    assert {p.suffix for p in files} == {".json", ".jsonl", ".py", ".csv", ".xlsx", ".html", ".pdf"} and len(
        files
    ) == 17
    for path in (p for p in files if p.name not in ("public-journal.jsonl", "verify_pack.py")):  # no figures
        seen = readable_text(path)
        flat = "".join(seen.split())  # the PDF may wrap a long line
        assert PERIOD in seen and data["chain_head"] in flat, path.name
        for total in (income, expenses):
            assert chinese_upper(total) in flat, (path.name, total)
            assert format_amount(total, grouping=path.suffix in (".html", ".pdf")) in seen, (path.name, total)


def test_csv_has_a_bom_and_pandas_reads_the_same_totals(wf: BookHandle, pack: Path) -> None:
    income, _ = ledger_totals(wf)
    path = pack / f"disclosure-{PERIOD}-income_by_source.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(path, skiprows=2, dtype=str, encoding="utf-8-sig")
    assert sum((parse_amount(a) for a in rows["amount"]), Decimal("0.00")) == income


def test_workbook_has_chinese_sheets_and_sums_to_the_ledger(wf: BookHandle, pack: Path) -> None:
    income, _ = ledger_totals(wf)
    book = load_workbook(pack / f"disclosure-{PERIOD}.xlsx")
    sheets = [
        "概要",
        "收入来源",
        "利润转入与反哺",
        "项目",
        "拨付",
        "评估",
        "公开与更正",
        "进展与结项报告",
        "基金余额",
        "报表",
        "附注",
    ]
    assert book.sheetnames == sheets
    summary = {row[0]: row[1] for row in book["概要"].iter_rows(values_only=True)}
    assert Decimal(str(summary["收入合计 total_income"])) == income
    sheet = list(book["收入来源"].iter_rows(values_only=True))
    column = sheet[0].index("金额 amount")
    assert sum((Decimal(str(r[column])).quantize(Decimal("0.01")) for r in sheet[1:]), Decimal("0.00")) == income


def test_grants_follow_360giving_with_usci_ids_and_anonymous_individuals(wf: BookHandle, pack: Path) -> None:
    text_360 = (pack / f"disclosure-{PERIOD}-360giving.json").read_text(encoding="utf-8")
    assert '"amountAwarded": 50.00' in text_360  # a JSON number with exactly two decimals
    grants = json.loads(text_360, parse_float=Decimal)["grants"]
    assert len(grants) == 3
    for grant in grants:
        for field in ("id", "title", "description", "currency", "amountAwarded", "awardDate", "fundingOrganization"):
            assert grant[field], field
        assert grant["id"].startswith("360G-") and grant["currency"] == "CNY"
        assert ("recipientOrganization" in grant) != ("recipientIndividual" in grant)
    orgs = [g["recipientOrganization"][0]["id"] for g in grants if "recipientOrganization" in g]
    assert uscc("52510504MJ1234567") in {o.removeprefix("CN-USCI-") for o in orgs}
    person = next(g["recipientIndividual"] for g in grants if "recipientIndividual" in g)
    assert "zhang" not in person["id"] and "张" not in person["name"]


def test_no_file_holds_a_residents_name_phone_or_id_number(pack: Path) -> None:
    for path in sorted(pack.iterdir()):
        seen = readable_text(path)
        for secret in SECRETS:
            assert secret not in seen, (path.name, secret)
    rows = json.loads((pack / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))["grants"]
    assert "张**" in {g["org_name"] for g in rows}


def test_the_pdf_embeds_a_chinese_font(pack: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pack / f"disclosure-{PERIOD}.pdf")], capture_output=True, text=True)
    cjk = [line for line in fonts.stdout.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts.stdout


def test_without_a_chinese_font_the_pack_fails_clearly_and_writes_nothing(wf: BookHandle, tmp_path: Path) -> None:
    bare = tmp_path / "fonts.conf"
    bare.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>', encoding="utf-8")
    out = tmp_path / "pack"
    done = write_pack(wf, out, env={"FONTCONFIG_FILE": str(bare), "CFUND_LANG": "zh"})
    assert done.exit_code == 1 and "fonts-noto-cjk" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    assert write_pack(wf, out, "--skip-pdf", env={"FONTCONFIG_FILE": str(bare)}).exit_code == 0
    assert len(list(out.iterdir())) == 16 and not list(out.glob("*.pdf"))


def test_the_html_page_renders_the_totals_on_a_phone_in_chromium(wf: BookHandle, pack: Path, tmp_path: Path) -> None:
    from PIL import Image

    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    page = (pack / f"disclosure-{PERIOD}.html").as_uri()
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
    flags += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    flags += [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,844"]
    shot = tmp_path / "phone.png"
    subprocess.run([*flags, f"--screenshot={shot}", page], capture_output=True, timeout=120, check=True)
    dom = subprocess.run([*flags, "--dump-dom", page], capture_output=True, text=True, timeout=120, check=True).stdout
    income, expenses = ledger_totals(wf)
    for total in (income, expenses):
        assert format_amount(total) in dom and chinese_upper(total) in dom
    image = Image.open(shot).convert("L")
    assert image.size == (390, 844)
    dark = sum(image.histogram()[:128])
    assert dark > 2000, "the screenshot is blank"
