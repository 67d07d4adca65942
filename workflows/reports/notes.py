"""会计报表附注 (notes to the statements) for a period, in part: the accounting policies, each
restricted fund's net assets and their release, the commitments outstanding at the period's end
by project, the grants paid in the period by project, the gifts in kind and donated services
with the basis of their fair value, the related parties and the fund's dealings with them, and
the adjustments of closed months made in the period.
Rows have stable keys: ``section, item, line, name_zh, name_en, amount, detail``; amounts are
Decimal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledger.domain.codes import OPEN_COMMITMENTS
from ledger.domain.money import from_fen
from ledger.domain.periods import Period
from ledger.domain.privacy import mask_name, pseudonym
from ledger.reports.cashflow import cash_accounts
from ledger.reports.lists import Record
from ledger.reports.statements import funds_on
from ledger.storage.reader import Reader

ZERO = Decimal("0.00")
_POLICIES = (
    ("basis", "按《民间非营利组织会计制度》（2026 年起施行的修订版）编制，以权责发生制为基础。",
     "Prepared under the revised Accounting System for Non-profit Organisations (from 2026), on the accrual basis."),
    ("restriction", "限定性收入计入限定性净资产，按用途使用时解除限制转入非限定性净资产。",
     "Restricted income is restricted net assets, released to unrestricted as it is spent for its purpose."),
    ("fair_value", "实物捐赠与服务捐赠按公允价值入账，计价依据见本附注“捐赠实物与服务”。",
     "Gifts in kind and donated services are at fair value; the basis of each is in these notes."),
    ("pledges", "捐赠承诺在协议约定、不附条件时确认为捐赠收入和应收款项。",
     "An agreed, unconditional pledge is donation income and a receivable when it is made."),
    ("cash_flow", "现金流量表采用直接法，现金包括库存现金、银行存款和其他货币资金。",
     "The cash-flow statement uses the direct method; cash is cash on hand, bank deposits and other monetary funds."),
)  # fmt: skip
_RESTRICTED = (
    "SELECT f.code, a.type, SUM(p.amount_fen) FROM entries e CROSS JOIN postings p "
    "JOIN accounts a ON a.id = p.account_id JOIN funds f ON f.id = p.fund_id "
    "WHERE e.book_id = :book AND e.date >= :start AND e.date <= :end "
    "AND p.entry_id = e.id AND e.kind <> 'closing' AND f.restricted = :yes AND a.type IN ('income', 'expense') "
    "GROUP BY f.code, a.type"
)
_COMMITTED = (
    "SELECT pr.seq, pr.title, f.code, SUM(p.amount_fen) FROM entries e CROSS JOIN postings p "
    "JOIN accounts a ON a.id = p.account_id JOIN funds f ON f.id = p.fund_id JOIN projects pr ON pr.id = p.project_id "
    f"WHERE e.book_id = :book AND e.date <= :end AND p.entry_id = e.id AND a.code = '{OPEN_COMMITMENTS}' "
    "GROUP BY pr.seq, pr.title, f.code HAVING SUM(p.amount_fen) <> 0 ORDER BY pr.seq"
)
_PAID = (
    "SELECT pr.seq, pr.title, COALESCE(o.name, '-'), o.kind, -SUM(p.amount_fen) FROM entries e CROSS JOIN postings p "
    "JOIN accounts a ON a.id = p.account_id JOIN projects pr ON pr.id = p.project_id "
    "LEFT JOIN parties o ON o.id = pr.organisation_id WHERE e.book_id = :book AND e.date >= :start "
    "AND e.date <= :end AND p.entry_id = e.id AND e.kind = 'disbursement' AND a.code IN ({cash}) "
    "GROUP BY pr.seq, pr.title, o.name, o.kind "
    "HAVING SUM(p.amount_fen) <> 0 ORDER BY pr.seq"
)
_GIFTS = (
    "SELECT e.seq, e.kind, MAX(pt.name), MAX(pt.kind), v.basis, "
    "SUM(CASE WHEN p.amount_fen > 0 THEN p.amount_fen ELSE 0 END) "
    "FROM valuations v JOIN entries e ON e.id = v.entry_id JOIN postings p ON p.entry_id = e.id "
    "LEFT JOIN parties pt ON pt.id = p.party_id WHERE e.book_id = :book AND e.date >= :start AND e.date <= :end "
    "GROUP BY e.seq, e.kind, v.basis ORDER BY e.seq"
)

_ADJUSTED = (
    "SELECT e.seq, c.period, e.memo, SUM(CASE WHEN p.amount_fen > 0 THEN p.amount_fen ELSE 0 END) "
    "FROM corrections c JOIN entries e ON e.id = c.entry_id JOIN postings p ON p.entry_id = e.id "
    "WHERE e.book_id = :book AND e.date >= :start AND e.date <= :end GROUP BY e.seq, c.period, e.memo ORDER BY e.seq"
)

_RELATED = (
    "SELECT pt.id, pt.code, pt.name, pt.kind, pt.related, "
    "COALESCE(-SUM(CASE WHEN a.type = 'income' THEN p.amount_fen END), 0), "
    "COALESCE(SUM(CASE WHEN a.type = 'expense' THEN p.amount_fen END), 0) FROM parties pt "
    "LEFT JOIN postings p ON p.party_id = pt.id AND p.entry_id IN (SELECT id FROM entries WHERE book_id = :book "
    "AND date >= :start AND date <= :end AND kind <> 'closing') LEFT JOIN accounts a ON a.id = p.account_id "
    "WHERE pt.book_id = :book AND pt.related IS NOT NULL GROUP BY pt.id, pt.code, pt.name, pt.kind, pt.related "
    "ORDER BY pt.code"
)


def notes(reader: Reader, period: Period, public: bool = False) -> list[Record]:
    """Every section of the notes, in order; ``public`` (for the disclosure pack): individuals'
    names masked and their party codes replaced by pseudonyms."""
    rows = [_row("policies", "-", code, zh, en) for code, zh, en in _POLICIES]
    rows += [*restricted_funds(reader, period), *_commitments(reader, period), *_grants(reader, period, public)]
    return [*rows, *_gifts(reader, period, public), *_related(reader, period, public), *_adjustments(reader, period)]


def _who(name: str | None, kind: str | None, public: bool) -> str:
    """A party's name as the notes show it: an individual's masked when published."""
    return mask_name(name) if public and kind == "individual" else (name or "-")


def restricted_funds(reader: Reader, period: Period) -> list[Record]:
    """Each restricted fund: net assets at the start, received, released (spent for its purpose)
    and at the end; the end is the start plus what was received less what was released."""
    start = {r["code"]: r for r in funds_on(reader, period.start - dt.timedelta(days=1)) if r["restricted"] is not None}
    end = {r["code"]: r for r in funds_on(reader, period.end) if r["restricted"] is not None}
    moved: dict[tuple[str, str], Decimal] = {}
    for code, kind, fen in reader.rows(
        _RESTRICTED, start=period.start.isoformat(), end=period.end.isoformat(), yes=True
    ):
        moved[(code, kind)] = from_fen(int(fen))
    rows = []
    for code, fund in end.items():
        opening = start[code]["total"] if code in start else ZERO
        figures = (
            ("opening", "期初限定性净资产", "At the start", opening),
            ("received", "本期限定性收入", "Received", -moved.get((code, "income"), ZERO)),
            (
                "released",
                "本期解除限制（按用途使用）",
                "Released (spent for its purpose)",
                moved.get((code, "expense"), ZERO),
            ),
            ("closing", "期末限定性净资产", "At the end", fund["total"]),
        )
        rows += [_row("restricted_funds", code, line, f"{fund['name_zh']} {zh}", f"{fund['name_en']}: {en}", amount)
                 for line, zh, en, amount in figures]  # fmt: skip
    return rows


def _commitments(reader: Reader, period: Period) -> list[Record]:
    rows = reader.rows(_COMMITTED, end=period.end.isoformat())
    return [
        _row("commitments", str(seq), "open", title, title, from_fen(int(fen)), fund) for seq, title, fund, fen in rows
    ]


def _grants(reader: Reader, period: Period, public: bool) -> list[Record]:
    listed = ", ".join(f"'{code}'" for code in cash_accounts())
    rows = reader.rows(_PAID.format(cash=listed), start=period.start.isoformat(), end=period.end.isoformat())
    return [
        _row("grants_paid", str(seq), "paid", title, title, from_fen(int(fen)), _who(org, kind, public))
        for seq, title, org, kind, fen in rows
    ]


def _gifts(reader: Reader, period: Period, public: bool) -> list[Record]:
    rows = reader.rows(_GIFTS, start=period.start.isoformat(), end=period.end.isoformat())
    return [
        _row("gifts", str(seq), kind, _who(donor, who, public), _who(donor, who, public), from_fen(int(fen)), basis)
        for seq, kind, donor, who, basis, fen in rows
    ]


def _related(reader: Reader, period: Period, public: bool) -> list[Record]:
    """Each related party, how it is related, and what the fund received from it (income) and
    spent with it (expenses) in the period, none left out for being zero."""
    rows = []
    for party, code, name, kind, how, received, paid in reader.rows(
        _RELATED, start=period.start.isoformat(), end=period.end.isoformat()
    ):
        item = pseudonym(int(party)) if public and kind == "individual" else code
        shown = _who(name, kind, public)
        rows.append(_row("related_parties", item, "received", shown, shown, from_fen(int(received)), how))
        rows.append(_row("related_parties", item, "paid", shown, shown, from_fen(int(paid)), how))
    return rows


def _adjustments(reader: Reader, period: Period) -> list[Record]:
    rows = reader.rows(_ADJUSTED, start=period.start.isoformat(), end=period.end.isoformat())
    return [
        _row("adjustments", str(seq), corrected, memo, memo, from_fen(int(fen)), corrected)
        for seq, corrected, memo, fen in rows
    ]


def _row(
    section: str, item: str, line: str, zh: str, en: str, amount: Decimal | None = None, detail: str | None = None
) -> Record:
    return {"section": section, "item": item, "line": line, "name_zh": zh, "name_en": en, "amount": amount,
            "detail": detail}  # fmt: skip
