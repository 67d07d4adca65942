"""``report due``: every dated duty of the book (``fixtures/calendar.toml``) with its due date and
its status as of a day: ``done`` (and when), ``due`` (not yet late) or ``overdue``. Due dates:

- ``year``: each year with entries before the as-of year, its report due on the rule's day of
  the next year;
- ``project_running``: a project that has run (from its approval to its completion, or to the
  as-of day) longer than the rule's months, a report every ``months`` from its approval; the
  k-th report made fulfils the k-th due date, and the next date to come is listed too;
- ``project_completed``: a completed project, ``months`` after its completion;
- ``related_entry`` / ``major_entry``: an entry with a related party, or of the rule's kinds
  moving at least its amount, ``days`` after its date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ledger.domain.money import to_fen
from ledger.domain.periods import add_months
from ledger.reports.lists import Record
from ledger.storage.reader import Reader, listed
from workflows.project.calendar_rules import Obligation, obligations

_EVENTS = (
    "SELECT p.seq, e.trigger, MIN(e.at) FROM project_events e JOIN projects p ON p.id = e.project_id "
    "WHERE e.book_id = :book AND e.trigger IN ('approve', 'complete') GROUP BY p.seq, e.trigger"
)
_REPORTS = (
    "SELECT p.seq, r.kind, r.created_at FROM project_reports r JOIN projects p ON p.id = r.project_id "
    "WHERE r.book_id = :book ORDER BY r.id"
)
_DISCLOSED = (
    "SELECT p.seq, d.created_at FROM disclosures d JOIN projects p ON p.id = d.project_id WHERE d.book_id = :book"
)
_RELATED = (
    "SELECT DISTINCT e.seq, e.date FROM entries e JOIN postings p ON p.entry_id = e.id "
    "JOIN parties pt ON pt.id = p.party_id WHERE e.book_id = :book AND pt.related IS NOT NULL "
    "AND e.kind <> 'closing' AND e.date <= :asof ORDER BY e.seq"
)
_MAJOR = (
    "SELECT e.seq, e.date FROM entries e JOIN postings p ON p.entry_id = e.id JOIN accounts a ON a.id = p.account_id "
    "WHERE e.book_id = :book AND e.kind IN ({kinds}) AND a.type <> 'memo' AND e.date <= :asof "
    "GROUP BY e.seq, e.date HAVING MAX(ABS(p.amount_fen)) >= :floor ORDER BY e.seq"
)


#: One instance of an obligation: what it is for (a year, a project, an entry), when it is due,
#: and when it was done (None: not yet).
Instance = tuple[str, dt.date, dt.date | None]


def due(reader: Reader, as_of: dt.date) -> list[Record]:
    """Every obligation's instances, by due date."""
    facts = _Facts(reader, as_of)
    rows = [row for rule in obligations() for row in facts.instances(rule)]
    return sorted(rows, key=lambda r: (r["due"], r["obligation"], r["ref"]))


def _day(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


class _Facts:
    """What the rules ask of the book, read once."""

    def __init__(self, reader: Reader, as_of: dt.date) -> None:
        self.reader, self.as_of = reader, as_of
        self.events = {(int(seq), trig): _day(at) for seq, trig, at in reader.rows(_EVENTS)}
        self.reports: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
        for seq, kind, at in reader.rows(_REPORTS):
            self.reports[(int(seq), kind)].append(_day(at))
        self.disclosed = {int(seq): _day(at) for seq, at in reader.rows(_DISCLOSED)}
        filed = reader.rows("SELECT obligation, ref, filed_on FROM filings WHERE book_id = :book")
        self.filed = {(code, ref): _day(on) for code, ref, on in filed}

    def instances(self, rule: Obligation) -> Iterator[Record]:
        found = getattr(self, f"_{rule.every}")(rule)
        for ref, due_on, done_on in found:
            status = "done" if done_on is not None else "due" if self.as_of <= due_on else "overdue"
            yield {"obligation": rule.code, "name_zh": rule.zh, "name_en": rule.en, "ref": ref,
                   "due": due_on.isoformat(), "status": status, "done": done_on.isoformat() if done_on else None,
                   "source": rule.source}  # fmt: skip

    def _year(self, rule: Obligation) -> Iterator[Instance]:
        years = self.reader.rows("SELECT DISTINCT substr(CAST(date AS TEXT), 1, 4) FROM entries WHERE book_id = :book")
        for (year,) in sorted(years):
            if int(year) < self.as_of.year:
                ref = str(year)
                yield (
                    ref,
                    dt.date(int(year) + 1, rule.span("month"), rule.span("day")),
                    self.filed.get((rule.code, ref)),
                )

    def _project_running(self, rule: Obligation) -> Iterator[Instance]:
        every, longer = rule.span("months"), rule.span("longer_than_months")
        for (seq, trig), approved in sorted(self.events.items()):
            ended = self.events.get((seq, "complete"))
            if trig != "approve" or add_months(approved, longer) >= (ended or self.as_of):
                continue  # not a project that has run longer than the rule's months
            made, k = self.reports.get((seq, "progress"), []), 1
            while ended is None or (due_on := add_months(approved, every * k)) < ended:
                due_on = add_months(approved, every * k)
                yield f"{seq}#{k}", due_on, made[k - 1] if k <= len(made) else None
                if due_on > self.as_of:
                    break  # the next one to come, then no further
                k += 1

    def _project_completed(self, rule: Obligation) -> Iterator[Instance]:
        for (seq, trig), ended in sorted(self.events.items()):
            if trig == "complete":
                if rule.done_by == "completion":
                    made = self.reports.get((seq, "completion"), [])
                    done = made[0] if made else None
                else:
                    done = self.disclosed.get(seq)
                yield str(seq), add_months(ended, rule.span("months")), done

    def _related_entry(self, rule: Obligation) -> Iterator[Instance]:
        yield from self._entries(rule, self.reader.rows(_RELATED, asof=self.as_of.isoformat()))

    def _major_entry(self, rule: Obligation) -> Iterator[Instance]:
        sql = _MAJOR.format(kinds=listed(rule.spans["kinds"]))
        floor = to_fen(rule.amount_from)
        yield from self._entries(rule, self.reader.rows(sql, asof=self.as_of.isoformat(), floor=floor))

    def _entries(self, rule: Obligation, rows: list[tuple[object, ...]]) -> Iterator[Instance]:
        for seq, day in rows:
            ref = str(seq)
            yield ref, _day(day) + dt.timedelta(days=rule.span("days")), self.filed.get((rule.code, ref))
