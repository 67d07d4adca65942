"""Users' credentials and the sessions of ``cfund login``, as rows: the services in
:mod:`ledger.services.identity` and :mod:`ledger.services.auth` decide, these only read and write."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from ledger.storage.tables import User, UserSession

if TYPE_CHECKING:
    from ledger.storage.uow import UnitOfWork


def session_user(uow: UnitOfWork, digest: str) -> int | None:
    """The user whose unexpired session has the token ``digest``, or None."""
    found = select(UserSession.user_id).where(
        UserSession.token_digest == digest,  # type: ignore[arg-type]
        UserSession.expires_at > uow.now,  # type: ignore[arg-type]
    )
    return uow.session.execute(found).scalar_one_or_none()


def open_session(uow: UnitOfWork, user_id: int, digest: str, expires: dt.datetime) -> None:
    uow.session.add(UserSession(user_id=user_id, token_digest=digest, created_at=uow.now, expires_at=expires))
    uow.session.flush()


def close_session(uow: UnitOfWork, digest: str) -> int:
    """End the session with the token ``digest``; how many there were (0 or 1)."""
    return len(_end(uow, UserSession.token_digest == digest))  # type: ignore[arg-type]


def _end(uow: UnitOfWork, which: Any) -> list[int]:
    """Delete the sessions ``which`` selects, each named to the unit of work (a sealed row gone)."""
    ended = [sid for (sid,) in uow.session.execute(delete(UserSession).where(which).returning(UserSession.id))]  # type: ignore[arg-type]
    for sid in ended:
        uow.touch("user_sessions", (sid,))
    return ended


def set_credential(uow: UnitOfWork, user_id: int, os_user: str | None, secret: str | None) -> None:
    """Replace a user's credential, and end every session they had."""
    uow.session.execute(update(User).where(User.id == user_id).values(os_user=os_user, secret=secret))  # type: ignore[arg-type]
    _end(uow, UserSession.user_id == user_id)
    uow.touch("users", (user_id,))
    uow.session.flush()
