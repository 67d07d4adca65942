"""The book's register: creating a book with its chart, and the parties, places and users it
knows. Each function takes the store or the open unit of work; the services call these."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlmodel import Session

from ledger.data.fixtures import AccountDef, FundDef, PurposeDef
from ledger.domain.chain import GENESIS
from ledger.storage.engine import Store
from ledger.storage.seals import EVERY_ROW, seal
from ledger.storage.tables import Account, Book, Compound, Fund, HostMember, Party, Purpose, User, UserRole

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork

#: What the register holds, by the name the services use.
KINDS: dict[str, Any] = {"party": Party, "compound": Compound}


def create_book(
    store: Store,
    book: tuple[str, str],
    admin: tuple[str, str],
    chart: tuple[tuple[AccountDef, ...], tuple[PurposeDef, ...], list[FundDef]],
    now: dt.datetime,
) -> bool:
    """Create book ``(code, name)`` with its chart (accounts, purposes, funds) and its first admin
    ``(name, OS account)``, in one transaction; False, and nothing written, when the book exists."""
    code, name = book
    with Session(store.engine) as session:
        if session.execute(select(Book).where(Book.code == code)).scalar_one_or_none() is not None:  # type: ignore[arg-type]
            return False
        row = Book(code=code, name=name, created_at=now, head_hash=GENESIS)
        session.add(row)
        session.flush()
        _load_chart(session, row.id or 0, *chart)
        user = User(book_id=row.id or 0, name=admin[0], os_user=admin[1], created_at=now)
        session.add(user)
        session.flush()
        session.add(UserRole(user_id=user.id or 0, role="admin"))
        session.flush()
        seal(session, (row.id or 0, code), EVERY_ROW)
        session.commit()
    return True


def _load_chart(
    session: Session,
    book_id: int,
    accounts: tuple[AccountDef, ...],
    purposes: tuple[PurposeDef, ...],
    funds: list[FundDef],
) -> None:
    session.execute(insert(Account), [dict(vars(a), book_id=book_id, is_open=True) for a in accounts])
    session.execute(insert(Purpose), [dict(vars(p), book_id=book_id) for p in purposes])
    rows = [
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
        for f in funds
    ]
    session.execute(insert(Fund), rows)


def registered(uow: UnitOfWork, kind: str, code: str) -> Any:
    """The party or compound (``kind``) registered under ``code``, or None."""
    model = KINDS[kind]
    return uow.session.execute(
        select(model).where(model.book_id == uow.book_id, model.code == code)
    ).scalar_one_or_none()


def register(uow: UnitOfWork, kind: str, row: dict[str, Any]) -> None:
    """Register a party or compound (``kind``) in the book."""
    uow.session.add(KINDS[kind](book_id=uow.book_id, **row))
    uow.session.flush()


def parties_of(uow: UnitOfWork) -> list[Party]:
    """Every party of the book."""
    return list(uow.session.execute(select(Party).where(Party.book_id == uow.book_id)).scalars())


def user_named(uow: UnitOfWork, name: str) -> User | None:
    stmt = select(User).where(User.book_id == uow.book_id, User.name == name)  # type: ignore[arg-type]
    return uow.session.execute(stmt).scalar_one_or_none()


#: How a user is proven, as stored: (OS account, password digest).
Proof = tuple[str | None, str | None]


def add_user(uow: UnitOfWork, name: str, organisation_id: int | None, roles: tuple[str, ...], proof: Proof) -> None:
    """A user of the book, holding ``roles``, proven by ``proof``."""
    os_user, secret = proof
    user = User(book_id=uow.book_id, name=name, organisation_id=organisation_id, created_at=uow.now)
    user.os_user, user.secret = os_user, secret
    uow.session.add(user)
    uow.session.flush()
    uow.session.add_all([UserRole(user_id=user.id or 0, role=r) for r in roles])
    uow.session.flush()


def set_host(uow: UnitOfWork, host: str) -> None:
    """The host charity the book belongs to (one host; a new one replaces it)."""
    member = uow.session.get(HostMember, uow.book_id)
    if member is None:
        uow.session.add(HostMember(book_id=uow.book_id, host=host))
    else:
        member.host = host
    uow.session.flush()
