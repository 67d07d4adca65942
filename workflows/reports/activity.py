"""``cfund audit log``: who did what and when, ledger entries and project steps together, read
on the plain reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledger.storage.reader import Reader


def _narrowing(
    user: str | None, kind: str | None, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dict[str, str], str, str]:
    """Parameters and the conditions on entries and on project events that select at least the
    activity asked for: the user and kind exactly, the dates with a day to spare each side."""
    params, entries, events = {}, "", ""
    for name, value, on_entries, on_events in (
        ("user", user, " AND u.name = :user", " AND u.name = :user"),
        ("kind", kind, " AND e.kind = :kind", " AND 'project_' || v.trigger = :kind"),
        ("after", date_from and date_from - dt.timedelta(days=1), " AND e.created_at >= :after", " AND v.at >= :after"),
        ("before", date_to and date_to + dt.timedelta(days=2), " AND e.created_at < :before", " AND v.at < :before"),
    ):
        if value:
            params[name] = value.isoformat() if isinstance(value, dt.date) else value
            entries, events = entries + on_entries, events + on_events
    return params, entries, events


def activity(
    reader: Reader,
    *,
    user: str | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Who did what and when: ledger entries and project transitions, oldest first. The database
    narrows the rows (a million entries made 500 MB of rows to filter here); the exact test of
    each stays below, the dates in UTC, whatever time zone the server compares in."""
    params, entries, events = _narrowing(user, kind, date_from, date_to)
    rows = reader.rows(
        "SELECT e.created_at, u.name, e.kind, e.seq, NULL, e.memo FROM entries e JOIN users u ON u.id = e.actor_id "
        f"WHERE e.book_id = :book{entries} UNION ALL "
        "SELECT v.at, u.name, 'project_' || v.trigger, x.seq, p.seq, v.note FROM project_events v "
        "JOIN users u ON u.id = v.actor_id JOIN projects p ON p.id = v.project_id "
        f"LEFT JOIN entries x ON x.id = v.entry_id WHERE v.book_id = :book{events}",
        **params,
    )
    out = []
    for at, who, what, entry, project, note in rows:
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        if (
            (user and who != user)
            or (kind and what != kind)
            or (date_from and when.date() < date_from)
            or (date_to and when.date() > date_to)
        ):
            continue
        out.append(
            {
                "at": when.isoformat(timespec="seconds"),
                "user": who,
                "kind": what,
                "entry": entry,
                "project": project,
                "note": note,
            }
        )
    return sorted(out, key=lambda r: r["at"])
