"""The bank harness's values (:mod:`tests.system.bank`): its set-up, operations, reads and result, and
the checks of each snapshot and of the final book against a replay of the operations."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ledger.domain.money import from_fen
from ledger.errors import StorageError
from ledger.storage.reader import Reader, reading
from tests.conftest import NEGATIVE, RUNNING, SUMMED, UNBALANCED, UNBALANCED_FUND, BookHandle
from workflows.services.audit import verify

WRITERS, READERS, MIN_READS, UNREACHABLE_LIMIT = 4, 2, 50, 20
ZERO = Decimal("0.00")
#: How each kind of operation moves its fund's balance (a reversal moves it back).
SIGN = {"donate": 1, "transfer_in": 1, "expense": -1, "transfer_out": -1, "disburse": -1}
ENTRY_KIND = {"donate": "donation", "transfer_in": "donation", "expense": "expense", "transfer_out": "expense"}
ENTRY_KIND |= {"disburse": "disbursement", "reverse": "reversal", "reverse_tranche": "reversal"}
REVERSALS = ("reverse", "reverse_tranche")
#: Refusals a correct implementation gives under this workload; anything else is a finding.
EXPECTED_REFUSALS = ("fund_overdrawn", "fund_committed", "disburse_exceeds", "already_reversed")


@dataclass(frozen=True)
class Project:
    seq: int
    fund: str
    approved: Decimal


@dataclass(frozen=True)
class Setup:
    """The book before the run: funds (code -> permitted purposes), opening balances, projects."""

    purposes: dict[str, tuple[str, ...]]
    opening: dict[str, Decimal]
    projects: tuple[Project, ...]
    head: int  # the last entry number written by the setup


@dataclass(frozen=True)
class Profile:
    """A workload: total operations, the seed, the mix of kinds, the funds spent from, fen range."""

    ops: int
    seed: int
    mix: tuple[tuple[str, float], ...]
    spend_from: tuple[str, ...] = ()  # empty: every fund
    fen: tuple[int, int] = (100, 6000)


@dataclass(frozen=True)
class Op:
    """One operation and its outcome; ``target`` is the entry a reversal undoes."""

    writer: int
    n: int
    kind: str
    fund: str
    amount: Decimal
    project: int | None = None
    target: int | None = None
    key: str | None = None
    outcome: str = "ok"
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass(frozen=True)
class Anomaly:
    """An invariant broken in one snapshot: which reader, which of its reads, which check, what rows."""

    reader: int
    read: int
    check: str
    rows: str


@dataclass(frozen=True)
class Reads:
    """One reader's snapshots; ``unreachable`` counts connections the server refused (say, because
    other jobs held every connection slot): they read nothing, so they neither pass nor fail."""

    reader: int
    count: int
    anomalies: tuple[Anomaly, ...]
    unreachable: int = 0


@dataclass
class Result:
    """What a run saw: every operation, the readers' snapshots, and the final checks."""

    backend: str
    ops: list[Op] = field(default_factory=list)
    reads: list[Reads] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    during: Any = None  # what the ``during`` callable of run_bank returned

    @property
    def anomalies(self) -> list[Anomaly]:
        return [a for r in self.reads for a in r.anomalies]

    def refusals(self) -> Counter[str]:
        return Counter(op.outcome.removeprefix("refused ") for op in self.ops if op.outcome.startswith("refused "))

    def summary(self, label: str) -> str:
        ok = sum(op.ok for op in self.ops)
        refused, broken = self.refusals(), Counter(a.check for a in self.anomalies)
        return (
            f"bank {label} {self.backend}: operations {len(self.ops)}, successes {ok}, refusals "
            f"{len(self.ops) - ok} ({_counts(refused)}), reads {sum(r.count for r in self.reads)} (refused connections "
            f"{sum(r.unreachable for r in self.reads)}), anomalies "
            f"{len(self.anomalies)} ({_counts(broken)}), final problems {len(self.problems)}, errors "
            f"{len(self.errors)}, seconds {self.seconds:.1f}"
        )


def _counts(counter: Counter[str]) -> str:
    return "; ".join(f"{key} {n}" for key, n in sorted(counter.items())) or "none"


