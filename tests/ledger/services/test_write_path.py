"""One write path, on SQLite and PostgreSQL: a rule added to the one list of checks is enforced on
a single post and on every entry of a bulk load, and a field added to the hashed content once is
hashed by both paths (and checked by the audit)."""

from __future__ import annotations

import pytest

from ledger.domain import chain, validation
from ledger.domain.entries import EntryDraft, Item, Leg, Posting
from ledger.domain.money import from_fen
from ledger.domain.validation import Facts, Shape
from ledger.errors import LedgerError
from ledger.services.journal import post
from tests.conftest import BookHandle
from tests.ledger.services.test_bulk import DAY, donation, load, state
from tests.ledger.services.test_journal import donate, entry_count
from workflows.services.audit import verify


def no_round_thousand(item: Item, shape: Shape, facts: Facts) -> None:
    """A rule a district might add: no donation of exactly 1,000.00 without a memo saying why."""
    if item.kind == "donation" and any(leg.fen == 100_000 for leg in item.legs) and "why" not in item.memo:
        raise LedgerError("entry_kind", kind="round thousand")


def test_a_rule_added_to_the_list_holds_for_a_single_post_and_the_1000th_bulk_entry(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "RULES", (*validation.RULES, no_round_thousand))
    donate(book, "5.00")
    with pytest.raises(LedgerError, match="entry_kind"):
        donate(book, "1000.00")
    donate(book, "1000.00", memo="why: the gas utility's October gift")
    items = [donation(i) for i in range(999)]
    assert len({(i.kind, *[(g.account, g.fund, g.fen > 0, g.party) for g in i.legs]) for i in items}) == 1
    odd = items[0]._replace(legs=tuple(leg._replace(fen=100_000 * (1 if leg.fen > 0 else -1)) for leg in items[0].legs))
    before = state(book)
    with pytest.raises(LedgerError, match="entry_kind"):
        load(book, [*items, odd._replace(key="b999", memo="bulk 999")], batch=100)
    assert state(book) == before and entry_count(book) == 2  # nothing of the load was written
    monkeypatch.setattr(validation, "RULES", tuple(r for r in validation.RULES if r is not no_round_thousand))
    assert load(book, [*items, odd._replace(key="b999", memo="bulk 999")], batch=100).written == 1000


def test_a_field_added_to_the_hashed_content_is_hashed_by_both_paths(
    book: BookHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = chain.stored_content

    def with_attachments(*args: object) -> dict[str, object]:
        return {**plain(*args), "attachments": [f"sha256 of entry {args[1]}"]}  # args[1] is the seq

    monkeypatch.setattr(chain, "stored_content", with_attachments)
    donate(book, "5.00")
    load(book, [donation(i) for i in range(30)], batch=10)
    donate(book, "6.00")
    assert verify(book.store, book.code).problems == ()  # the audit recomputes it the same way
    monkeypatch.setattr(chain, "stored_content", plain)
    broken = {p.entry for p in verify(book.store, book.code).problems if "content" in p.detail}
    assert broken == set(range(1, 33)), "every entry, single and bulk, hashed the added field"


def odd(kind: str, purpose: str | None = None, fund: str = "community") -> Item:
    """A donation-shaped item of ``kind``, its legs naming ``purpose``."""
    legs = (Leg("1002", fund, 500, "gas", purpose=purpose), Leg("4101.02", fund, -500, "gas", purpose=purpose))
    return Item(DAY, kind, "odd", legs, f"odd-{kind}-{purpose}", "d")


@pytest.mark.parametrize(
    ("item", "key"),
    [
        (odd("reversal"), "entry_reversal_unlinked"),  # a reversal that reverses nothing skips no rule
        (
            odd("donation", "community_service", "disaster"),
            "purpose_not_permitted",
        ),  # given for a purpose its fund lacks
    ],
    ids=["reversal-of-nothing", "purpose-the-fund-lacks"],
)
def test_an_entry_the_rules_refuse_is_refused_by_both_paths(book: BookHandle, item: Item, key: str) -> None:
    with pytest.raises(LedgerError) as single, book.uow() as uow:
        post(uow, uow.refs.user("tina"), draft_of(item))
    with pytest.raises(LedgerError) as bulk:
        load(book, [donation(0), item])
    assert single.value.key == bulk.value.key == key
    assert entry_count(book) == 0


def draft_of(item: Item) -> EntryDraft:
    """The draft of ``item`` as a service would post it (without the checks of make_entry)."""
    postings = tuple(Posting(g.account, g.fund, from_fen(g.fen), g.party, purpose=g.purpose) for g in item.legs)
    return EntryDraft(item.date, item.kind, item.memo, postings, item.reverses)
