"""Verify a cfund disclosure pack with nothing but Python 3.9+ (no cfund, no packages).

Usage: ``python3 verify_pack.py [PACK_FOLDER]`` (default: the folder this file is in). Exit 0
when the pack holds together, 1 with one line per problem otherwise.

It recomputes the public hash chain of ``public-journal.jsonl`` (every entry of the book up to
the pack's head, with codes and amounts but no names, memos or individuals' codes) and checks
that it ends at the ``public_head`` of ``disclosure-<period>.json``; then recomputes from the
journal the period's total income and expenses, income by source, and every transfer and
disbursement, and compares them with the published figures. The scheme is in cfund's
``docs/HASHING.md``. cfund writes the public journal with this module's :func:`public_hash`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
JOURNAL = "public-journal.jsonl"
#: The account types whose postings measure money moved in or out of a fund.
FUND_BALANCE_TYPES = ("asset", "liability")
#: A leg: [account, account type, fund, fen, party, compound, purpose, project].
ACCOUNT, TYPE, FUND, FEN, PARTY = range(5)


def canonical(record: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes hashed."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def public_hash(prev: str, record: dict[str, Any]) -> str:
    """SHA-256 of the previous hash (64 hex digits) and the record without its own ``hash``."""
    content = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(prev.encode("ascii") + canonical(content)).hexdigest()


def _yuan(fen: int) -> str:
    return str((Decimal(fen) / 100).quantize(Decimal("0.01")))


def check_chain(entries: list[dict[str, Any]], figures: dict[str, Any]) -> list[str]:
    problems, prev = [], GENESIS
    for n, record in enumerate(entries, 1):
        if record.get("seq") != n:
            problems.append(f"entry {n}: missing or out of order (found {record.get('seq')})")
        if public_hash(prev, record) != record.get("hash"):
            problems.append(f"entry {record.get('seq')}: its content does not match its hash")
        prev = str(record.get("hash"))
    if len(entries) != figures.get("entries"):
        problems.append(f"the journal has {len(entries)} entries, the pack says {figures.get('entries')}")
    if prev != figures.get("public_head"):
        stated = str(figures.get("public_head"))[:12]
        problems.append(f"the journal ends at {prev[:12]}, the pack's public_head is {stated}")
    return problems


def _in_period(entries: list[dict[str, Any]], figures: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = figures["period_start"], figures["period_end"]
    return [e for e in entries if start <= e["date"] <= end and e["kind"] != "closing"]


def _totals(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The period's figures as the journal gives them, in the pack's own form (yuan as text)."""
    income, expense = 0, 0
    sources: Counter[tuple[Any, str]] = Counter()
    moved: dict[int, int] = {}
    for entry in entries:
        for leg in entry["postings"]:
            if leg[TYPE] == "income":
                income -= leg[FEN]
                sources[leg[PARTY] or "-", leg[FUND]] -= leg[FEN]
            elif leg[TYPE] == "expense":
                expense += leg[FEN]
            if leg[TYPE] in FUND_BALANCE_TYPES:
                moved[entry["seq"]] = moved.get(entry["seq"], 0) + abs(leg[FEN])
    by_source = sorted((party, fund, _yuan(fen)) for (party, fund), fen in sources.items() if fen)
    return {"income": _yuan(income), "expense": _yuan(expense), "sources": by_source, "moved": moved}


def check_figures(entries: list[dict[str, Any]], figures: dict[str, Any]) -> list[str]:
    found, problems = _totals(_in_period(entries, figures)), []
    for key, found_key in (("total_income", "income"), ("total_expenses", "expense")):
        if found[found_key] != figures.get(key):
            problems.append(f"{key}: the journal gives {found[found_key]}, the pack says {figures.get(key)}")
    published = sorted((r["party"], r["fund"], r["amount"]) for r in figures.get("income_by_source", []))
    if published != found["sources"]:
        problems.append("income_by_source: the rows differ from the journal's income by party and fund")
    for section in ("transfers", "disbursements"):
        for row in figures.get(section, []):
            amount = _yuan(found["moved"].get(row["entry"], 0))
            if amount != row["amount"]:
                problems.append(f"{section}: entry {row['entry']} moved {amount}, the pack says {row['amount']}")
    return problems


def verify(folder: Path) -> list[str]:
    """Every problem of the pack in ``folder``; none when it holds together."""
    packs = [p for p in folder.glob("disclosure-*.json") if not p.name.endswith("-360giving.json")]
    if len(packs) != 1 or not (folder / JOURNAL).is_file():
        return [f"{folder}: expected one disclosure-<period>.json and {JOURNAL}"]
    try:
        figures = json.loads(packs[0].read_text(encoding="utf-8"))
        with (folder / JOURNAL).open(encoding="utf-8") as lines:
            entries = [json.loads(line) for line in lines if line.strip()]
        return check_chain(entries, figures) + check_figures(entries, figures)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        return [f"{folder}: not a pack this verifier can read ({type(error).__name__}: {error})"]


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    problems = verify(folder)
    for line in problems:
        print(f"不符 / FAILED: {line}")
    if problems:
        return 1
    print(f"通过 / OK: {folder}: 哈希链与合计一致 / the chain and the totals agree with the public journal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
