"""A Jepsen-style bank harness: writer processes run seeded random money operations through the
service layer while reader processes take snapshot reads and check the invariants in each.

Writers (one unit of work per operation, as one CLI command) donate, spend, move money between
funds (an expense from one fund, then a donation into another: there is no transfer service, so
a transfer is two commands), pay project tranches and reverse their own earlier entries. Every
operation is recorded with its outcome: ``ok`` and the entry it wrote, or ``refused <key>``.
Readers check, in one read transaction per snapshot: the journal sums to zero in total, per
entry and per fund within an entry; running balances equal the postings; no fund is below zero
or has committed more than it holds; no project is paid beyond its approval; entry numbers run
1..n without gaps or duplicates and each entry links to the hash before it.

After the run :func:`final_problems` checks the book with ``audit verify`` and against a REPLAY:
the successful operations, applied in entry order in plain Python (Decimal), must give every
fund's balance and commitments and every project's paid amount exactly, and the entries written
must be exactly those the successful operations reported (so a refused one left nothing).
``naive=True`` runs the writers over :func:`tests.helpers.race._naive` (no locks, no compare-and-set, no
chain sequencing, a pause after each check), for the negative control.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from ledger.data.fixtures import purpose_account
from ledger.domain.money import from_fen
from ledger.errors import CfundError
from ledger.services import ledger_ops
from ledger.storage.reader import reading
from ledger.storage.uow import UnitOfWork, Work
from tests.conftest import BookHandle
from tests.helpers.race import _child
from tests.system.bank_checks import READERS, WRITERS, Op, Profile, Reads, Result, Setup, final_problems, read_until
from workflows.services import delivery


class Writer:
    """One writer process: ``profile.ops / WRITERS`` seeded random operations, each its own unit of work."""

    def __init__(self, store: Any, code: str, w: int, setup: Setup, profile: Profile) -> None:
        self.store, self.code, self.w, self.setup, self.profile = store, code, w, setup, profile
        self.rng = random.Random(f"{profile.seed}:{w}")
        self.done: list[Op] = []

    def run(self) -> list[Op]:
        quota = self.profile.ops // WRITERS + (self.w < self.profile.ops % WRITERS)
        kinds, weights = zip(*self.profile.mix, strict=True)
        while len(self.done) < quota:
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "transfer" and quota - len(self.done) < 2:
                kind = "donate"
            getattr(self, kind)()
        return self.done

    def amount(self) -> Decimal:
        return from_fen(self.rng.randint(*self.profile.fen))

    def op(self, kind: str, fund: str, amount: Decimal, keyed: bool = True, **fields: Any) -> Op:
        key = f"bank:{self.w}:{len(self.done)}" if keyed else None
        return Op(self.w, len(self.done), kind, fund, amount, key=key, **fields)

    def execute(self, op: Op, call: Callable[[Work], int | None]) -> Op:
        """Run one operation (in its own unit of work) and record its outcome."""
        try:
            done = replace(op, seq=call(partial(UnitOfWork, self.store, self.code)))
        except CfundError as exc:
            done = replace(op, outcome=f"refused {exc.key}")
        except Exception as exc:  # noqa: BLE001 - an unexpected error is recorded, and fails the test
            done = replace(op, outcome=f"error {type(exc).__name__}: {exc}")
        self.done.append(done)
        return done

    def donate(self, kind: str = "donate", fund: str | None = None, amount: Decimal | None = None) -> Op:
        op = self.op(kind, fund or self.rng.choice(list(self.setup.purposes)), amount or self.amount())

        def call(work: Work) -> int:
            return ledger_ops.donate(work, "tina", donor="gas", amount=str(op.amount), fund=op.fund, key=op.key).seq

        return self.execute(op, call)

    def expense(self, kind: str = "expense") -> Op:
        op = self.op(kind, self.rng.choice(self.profile.spend_from or list(self.setup.purposes)), self.amount())
        purpose = self.rng.choice(self.setup.purposes[op.fund])
        spend = {"fund": op.fund, "account": purpose_account(purpose), "purpose": purpose, "payee": "swc"}

        def call(work: Work) -> int:
            return ledger_ops.expense(work, "tina", amount=str(op.amount), key=op.key, **spend).seq

        return self.execute(op, call)

    def transfer(self) -> None:
        """Money from one fund to another: an expense, then (if it was paid) a donation of the same sum."""
        out = self.expense("transfer_out")
        if out.ok:
            self.donate("transfer_in", self.rng.choice([f for f in self.setup.purposes if f != out.fund]), out.amount)

    def disburse(self) -> None:
        project = self.rng.choice(self.setup.projects)
        op = self.op("disburse", project.fund, self.amount(), project=project.seq)

        def call(work: Work) -> int | None:
            return delivery.disburse(work, "tina", project=project.seq, amount=str(op.amount), key=op.key).entry

        self.execute(op, call)

    def reverse(self) -> None:
        self._undo(("donate", "expense", "transfer_in", "transfer_out"), "reverse", ledger_ops.reverse)

    def reverse_tranche(self) -> None:
        self._undo(("disburse",), "reverse_tranche", delivery.reverse_tranche)

    def _undo(self, kinds: tuple[str, ...], kind: str, service: Callable[..., Any]) -> None:
        """Reverse one of this writer's own earlier entries (perhaps one already reversed)."""
        mine = [op for op in self.done if op.ok and op.kind in kinds]
        if not mine:
            self.donate()
            return
        source = self.rng.choice(mine)
        op = self.op(kind, source.fund, source.amount, project=source.project, target=source.seq, keyed=False)
        where = {"project": source.project} if source.project else {}

        def call(work: Work) -> int | None:
            done = service(work, "tina", entry=source.seq, reason=f"bank {op.writer}:{op.n}", **where)
            return int(done.seq if kind == "reverse" else done.entry)

        self.execute(op, call)


