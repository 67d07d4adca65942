"""The review committee (规范化评审) as values: its seats, quorum and majority for a book (from
``fixtures/workflow.toml`` ``[committee]``, a book's own under ``[committee.book.<code>]``), and
the decision a round of votes reaches, if any. No SQL: the service counts the votes."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from ledger.data.fixtures import fixture_path
from ledger.errors import InputError

#: What a member may vote: the review's three outcomes, each a transition of the table.
DECISIONS = ("approve", "reject", "return")


@dataclass(frozen=True)
class Committee:
    size: int
    quorum: int
    majority: Fraction

    @property
    def of_one(self) -> bool:
        """A committee of one: the single reviewer decides alone."""
        return self.quorum == 1


def _committee(data: dict[str, Any]) -> Committee:
    found = Committee(int(data["size"]), int(data["quorum"]), Fraction(str(data["majority"])))
    if not (1 <= found.quorum <= found.size) or not (0 <= found.majority < 1):
        raise InputError("committee_invalid", size=found.size, quorum=found.quorum, majority=str(found.majority))
    return found


@cache
def _table() -> dict[str, Any]:
    return dict(tomllib.loads(fixture_path("workflow.toml").read_text(encoding="utf-8"))["committee"])


def committee_for(book: str) -> Committee:
    """The committee of book ``book``: its own, or the file's default."""
    data = _table()
    own = data.get("book", {}).get(book)
    return _committee({**{k: v for k, v in data.items() if k != "book"}, **(own or {})})


def decision(committee: Committee, votes: Sequence[str]) -> str | None:
    """The outcome a round's ``votes`` decide: none before the quorum, none on a tie, else the
    outcome more than ``majority`` of the votes cast agree on."""
    if len(votes) < committee.quorum:
        return None
    ranked = Counter(votes).most_common()
    outcome, count = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == count:
        return None
    return outcome if Fraction(count, len(votes)) > committee.majority else None
