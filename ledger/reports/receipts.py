"""The receipt register on the read path: every receipt of a year (or all) as issued, with its
void if any; one receipt by number, for printing; the gifts that have no receipt standing
(``receipt list --missing``): donations, gifts in kind and pledges' payments, not reversed,
without a receipt that was not voided, and not recorded as declined or anonymous; and one
donor's gifts of a year with their receipts (``report donor``)."""

from __future__ import annotations

from ledger.data.fixtures import accrual_accounts
from ledger.domain.codes import RECEIPTED_KINDS
from ledger.domain.money import chinese_upper, from_fen
from ledger.errors import NotFound
from ledger.reports.lists import Record
from ledger.storage.reader import Reader, listed

_RECEIPTS = (
    "SELECT r.year, r.number, r.kind, e.seq, r.issued_on, r.payer_name, r.payer_id, r.amount_fen, r.item, "
    "f.code, f.name_zh, u.name, v.reason, b.name FROM receipts r JOIN entries e ON e.id = r.entry_id "
    "JOIN books b ON b.id = r.book_id "
    "JOIN funds f ON f.id = r.fund_id JOIN users u ON u.id = r.issuer_id "
    "LEFT JOIN receipt_voids v ON v.receipt_id = r.id WHERE r.book_id = :book {where} ORDER BY r.id"
)
_GIFTS = (
    "SELECT e.seq, e.date, e.kind, MAX(pt.code), MAX(pt.name), MAX(f.code), "
    "SUM(CASE WHEN p.amount_fen > 0 THEN p.amount_fen ELSE 0 END) FROM entries e "
    "JOIN postings p ON p.entry_id = e.id JOIN funds f ON f.id = p.fund_id LEFT JOIN parties pt ON pt.id = p.party_id "
    "WHERE e.book_id = :book {where} AND (e.kind IN ({gifts}) OR (e.kind = 'settlement' AND EXISTS ("
    "SELECT 1 FROM postings q JOIN accounts a ON a.id = q.account_id WHERE q.entry_id = e.id "
    "AND a.code = :receivable AND q.amount_fen < 0))) "
    "AND NOT EXISTS (SELECT 1 FROM entries x WHERE x.reverses = e.id) {only} "
    "GROUP BY e.seq, e.date, e.kind ORDER BY e.seq"
)
#: Only the gifts with no receipt standing.
_UNRECEIPTED = (
    "AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.entry_id = e.id "
    "AND NOT EXISTS (SELECT 1 FROM receipt_voids v WHERE v.receipt_id = r.id))"
)
#: Only one party's gifts.
_OF_PARTY = (
    "AND EXISTS (SELECT 1 FROM postings d JOIN parties dp ON dp.id = d.party_id "
    "WHERE d.entry_id = e.id AND dp.code = :party)"
)


def receipts(reader: Reader, year: int | None = None, number: int | None = None) -> list[Record]:
    """The register's records in the order they were made (of ``year``; one by ``number``)."""
    where = "" if year is None else " AND r.year = :year"
    where += "" if number is None else " AND r.number = :number"
    return receipts_where(reader, where, year=year, number=number)


def receipts_where(reader: Reader, where: str, **params: object) -> list[Record]:
    return [_record(row) for row in reader.rows(_RECEIPTS.format(where=where), **params)]


def _record(row: tuple[object, ...]) -> Record:
    year, number, kind, seq, day, payer, payer_id, fen, item, fund, fund_name, issuer, void, book = row
    amount = from_fen(int(str(fen)))
    return {
        "number": f"{year}-{int(str(number)):06d}" if number is not None else None,
        "kind": kind,
        "entry": seq,
        "date": str(day)[:10],
        "payer": payer,
        "payer_id": payer_id,
        "amount": amount,
        "amount_upper": chinese_upper(amount),
        "item": item,
        "fund": fund,
        "fund_name": fund_name,
        "issuer": issuer,
        "status": "voided" if void is not None else kind,
        "void_reason": void,
        "organisation": book,
    }


def missing(reader: Reader, year: int | None = None) -> list[Record]:
    """The gifts of ``year`` (by their date; all without it) with no receipt standing."""
    return _gifts(reader, year, _UNRECEIPTED, RECEIPTED_KINDS)


def donor_of(reader: Reader, party: str) -> dict[str, str | None]:
    """The donor's name and 统一社会信用代码 and the book's name, or the refusal of a code that
    names no party."""
    sql = "SELECT p.name, p.uscc, b.name FROM parties p JOIN books b ON b.id = p.book_id WHERE p.book_id = :book "
    found = reader.rows(sql + "AND p.code = :code", code=party)
    if not found:
        raise NotFound("party_missing", code=party)
    name, uscc, book = found[0]
    return {"party": party, "donor": name, "uscc": uscc, "organisation": book}


def donor_gifts(reader: Reader, party: str, year: int) -> list[Record]:
    """A donor's gifts of ``year`` (donated services too), each with the receipt that stands
    for it (``receipt``: its number; ``receipt_status``: issued, declined, anonymous or none)."""
    gifts = _gifts(reader, year, _OF_PARTY, (*RECEIPTED_KINDS, "donated_service"), party=party)
    seqs = ", ".join(str(int(g["entry"])) for g in gifts) or "NULL"
    standing = {r["entry"]: r for r in receipts_where(reader, f" AND e.seq IN ({seqs})") if r["status"] != "voided"}
    for gift in gifts:
        found = standing.get(gift["entry"])
        gift["receipt"] = found["number"] if found else None
        gift["receipt_status"] = found["status"] if found else "none"
    return gifts


def _gifts(reader: Reader, year: int | None, only: str, kinds: tuple[str, ...], **params: object) -> list[Record]:
    where = "" if year is None else " AND e.date >= :start AND e.date <= :end"
    sql = _GIFTS.format(where=where, gifts=listed(kinds), only=only)
    bounds = {"start": f"{year}-01-01", "end": f"{year}-12-31"} if year is not None else {}
    rows = reader.rows(sql, receivable=accrual_accounts()["receivable"], **bounds, **params)
    return [
        {"entry": seq, "date": str(day)[:10], "kind": kind, "party": party, "name": name, "fund": fund,
         "amount": from_fen(int(fen))}
        for seq, day, kind, party, name, fund, fen in rows
    ]  # fmt: skip