def run_bank(
    book: BookHandle, setup: Setup, profile: Profile, *, naive: bool = False, during: Callable[[], Any] | None = None
) -> Result:
    """Run the writers and readers at once over ``book``, then the final checks; ``during`` is
    called in this process once the writers have written 100 entries (say, to take a backup)."""
    book.store.engine.dispose()
    ctx = mp.get_context("fork")
    barrier, out, finished = ctx.Barrier(WRITERS + READERS), ctx.Queue(), ctx.Value("i", 0)

    def worker(store: Any, code: str, n: int) -> list[Any]:
        if n >= WRITERS:
            return [read_until(book, n - WRITERS, finished)]
        try:
            return Writer(store, code, n, setup, profile).run()
        finally:
            with finished.get_lock():
                finished.value += 1

    start = time.monotonic()
    procs = [
        ctx.Process(target=_child, args=(worker, book.location, book.code, n, naive, barrier, out))
        for n in range(WRITERS + READERS)
    ]
    for proc in procs:
        proc.start()
    result = Result(book.backend)
    if during is not None:
        _wait_for_entries(book, setup.head + 100)
        result.during = during()
    for _ in procs:
        for item in out.get(timeout=120 + profile.ops):
            _collect(result, item)
    for proc in procs:
        proc.join(timeout=60)
    result.seconds = time.monotonic() - start
    result.problems = final_problems(book, setup, result.ops)
    return result


def _wait_for_entries(book: BookHandle, count: int) -> None:
    for _ in range(600):
        with reading(book.location, book.code) as r:
            if int(r.rows("SELECT entry_count FROM books WHERE id = :book")[0][0]) >= count:
                return
        time.sleep(0.1)


def _collect(result: Result, item: Any) -> None:
    if isinstance(item, Op):
        result.ops.append(item)
        if item.outcome.startswith("error "):
            result.errors.append(item.outcome)
    elif isinstance(item, Reads):
        result.reads.append(item)
    else:
        result.errors.append(str(item))  # a worker that crashed outright


#: Per snapshot: a description and a query that returns rows only when the invariant is broken.
