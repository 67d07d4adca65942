"""Code -> row lookups of one book, cached for the life of a unit of work: accounts, funds,
parties, places and users by their codes, a user's roles, whether a month is closed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from ledger.errors import NotFound
from ledger.storage.tables import Account, ClosedMonth, Compound, Fund, Party, User, UserRole


@functools.cache
def _by_code(model: Any, column: Any) -> Any:
    """The lookup of one row by its code, built once: SQLAlchemy then only binds the values
    (building the statement anew cost twice as much as running it)."""
    return select(model).where(model.book_id == bindparam("book"), column == bindparam("code"))


_ROLES = select(UserRole.role).where(UserRole.user_id == bindparam("user"))  # type: ignore[arg-type]
_LAST_CLOSED = select(func.max(ClosedMonth.month)).where(ClosedMonth.book_id == bindparam("book"))  # type: ignore[arg-type]


@dataclass
class Refs:
    """Code -> row lookups for one book. ``before_query`` runs before a lookup reads the database
    (a bulk load waits there for its writer thread)."""

    session: Session
    book_id: int
    before_query: Callable[[], None] | None = None

    def __post_init__(self) -> None:
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _get(self, model: Any, column: Any, code: str, kind: str) -> Any:
        key = (model, code)
        if key not in self._cache:
            if self.before_query:
                self.before_query()
            params = {"book": self.book_id, "code": code}
            row = self.session.execute(_by_code(model, column), params).scalar_one_or_none()
            if row is None:
                raise NotFound(f"{kind}_missing", code=code)
            self._cache[key] = row
        return self._cache[key]

    @classmethod
    def preloaded(cls, uow: Any) -> Refs:
        """Lookups of ``uow``'s book with every account, fund, party and compound read at once
        (for bulk work)."""
        return cls(uow.session, uow.book_id).preload()

    def preload(self) -> Refs:
        """Read every account, fund, party and compound of the book at once."""
        for model in (Account, Fund, Party, Compound):
            rows = self.session.execute(select(model).where(model.book_id == self.book_id)).scalars()
            self._cache.update({(model, row.code): row for row in rows})
        return self

    def account(self, code: str) -> Account:
        return self._get(Account, Account.code, code, "account")  # type: ignore[no-any-return]

    def fund(self, code: str) -> Fund:
        return self._get(Fund, Fund.code, code, "fund")  # type: ignore[no-any-return]

    def party(self, code: str) -> Party:
        return self._get(Party, Party.code, code, "party")  # type: ignore[no-any-return]

    def compound(self, code: str) -> Compound:
        return self._get(Compound, Compound.code, code, "compound")  # type: ignore[no-any-return]

    def user(self, name: str) -> User:
        return self._get(User, User.name, name, "user")  # type: ignore[no-any-return]

    def roles(self, user_id: int) -> frozenset[str]:
        """The roles a user holds (no service grants roles and then checks them in one unit of work)."""
        return self._memo(  # type: ignore[no-any-return]
            (UserRole, user_id),
            lambda: frozenset(r[0] for r in self.session.connection().execute(_ROLES, {"user": user_id})),
        )

    def last_closed(self) -> str | None:
        """The book's last closed month (``YYYY-MM``): it and every month before it are closed to
        entries (months close in order; closing one writes no entry after it, in its unit of work)."""
        params = {"book": self.book_id}
        return self._memo(  # type: ignore[no-any-return]
            (ClosedMonth,), lambda: self.session.connection().execute(_LAST_CLOSED, params).scalar_one()
        )

    def closed(self, month: str) -> bool:
        """Whether ``month`` is closed to entries: it is the last closed month or before it."""
        last = self.last_closed()
        return last is not None and month <= last

    def closing(self, month: str) -> None:
        """``month`` is closed from now on (a later step of the same batch sees it)."""
        self._cache[(ClosedMonth,)] = max(month, self.last_closed() or month)

    def _memo(self, key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]
