"""Read-side queries of the workflow: project lists (with overdue days), one project's figures,
its history and its next actions. Residents' names are shown only to roles that need them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ledger.domain.codes import OPEN_COMMITMENTS, PAID, RELEASED
from ledger.domain.money import from_fen
from ledger.reports.lists import Record
from ledger.storage.reader import Reader, listed
from workflows.project.stages import table

#: Roles that may see who ordered a project (the resident's name is personal data).
SEES_RESIDENT = ("admin", "community", "reviewer")

#: What has been paid to project ``p`` (its tranches on memo account 9103), as one SQL expression.
PAID_SQL = (
    "COALESCE((SELECT SUM(x.amount_fen) FROM postings x JOIN accounts a ON a.id = x.account_id "
    f"WHERE x.project_id = p.id AND a.code = '{PAID}'), 0)"
)
_LIST_SQL = (
    "SELECT p.id, p.seq, p.stage, p.stage_since, c.code, p.title, o.code, f.code, p.purpose, p.requested_fen, "
    f"p.approved_fen, {PAID_SQL} "
    "FROM projects p JOIN compounds c ON c.id = p.compound_id LEFT JOIN parties o ON o.id = p.organisation_id "
    "LEFT JOIN funds f ON f.id = p.fund_id WHERE p.book_id = :book"
)


def _when(value: Any) -> dt.datetime:
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _fen(value: Any) -> Decimal | None:
    return None if value is None else from_fen(int(value))


def overdue_days(stage: str, since: dt.datetime, now: dt.datetime) -> int:
    """Whole days past the stage's time limit (0 when on time or the stage has no limit)."""
    limit = table().stage(stage).limit_days
    if limit is None:
        return 0
    return max(0, (now - since).days - limit)


def projects(
    reader: Reader,
    *,
    stage: str | None = None,
    compound: str | None = None,
    organisation: str | None = None,
    overdue: bool = False,
    now: dt.datetime | None = None,
) -> list[Record]:
    """Projects in number order, filtered; with ``overdue`` only late ones, latest first."""
    sql, params = _LIST_SQL, {}
    for clause, name, value in (
        (" AND p.stage = :stage", "stage", stage),
        (" AND c.code = :compound", "compound", compound),
        (" AND o.code = :organisation", "organisation", organisation),
    ):
        if value:
            sql, params[name] = sql + clause, value
    moment = now or reader.now
    out = [_list_row(r, moment) for r in reader.rows(sql + " ORDER BY p.seq", **params)]
    if overdue:
        out = sorted((r for r in out if r["overdue_days"] > 0), key=lambda r: -r["overdue_days"])
    return out


def _list_row(r: tuple[Any, ...], now: dt.datetime) -> Record:
    _, seq, stage, since, compound, title, org, fund, purpose, requested, approved, paid = r
    since_at = _when(since)
    return {
        "project": seq,
        "stage": stage,
        "stage_zh": table().stage(stage).zh,
        "stage_en": table().stage(stage).en,
        "since": since_at.date().isoformat(),
        "overdue_days": overdue_days(stage, since_at, now),
        "compound": compound,
        "title": title,
        "organisation": org,
        "fund": fund,
        "purpose": purpose,
        "requested": _fen(requested),
        "approved": _fen(approved),
        "paid": from_fen(int(paid)),
    }


def viewer_roles(reader: Reader, name: str | None) -> set[str]:
    if not name:
        return set()
    rows = reader.rows(
        "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.book_id = :book AND u.name = :name",
        name=name,
    )
    return {r[0] for r in rows}


