"""Who may do what: the acting user must exist in the book and hold one of the allowed roles."""

from __future__ import annotations

from ledger.errors import InputError, NotFound, PermissionDenied
from ledger.storage.tables import User
from ledger.storage.uow import UnitOfWork


def acting_user(uow: UnitOfWork, actor: str | None) -> User:
    """The user named by ``--as``: missing is a usage error, unknown is refused (exit 4). A
    PostgreSQL login bound to its own name acts as itself, and may not name anyone else."""
    if uow.bound_user is not None:
        if actor and actor != uow.bound_user:
            raise PermissionDenied("impersonation", user=actor, login=uow.bound_user)
        actor = uow.bound_user
    if not actor:
        raise InputError("actor_missing")
    try:
        return uow.refs.user(actor)
    except NotFound:
        raise PermissionDenied("actor_unknown", user=actor, book=uow.book_code) from None


def require(uow: UnitOfWork, actor: str | None, allowed: tuple[str, ...], action: str) -> User:
    """The acting user, if they hold one of ``allowed``; otherwise PermissionDenied (exit 4)."""
    user = acting_user(uow, actor)
    held = uow.refs.roles(user.id or 0)
    if not held.intersection(allowed):
        raise PermissionDenied(
            "role_refused",
            user=actor,
            action=action,
            roles=", ".join(allowed),
            held=", ".join(sorted(held)) or "-",
        )
    return user
