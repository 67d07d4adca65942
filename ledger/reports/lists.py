"""Read-side queries: trial balance, fund balances, the journal and the reference lists.

Each function takes a :class:`ledger.storage.reader.Reader` and returns plain dicts whose keys are
the stable English names used in JSON and CSV; amounts are Decimal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ledger.domain.codes import FUND_BALANCE_TYPES, OPEN_COMMITMENTS
from ledger.domain.money import from_fen
from ledger.storage.reader import Reader, listed

#: A report's row: stable English keys (those of JSON and CSV), amounts as Decimal.
Record = dict[str, Any]


def trial_balance(reader: Reader, *, include_zero: bool = False) -> list[Record]:
    """Every account's balance (debit positive), from the running balances."""
    rows = reader.rows(
        "SELECT a.code, a.name_zh, a.name_en, a.type, COALESCE(SUM(b.balance_fen), 0) "
        "FROM accounts a LEFT JOIN balances b ON b.account_id = a.id "
        "WHERE a.book_id = :book GROUP BY a.id, a.code, a.name_zh, a.name_en, a.type ORDER BY a.code"
    )
    out = []
    for code, name_zh, name_en, kind, fen in rows:
        balance = from_fen(int(fen))
        if balance or include_zero:
            debit, credit = (balance, Decimal("0.00")) if balance >= 0 else (Decimal("0.00"), -balance)
            out.append(
                {
                    "account": code,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "type": kind,
                    "debit": debit,
                    "credit": credit,
                }
            )
    return out


def fund_balances(reader: Reader) -> list[Record]:
    """Per fund: balance (its assets less liabilities), open commitments, and what is available."""
    rows = reader.rows(
        "SELECT f.code, f.name_zh, f.name_en, f.restricted, "
        f"COALESCE(SUM(CASE WHEN a.type IN ({listed(FUND_BALANCE_TYPES)}) THEN b.balance_fen ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN a.code = '{OPEN_COMMITMENTS}' THEN b.balance_fen ELSE 0 END), 0) "
        "FROM funds f LEFT JOIN balances b ON b.fund_id = f.id LEFT JOIN accounts a ON a.id = b.account_id "
        "WHERE f.book_id = :book GROUP BY f.id, f.code, f.name_zh, f.name_en, f.restricted ORDER BY f.id"
    )
    out = []
    for code, name_zh, name_en, restricted, balance_fen, committed_fen in rows:
        balance, committed = from_fen(int(balance_fen)), from_fen(int(committed_fen))
        out.append(
            {
                "fund": code,
                "name_zh": name_zh,
                "name_en": name_en,
                "restricted": bool(restricted),
                "balance": balance,
                "committed": committed,
                "available": balance - committed,
            }
        )
    return out


def journal(
    reader: Reader,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    account: str | None = None,
    fund: str | None = None,
) -> Iterator[Record]:
    """Postings with their entries, in journal order, filtered by date, account and fund, read
    as they are written out (the whole journal of a million entries is two million rows).

    The book is matched on the table the planner should start from: with dates, the entries
    (their (book, date) index finds a month of a million entries in milliseconds, where starting
    from the postings read them all, 12 s); without, the postings (their account and fund indexes)."""
    owner = "e" if date_from is not None or date_to is not None else "p"
    sql = (
        "SELECT e.seq, e.date, e.kind, e.memo, u.name, a.code, f.code, p.amount_fen, pt.code, "
        "c.code, p.purpose, r.seq "
        "FROM postings p JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id "
        "JOIN funds f ON f.id = p.fund_id JOIN users u ON u.id = e.actor_id "
        "LEFT JOIN parties pt ON pt.id = p.party_id LEFT JOIN compounds c ON c.id = p.compound_id "
        f"LEFT JOIN entries r ON r.id = e.reverses WHERE {owner}.book_id = :book"
    )
    params: dict[str, Any] = {}
    for clause, name, value in (
        (" AND e.date >= :date_from", "date_from", date_from),
        (" AND e.date <= :date_to", "date_to", date_to),
        (" AND (a.code = :account OR a.code LIKE :account_prefix)", "account", account),
        (" AND f.code = :fund", "fund", fund),
    ):
        if value is not None:
            sql += clause
            params[name] = value.isoformat() if isinstance(value, dt.date) else value
    if account is not None:
        params["account_prefix"] = f"{account}.%"
    return map(_journal_row, reader.stream(sql + " ORDER BY e.seq, p.id", **params))