def project(reader: Reader, seq: int, viewer: str | None) -> Record | None:
    """One project: figures from the ledger, plan against received, and who ordered it when the
    viewer may see that."""
    rows = reader.rows(_LIST_SQL + " AND p.seq = :seq", seq=seq)
    if not rows:
        return None
    out = _list_row(rows[0], reader.now)
    pid = rows[0][0]
    memo = dict(
        reader.rows(
            "SELECT a.code, SUM(x.amount_fen) FROM postings x JOIN accounts a ON a.id = "
            f"x.account_id WHERE x.project_id = :pid AND a.code IN ({listed((OPEN_COMMITMENTS, RELEASED))}) "
            "GROUP BY a.code",
            pid=pid,
        )
    )
    out |= {"open": from_fen(int(memo.get(OPEN_COMMITMENTS, 0))), "released": from_fen(int(memo.get(RELEASED, 0)))}
    out["plan"] = _plan(reader, pid)
    resident = reader.rows(
        "SELECT u.name FROM projects p JOIN users u ON u.id = p.resident_id WHERE p.id = :pid", pid=pid
    )
    roles = viewer_roles(reader, viewer)
    may_see = roles.intersection(SEES_RESIDENT) or (resident and resident[0][0] == viewer)
    out["resident"] = (resident[0][0] if resident else None) if may_see else "***"
    return out


def _plan(reader: Reader, pid: int) -> list[Record]:
    planned = reader.rows(
        "SELECT plan_company_fen, plan_residents_fen, plan_social_fen FROM projects WHERE id = :pid", pid=pid
    )[0]
    received = dict(
        reader.rows(
            "SELECT c.share, SUM(c.amount_fen) FROM contributions c LEFT JOIN entries r ON r.reverses = c.entry_id "
            "WHERE c.project_id = :pid AND r.id IS NULL GROUP BY c.share",
            pid=pid,
        )
    )
    if all(p is None for p in planned):
        return []
    return [
        {"share": share, "planned": _fen(plan), "received": from_fen(int(received.get(share, 0)))}
        for share, plan in zip(("company", "residents", "social"), planned, strict=True)
    ]


def history(reader: Reader, seq: int) -> list[Record]:
    rows = reader.rows(
        "SELECT e.at, e.trigger, e.from_stage, e.to_stage, u.name, e.note, x.seq FROM project_events e "
        "JOIN projects p ON p.id = e.project_id JOIN users u ON u.id = e.actor_id "
        "LEFT JOIN entries x ON x.id = e.entry_id WHERE p.book_id = :book AND p.seq = :seq ORDER BY e.id",
        seq=seq,
    )
    return [
        {
            "at": _when(at).isoformat(timespec="seconds"),
            "trigger": trig,
            "from": src,
            "to": dst,
            "actor": who,
            "note": note,
            "entry": entry,
        }
        for at, trig, src, dst, who, note, entry in rows
    ]


def actions(stage: str) -> list[Record]:
    """What may happen next from ``stage``, and who may do it (from the table)."""
    return [
        {
            "trigger": t.trigger,
            "zh": t.zh,
            "en": t.en,
            "to": t.dest,
            "who": ",".join(t.who),
            "rules": ",".join(t.guards),
        }
        for t in table().from_stage(stage)
    ]


def by_stage(reader: Reader) -> list[Record]:
    """How many projects stand at each stage, in table order."""
    counts = dict(reader.rows("SELECT stage, COUNT(*) FROM projects WHERE book_id = :book GROUP BY stage"))
    return [
        {"stage": s.code, "stage_zh": s.zh, "stage_en": s.en, "projects": int(counts.get(s.code, 0))}
        for s in table().stages
        if counts.get(s.code)
    ]


def by_fund(reader: Reader) -> list[Record]:
    """Per fund: projects applied for, approved in total and paid in total."""
    rows = reader.rows(
        "SELECT f.code, COUNT(*), COALESCE(SUM(x.approved_fen), 0), COALESCE(SUM(x.paid), 0) "
        f"FROM (SELECT p.fund_id, p.approved_fen, {PAID_SQL} AS paid FROM projects p WHERE p.book_id = :book) x "
        "JOIN funds f ON f.id = x.fund_id GROUP BY f.id, f.code ORDER BY f.id"
    )
    return [
        {"fund": code, "projects": int(n), "approved": from_fen(int(approved)), "paid": from_fen(int(paid))}
        for code, n, approved, paid in rows
    ]
