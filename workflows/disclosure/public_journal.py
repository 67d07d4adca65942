"""The pack's public journal: every entry of the book up to the pack's head, as a resident may
read it, in a hash chain of its own that :mod:`workflows.disclosure.verify_pack` recomputes with
Python alone (``docs/HASHING.md``).

An entry is published as its number, date, kind, the number of the entry it reverses, and its
postings: account code and type, fund, amount in fen, party, compound, purpose and project
number. No memo, no actor, no import key, and an individual's party code replaced by their
pseudonym (:func:`ledger.domain.privacy.pseudonym`): nothing personal, and nothing a person typed.
The public head is therefore derived from the journal, not stored: ``audit verify --expect`` a
pack recomputes it from the database, which binds the public journal to the real chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from ledger.domain.privacy import pseudonym
from ledger.storage.reader import Reader
from workflows.disclosure.verify_pack import GENESIS, JOURNAL, canonical, public_hash

_ENTRIES = (
    "SELECT e.seq, e.date, e.kind, r.seq, a.code, a.type, f.code, p.amount_fen, p.party_id, pt.code, pt.kind, "
    "c.code, p.purpose, pr.seq FROM entries e LEFT JOIN entries r ON r.id = e.reverses "
    "LEFT JOIN postings p ON p.entry_id = e.id AND p.book_id = e.book_id "
    "LEFT JOIN accounts a ON a.id = p.account_id LEFT JOIN funds f ON f.id = p.fund_id "
    "LEFT JOIN parties pt ON pt.id = p.party_id LEFT JOIN compounds c ON c.id = p.compound_id "
    "LEFT JOIN projects pr ON pr.id = p.project_id "
    "WHERE e.book_id = :book AND e.seq <= :upto ORDER BY e.seq, p.id"
)


def _leg(row: tuple[Any, ...]) -> list[Any]:
    account, kind, fund, fen, party_id, party, party_kind, compound, purpose, project = row[4:]
    public = pseudonym(int(party_id)) if party_kind == "individual" else party
    return [account, kind, fund, int(fen), public, compound, purpose, project]


def records(reader: Reader, upto: int) -> Iterator[dict[str, Any]]:
    """The public records of entries 1 to ``upto``, each with its public ``hash``."""
    prev = GENESIS
    for _, rows in groupby(reader.stream(_ENTRIES, upto=upto), key=itemgetter(0)):
        legs = list(rows)
        seq, day, kind, reverses = legs[0][:4]
        postings = [_leg(row) for row in legs if row[4] is not None]
        record = {"seq": int(seq), "date": str(day)[:10], "kind": kind, "reverses": reverses, "postings": postings}
        prev = record["hash"] = public_hash(prev, record)
        yield record


def public_head(reader: Reader, upto: int) -> str:
    """The public chain's head after entry ``upto`` (as a pack states it)."""
    head = GENESIS
    for record in records(reader, upto):
        head = record["hash"]
    return head


def write_journal(reader: Reader, upto: int, folder: Path) -> tuple[str, Path]:
    """Write ``public-journal.jsonl`` into ``folder``: one record a line; returns the public head."""
    head, path = GENESIS, folder / JOURNAL
    with path.open("w", encoding="utf-8") as out:
        for record in records(reader, upto):
            out.write(canonical(record).decode("utf-8") + "\n")
            head = record["hash"]
    return head, path