def _journal_row(r: tuple[Any, ...]) -> Record:
    (
        seq,
        date,
        kind,
        memo,
        actor,
        account,
        fund,
        fen,
        party,
        compound,
        purpose,
        reverses,
    ) = r
    amount = from_fen(int(fen))
    zero = Decimal("0.00")
    return {
        "entry": seq,
        "date": str(date)[:10],
        "kind": kind,
        "memo": memo,
        "actor": actor,
        "account": account,
        "fund": fund,
        "debit": amount if amount > 0 else zero,
        "credit": -amount if amount < 0 else zero,
        "party": party,
        "compound": compound,
        "purpose": purpose,
        "reverses": reverses,
    }


def accounts(reader: Reader) -> list[Record]:
    rows = reader.rows(
        "SELECT code, type, name_zh, name_en, purpose, is_open FROM accounts WHERE book_id = :book ORDER BY code"
    )
    return [
        {
            "code": c,
            "type": t,
            "name_zh": z,
            "name_en": e,
            "purpose": p,
            "open": bool(o),
        }
        for c, t, z, e, p, o in rows
    ]


def funds(reader: Reader) -> list[Record]:
    rows = reader.rows(
        "SELECT code, name_zh, name_en, restricted, purposes, net_assets_account FROM funds "
        "WHERE book_id = :book ORDER BY id"
    )
    return [
        {
            "code": c,
            "name_zh": z,
            "name_en": e,
            "restricted": bool(r),
            "purposes": p,
            "net_assets": n,
        }
        for c, z, e, r, p, n in rows
    ]


def parties(reader: Reader, kind: str | None = None) -> list[Record]:
    where = " AND kind = :kind" if kind else ""
    rows = reader.rows(
        f"SELECT code, name, kind, uscc, related FROM parties WHERE book_id = :book{where} ORDER BY code", kind=kind
    )
    return [{"code": c, "name": n, "kind": k, "uscc": u, "related": r} for c, n, k, u, r in rows]


def compounds(reader: Reader, kind: str | None = None) -> list[Record]:
    where = " AND kind = :kind" if kind else ""
    rows = reader.rows(f"SELECT code, name, kind FROM compounds WHERE book_id = :book{where} ORDER BY code", kind=kind)
    return [{"code": c, "name": n, "kind": k} for c, n, k in rows]


def users(reader: Reader) -> list[Record]:
    rows = reader.rows(
        "SELECT u.name, r.role, o.code, CASE WHEN u.os_user IS NOT NULL THEN 'os:' || u.os_user "
        "WHEN u.secret IS NOT NULL THEN 'password' ELSE 'none' END FROM users u JOIN user_roles r ON r.user_id = u.id "
        "LEFT JOIN parties o ON o.id = u.organisation_id WHERE u.book_id = :book "
        "ORDER BY u.name, r.role"
    )
    out: dict[str, Record] = {}
    for name, role, org, proof in rows:
        row = out.setdefault(name, {"name": name, "roles": [], "organisation": org, "proof": proof})
        row["roles"].append(role)
    return [dict(r, roles=",".join(r["roles"])) for r in out.values()]


def entry_count(reader: Reader) -> int:
    """How many entries the book holds."""
    return int(reader.rows("SELECT COUNT(*) FROM entries WHERE book_id = :book")[0][0])
