"""Who may do what: the acting user must exist in the book, be proven, and hold one of the
allowed roles.

Proof, in this order: a PostgreSQL login bound to its own name (the database authenticated it);
a user bound to the operating-system account this process runs as (the system's login); a
password or an unexpired ``cfund login`` session offered with the unit of work. A name alone
(``--as admin``) proves nothing.
"""

from __future__ import annotations

from ledger.domain.credentials import password_matches, token_digest
from ledger.errors import InputError, NotFound, PermissionDenied
from ledger.storage.credentials import session_user
from ledger.storage.identity import os_account
from ledger.storage.tables import User
from ledger.storage.uow import UnitOfWork


def acting_user(uow: UnitOfWork, actor: str | None) -> User:
    """The user named by ``--as``, proven: missing is a usage error, unknown or unproven is
    refused (exit 4). A PostgreSQL login bound to its own name acts as itself, and may not name
    anyone else."""
    if uow.bound_user is not None:
        if actor and actor != uow.bound_user:
            raise PermissionDenied("impersonation", user=actor, login=uow.bound_user)
        return named(uow, uow.bound_user)
    if not actor:
        raise InputError("actor_missing")
    user = named(uow, actor)
    if user.id not in uow.proven:
        if not proven(uow, user):
            raise PermissionDenied("actor_unproven", user=actor)
        uow.proven.add(user.id or 0)
    return user


def named(uow: UnitOfWork, name: str) -> User:
    try:
        return uow.refs.user(name)
    except NotFound:
        raise PermissionDenied("actor_unknown", user=name, book=uow.book_code) from None


def proven(uow: UnitOfWork, user: User) -> bool:
    """Whether this process may act as ``user``: its OS account is theirs, or it offers their
    password or one of their sessions."""
    if user.os_user is not None and user.os_user == os_account():
        return True
    if any(session_user(uow, token_digest(offered)) == user.id for offered in uow.credentials):
        return True  # a session first: a look-up, where a password costs a scrypt of ~50 ms
    return bool(user.secret) and any(password_matches(user.secret or "", c) for c in uow.credentials)


def require(uow: UnitOfWork, actor: str | None, allowed: tuple[str, ...], action: str) -> User:
    """The acting user, if they hold one of ``allowed``; otherwise PermissionDenied (exit 4)."""
    user = acting_user(uow, actor)
    held = uow.refs.roles(user.id or 0)
    if not held.intersection(allowed):
        raise PermissionDenied(
            "role_refused",
            user=user.name,
            action=action,
            roles=", ".join(allowed),
            held=", ".join(sorted(held)) or "-",
        )
    return user
