"""The disclosure pack's figures (信息公开): one set of numbers for a period, from which every
format is written. Residents never appear; individuals' names are masked and their party codes
replaced by pseudonyms; every text in the figures (titles, evaluations, the names of donors,
organisations and compounds) passes through the one scrubber, :func:`ledger.domain.privacy.scrubbed`,
before any file is written from them. Every format carries the period, the totals, the total in
大写 and the ledger's chain head."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ledger.domain.codes import FUND_BALANCE_TYPES
from ledger.domain.money import chinese_upper, from_fen
from ledger.domain.periods import Period
from ledger.domain.privacy import mask_name, pseudonym, scrubbed
from ledger.reports.lists import Record
from ledger.reports.statements import statements
from ledger.storage.reader import Reader, listed
from workflows.disclosure.threesixty_giving import grants
from workflows.project.committee import DECISIONS
from workflows.reports.notes import notes
from workflows.reports.projects import PAID_SQL

ZERO = Decimal("0.00")


def _income_by_source(reader: Reader, period: Period) -> list[Record]:
    rows = reader.rows(
        "SELECT pt.id, COALESCE(pt.code, '-'), COALESCE(pt.name, '-'), COALESCE(pt.kind, '-'), f.code, "
        "-SUM(p.amount_fen) "
        "FROM postings p JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id "
        "JOIN funds f ON f.id = p.fund_id LEFT JOIN parties pt ON pt.id = p.party_id WHERE p.book_id = :book "
        "AND a.type = 'income' AND e.kind <> 'closing' AND e.date >= :start AND e.date <= :end "
        "GROUP BY pt.id, pt.code, pt.name, pt.kind, f.code ORDER BY 6 DESC",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    return [
        {
            "party": pseudonym(int(party)) if kind == "individual" else code,
            "name": mask_name(name) if kind == "individual" else name,
            "kind": kind,
            "fund": fund,
            "amount": from_fen(int(fen)),
        }
        for party, code, name, kind, fund, fen in rows
        if int(fen)
    ]


def _entries_of(reader: Reader, period: Period, kinds: tuple[str, ...]) -> list[Record]:
    """Entries of the given kinds in the period: who, which fund and project, how much money moved."""
    marks = ", ".join(f"'{k}'" for k in kinds)
    rows = reader.rows(
        "SELECT e.seq, e.date, e.kind, COALESCE(MAX(pt.name), '-'), "
        "MAX(CASE WHEN pt.kind = 'individual' THEN 1 ELSE 0 END), MAX(f.code), MAX(pr.seq), "
        f"SUM(CASE WHEN a.type IN ({listed(FUND_BALANCE_TYPES)}) THEN ABS(p.amount_fen) ELSE 0 END) FROM entries e "
        "JOIN postings p ON p.entry_id = e.id JOIN accounts a ON a.id = p.account_id JOIN funds f ON f.id = p.fund_id "
        "LEFT JOIN parties pt ON pt.id = p.party_id LEFT JOIN projects pr ON pr.id = p.project_id "
        f"WHERE e.book_id = :book AND e.kind IN ({marks}) AND e.date >= :start AND e.date <= :end "
        "GROUP BY e.seq, e.date, e.kind ORDER BY e.seq",
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    return [
        {
            "entry": seq,
            "date": str(day)[:10],
            "kind": kind,
            "party": mask_name(name) if person else name,
            "fund": fund,
            "project": project,
            "amount": from_fen(int(fen)),
        }
        for seq, day, kind, name, person, fund, project, fen in rows
    ]


def _votes(reader: Reader) -> dict[tuple[int, str], int]:
    """The committee's votes on each project, every round, by decision."""
    rows = reader.rows(
        "SELECT p.seq, e.trigger, COUNT(*) FROM project_events e JOIN projects p ON p.id = e.project_id "
        f"WHERE e.book_id = :book AND e.trigger IN ({listed(f'vote_{d}' for d in DECISIONS)}) GROUP BY p.seq, e.trigger"
    )
    return {(int(seq), str(trigger).removeprefix("vote_")): int(n) for seq, trigger, n in rows}


def _projects(reader: Reader) -> list[Record]:
    votes = _votes(reader)
    rows = reader.rows(
        "SELECT p.seq, p.title, c.name, p.stage, COALESCE(o.name, '-'), o.kind, COALESCE(f.code, '-'), p.approved_fen, "
        f"{PAID_SQL}, p.evaluation_score, p.evaluation_summary "
        "FROM projects p JOIN compounds c ON c.id = p.compound_id LEFT JOIN parties o ON o.id = p.organisation_id "
        "LEFT JOIN funds f ON f.id = p.fund_id WHERE p.book_id = :book ORDER BY p.seq"
    )
    return [
        {
            "project": seq,
            "title": title,
            "compound": compound,
            "stage": stage,
            "organisation": mask_name(org) if org_kind == "individual" else org,
            "fund": fund,
            "approved": from_fen(int(approved or 0)),
            "paid": from_fen(int(paid)),
            "score": score,
            "evaluation": summary or None,
            **{f"votes_{d}": votes.get((seq, d), 0) for d in DECISIONS},
        }
        for seq, title, compound, stage, org, org_kind, fund, approved, paid, score, summary in rows
    ]


