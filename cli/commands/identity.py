"""``cfund login | logout`` and ``cfund user credential``: proving who acts.

A password is never an argument (it would be in the shell's history and the process list): it
is typed at a hidden prompt, or read from an environment variable the caller names
(``--password-env``; ``CFUND_PASSWORD`` for every command)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli import render, session
from cli.context import Settings, settings
from cli.text.help import h
from cli.text.messages import t
from ledger.data.files import written
from ledger.errors import InputError

if TYPE_CHECKING:
    from ledger.services.identity import Credential, Login

OsUser = Annotated[str | None, typer.Option("--os-user", help=h("opt.os_user"))]
PasswordEnv = Annotated[str | None, typer.Option("--password-env", help=h("opt.password_env"))]


def password(s: Settings, user: str, variable: str | None, *, new: bool) -> str:
    """A password from the variable named, or typed at a hidden prompt (twice when it is new)."""
    if variable:
        value = os.environ.get(variable, "")
        if not value:
            raise InputError("password_variable_empty", variable=variable)
        return value
    if not sys.stdin.isatty():
        raise InputError("password_needed", variable="--password-env" if new else "CFUND_PASSWORD")
    typed = str(
        typer.prompt(t("prompt_new_password" if new else "prompt_password", s.lang, user=user), hide_input=True)
    )
    if new and str(typer.prompt(t("prompt_again", s.lang), hide_input=True)) != typed:
        raise InputError("password_mismatch")
    return typed


def credential_of(s: Settings, user: str, os_user: str | None, variable: str | None, *, ask: bool) -> Credential:
    """The credential the options give (``ask``: prompt for a password when they give none)."""
    from ledger.services.identity import OsAccount, Password

    if os_user and variable:
        raise InputError("credential_one")
    if os_user:
        return OsAccount(os_user)
    if variable or ask:
        return Password(password(s, user, variable, new=True))
    return None


def proof_text(lang: str, credential: Credential) -> str:
    from ledger.services.identity import OsAccount

    if credential is None:
        return t("proof_none", lang)
    if isinstance(credential, OsAccount):
        return t("proof_os", lang, account=credential.name)
    return t("proof_password", lang)


def credential(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=h("arg.name"))],
    os_user: OsUser = None,
    password_env: PasswordEnv = None,
) -> None:
    from ledger.services.identity import set_credential

    s = settings(ctx)
    given = credential_of(s, name, os_user, password_env, ask=True)
    set_credential(s.uow, s.actor, name=name, credential=given)
    render.result(t("credential_set", s.lang, user=name, proof=proof_text(s.lang, given)), None, {})


def login(ctx: typer.Context) -> None:
    from ledger.services import identity

    s = settings(ctx)
    if not s.claimed:
        raise InputError("actor_missing")
    typed = os.environ.get("CFUND_PASSWORD") or password(s, s.claimed, None, new=False)
    done = identity.login(s.uow, s.claimed, typed)
    where = save_session(s, done)
    until = done.expires.astimezone().strftime("%Y-%m-%d %H:%M")
    render.result(t("logged_in", s.lang, user=done.user, until=until, file=where), None, {})


def save_session(s: Settings, done: Login) -> Path:
    """Keep the session in this account's file (:mod:`cli.session`), readable by it only."""
    target = session.path(s.location.display, s.book)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with written(target, private=True) as out:
        out.write(json.dumps({"user": done.user, "token": done.token, "expires": done.expires.isoformat()}))
    return target


def logout(ctx: typer.Context) -> None:
    from ledger.services import identity

    s = settings(ctx)
    saved = s.saved_session
    if saved is not None:
        identity.logout(s.uow, saved.token)
    session.forget(s.location.display, s.book)
    render.result(t("logged_out" if saved else "not_logged_in", s.lang), None, {})


def register(app: typer.Typer) -> None:
    app.command("login", help=h("login"))(login)
    app.command("logout", help=h("logout"))(logout)
