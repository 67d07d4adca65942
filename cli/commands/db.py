"""``cfund db upgrade | backup | restore | roles``: the database as a whole."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from cli import render
from cli.context import Settings, settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from ledger.errors import CheckFailed, InputError
from ledger.storage.location import SCHEMA_HEAD, locate

FILE = Annotated[Path, typer.Argument(help=h("arg.backup_file"), show_default=False)]


def db_upgrade(ctx: typer.Context) -> None:
    """Upgrade the schema to the newest migration."""
    s = settings(ctx)
    s.store()
    render.result(t("db_current", s.lang, db=s.location.display, rev=SCHEMA_HEAD), None, {})


def db_backup(ctx: typer.Context, file: FILE) -> None:
    from ledger.storage.backup import backup

    s = settings(ctx)
    s.store()  # a cfund database, at the current schema
    path = backup(s.location, file.expanduser().resolve())
    render.result(t("backup_written", s.lang, file=path, db=s.location.display), None, {})


def db_restore(ctx: typer.Context, file: FILE) -> None:
    """Audit every book of the copy (in a scratch file, so the copy itself is never changed),
    then put it in place of the database; a copy that fails its audit is refused."""
    from ledger.storage.backup import restore_sqlite

    s = settings(ctx)
    target = s.location.sqlite_path
    if target is None:
        raise InputError("restore_postgres")
    if target.exists():
        _require_admin(s)
    copy = file.expanduser().resolve()
    if not copy.is_file():
        raise InputError("backup_missing", file=str(copy))
    with tempfile.TemporaryDirectory(prefix="cfund-restore-") as scratch:
        checked = Path(scratch) / "copy.db"
        shutil.copyfile(copy, checked)
        books = _audit_copy(checked, copy)
        if target.exists() and s.book not in books:  # an empty or another district's copy would wipe this book
            raise InputError("backup_lacks_book", file=str(copy), book=s.book, books=", ".join(books) or "-")
        restore_sqlite(checked, target)
    render.result(t("restored", s.lang, file=copy, db=target, books=", ".join(books)), None, {})


def db_roles(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Option("--prefix", help=h("opt.roles_prefix"))] = "cfund",
) -> None:
    """Create the owner, app and auditor roles and set every grant (PostgreSQL; run as its owner)."""
    from ledger.storage.db_roles import apply

    s = settings(ctx)
    if s.location.is_sqlite:
        raise InputError("roles_sqlite")
    role = apply(s.store(), prefix)
    render.result(t("roles_done", s.lang, **role), None, role)


def _require_admin(s: Settings) -> None:
    from ledger.services.auth import require

    with s.uow() as uow:
        require(uow, s.actor, ("admin",), "db restore")


def _audit_copy(path: Path, shown: Path) -> list[str]:
    from ledger.storage.backup import book_codes
    from ledger.storage.engine import open_store
    from workflows.services.audit import verify

    try:
        store = open_store(locate(str(path)))
        books = book_codes(store)
    except Exception:  # noqa: BLE001 - anything unreadable is simply not a cfund backup
        raise InputError("backup_unreadable", file=str(shown)) from None
    try:
        for code in books:
            with render.progress_bar(f"audit {code}") as step:
                problems = verify(store, code, progress=step).problems
            if problems:
                first = problems[0]
                raise CheckFailed("restore_refused", book=code, check=first.check, entry=first.entry or "-")
    finally:
        store.engine.dispose()  # the scratch file is deleted next: no connection may hold it
    return books


def register(app: typer.Typer) -> None:
    db_app = new_app("db")
    db_app.command("upgrade", help=h("db.upgrade"))(db_upgrade)
    db_app.command("backup", help=h("db.backup"))(db_backup)
    db_app.command("restore", help=h("db.restore"))(db_restore)
    db_app.command("roles", help=h("db.roles"))(db_roles)
    app.add_typer(db_app, name="db")