def _disclosures(reader: Reader, period: Period) -> list[Record]:
    """The disclosure records made in the period, the originals and their corrections (更正), in
    the order made; ``current``: the record that stands for its project (as of now)."""
    rows = reader.rows(
        "SELECT p.seq, 'original', d.created_at, d.digest, NULL, NULL, d.content, d.id FROM disclosures d "
        "JOIN projects p ON p.id = d.project_id WHERE d.book_id = :book UNION ALL "
        "SELECT p.seq, 'correction', c.created_at, c.digest, c.supersedes, c.note, c.content, c.id "
        "FROM disclosure_corrections c JOIN projects p ON p.id = c.project_id WHERE c.book_id = :book "
        "ORDER BY 3, 8"
    )
    superseded = {row[4] for row in rows if row[4]}
    found = []
    for seq, record, at, digest, supersedes, note, content, _ in rows:
        evaluation = json.loads(content).get("evaluation") or {}
        if not period.start.isoformat() <= str(at)[:10] <= period.end.isoformat():
            continue
        found.append({"project": seq, "record": record, "date": str(at)[:10], "digest": digest,
                      "supersedes": supersedes, "note": note, "score": evaluation.get("score"),
                      "evaluation": evaluation.get("summary"), "current": digest not in superseded})  # fmt: skip
    return found


def _reports(reader: Reader, period: Period) -> list[Record]:
    """The projects' progress and completion reports made in the period, in the order made."""
    rows = reader.rows(
        "SELECT p.seq, r.kind, r.created_at, r.summary, r.used_fen, r.leftover_fen FROM project_reports r "
        "JOIN projects p ON p.id = r.project_id WHERE r.book_id = :book ORDER BY r.id"
    )
    return [
        {"project": seq, "kind": kind, "date": str(at)[:10], "summary": summary, "used": from_fen(int(used)),
         "leftover": from_fen(int(left))}
        for seq, kind, at, summary, used, left in rows
        if period.start.isoformat() <= str(at)[:10] <= period.end.isoformat()
    ]  # fmt: skip


#: Figures published as they are: digests and the registered codes of organisations.
AS_IS = frozenset({"chain_head", "recipient_id", "uscc", "digest", "supersedes"})


def figures(reader: Reader, period: Period) -> dict[str, Any]:
    """Every number of the pack, once, every text in it scrubbed."""
    lines = statements(reader, period)
    income = next(r["total"] for r in lines if r["statement"] == "activities" and r["code"] == "income")
    expense = next(r["total"] for r in lines if r["statement"] == "activities" and r["code"] == "expense")
    head = reader.rows("SELECT head_hash, entry_count, name FROM books WHERE id = :book")[0]
    projects = _projects(reader)
    found = {
        "period": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "book": reader.book_code,
        "book_name": head[2],
        "chain_head": head[0],
        "entries": int(head[1]),
        "total_income": income,
        "total_income_upper": chinese_upper(income),
        "total_expenses": expense,
        "total_expenses_upper": chinese_upper(expense),
        "income_by_source": _income_by_source(reader, period),
        "transfers": _entries_of(reader, period, ("profit_share", "surplus_feedback")),
        "disbursements": _entries_of(reader, period, ("disbursement",)),
        "projects": projects,
        "evaluations": [p for p in projects if p["score"] is not None],
        "disclosures": _disclosures(reader, period),
        "project_reports": _reports(reader, period),
        "fund_balances": [r for r in lines if r["statement"] == "funds"],
        "statements": [r for r in lines if r["statement"] != "funds"],
        "notes": notes(reader, period, public=True),
        "grants": grants(reader, period),
    }
    return dict(scrubbed(found, AS_IS))


#: The free text a pack publishes as typed (after the scrubber): section, field, the row's key.
FREE_TEXT = (
    ("income_by_source", "name", "party"),
    ("transfers", "party", "entry"),
    ("disbursements", "party", "entry"),
    ("projects", "title", "project"),
    ("projects", "compound", "project"),
    ("projects", "organisation", "project"),
    ("projects", "evaluation", "project"),
    ("disclosures", "note", "project"),
    ("project_reports", "summary", "project"),
    ("disclosures", "evaluation", "project"),
)


#: The notes' typed text not listed above already (project titles and organisations are).
NOTE_TEXT = {"gifts": ("name_zh", "detail"), "related_parties": ("name_zh", "detail"), "adjustments": ("name_zh",)}


def free_text(figures: dict[str, Any]) -> list[Record]:
    """Every text of the pack a person typed, once per field and text, for the publisher to read."""
    name = figures["book_name"]
    found: dict[tuple[str, str], Record] = {("book_name", name): {"field": "book_name", "row": None, "text": name}}
    typed = [(section, field, row[field], row[key]) for section, field, key in FREE_TEXT for row in figures[section]]
    typed += [("notes", f, row[f], row["item"]) for row in figures["notes"] for f in NOTE_TEXT.get(row["section"], ())]
    for section, field, text, key in typed:
        where = f"{section}.{field}"
        if text and text != "-":
            found.setdefault((where, text), {"field": where, "row": key, "text": text})
    return list(found.values())
