"""Credentials: an admin binds a user to an operating-system account or gives them a password;
a user with a password opens a session (``cfund login``) that proves them until it expires.
What proves a user at each command is :func:`ledger.services.auth.proven`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.credentials import MIN_PASSWORD, hash_password, new_token, password_matches, token_digest
from ledger.domain.text import clean_text
from ledger.errors import InputError, PermissionDenied
from ledger.services.auth import named, require
from ledger.storage import credentials as rows
from ledger.storage.identity import os_account
from ledger.storage.uow import Work

#: How long a ``cfund login`` session proves its user.
SESSION_HOURS = 8


@dataclass(frozen=True)
class OsAccount:
    """Proof by the system's login: the operating-system account that is this user's alone."""

    name: str


@dataclass(frozen=True)
class Password:
    text: str


#: How a user is to be proven; None: not yet (an admin gives them a credential later).
Credential = OsAccount | Password | None


def this_account() -> OsAccount:
    """The operating-system account running this (the demo's users, a single person's book)."""
    return OsAccount(os_account())


def stored(credential: Credential) -> tuple[str | None, str | None]:
    """What the users table keeps of ``credential``: (OS account, password digest)."""
    if credential is None:
        return None, None
    if isinstance(credential, OsAccount):
        return clean_text(credential.name, "os_user", limit=100), None
    if len(credential.text) < MIN_PASSWORD:
        raise InputError("password_short", least=MIN_PASSWORD)
    return None, hash_password(credential.text)


def set_credential(work: Work, actor: str | None, *, name: str, credential: Credential) -> None:
    """Replace ``name``'s credential (admins only); every session they had ends."""
    os_user, secret = stored(credential)
    with work() as uow:
        require(uow, actor, ("admin",), "user credential")
        rows.set_credential(uow, named(uow, name).id or 0, os_user, secret)
        uow.commit()


@dataclass(frozen=True)
class Login:
    user: str
    token: str
    expires: dt.datetime


def login(work: Work, name: str, password: str) -> Login:
    """A session for ``name``, who proves themselves with their password. A user who may only
    read (the auditor) needs none and is refused: their login would be a write."""
    with work() as uow:
        user = named(uow, name)
        if uow.refs.roles(user.id or 0) <= {"auditor"}:  # reads need no proof; the auditor writes nothing
            raise PermissionDenied("login_reader", user=name)
        if not (user.secret and password_matches(user.secret, password)):
            raise PermissionDenied("login_failed", user=name)
        token, expires = new_token(), uow.now + dt.timedelta(hours=SESSION_HOURS)
        rows.open_session(uow, user.id or 0, token_digest(token), expires)
        uow.commit()
        return Login(user.name, token, expires)


def logout(work: Work, token: str) -> bool:
    """End the session of ``token``; whether there was one."""
    with work() as uow:
        ended = rows.close_session(uow, token_digest(token))
        uow.commit()
        return ended > 0
