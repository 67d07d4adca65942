"""Setting up: create a book with its chart, purposes, funds and first admin; manage users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlmodel import Session

from ledger.data import fixtures
from ledger.domain.chain import GENESIS
from ledger.domain.codes import RECIPIENT_KINDS, ROLES
from ledger.domain.text import clean_text
from ledger.errors import Conflict, InputError
from ledger.services.auth import require
from ledger.storage.engine import Store
from ledger.storage.refs import Refs
from ledger.storage.tables import Account, Book, Fund, Purpose, User, UserRole
from ledger.storage.uow import UnitOfWork


@dataclass(frozen=True)
class InitResult:
    book: str
    admin: str
    created: bool


def init_book(store: Store, *, book: str, name: str, admin: str) -> InitResult:
    """Create a book (chart of accounts, purposes, funds) and its first admin; safe to repeat."""
    code, admin = clean_text(book, "book", limit=40), clean_text(admin, "admin", limit=100)
    with Session(store.engine) as session:
        existing = session.execute(select(Book).where(Book.code == code)).scalar_one_or_none()  # type: ignore[arg-type]
        if existing is not None:
            return InitResult(code, admin, created=False)
        now = dt.datetime.now(dt.UTC)
        book_row = Book(code=code, name=name or code, created_at=now, head_hash=GENESIS)
        session.add(book_row)
        session.flush()
        book_id = book_row.id
        _load_chart(session, book_id or 0)
        user = User(book_id=book_id or 0, name=admin, created_at=now)
        session.add(user)
        session.flush()
        session.add(UserRole(user_id=user.id or 0, role="admin"))
        session.commit()
    return InitResult(code, admin, created=True)


def _load_chart(session: Session, book_id: int) -> None:
    accounts = [dict(vars(a), book_id=book_id, is_open=True) for a in fixtures.chart()]
    session.execute(insert(Account), accounts)
    session.execute(insert(Purpose), [dict(vars(p), book_id=book_id) for p in fixtures.purposes()])
    funds = [
        {
            "book_id": book_id,
            "code": f.code,
            "name_zh": f.name_zh,
            "name_en": f.name_en,
            "restricted": f.restricted,
            "net_assets_account": f.net_assets,
            "purposes": ",".join(f.purposes),
            "is_open": True,
        }
        for f in fixtures.funds()
    ]
    session.execute(insert(Fund), funds)


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
    uow: UnitOfWork,
    actor: str | None,
    *,
    name: str,
    roles: list[str],
    organisation: str | None = None,
) -> UserResult:
    """Add a user with roles (admin only); repeating the same user and roles is harmless."""
    require(uow, actor, ("admin",), "user add")
    name, wanted = clean_text(name, "name", limit=100), tuple(sorted(set(roles)))
    unknown = [r for r in wanted if r not in ROLES]
    if not wanted or unknown:
        raise InputError("role_invalid", role=", ".join(unknown) or "-", roles=", ".join(ROLES))
    org_id = _organisation_of(uow.refs, organisation, wanted)
    existing = uow.session.execute(
        select(User).where(User.book_id == uow.book_id, User.name == name)  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if existing is not None:
        if tuple(sorted(uow.refs.roles(existing.id or 0))) == wanted and existing.organisation_id == org_id:
            return UserResult(name, wanted, already=True)
        raise Conflict("user_exists", name=name)
    user = User(
        book_id=uow.book_id,
        name=name,
        organisation_id=org_id,
        created_at=uow.now,
    )
    uow.session.add(user)
    uow.session.flush()
    uow.session.add_all([UserRole(user_id=user.id or 0, role=r) for r in wanted])
    uow.commit()
    return UserResult(name, wanted, already=False)
