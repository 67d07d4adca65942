"""Setting up: create a book with its chart, purposes, funds and first admin; manage users."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.data import fixtures
from ledger.domain.codes import RECIPIENT_KINDS, ROLES
from ledger.domain.text import clean_text
from ledger.errors import Conflict, InputError
from ledger.services.auth import require
from ledger.services.identity import Credential, stored
from ledger.storage.clock import utc_now
from ledger.storage.engine import Store
from ledger.storage.identity import os_account
from ledger.storage.refs import Refs
from ledger.storage.register import add_user as add_user_row
from ledger.storage.register import create_book, set_host, user_named
from ledger.storage.uow import Work


@dataclass(frozen=True)
class InitResult:
    book: str
    admin: str
    created: bool


def init_book(store: Store, *, book: str, name: str, admin: str, os_user: str | None = None) -> InitResult:
    """Create a book (chart of accounts, purposes, funds) and its first admin, bound to the
    operating-system account ``os_user`` (by default the one running this); safe to repeat."""
    code, admin = clean_text(book, "book", limit=40), clean_text(admin, "admin", limit=100)
    chart = (fixtures.chart(), fixtures.purposes(), fixtures.funds())
    account = clean_text(os_user or os_account(), "os_user", limit=100)
    created = create_book(store, (code, name or code), (admin, account), chart, utc_now())
    return InitResult(code, admin, created=created)


@dataclass(frozen=True)
class UserResult:
    name: str
    roles: tuple[str, ...]
    already: bool


def _organisation_of(refs: Refs, organisation: str | None, roles: tuple[str, ...]) -> int | None:
    """An organisation user acts for a social organisation (or an individual recipient); no one else
    is tied to a party."""
    if organisation is None:
        if "organisation" in roles:
            raise InputError("user_organisation_needed")
        return None
    party = refs.party(organisation)
    if party.kind not in RECIPIENT_KINDS:
        raise InputError("party_kind", code=organisation, expected="organisation", actual=party.kind)
    return party.id


def add_user(
    work: Work,
    actor: str | None,
    *,
    name: str,
    roles: list[str],
    organisation: str | None = None,
    credential: Credential = None,
) -> UserResult:
    """Add a user with roles (admin only), proven by ``credential`` (see
    :func:`ledger.services.identity.stored`); repeating the same user and roles is harmless."""
    os_user, secret = stored(credential)
    with work() as uow:
        require(uow, actor, ("admin",), "user add")
        name, wanted = clean_text(name, "name", limit=100), tuple(sorted(set(roles)))
        unknown = [r for r in wanted if r not in ROLES]
        if not wanted or unknown:
            raise InputError("role_invalid", role=", ".join(unknown) or "-", roles=", ".join(ROLES))
        org_id = _organisation_of(uow.refs, organisation, wanted)
        existing = user_named(uow, name)
        if existing is not None:
            if tuple(sorted(uow.refs.roles(existing.id or 0))) == wanted and existing.organisation_id == org_id:
                return UserResult(name, wanted, already=True)
            raise Conflict("user_exists", name=name)
        add_user_row(uow, name, org_id, wanted, (os_user, secret))
        uow.commit()
        return UserResult(name, wanted, already=False)


def join_host(work: Work, actor: str | None, *, host: str) -> str:
    """Make the book a special fund (专项基金) of the host charity ``host`` (admin only): its
    statements are then consolidated with the host's other books; joining again moves it."""
    code = clean_text(host, "host", limit=40)
    with work() as uow:
        require(uow, actor, ("admin",), "host join")
        set_host(uow, code)
        uow.commit()
    return code
