"""The tamper-evident hash chain: each entry's hash covers its canonical content and the
previous entry's hash, so changing any entry breaks every hash after it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import orjson

from ledger.domain.entries import EntryDraft

GENESIS = "0" * 64


def canonical(content: dict[str, Any]) -> bytes:
    """The one serialisation hashed: sorted keys, no spaces, UTF-8. These are the bytes of
    ``json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, which
    older books were hashed with; orjson writes them ten times faster (a million entries spent
    11 s in the standard encoder)."""
    return orjson.dumps(content, option=orjson.OPT_SORT_KEYS)


def entry_content(
    book: str,
    seq: int,
    draft: EntryDraft,
    actor: str,
    created_at: dt.datetime,
    key: str | None,
    reverses_seq: int | None,
) -> dict[str, Any]:
    """What an entry's hash covers: everything a reader of the journal relies on."""
    day, created, legs = draft.date.isoformat(), created_at.isoformat(), [p.leg() for p in draft.postings]
    return stored_content(book, seq, day, draft.kind, draft.memo, actor, created, key, reverses_seq, legs)


def stored_content(
    book: str,
    seq: int,
    date: str,
    kind: str,
    memo: str,
    actor: str | None,
    created_at: str,
    key: str | None,
    reverses_seq: int | None,
    postings: Sequence[Sequence[Any]],
) -> dict[str, Any]:
    """The same content from an entry's stored columns, its dates as ISO text, and its legs
    (codes and fen), as the audit reads them back and the bulk path writes them: no posting
    values to build and convert again."""
    return {
        "book": book,
        "seq": seq,
        "date": date,
        "kind": kind,
        "memo": memo,
        "actor": actor,
        "created_at": created_at,
        "key": key,
        "reverses": reverses_seq,
        "postings": [*map(tuple, postings)],  # a bulk load's legs are named tuples, which orjson leaves out
    }


def entry_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical content."""
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(content)).hexdigest()


def request_digest(request: dict[str, Any]) -> str:
    """Digest of a command's content, to tell a repeat from a conflicting reuse of a key."""
    return hashlib.sha256(canonical(request)).hexdigest()
