"""``cfund init`` and ``cfund user add|list``."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from cli import render
from cli.commands import identity
from cli.context import settings
from cli.group import new_app
from cli.options import Format
from cli.text.help import h
from cli.text.messages import t


def default_admin() -> str:
    """The OS user, as the first admin's name when ``--admin`` is not given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "admin")


def init(
    ctx: typer.Context,
    admin: Annotated[str | None, typer.Option("--admin", help=h("opt.admin"))] = None,
    name: Annotated[str | None, typer.Option("--name", help=h("opt.book_name"))] = None,
) -> None:
    """Create the schema, a book and its first admin."""
    from ledger.services.setup import init_book

    s = settings(ctx)
    result = init_book(s.store(create=True), book=s.book, name=name or s.book, admin=admin or default_admin())
    key = "init_created" if result.created else "init_exists"
    render.result(t(key, s.lang, book=result.book, admin=result.admin, db=s.location.display), None, {})


def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=h("arg.name"))],
    role: Annotated[list[str], typer.Option("--role", help=h("opt.role"))],
    organisation: Annotated[str | None, typer.Option("--organisation", help=h("opt.organisation"))] = None,
    os_user: identity.OsUser = None,
    password_env: identity.PasswordEnv = None,
    fmt: Format = None,
) -> None:
    """Add a user with roles."""
    from ledger.services.setup import add_user

    s = settings(ctx)
    given = identity.credential_of(s, name, os_user, password_env, ask=False)
    res = add_user(s.uow, s.actor, name=name, roles=role, organisation=organisation, credential=given)
    key = "user_already" if res.already else "user_added"
    data = {"name": res.name, "roles": ",".join(res.roles), "already": res.already}
    render.result(t(key, s.lang, name=res.name, roles=", ".join(res.roles)), fmt, data)
    if given is None and not res.already:
        render.note(t("user_unproven", s.lang, user=res.name))


USER_COLS = [
    render.Col("name", "用户", "User"),
    render.Col("roles", "角色", "Roles"),
    render.Col("organisation", "所属组织", "Organisation"),
    render.Col("proof", "凭据", "Proof"),
]


def user_list(ctx: typer.Context, fmt: Format = None) -> None:
    """List users."""
    from ledger.reports import lists as queries

    s = settings(ctx)
    with s.reading() as reader:
        rows = queries.users(reader)
    render.rows_out(rows, USER_COLS, fmt, s.lang)


def host_join(ctx: typer.Context, host: Annotated[str, typer.Argument(help=h("arg.host"))], fmt: Format = None) -> None:
    from ledger.services.setup import join_host

    s = settings(ctx)
    code = join_host(s.uow, s.actor, host=host)
    render.result(t("host_joined", s.lang, book=s.book, host=code), fmt, {"book": s.book, "host": code})


def register(app: typer.Typer) -> None:
    app.command("init", help=h("init"))(init)
    host_app = new_app("host")
    host_app.command("join", help=h("host.join"))(host_join)
    app.add_typer(host_app, name="host")
    user_app = new_app("user")
    user_app.command("add", help=h("user.add"))(user_add)
    user_app.command("list", help=h("user.list"))(user_list)
    user_app.command("credential", help=h("user.credential"))(identity.credential)
    app.add_typer(user_app, name="user")
