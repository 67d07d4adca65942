"""Workflow fixtures: a book with the people of the workflow and a funded community fund."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from ledger.services import ledger_ops, registry, setup
from tests.conftest import BookHandle, assert_books_balanced, make_book
from tests.helpers.cli import ME
from workflows.services import delivery, intake, review

T = TypeVar("T")

PEOPLE = (
    ("rita", "resident", None),
    ("olga", "organisation", "swc"),
    ("oscar", "organisation", "repairs"),
    ("rev", "reviewer", None),
    ("rex", "reviewer", "swc"),
    ("eva", "evaluator", None),
    ("evan", "evaluator", "swc"),
)


def add_people(book: BookHandle) -> None:
    registry.add_party(book.uow, "tina", code="repairs", name="邻里维修队", kind="organisation")
    for name, role, org in PEOPLE:
        setup.add_user(book.uow, "admin", name=name, roles=[role], organisation=org, credential=ME)


def funded_book(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> BookHandle:
    book = make_book(request, backend, tmp_path)
    add_people(book)
    ledger_ops.donate(book.uow, "tina", donor="gas", amount="1000.00", fund="community")
    return book


@pytest.fixture
def wf(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[BookHandle]:
    """A book with workflow users and 1,000.00 in the community fund; checked after the test."""
    book = funded_book(request, backend, tmp_path)
    yield book
    assert_books_balanced(book)
    book.store.engine.dispose()


@pytest.fixture
def naive_wf(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[BookHandle]:
    """The same book, left unchecked: negative controls break its invariants on purpose."""
    book = funded_book(request, backend, tmp_path)
    yield book
    book.store.engine.dispose()


def call(book: BookHandle, service: Callable[..., T], actor: str | None, **kwargs: Any) -> T:
    """Run one service in its own unit of work, as one CLI command would."""
    return service(book.uow, actor, **kwargs)


def to_stage(book: BookHandle, stage: str, amount: str = "100.00", approve: str | None = None) -> int:
    """Create a project and walk it to ``stage`` along the happy path; returns its number."""
    n = call(book, intake.order, "rita", compound="c01", title="加装扶手", need="楼道加装扶手").project
    steps: list[tuple[str, Callable[..., Any], str, dict[str, Any]]] = [
        ("dispatched", intake.dispatch, "cathy", {"organisation": "swc"}),
        ("accepted", intake.accept, "olga", {}),
        ("applied", intake.apply, "olga", {"fund": "community", "purpose": "community_service", "amount": amount}),
        ("approved", review.approve, "rev", {"amount": approve}),
        ("in_progress", delivery.disburse, "tina", {"amount": "10.00"}),
        ("completed", delivery.complete, "olga", {}),
        ("evaluated", delivery.evaluate, "eva", {"score": 4, "summary": "按期完成"}),
        ("disclosed", delivery.disclose, "rev", {}),
    ]
    if stage == "ordered":
        return n
    for name, service, actor, kwargs in steps:
        call(book, service, actor, project=n, **kwargs)
        if name == stage:
            return n
    raise AssertionError(f"no happy path to {stage}")
