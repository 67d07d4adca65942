"""``cfund import donations``: a merchants' list, a platform export or a donation register,
loaded without retyping.

Every row is checked before anything is written, and every problem is listed at once (row,
column, reason); one bad row means nothing is written. Each row's reference becomes its
idempotency key (``import:<reference>``), so loading the same file again writes nothing, and a
reference reused for a different donation is a problem of that row. Rows go in through the bulk
path in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ledger.data.fixtures import donation_accounts
from ledger.data.tabular import Cells, Column, Rows, cell, cell_date, read_rows, refused, required_cell
from ledger.domain.chain import request_digest
from ledger.domain.codes import LEDGER_WRITERS
from ledger.domain.entries import Item, Posting, make_entry
from ledger.domain.money import from_fen, parse_positive
from ledger.domain.periods import month_of
from ledger.domain.progress import PROGRESS_EVERY, Progress, Tally
from ledger.domain.text import clean_text
from ledger.errors import RowProblem
from ledger.services import bulk
from ledger.services.auth import require
from ledger.storage.register import parties_of
from ledger.storage.repository import entries_by_keys, funds_of
from ledger.storage.tables import Fund
from ledger.storage.uow import UnitOfWork, Work

DONATION_COLUMNS = (
    Column("date", "日期", "date", "捐赠日期，YYYY-MM-DD", "Date of the donation, YYYY-MM-DD", example="2026-10-08"),
    Column("donor", "捐赠方", "donor", "捐赠方编号或名称（先 cfund party add）", "Donor code or name", example="gas"),
    Column("amount", "金额", "amount", "金额（元），如 1,234.56", "Amount in yuan, e.g. 1,234.56", example="20000.00"),
    Column("fund", "基金", "fund", "基金编号（cfund fund list）", "Fund code (cfund fund list)", example="community"),
    Column("purpose", "用途", "purpose", "指定用途（可空）", "Designated purpose (may be empty)", False),
    Column(
        "reference", "参考号", "reference", "唯一参考号，重复导入靠它识别", "Unique reference", example="GAS-2026-10"
    ),
    Column("memo", "摘要", "memo", "摘要（可空）", "Memo (may be empty)", False, "十月捐赠"),
)


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    rows: int
    written: int = 0
    repeated: int = 0
    by_fund: dict[str, Decimal] = field(default_factory=dict)
    first_seq: int | None = None
    last_seq: int | None = None


@dataclass
class _Context:
    """What the checks of one file look up once: donors by code and name, funds, the last closed
    month."""

    donors: dict[str, str]
    funds: dict[str, Fund]
    closed: str | None
    today: dt.date


def import_donations(
    work: Work,
    actor: str | None,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of ``path``, then load the new ones (unless ``dry_run``) and commit."""
    with work() as uow:
        require(uow, actor, LEDGER_WRITERS, "import donations")
        rows, problems = read_rows(path, DONATION_COLUMNS, sheet)
        result, steps = (
            ImportResult(rows=len(rows)),
            Tally(progress, 2 * len(rows)),
        )  # rows checked, then entries written
        with bulk.few_collections():
            items = _check_rows(uow, rows, problems, steps)
        rows.clear()  # the items hold what is written: the file's text need not stay through the load
        items = _known_references(uow, items, problems)
        if problems:
            raise refused(problems, DONATION_COLUMNS, file=str(path))
        result.repeated = result.rows - len(items)
        for _, item in items:
            fund, fen = item.legs[0].fund, item.legs[0].fen
            result.by_fund[fund] = result.by_fund.get(fund, Decimal("0.00")) + from_fen(fen)
        steps.settle(result.rows + (0 if dry_run else len(items)))
        if dry_run or not items:
            return result
        loaded = bulk.load(uow, actor, (i for _, i in items), action="import donations", progress=steps)
        uow.commit()
        result.written, result.first_seq, result.last_seq = loaded.written, loaded.first_seq, loaded.last_seq
        return result


def _context(uow: UnitOfWork) -> _Context:
    parties = parties_of(uow)
    donors = {p.name: p.code for p in parties} | {p.code: p.code for p in parties}
    funds = {f.code: f for f in funds_of(uow)}
    return _Context(donors, funds, uow.refs.last_closed(), uow.today)