SNAPSHOT_CHECKS = (
    ("the journal does not sum to zero", "SELECT SUM(amount_fen) FROM postings WHERE book_id = :book "
     "HAVING SUM(amount_fen) <> 0"),
    ("an entry does not sum to zero", UNBALANCED),
    ("an entry does not sum to zero within a fund", UNBALANCED_FUND),
    ("a fund is below zero (postings)", "SELECT p.fund_id, SUM(p.amount_fen) FROM postings p JOIN accounts a "
     "ON a.id = p.account_id WHERE p.book_id = :book AND a.type IN ('asset', 'liability') GROUP BY p.fund_id "
     "HAVING SUM(p.amount_fen) < 0"),
    ("a fund is below zero (balances)", NEGATIVE),
    ("a fund has committed more than it holds", "SELECT p.fund_id FROM postings p JOIN accounts a ON "
     "a.id = p.account_id WHERE p.book_id = :book AND (a.type IN ('asset', 'liability') OR a.code = '9101') "
     "GROUP BY p.fund_id HAVING SUM(CASE WHEN a.code = '9101' THEN -p.amount_fen ELSE p.amount_fen END) < 0"),
    ("a project is paid beyond its approval", "SELECT p.seq, p.approved_fen, SUM(x.amount_fen) FROM projects p "
     "JOIN postings x ON x.project_id = p.id JOIN accounts a ON a.id = x.account_id WHERE p.book_id = :book "
     "AND a.code = '9103' GROUP BY p.seq, p.approved_fen HAVING SUM(x.amount_fen) > COALESCE(p.approved_fen, 0)"),
    ("entry numbers have gaps or duplicates", "SELECT b.entry_count, COUNT(e.id), COUNT(DISTINCT e.seq), "
     "MAX(e.seq) FROM books b LEFT JOIN entries e ON e.book_id = b.id WHERE b.id = :book GROUP BY b.entry_count "
     "HAVING COUNT(e.id) <> b.entry_count OR COUNT(DISTINCT e.seq) <> b.entry_count "
     "OR COALESCE(MAX(e.seq), 0) <> b.entry_count"),
    ("an entry does not link to the hash before it", "SELECT seq FROM (SELECT seq, prev_hash, LAG(hash) OVER "
     "(ORDER BY seq) AS before FROM entries WHERE book_id = :book) chain WHERE prev_hash <> before"),
    ("the chain head is not the last entry's hash", "SELECT b.head_hash FROM books b JOIN entries e ON "
     "e.book_id = b.id WHERE b.id = :book AND e.seq = (SELECT MAX(seq) FROM entries WHERE book_id = :book) "
     "AND e.hash <> b.head_hash"),
)  # fmt: skip


def snapshot(r: Reader) -> list[tuple[str, str]]:
    """Every invariant broken in one read transaction: (check, the first rows that break it)."""
    found = [(what, repr(rows[:3])) for what, sql in SNAPSHOT_CHECKS if (rows := r.rows(sql))]
    running, summed = ([tuple(int(v) for v in row) for row in r.rows(q)] for q in (RUNNING, SUMMED))
    if running != summed:
        found.append(("running balances differ from the postings", repr(sorted(set(running) ^ set(summed))[:3])))
    return found


def read_until(book: BookHandle, n: int, finished: Any) -> Reads:
    """Take snapshots until every writer has finished, and at least ``MIN_READS``; a refused
    connection is counted and retried, up to ``UNREACHABLE_LIMIT`` in a row."""
    count, anomalies, unreachable, in_a_row = 0, [], 0, 0
    while count < MIN_READS or finished.value < WRITERS:
        began = time.monotonic()
        try:
            with reading(book.location, book.code) as r:
                anomalies += [Anomaly(n, count, check, rows) for check, rows in snapshot(r)]
        except StorageError as exc:
            if exc.key != "db_unreachable" or in_a_row >= UNREACHABLE_LIMIT:
                raise
            unreachable, in_a_row = unreachable + 1, in_a_row + 1
            time.sleep(0.5)
            continue
        count, in_a_row = count + 1, 0
        time.sleep(max(0.1, 2 * (time.monotonic() - began)))  # a third of a core at most: the writers need them
    return Reads(n, count, tuple(anomalies), unreachable)


def replay(setup: Setup, ops: list[Op]) -> tuple[dict[str, Decimal], dict[int, Decimal], list[str]]:
    """Apply the successful operations in entry order: fund balances, project paid amounts, and
    every point where the serial order itself would break an invariant."""
    balance, paid = dict(setup.opening), {p.seq: ZERO for p in setup.projects}
    by_seq = {op.seq: op for op in ops if op.ok}
    broken = []
    for seq in sorted(by_seq):
        source, delta = effect(by_seq[seq], by_seq)
        if source is None:
            broken.append(f"entry {seq} reverses {by_seq[seq].target}, which no operation reported")
            continue
        balance[source.fund] += delta
        if source.project is not None:
            paid[source.project] -= delta
        if _infeasible(setup, balance, paid):
            broken.append(f"after entry {seq}: {balance} {paid}")
    return balance, paid, broken


