"""Entry drafts: make_entry refuses any entry that does not balance, in total and per fund."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.codes import ENTRY_KINDS
from ledger.domain.entries import EntryDraft, Posting, make_entry, reversing
from ledger.domain.money import from_fen
from ledger.domain.text import MAX_ID, clean_text, parse_number
from ledger.errors import InputError, LedgerError

D = Decimal
DAY = dt.date(2026, 10, 1)


def _pair(fund: str, amount: str, debit: str = "1002", credit: str = "4101.02") -> tuple[Posting, Posting]:
    return Posting(debit, fund, D(amount)), Posting(credit, fund, -D(amount))


# --- refusals ----------------------------------------------------------------------------------


def test_make_entry_refuses_a_single_posting() -> None:
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "donation", "one leg", (Posting("1002", "community", D("10.00")),))
    assert caught.value.key == "entry_too_few"
    assert caught.value.fields["count"] == 1


def test_make_entry_refuses_no_postings() -> None:
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "donation", "empty", ())
    assert caught.value.key == "entry_too_few"
    assert caught.value.fields["count"] == 0


def test_make_entry_refuses_an_unbalanced_entry_and_reports_the_residual() -> None:
    postings = (
        Posting("1002", "community", D("100.00")),
        Posting("4101.02", "community", D("-99.50")),
    )
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "donation", "off by 0.50", postings)
    assert caught.value.key == "entry_unbalanced"
    assert caught.value.fields["residual"] == "0.50"
    assert caught.value.fields["memo"] == "off by 0.50"


def test_make_entry_refuses_an_entry_balanced_in_total_but_not_per_fund() -> None:
    postings = (
        Posting("1002", "community", D("100.00")),
        Posting("4101.02", "feedback", D("-100.00")),
    )
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "donation", "crosses funds", postings)
    assert caught.value.key == "entry_unbalanced_fund"
    assert caught.value.fields["fund"] == "community"
    assert caught.value.fields["residual"] == "100.00"


def test_make_entry_names_the_first_unbalanced_fund_in_order() -> None:
    postings = (
        Posting("1002", "zeta", D("5.00")),
        Posting("1002", "alpha", D("-5.00")),
    )
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "adjustment", "two funds off", postings)
    assert caught.value.key == "entry_unbalanced_fund"
    assert caught.value.fields["fund"] == "alpha"
    assert caught.value.fields["residual"] == "-5.00"


def test_make_entry_refuses_zero_amount_postings() -> None:
    postings = (*_pair("community", "10.00"), Posting("1002", "community", D("0.00")))
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "donation", "has a zero leg", postings)
    assert caught.value.key == "entry_zero_posting"


def test_make_entry_refuses_an_unknown_kind() -> None:
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "gift", "unknown kind", _pair("community", "10.00"))
    assert caught.value.key == "entry_kind"
    assert caught.value.fields["kind"] == "gift"


def test_ledger_errors_are_input_errors() -> None:
    with pytest.raises(InputError):
        make_entry(DAY, "donation", "one leg", (Posting("1002", "community", D("1.00")),))


# --- acceptance --------------------------------------------------------------------------------


def test_make_entry_accepts_a_balanced_two_fund_entry() -> None:
    postings = (*_pair("community", "100.00"), *_pair("feedback", "70.00"))
    entry = make_entry(DAY, "donation", "two funds", postings)
    assert isinstance(entry, EntryDraft)
    assert entry.date == DAY
    assert entry.kind == "donation"
    assert entry.memo == "two funds"
    assert entry.postings == postings
    assert entry.reverses is None
    assert entry.meta == {}


def test_make_entry_stores_postings_as_a_tuple() -> None:
    entry = make_entry(DAY, "donation", "from a list", list(_pair("community", "1.00")))  # type: ignore[arg-type]
    assert isinstance(entry.postings, tuple)
    assert len(entry.postings) == 2


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_make_entry_accepts_every_known_kind(kind: str) -> None:
    assert make_entry(DAY, kind, kind, _pair("community", "1.00")).kind == kind


def test_entries_and_postings_are_frozen() -> None:
    entry = make_entry(DAY, "donation", "frozen", _pair("community", "1.00"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.memo = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.postings[0].amount = D("2.00")  # type: ignore[misc]


# --- reversals ---------------------------------------------------------------------------------


def test_posting_negated_keeps_every_other_field() -> None:
    posting = Posting("5101.04", "community", D("12.34"), "swc", "c01", "community_service", 7)
    assert posting.negated() == Posting("5101.04", "community", D("-12.34"), "swc", "c01", "community_service", 7)


def test_reversal_negates_every_posting_and_points_at_the_original() -> None:
    original = make_entry(
        DAY,
        "donation",
        "original",
        (
            Posting("1002", "community", D("100.00"), party="gas"),
            Posting("4101.02", "community", D("-100.00"), party="gas"),
            Posting("1002", "feedback", D("30.00"), compound="c01"),
            Posting("4101.01", "feedback", D("-30.00"), compound="c01"),
        ),
    )
    later = dt.date(2026, 11, 2)
    reversal = reversing(42, original.postings, later, "entered twice")
    assert reversal.kind == "reversal"
    assert reversal.reverses == 42
    assert reversal.date == later
    assert reversal.memo == "entered twice"
    assert len(reversal.postings) == len(original.postings)
    for undo, done in zip(reversal.postings, original.postings, strict=True):
        assert undo.amount == -done.amount
        assert dataclasses.replace(undo, amount=done.amount) == done


# --- clean_text --------------------------------------------------------------------------------


def test_clean_text_trims_and_refuses_empty_long_or_control_text() -> None:
    assert clean_text("  memo  ", "memo") == "memo"
    assert clean_text(None, "memo", required=False) == ""
    for bad in ("", "   ", None, "a\nb", "tab\there", "x" * 501, "del\x7f"):
        with pytest.raises(InputError) as caught:
            clean_text(bad, "memo")
        assert caught.value.key == "text_invalid"


# --- properties --------------------------------------------------------------------------------

legs = st.lists(
    st.tuples(
        st.sampled_from(["community", "feedback", "disaster"]),
        st.integers(min_value=-(10**12), max_value=10**12).filter(lambda n: n != 0).map(from_fen),
    ),
    min_size=1,
    max_size=8,
)


def _mirrored(pairs: list[tuple[str, Decimal]]) -> list[Posting]:
    postings: list[Posting] = []
    for fund, amount in pairs:
        postings.append(Posting("1002", fund, amount))
        postings.append(Posting("4101.02", fund, -amount))
    return postings


@given(legs)
def test_legs_each_mirrored_in_the_same_fund_always_build(pairs: list[tuple[str, Decimal]]) -> None:
    postings = _mirrored(pairs)
    entry = make_entry(DAY, "adjustment", "mirrored", tuple(postings))
    assert entry.postings == tuple(postings)


@given(legs, st.data())
def test_removing_any_one_leg_always_raises(pairs: list[tuple[str, Decimal]], data: st.DataObject) -> None:
    postings = _mirrored(pairs)
    drop = data.draw(st.integers(min_value=0, max_value=len(postings) - 1), label="drop")
    remaining = tuple(postings[:drop] + postings[drop + 1 :])
    with pytest.raises(LedgerError) as caught:
        make_entry(DAY, "adjustment", "one leg missing", remaining)
    assert caught.value.key in {"entry_too_few", "entry_unbalanced"}


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("12", 12),
        (" +3 ", 3),
        ("007", 7),
        (str(MAX_ID), MAX_ID),
        ("0", "number_invalid"),
        ("-1", "number_invalid"),
        ("1_0", "number_invalid"),
        ("１２", "number_invalid"),
        ("abc", "number_invalid"),
        ("", "number_invalid"),
        (str(MAX_ID + 1), "number_too_large"),
        ("9" * 5000, "number_too_large"),  # past Python's int() digit limit: refused, not a crash
    ],
)
def test_a_number_as_typed_is_whole_from_one_and_fits_a_bigint(typed: str, outcome: int | str) -> None:
    if isinstance(outcome, int):
        assert parse_number(typed, "--entry") == outcome
    else:
        with pytest.raises(InputError) as caught:
            parse_number(typed, "--entry")
        assert caught.value.key == outcome
