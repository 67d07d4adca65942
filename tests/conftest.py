"""Shared fixtures: a fresh book on a real SQLite file and on a real PostgreSQL database.

Service tests take the ``book`` fixture, parametrised over both backends. PostgreSQL tests skip
with a reason when no server answers, unless ``CFUND_REQUIRE_PG=1`` (set by CI), where they fail.
After every test that used a book, the journal is checked: every entry has two or more postings
and sums to zero in total and per fund, the running balances equal the postings, and no fund is
below zero.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger.storage.engine import Store, open_store
from ledger.storage.location import Location, locate
from ledger.storage.uow import Batch, UnitOfWork
from tests.helpers.cli import ME, Cli

PG_ADMIN_URL = os.environ.get("CFUND_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
_counter = itertools.count(1)


@dataclass
class BookHandle:
    """A fresh book for one test: its store, code and a unit-of-work factory."""

    store: Store
    code: str

    @property
    def location(self) -> Location:
        return self.store.location

    @property
    def backend(self) -> str:
        return "sqlite" if self.store.is_sqlite else "postgres"

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.store, self.code)


SYSTEM = Path(__file__).resolve().parent / "system"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under ``tests/system`` is a whole-system run: marked ``system`` (``make
    test-fast`` runs ``-m "not system"``)."""
    for item in items:
        if SYSTEM in item.path.parents:
            item.add_marker(pytest.mark.system)


def _pg_available() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3, autocommit=True):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL} ({type(exc).__name__}); set CFUND_TEST_PG"


def as_at_a_terminal() -> None:
    """``preexec_fn`` for a child that the test interrupts with SIGINT: a job started in the
    background (``make test &``, a CI runner) inherits SIGINT ignored, and Python then never
    raises KeyboardInterrupt; a person at a terminal has it at its default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt here even when the suite runs in the background (a job
    started with ``&`` inherits SIGINT ignored, and Python then leaves it ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session, migrated once."""
    reason = _pg_available()
    if reason:
        if os.environ.get("CFUND_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    import psycopg

    name = f"cfund_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    open_store(locate(url), create=True).engine.dispose()
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_store(locate(str(path)), create=True).engine.dispose()
    return path


@pytest.fixture
def cli(tmp_path: Path, sqlite_template: Path) -> Cli:
    """The CLI as a person runs it (:class:`tests.helpers.cli.Cli`)."""
    return Cli(tmp_path, sqlite_template)


def new_store(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Store:
    if backend == "postgres":
        return open_store(locate(request.getfixturevalue("pg_url")))
    path = tmp_path / "cfund.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    return open_store(locate(str(path)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sqlite_book_template(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> tuple[Path, str]:
    """A SQLite file holding the book of :func:`new_book`, copied for each test (made once)."""
    path = tmp_path_factory.mktemp("book") / "book.db"
    shutil.copy(sqlite_template, path)
    store = open_store(locate(str(path)))
    code = new_book(store).code
    store.engine.dispose()  # the last connection checkpoints the WAL into the file
    return path, code


def make_book(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> BookHandle:
    """A fresh book on a fresh store (see :func:`new_book`): on SQLite a copy of one made once."""
    if backend == "postgres":
        return new_book(new_store(request, backend, tmp_path))
    template, code = request.getfixturevalue("sqlite_book_template")
    path = tmp_path / "cfund.db"
    shutil.copy(template, path)
    return BookHandle(open_store(locate(str(path))), code)


def new_book(store: Store, prefix: str = "t") -> BookHandle:
    """A new book on ``store`` with admin ``admin``, treasurer ``tina``, auditor ``audrey``,
    community ``cathy``, parties gas/ssc/canteen/swc and compound c01."""
    from ledger.services import registry, setup

    handle = BookHandle(store, f"{prefix}{os.getpid()}x{next(_counter)}")
    setup.init_book(store, book=handle.code, name="test", admin="admin")
    with Batch(handle.uow()) as batch:  # one commit, not nine
        for name, role in (("tina", "treasurer"), ("audrey", "auditor"), ("cathy", "community")):
            setup.add_user(batch.step, "admin", name=name, roles=[role], credential=ME)
        for code, kind in (("gas", "donor"), ("ssc", "company"), ("canteen", "operation"), ("swc", "organisation")):
            registry.add_party(batch.step, "tina", code=code, name=code.upper(), kind=kind)
        registry.add_compound(batch.step, "tina", code="c01", name="鱼塘小区", kind="compound")
        batch.commit()
    return handle


@pytest.fixture
def book(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[BookHandle]:
    """A fresh book whose journal invariants are checked after the test."""
    handle = make_book(request, backend, tmp_path)
    yield handle
    assert_books_balanced(handle)
    handle.store.engine.dispose()


@pytest.fixture
def unchecked_book(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[BookHandle]:
    """A fresh book left unchecked: for negative controls that break the books on purpose."""
    handle = make_book(request, backend, tmp_path)
    yield handle
    handle.store.engine.dispose()


UNBALANCED = "SELECT entry_id FROM postings WHERE book_id = :book GROUP BY entry_id HAVING SUM(amount_fen) <> 0"
UNBALANCED_FUND = (
    "SELECT entry_id FROM postings WHERE book_id = :book GROUP BY entry_id, fund_id HAVING SUM(amount_fen) <> 0"
)
TOO_FEW = (
    "SELECT e.id FROM entries e LEFT JOIN postings p ON p.entry_id = e.id WHERE e.book_id = :book "
    "GROUP BY e.id HAVING COUNT(p.id) < 2"
)
RUNNING = (
    "SELECT account_id, fund_id, balance_fen FROM balances WHERE book_id = :book AND balance_fen <> 0 ORDER BY 1, 2"
)
SUMMED = (
    "SELECT account_id, fund_id, SUM(amount_fen) FROM postings WHERE book_id = :book "
    "GROUP BY account_id, fund_id HAVING SUM(amount_fen) <> 0 ORDER BY 1, 2"
)
NEGATIVE = (
    "SELECT b.fund_id FROM balances b JOIN accounts a ON a.id = b.account_id WHERE b.book_id = :book "
    "AND a.type IN ('asset', 'liability') GROUP BY b.fund_id HAVING SUM(b.balance_fen) < 0"
)


def assert_books_balanced(handle: BookHandle) -> None:
    """The journal invariants, checked straight from the tables."""
    from ledger.storage.reader import reading

    with reading(handle.location, handle.code) as r:
        assert r.rows(UNBALANCED) == [], "an entry does not sum to zero"
        assert r.rows(UNBALANCED_FUND) == [], "an entry does not sum to zero within a fund"
        assert r.rows(TOO_FEW) == [], "an entry has fewer than two postings"
        as_ints = [[tuple(int(v) for v in row) for row in r.rows(q)] for q in (RUNNING, SUMMED)]
        assert as_ints[0] == as_ints[1], "running balances differ from the postings"
        assert r.rows(NEGATIVE) == [], "a fund is below zero"