def effect(op: Op, by_seq: dict[int | None, Op]) -> tuple[Op | None, Decimal]:
    """The operation whose money ``op`` moves (itself, or the one it reverses) and how much cash
    it moves in that fund (a tranche's cash is also what the project is paid)."""
    if op.kind not in REVERSALS:
        return op, SIGN[op.kind] * op.amount
    source = by_seq.get(op.target)
    return source, ZERO if source is None else -SIGN[source.kind] * source.amount


def _infeasible(setup: Setup, balance: dict[str, Decimal], paid: dict[int, Decimal]) -> bool:
    """A fund below zero or below its open commitments, or a project paid beyond its approval."""
    committed = open_commitments(setup, paid)
    return any(balance[f] < max(ZERO, committed[f]) for f in balance) or any(
        paid[p.seq] > p.approved for p in setup.projects
    )


def open_commitments(setup: Setup, paid: dict[int, Decimal]) -> dict[str, Decimal]:
    """Per fund: what its approved projects have not been paid yet."""
    committed = {f: ZERO for f in setup.purposes}
    for p in setup.projects:
        committed[p.fund] += p.approved - paid[p.seq]
    return committed


def final_problems(book: BookHandle, setup: Setup, ops: list[Op]) -> list[str]:
    """The book after the run, against audit verify and the replay of the successful operations."""
    balance, paid, problems = replay(setup, ops)
    problems += [f"verify: {p}" for p in verify(book.store, book.code).problems]
    committed = open_commitments(setup, paid)
    with reading(book.location, book.code) as r:
        db_funds = {row[0]: (from_fen(int(row[1])), from_fen(int(row[2]))) for row in r.rows(FUNDS)}
        db_paid = {int(s): from_fen(int(v)) for s, v in r.rows(PAID)}
        written = {
            int(seq): (kind, key, target, from_fen(int(cash)))
            for seq, kind, key, target, cash in r.rows(WRITTEN, head=setup.head)
        }
    expected_funds = {f: (balance[f], committed[f]) for f in setup.purposes}
    if db_funds != expected_funds:
        problems.append(f"funds (balance, committed): database {db_funds} != replay {expected_funds}")
    if db_paid != paid:
        problems.append(f"project paid: database {db_paid} != replay {paid}")
    by_seq: dict[int | None, Op] = {op.seq: op for op in ops if op.ok}
    reported = {op.seq: (ENTRY_KIND[op.kind], op.key, op.target, effect(op, by_seq)[1]) for op in ops if op.ok}
    if written != reported or sum(op.ok for op in ops) != len(reported):
        wrong = sorted(seq for seq in set(written) | set(reported) if written.get(seq) != reported.get(seq))
        problems.append(f"entries written (kind, key, reverses, cash) != successes reported: entries {wrong[:5]}")
    failed = {op.key for op in ops if not op.ok and op.key}
    problems += [f"refused operation {w[1]} left entry {seq}" for seq, w in written.items() if w[1] in failed]
    return problems


FUNDS = (
    "SELECT f.code, COALESCE(SUM(CASE WHEN a.type IN ('asset', 'liability') THEN p.amount_fen ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a.code = '9101' THEN p.amount_fen ELSE 0 END), 0) FROM funds f "
    "LEFT JOIN postings p ON p.fund_id = f.id LEFT JOIN accounts a ON a.id = p.account_id "
    "WHERE f.book_id = :book GROUP BY f.code"
)
PAID = (
    "SELECT p.seq, COALESCE(SUM(CASE WHEN a.code = '9103' THEN x.amount_fen ELSE 0 END), 0) FROM projects p "
    "LEFT JOIN postings x ON x.project_id = p.id LEFT JOIN accounts a ON a.id = x.account_id "
    "WHERE p.book_id = :book AND p.approved_fen IS NOT NULL GROUP BY p.seq"
)
#: Entries after the setup: kind, key, the entry reversed, and the cash (1002) moved.
WRITTEN = (
    "SELECT e.seq, e.kind, e.idem_key, r.seq, SUM(CASE WHEN a.code = '1002' THEN p.amount_fen ELSE 0 END) "
    "FROM entries e LEFT JOIN entries r ON r.id = e.reverses JOIN postings p ON p.entry_id = e.id "
    "JOIN accounts a ON a.id = p.account_id WHERE e.book_id = :book AND e.seq > :head "
    "GROUP BY e.seq, e.kind, e.idem_key, r.seq"
)
