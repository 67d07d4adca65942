"""The ledger entries a project's steps cause: commitment on approval, payment per tranche,
release of what was not spent. Pure builders over codes; the services post them. ``project``
is the project's database id (kept on every posting), ``seq`` its number shown to people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledger.domain.codes import BANK, COMMITTED, OPEN_COMMITMENTS, PAID, RELEASED
from ledger.domain.entries import EntryDraft, Posting, make_entry


def commitment(project: int, seq: int, fund: str, amount: Decimal, day: dt.date) -> EntryDraft:
    """Approval: the grant is committed on memo accounts (9102 -> 9101)."""
    legs = (
        Posting(OPEN_COMMITMENTS, fund, amount, project=project),
        Posting(COMMITTED, fund, -amount, project=project),
    )
    return make_entry(day, "commitment", f"project {seq} commitment", legs)


def disbursement(
    project: int, seq: int, fund: str, spent: tuple[str, str], payee: str, amount: Decimal, day: dt.date
) -> EntryDraft:
    """A tranche: the expense (``spent``: its account and purpose) is paid from the bank and the
    commitment is used (9101 -> 9103)."""
    account, purpose = spent
    legs = (
        Posting(account, fund, amount, party=payee, purpose=purpose, project=project),
        Posting(BANK, fund, -amount, party=payee, purpose=purpose, project=project),
        Posting(PAID, fund, amount, project=project),
        Posting(OPEN_COMMITMENTS, fund, -amount, project=project),
    )
    return make_entry(day, "disbursement", f"project {seq} tranche", legs)


def release(project: int, seq: int, fund: str, amount: Decimal, day: dt.date, why: str) -> EntryDraft:
    """What was committed but not spent is released (9101 -> 9104)."""
    legs = (
        Posting(RELEASED, fund, amount, project=project),
        Posting(OPEN_COMMITMENTS, fund, -amount, project=project),
    )
    return make_entry(day, "release", f"project {seq} release ({why})", legs)
