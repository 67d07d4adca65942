"""Roles in the database, not only in Python (PostgreSQL deployments).

``cfund db roles`` creates three group roles (names prefixed, ``cfund`` by default):

- ``<prefix>_owner`` owns every table, sequence and trigger function: only its members can run
  migrations, change a table or drop the append-only triggers;
- ``<prefix>_app`` may SELECT and INSERT the journal tables (no UPDATE, DELETE or TRUNCATE),
  SELECT, INSERT and UPDATE the working tables (books' chain heads, running balances, projects,
  parties, places), only SELECT the users and their role grants (adding a user, granting a role
  or setting a credential is an admin's work through an owner login), and open and close
  ``cfund login`` sessions: the treasurers' and the social work centre's logins belong to it;
- ``<prefix>_auditor`` may only SELECT.

A login that belongs to the app or auditor role (neither superuser nor owner) is bound to its
own name: cfund takes the acting user from the authenticated database user, so ``--as`` cannot
impersonate anyone (see :mod:`ledger.storage.uow`).
"""

from __future__ import annotations

import re

from sqlalchemy import text

from ledger.errors import InputError
from ledger.storage.engine import Store

JOURNAL = (
    *("entries", "postings", "periods", "project_events", "contributions", "disclosures", "seals"),
    "valuations",
    "corrections",
    *("receipts", "receipt_voids", "disclosure_corrections", "project_reports", "filings"),
)
WORKING = ("books", "balances", "projects", "parties", "compounds", "accounts", "funds", "host_members")
#: Sessions of ``cfund login``: opened and closed by the users themselves.
SESSIONS = ("user_sessions",)
FUNCTIONS = ("cfund_append_only()", "cfund_closed_period()")

#: Whether the session's login is bound to its own name: not a superuser, not the tables' owner.
BOUND_SQL = (
    "SELECT session_user, NOT (r.rolsuper OR pg_has_role(session_user, t.tableowner, 'MEMBER')) "
    "FROM pg_roles r, pg_tables t WHERE r.rolname = session_user AND t.tablename = 'entries' "
    "AND t.schemaname = current_schema()"
)


def names(prefix: str) -> dict[str, str]:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", prefix):
        raise InputError("roles_prefix", prefix=prefix)
    return {kind: f"{prefix}_{kind}" for kind in ("owner", "app", "auditor")}


def statements(prefix: str, database: str, tables: list[str]) -> list[str]:
    """The SQL that creates the roles (if missing) and sets every grant; safe to run again."""
    role = names(prefix)
    out = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
        f"THEN CREATE ROLE {name} NOLOGIN; END IF; END $$"
        for name in role.values()
    ]
    users = f"{role['app']}, {role['auditor']}"
    out += [f'GRANT CONNECT ON DATABASE "{database}" TO {users}', f"GRANT USAGE ON SCHEMA public TO {users}"]
    out += [f"ALTER TABLE {t} OWNER TO {role['owner']}" for t in tables]
    out += [f"ALTER FUNCTION {f} OWNER TO {role['owner']}" for f in FUNCTIONS]
    out += [f"REVOKE ALL ON {', '.join(tables)} FROM PUBLIC, {users}"]
    journal = [t for t in tables if t in JOURNAL]
    working = [t for t in tables if t in WORKING]
    sessions = [t for t in tables if t in SESSIONS]
    rest = [t for t in tables if t not in JOURNAL and t not in WORKING and t not in SESSIONS]
    out += [f"GRANT SELECT, INSERT ON {', '.join(journal)} TO {role['app']}"]
    out += [f"GRANT SELECT, INSERT, UPDATE ON {', '.join(working)} TO {role['app']}"]
    out += [f"GRANT SELECT, INSERT, DELETE ON {', '.join(sessions)} TO {role['app']}"] if sessions else []
    out += [f"GRANT SELECT ON {', '.join(rest)} TO {role['app']}"] if rest else []
    out += [f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role['app']}"]
    out += [f"GRANT SELECT ON {', '.join(tables)} TO {role['auditor']}"]
    return out


def apply(store: Store, prefix: str) -> dict[str, str]:
    """Create the roles and set the grants in ``store``'s database; returns the role names."""
    role = names(prefix)
    with store.engine.begin() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        found = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        for sql in statements(prefix, database, sorted(t for (t,) in found)):
            conn.execute(text(sql))
    return role
