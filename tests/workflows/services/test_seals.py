"""Tamper evidence beyond the entries: someone with raw SQL access (the append-only triggers
dropped) edits, inserts or deletes a row of the register, the users and grants, the closed
months or the workflow, or a seal itself. ``audit verify`` names the table and the row, on SQLite
and on PostgreSQL; what cfund itself writes verifies clean."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from ledger.services import identity, income, ledger_ops, receipts, registry, setup
from ledger.storage.engine import Store, upgrade
from tests.conftest import BookHandle, new_book
from tests.helpers.cli import ME, cfund
from tests.system.test_fuzz import own_store
from tests.workflows.conftest import add_people, call, to_stage
from workflows.services import cofunding, corrections, filings, intake, progress
from workflows.services.audit import verify

APPEND_ONLY = (
    *("periods", "project_events", "contributions", "disclosures", "valuations", "corrections"),
    *("receipts", "receipt_voids", "disclosure_corrections", "project_reports", "filings", "seals"),
)
BOOK = "(SELECT id FROM books WHERE code = :c)"

#: (what is edited, the SQL, what verify must name). Each changes one thing cfund relies on.
EDITS = {
    "project event note": ("UPDATE project_events SET note = 'ok' WHERE book_id = {b}", "project_events row"),
    "project event actor": (
        "UPDATE project_events SET actor_id = (SELECT MIN(id) FROM users WHERE book_id = {b}) WHERE book_id = {b}",
        "project_events row",
    ),
    "project event's entry": ("UPDATE project_events SET entry_id = NULL WHERE book_id = {b}", "project_events row"),
    "project title": ("UPDATE projects SET title = '改过的标题' WHERE book_id = {b}", "projects row"),
    "project need": ("UPDATE projects SET need = 'x' WHERE book_id = {b}", "projects row"),
    "project requested": (
        "UPDATE projects SET requested_fen = requested_fen + 100 WHERE book_id = {b}",
        "projects row",
    ),
    "evaluation score": ("UPDATE projects SET evaluation_score = 5 WHERE book_id = {b}", "projects row"),
    "evaluation summary": ("UPDATE projects SET evaluation_summary = '优' WHERE book_id = {b}", "projects row"),
    "disclosure": ("UPDATE disclosures SET content = '{{}}' WHERE book_id = {b}", "disclosures row"),
    "valuation basis": ("UPDATE valuations SET basis = '评估价' WHERE book_id = {b}", "valuations row"),
    "host moved": ("UPDATE host_members SET host = 'other' WHERE book_id = {b}", "host_members row"),
    "corrected month": ("UPDATE corrections SET period = '2025-04' WHERE book_id = {b}", "corrections row"),
    "receipt amount": ("UPDATE receipts SET amount_fen = amount_fen + 100 WHERE book_id = {b}", "receipts row"),
    "receipt renumbered": ("UPDATE receipts SET number = number + 7 WHERE book_id = {b}", "receipts row"),
    "receipt payer": ("UPDATE receipts SET payer_name = '别人' WHERE book_id = {b}", "receipts row"),
    "void reason": ("UPDATE receipt_voids SET reason = '无' WHERE book_id = {b}", "receipt_voids row"),
    "correction note": (
        "UPDATE disclosure_corrections SET note = '无' WHERE book_id = {b}",
        "disclosure_corrections row",
    ),
    "report money": ("UPDATE project_reports SET used_fen = 0 WHERE book_id = {b}", "project_reports row"),
    "filing moved": ("UPDATE filings SET filed_on = '2025-01-01' WHERE book_id = {b}", "filings row"),
    "void undone": ("DELETE FROM receipt_voids WHERE book_id = {b}", "receipt_voids row"),
    "contribution share": ("UPDATE contributions SET share = 'company' WHERE book_id = {b}", "contributions row"),
    "party name": ("UPDATE parties SET name = 'GAS CO' WHERE code = 'gas' AND book_id = {b}", "parties row"),
    "party kind": ("UPDATE parties SET kind = 'individual' WHERE code = 'gas' AND book_id = {b}", "parties row"),
    "fund restricted": (
        "UPDATE funds SET restricted = NOT restricted WHERE code = 'community' AND book_id = {b}",
        "funds row",
    ),
    "fund purposes": ("UPDATE funds SET purposes = 'admin' WHERE code = 'community' AND book_id = {b}", "funds row"),
    "user bound elsewhere": ("UPDATE users SET os_user = 'mallory' WHERE name = 'tina' AND book_id = {b}", "users row"),
    "role granted": (
        "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users WHERE name = 'tina' AND book_id = {b}",
        "user_roles row",
    ),
    "role revoked": (
        "DELETE FROM user_roles WHERE role = 'admin' AND user_id IN (SELECT id FROM users WHERE book_id = {b})",
        "user_roles row",
    ),
    "user inserted": (
        "INSERT INTO users (book_id, name, created_at) VALUES ({b}, 'eve', '2026-01-01 00:00:00')",
        "users row",
    ),
    "session forged": (
        "INSERT INTO user_sessions (user_id, token_digest, created_at, expires_at) SELECT id, '{z}', "
        "'2026-01-01 00:00:00', '2099-01-01 00:00:00' FROM users WHERE name = 'admin' AND book_id = {b}",
        "user_sessions row",
    ),
    "closed month reopened": ("DELETE FROM periods WHERE book_id = {b}", "periods row"),
    "account renamed": ("UPDATE accounts SET name_en = 'Bank' WHERE code = '1002' AND book_id = {b}", "accounts row"),
    "compound renamed": ("UPDATE compounds SET name = '别的小区' WHERE book_id = {b}", "compounds row"),
}


def _guards(book: BookHandle) -> list[tuple[str, str]]:
    """(drop, create) of every append-only trigger on the sealed tables."""
    if book.store.is_sqlite:
        return [(f"DROP TRIGGER IF EXISTS {t}_no_{a}", "") for t in APPEND_ONLY for a in ("update", "delete")]
    make = "CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
    make += "FOR EACH ROW EXECUTE FUNCTION cfund_append_only()"
    return [(f"DROP TRIGGER {t}_append_only ON {t}", make.format(t=t)) for t in APPEND_ONLY]


@contextmanager
def unguarded(book: BookHandle) -> Iterator[None]:
    """The append-only triggers dropped; on PostgreSQL (shared by the session) put back after."""
    with book.store.engine.begin() as conn:
        for drop, _ in _guards(book):
            conn.execute(text(drop))
    try:
        yield
    finally:
        with book.store.engine.begin() as conn:
            for _, create in _guards(book):
                if create:
                    conn.execute(text(create))


def _raw(book: BookHandle, sql: str) -> None:
    with book.store.engine.begin() as conn:
        assert conn.execute(text(sql.format(b=BOOK, z="0" * 64)), {"c": book.code}).rowcount >= 1, sql


@pytest.fixture
def lived(wf: BookHandle) -> BookHandle:
    return lived_on(wf)


def lived_on(book: BookHandle) -> BookHandle:
    """A book that has lived: every sealed table holds rows cfund wrote."""
    disclosed = to_stage(book, "disclosed")
    call(book, progress.report, "olga", project=disclosed, kind="completion", summary="扶手已全部安装")
    call(book, filings.filed, "tina", obligation="annual_report", ref="2025", date="2026-05-20")
    call(book, corrections.correct, "rev", project=disclosed, note="评估意见录入有误", summary="按期完成")
    n = call(book, intake.order, "rita", compound="c01", title="修路灯", need="路灯不亮").project
    call(book, intake.dispatch, "cathy", project=n, organisation="swc")
    call(book, intake.accept, "olga", project=n)
    plan = {"company": "50.00", "residents": "50.00", "social": "0"}
    fields = {"fund": "community", "purpose": "community_service", "amount": "100.00", "plan": plan}
    call(book, intake.apply, "olga", project=n, **fields)
    call(book, cofunding.contribute, "tina", project=n, party="gas", share="residents", amount="50.00")
    ledger_ops.close_period(book.uow, "tina", month="2025-05")
    fields = {"fair_value": "300.00", "basis": "同类商品市场价", "fund": "community", "asset": "1201"}
    income.gift_in_kind(book.uow, "tina", donor="gas", date="2025-06-02", **fields)
    setup.join_host(book.uow, "admin", host=f"host-{book.code}")
    for amount in ("20.00", "30.00"):  # two receipts, one voided
        gift = ledger_ops.donate(book.uow, "tina", donor="gas", amount=amount, fund="community", date="2025-06-02")
        receipts.issue(book.uow, "tina", receipts.Request(entry=gift.seq, date="2025-06-02"))
    receipts.void(book.uow, "tina", number="2025-000002", reason="抬头写错")
    fix = {"debit": "4101.02", "credit": "4901", "amount": "1.00", "fund": "community", "memo": "科目记错"}
    ledger_ops.adjust(book.uow, "tina", ledger_ops.Adjustment("2025-05", date="2025-06-03", **fix))
    setup.add_user(book.uow, "admin", name="pat", roles=["treasurer"], credential=identity.Password("pat-secret-1"))
    for _ in range(2):  # one session ended, one open
        token = identity.login(book.uow, "pat", "pat-secret-1").token
    identity.logout(book.uow, token)
    return book


def test_what_cfund_writes_verifies_clean_and_every_sealed_table_is_sealed(lived: BookHandle) -> None:
    assert verify(lived.store, lived.code).problems == ()
    with lived.store.engine.connect() as conn:
        tables = {
            t
            for (t,) in conn.execute(
                text(f"SELECT DISTINCT table_name FROM seals WHERE book_id = {BOOK}"), {"c": lived.code}
            )
        }
    assert tables == {
        *("accounts", "purposes", "funds", "parties", "compounds", "users", "user_roles", "user_sessions"),
        *("periods",),
        *("projects", "project_events", "contributions", "disclosures", "valuations", "host_members"),
        *("corrections", "receipts", "receipt_voids", "disclosure_corrections", "project_reports", "filings"),
    }


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_behind_cfunds_back_is_named_by_verify(lived: BookHandle, edit: str) -> None:
    sql, named = EDITS[edit]
    with unguarded(lived):
        _raw(lived, sql)
    problems = [p for p in verify(lived.store, lived.code).problems if p.check == "record"]
    assert problems and all(named in p.detail for p in problems), problems
    done = cfund(lived, "audit", "verify")
    assert done.exit_code == 3 and named in done.output


@pytest.mark.parametrize(
    ("sql", "check"),
    [
        ("UPDATE seals SET digest = '{z}' WHERE seq = 3 AND book_id = {b}", "seal"),
        ("DELETE FROM seals WHERE seq = 3 AND book_id = {b}", "seal"),
        # nothing follows the newest seal to break: its row no longer matches its seal before
        ("DELETE FROM seals WHERE seq = (SELECT MAX(seq) FROM seals WHERE book_id = {b}) AND book_id = {b}", "record"),
    ],
    ids=["edited", "deleted", "newest deleted"],
)
def test_a_seal_edited_or_deleted_is_found(lived: BookHandle, sql: str, check: str) -> None:
    with unguarded(lived):
        _raw(lived, sql)
    assert check in {p.check for p in verify(lived.store, lived.code).problems}
    for _ in range(2):  # the newest seal gone: cfund seals on from the one before, and it stays found
        ledger_ops.donate(lived.uow, "tina", donor="gas", amount="1.00", fund="community")
        registry.add_party(lived.uow, "tina", code=f"p{_}", name="新捐赠方", kind="donor")
    assert check in {p.check for p in verify(lived.store, lived.code).problems}


def test_a_credential_reset_and_a_new_user_are_sealed_by_cfund(lived: BookHandle) -> None:
    setup.add_user(lived.uow, "admin", name="eve", roles=["treasurer"], credential=ME)
    identity.set_credential(lived.uow, "admin", name="tina", credential=identity.OsAccount("someone"))
    assert verify(lived.store, lived.code).problems == ()


def test_a_book_from_before_the_seals_is_sealed_as_it_stands_by_the_upgrade(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    """The upgrade reads the rows as the database has them (money in fen, times as stored); the
    audit reads them through the models: both must give the same digests."""
    with own_store(request, backend, tmp_path) as store:
        book = new_book(store, prefix="up")
        add_people(book)
        ledger_ops.donate(book.uow, "tina", donor="gas", amount="1000.00", fund="community")
        lived_on(book)
        _downgrade(store, "0005")
        assert not inspect(store.engine).has_table("seals")
        upgrade(store)
        assert verify(store, book.code).problems == ()
        with unguarded(book):
            _raw(book, EDITS["party name"][0])
        assert [p.check for p in verify(store, book.code).problems] == ["record"]


def test_a_book_from_before_the_gifts_gains_their_accounts_sealed_by_the_upgrade(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> None:
    with own_store(request, backend, tmp_path) as store:
        book = new_book(store, prefix="gi")
        _downgrade(store, "0005")
        _raw(book, "DELETE FROM accounts WHERE code IN ('1201', '1501') AND book_id = {b}")  # as books were
        upgrade(store)
        assert verify(store, book.code).problems == ()
        fields = {"fair_value": "300.00", "basis": "同类商品市场价", "fund": "community"}
        income.gift_in_kind(book.uow, "tina", donor="gas", asset="1501", **fields)
        assert verify(store, book.code).problems == ()


def _downgrade(store: Store, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from ledger.storage.migrations import script_location

    config = Config()
    config.set_main_option("script_location", script_location())
    with store.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()
