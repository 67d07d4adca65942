"""``cfund db upgrade | backup | restore | roles``: the database as a whole."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import render
from cli.context import settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import InputError

FILE = Annotated[Path, typer.Argument(help=h("arg.backup_file"), show_default=False)]


def db_upgrade(ctx: typer.Context) -> None:
    """Upgrade the schema to the newest migration."""
    from ledger.services.database import schema_head

    s = settings(ctx)
    s.store()
    render.result(t("db_current", s.lang, db=s.location.display, rev=schema_head()), None, {})


def db_backup(ctx: typer.Context, file: FILE) -> None:
    from ledger.services.database import backup

    s = settings(ctx)
    path = backup(s.store(), file)  # a cfund database, at the current schema
    render.result(t("backup_written", s.lang, file=path, db=s.location.display), None, {})


def db_restore(ctx: typer.Context, file: FILE) -> None:
    """Audit every book of the copy, then put it in place of the database; a copy that fails its
    audit is refused."""
    from workflows.services.audit import restore

    s = settings(ctx)
    copy = file.expanduser().resolve()
    books = restore(s.uow, s.actor, s.location, s.book, copy, render.progress_bar)
    target = s.location.sqlite_path
    render.result(t("restored", s.lang, file=copy, db=target, books=", ".join(books)), None, {})


def db_roles(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Option("--prefix", help=h("opt.roles_prefix"))] = "cfund",
) -> None:
    """Create the owner, app and auditor roles and set every grant (PostgreSQL; run as its owner)."""
    from ledger.services.database import roles

    s = settings(ctx)
    if s.location.is_sqlite:
        raise InputError("roles_sqlite")
    role = roles(s.store(), prefix)
    render.result(t("roles_done", s.lang, **role), None, role)


def register(app: typer.Typer) -> None:
    db_app = new_app("db")
    db_app.command("upgrade", help=h("db.upgrade"))(db_upgrade)
    db_app.command("backup", help=h("db.backup"))(db_backup)
    db_app.command("restore", help=h("db.restore"))(db_restore)
    db_app.command("roles", help=h("db.roles"))(db_roles)
    app.add_typer(db_app, name="db")
