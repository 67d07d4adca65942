"""A small book written as text and loaded through the services, as a treasurer would post it
(beancount's ``load_doc``): one command per line, in order, so a test reads as its books.

    2025-02-01 donate gas 1000.00 community
    2025-03-01 donate gas 500.00 disaster key=gas-march
    2025-04    feedback canteen 1000.00
    2025-05-01 expense community 5101.04 200.00 community_service swc
    2025Q3     profit-share ssc 100000.00
    2025-02-02 reverse 1 wrong donor
    2025-03    close

Amounts are as typed on the command line; ``key=`` and ``memo=`` may end a posting line; ``;``
starts a comment. Everything is done by the treasurer ``tina`` of the test book.
"""

from __future__ import annotations

import functools
import inspect
import shlex
import textwrap
from collections.abc import Callable
from typing import Any

from ledger.services import ledger_ops, transfers
from tests.conftest import BookHandle

WHO = "tina"


def _options(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """Positional words, and the ``name=value`` words at the end."""
    named = {}
    while words and "=" in words[-1]:
        name, value = words.pop().split("=", 1)
        named[name] = value
    return words, named


def _donate(book: BookHandle, when: str, words: list[str]) -> Any:
    (donor, amount, fund), extra = _options(words)
    return ledger_ops.donate(book.uow, WHO, donor=donor, amount=amount, fund=fund, date=when, **extra)


def _expense(book: BookHandle, when: str, words: list[str]) -> Any:
    (fund, account, amount, purpose, payee), extra = _options(words)
    spend = {"fund": fund, "account": account, "amount": amount, "purpose": purpose, "payee": payee}
    return ledger_ops.expense(book.uow, WHO, **spend, date=when, **extra)


def _reverse(book: BookHandle, when: str, words: list[str]) -> Any:
    entry, *reason = words
    return ledger_ops.reverse(book.uow, WHO, entry=int(entry), reason=" ".join(reason), date=when)


def _close(book: BookHandle, when: str, words: list[str]) -> Any:
    return ledger_ops.close_period(book.uow, WHO, month=when)


def _profit_share(book: BookHandle, when: str, words: list[str]) -> Any:
    company, net = words
    return transfers.profit_share(book.uow, WHO, company=company, period=when, net_profit=net)


def _feedback(book: BookHandle, when: str, words: list[str]) -> Any:
    operation, net, *place = words
    compound = place[0] if place else None
    return transfers.feedback(book.uow, WHO, operation=operation, period=when, net_profit=net, compound=compound)


VERBS: dict[str, Callable[[BookHandle, str, list[str]], Any]] = {
    "donate": _donate,
    "expense": _expense,
    "reverse": _reverse,
    "close": _close,
    "profit-share": _profit_share,
    "feedback": _feedback,
}


def write_book(book: BookHandle, text: str) -> list[Any]:
    """Post every line of ``text`` to ``book``, in order; each service's result."""
    done = []
    for line in textwrap.dedent(text).splitlines():
        words = shlex.split(line.split(";", 1)[0])
        if not words:
            continue
        when, verb, *rest = words
        if verb not in VERBS:
            raise ValueError(f"unknown verb {verb!r} in {line!r}; use one of {', '.join(VERBS)}")
        done.append(VERBS[verb](book, when, rest))
    return done


def load_doc(test: Callable[..., None]) -> Callable[..., None]:
    """A test whose docstring is its book: the lines are posted to the ``book`` fixture first."""
    text = test.__doc__ or ""

    @functools.wraps(test)
    def loaded(*args: Any, **kwargs: Any) -> None:
        write_book(kwargs["book"], text)
        test(*args, **kwargs)

    assert "book" in inspect.signature(test).parameters, "a load_doc test takes the book fixture"
    return loaded
