"""The layering of DESIGN.md and STYLE.md, checked on the source: every arrow between packages,
the libraries each may use, and that services never touch a session. A break names the module
and what it imported; the only exceptions are those listed below, each with its reason."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ledger", "workflows", "cli")

#: What each package may import of the project (by module prefix). The longest matching key
#: rules a module; a package's own modules are always allowed.
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "ledger.errors": (),
    "ledger.domain": ("ledger.errors",),
    "ledger.data": ("ledger.errors", "ledger.domain"),
    "ledger.storage": ("ledger.errors", "ledger.domain", "ledger.data"),
    "ledger.reports": ("ledger.errors", "ledger.domain", "ledger.data", "ledger.storage.reader"),
    "ledger.services": ("ledger.errors", "ledger.domain", "ledger.data", "ledger.storage"),
    "workflows.project": ("ledger.errors", "ledger.domain", "ledger.data"),
    "workflows.storage": ("ledger.errors", "ledger.domain", "ledger.storage", "workflows.project"),
    "workflows.reports": (
        "ledger.errors",
        "ledger.domain",
        "ledger.reports",
        "ledger.storage.reader",
        "workflows.project",
    ),
    "workflows.disclosure": (
        *("ledger.errors", "ledger.domain", "ledger.data", "ledger.reports", "ledger.storage.reader"),
        *("workflows.project", "workflows.reports"),
    ),
    "workflows.paper": (
        "ledger.errors",
        "ledger.domain",
        "ledger.data",
        "workflows.disclosure.pdf",
        "workflows.disclosure.page",
    ),
    "workflows.services": (
        *("ledger.errors", "ledger.domain", "ledger.data", "ledger.storage", "ledger.services"),
        *("workflows.project", "workflows.storage", "workflows.disclosure.public_journal"),
    ),
    "workflows.demo": (
        *("ledger.errors", "ledger.domain", "ledger.data", "ledger.storage", "ledger.services"),
        *("workflows.project", "workflows.services"),
    ),
    "cli.text": ("ledger.errors", "ledger.domain", "workflows.project"),
    "cli.commands": (
        *("cli", "ledger.errors", "ledger.domain", "ledger.data", "ledger.reports", "ledger.services"),
        *("workflows.project", "workflows.reports", "workflows.disclosure", "workflows.services", "workflows.demo"),
        "workflows.paper",
    ),
    "cli": ("cli", "ledger.errors", "ledger.domain"),
}
#: Third-party libraries and who may import them (any module not named here may not).
LIBRARIES: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("ledger.storage", "workflows.storage"),
    "sqlmodel": ("ledger.storage", "workflows.storage"),
    "alembic": ("ledger.storage",),
    "psycopg": ("ledger.storage",),
    "sqlite3": ("ledger.storage",),
    "typer": ("cli",),
    "rich": ("cli",),
    "click": ("cli",),
    "pandas": ("ledger.data",),
    "numpy": ("ledger.data",),
    "openpyxl": ("ledger.data", "workflows.disclosure"),
    "weasyprint": ("workflows.disclosure",),
    "transitions": ("workflows.project",),
    "orjson": ("ledger.domain.chain",),
    "platformdirs": ("ledger.storage.location",),
}
#: Named exceptions: (module, what it imports) -> why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("cli.context", "ledger.storage"): "the one module that builds the unit of work, the reader and the store",
}
#: Packages whose modules are use cases: they never touch a session (repositories do).
SERVICES = ("ledger.services", "workflows.services", "workflows.demo")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str) -> set[str]:
    """Every module ``source`` imports (``from a import b`` counts as ``a.b`` when b is a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def rule_for(module: str, table: dict[str, tuple[str, ...]]) -> str | None:
    keys = [k for k in table if module == k or module.startswith(k + ".")]
    return max(keys, key=len) if keys else None


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def breaks(module: str, names: set[str]) -> list[str]:
    """What ``module`` imports that its package may not."""
    own = rule_for(module, MAY_IMPORT)
    package = module.split(".")[0]
    out = []
    for name in sorted(names):
        top = name.split(".")[0]
        if (module, top) in EXCEPTIONS or any(within(name, (k,)) for (m, k) in EXCEPTIONS if m == module):
            continue
        if top in PACKAGES:
            allowed = (own, *MAY_IMPORT.get(own or "", ())) if own else (package,)
            if not within(name, allowed) and _is_module(name):
                out.append(name)
        elif top in LIBRARIES and not within(module, LIBRARIES[top]):
            out.append(name)
    return out


def _is_module(name: str) -> bool:
    """Whether ``name`` is a project module or package (not a name imported from one)."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def touches_session(source: str) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "session" for n in ast.walk(ast.parse(source)))


def sources() -> dict[str, str]:
    return {
        module_name(path): path.read_text(encoding="utf-8")
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }


def test_every_arrow_between_packages_points_the_allowed_way() -> None:
    found = {module: breaks(module, imports_of(text, module)) for module, text in sources().items()}
    assert {m: b for m, b in found.items() if b} == {}


def test_services_never_touch_a_session() -> None:
    users = sorted(m for m, text in sources().items() if within(m, SERVICES) and touches_session(text))
    assert users == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("ledger.domain.money", "from ledger.storage.tables import Entry"),
        ("ledger.domain.money", "from ledger.storage import tables"),
        ("ledger.reports.lists", "import sqlalchemy"),
        ("ledger.reports.lists", "from ledger.storage.uow import UnitOfWork"),
        ("ledger.services.journal", "from sqlmodel import Session"),
        ("workflows.project.guards", "from workflows.storage.repository import move"),
        ("cli.commands.ledger", "from ledger.storage.engine import open_store"),
        ("ledger.storage.journal", "from workflows.storage import tables"),
        ("ledger.domain.entries", "import typer"),
    ],
)
def test_the_check_catches_a_planted_break(module: str, source: str) -> None:
    assert breaks(module, imports_of(source, module)), source


def test_the_check_catches_a_service_reaching_for_the_session() -> None:
    assert touches_session("def f(uow):\n    return uow.session.execute(1)\n")


def test_every_module_opens_with_a_docstring() -> None:
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "__init__.py" and not path.read_text().strip():
                continue
            assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path


def test_every_package_says_what_it_owns() -> None:
    for package in PACKAGES:
        for init in (ROOT / package).rglob("__init__.py"):
            if "migrations" not in init.parts:
                assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_help_and_read_commands_do_not_load_heavy_libraries() -> None:
    code = (
        "import sys; import cli.main; "
        "heavy = {'sqlalchemy', 'sqlmodel', 'pandas', 'alembic', 'psycopg'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