def _check_rows(uow: UnitOfWork, rows: Rows, problems: list[RowProblem], steps: Tally) -> list[tuple[int, Item]]:
    """Each row as a bulk item, or its problems; references must be unique within the file."""
    ctx, items = _context(uow), []
    seen: dict[str, int] = {}
    accounts = donation_accounts()
    for index, (number, row) in enumerate(rows, 1):
        if index % PROGRESS_EVERY == 0 or index == len(rows):
            steps(index - steps.done)
        found: list[RowProblem] = []
        item = _item(ctx, accounts, number, row, found)
        reference = row.get("reference", "")
        if reference and reference in seen:
            found.append(RowProblem(number, "reference", "import_reference_twice", other=seen[reference]))
        seen.setdefault(reference, number)
        problems.extend(found)
        if item is not None and not found:
            items.append((number, item))
    return items


def _item(ctx: _Context, accounts: dict[str, str], n: int, row: Cells, found: list[RowProblem]) -> Item | None:
    day = required_cell(found, n, row, "date", cell_date)
    amount = required_cell(found, n, row, "amount", parse_positive)
    reference = required_cell(found, n, row, "reference", lambda text: clean_text(text, "reference", limit=180))
    memo = cell(found, n, "memo", lambda: clean_text(row.get("memo"), "memo", required=False))
    donor, fund_code, purpose = ctx.donors.get(row.get("donor", "")), row.get("fund", ""), row.get("purpose") or None
    fund = ctx.funds.get(fund_code)
    if donor is None:
        found.append(_missing(n, "donor", row, "party_missing"))
    if fund is None or not fund.is_open:
        found.append(_missing(n, "fund", row, "fund_missing"))
    elif purpose and purpose not in fund.purposes.split(","):
        found.append(
            RowProblem(n, "purpose", "purpose_not_permitted", fund=fund_code, purpose=purpose, permitted=fund.purposes)
        )
    if isinstance(day, dt.date) and day > ctx.today:
        found.append(RowProblem(n, "date", "date_future", date=day.isoformat()))
    elif isinstance(day, dt.date) and ctx.closed is not None and month_of(day) <= ctx.closed:
        found.append(RowProblem(n, "date", "period_closed", month=month_of(day), last=ctx.closed))
    if found or not isinstance(day, dt.date) or not isinstance(amount, Decimal) or fund is None or donor is None:
        return None
    income = accounts["restricted" if fund.restricted else "unrestricted"]
    legs = (
        Posting(accounts["cash"], fund.code, amount, party=donor, purpose=purpose),
        Posting(income, fund.code, -amount, party=donor, purpose=purpose),
    )
    request: dict[str, str | None] = {"cmd": "import donation", "date": day.isoformat(), "donor": donor}
    request |= {"amount": str(amount)}
    request |= {"fund": fund.code, "purpose": purpose}
    draft = make_entry(day, "donation", str(memo or f"donation {donor} {reference}"), legs)
    return Item.of(draft, f"import:{reference}", request_digest(request))


def _missing(n: int, column: str, row: Cells, key: str) -> RowProblem:
    """An empty required cell, or the code in it that the book does not know (``key``)."""
    code = row.get(column, "")
    return RowProblem(n, column, key, code=code) if code else RowProblem(n, column, "cell_empty")


def _known_references(
    uow: UnitOfWork, items: list[tuple[int, Item]], problems: list[RowProblem]
) -> list[tuple[int, Item]]:
    """Drop rows already imported with the same content; a reference used for another donation
    is a problem of its row."""
    fresh, keys = [], {i.key or "": (n, i) for n, i in items}
    known = entries_by_keys(uow, list(keys))
    for key, (number, item) in keys.items():
        if key not in known:
            fresh.append((number, item))
        elif known[key][0] != item.digest:
            reference = (key or "").removeprefix("import:")
            problems.append(
                RowProblem(number, "reference", "import_reference_used", reference=reference, entry=known[key][1])
            )
    return fresh
