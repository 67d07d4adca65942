"""The layering rules of DESIGN.md, checked on the source: imports point cli -> ledger only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        out[str(path.relative_to(ROOT))] = names
    return out


def test_ledger_imports_no_typer_rich_cli_or_workflows() -> None:
    for path, names in imported_modules("ledger").items():
        assert not names & {"typer", "rich", "click", "cli", "workflows"}, path


def test_workflows_import_no_typer_rich_or_cli() -> None:
    for path, names in imported_modules("workflows").items():
        assert not names & {"typer", "rich", "click", "cli"}, path


def test_only_table_and_repository_modules_import_sqlmodel() -> None:
    allowed = {
        "ledger/storage/audit.py",
        "ledger/domain/closing.py",
        "ledger/storage/tables.py",
        "ledger/storage/repository.py",
        "ledger/domain/funds.py",
        "ledger/storage/uow.py",
        "ledger/storage/refs.py",
        "ledger/storage/invariants.py",
        "ledger/storage/register.py",
        "ledger/services/setup.py",
        "ledger/storage/migrations/env.py",
    }
    users = {path for path, names in imported_modules("ledger").items() if "sqlmodel" in names}
    assert users <= allowed, users - allowed


def test_the_cli_knows_no_sql() -> None:
    for path, names in imported_modules("cli").items():
        assert not names & {"sqlalchemy", "sqlmodel", "sqlite3", "psycopg"}, path


def test_every_module_opens_with_a_docstring() -> None:
    for package in ("ledger", "workflows", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "__init__.py" and not path.read_text().strip():
                continue
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_help_and_read_commands_do_not_load_heavy_libraries() -> None:
    code = (
        "import sys; import cli.main; "
        "heavy = {'sqlalchemy', 'sqlmodel', 'pandas', 'alembic', 'psycopg'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
