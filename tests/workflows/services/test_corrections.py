"""更正 on SQLite and PostgreSQL: a disclosure is never edited; a correction is a new record that
supersedes the one standing, with its note; the original stays byte for byte; the pack lists
both, the note scrubbed like every published text; only a reviewer corrects, and only what was
disclosed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ledger.domain.periods import parse_period
from ledger.errors import InputError, PermissionDenied
from ledger.storage.reader import reading
from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.workflows.conftest import call, to_stage
from workflows.disclosure.figures import figures
from workflows.services import corrections


def originals(book: BookHandle) -> list[tuple[str, str]]:
    with book.store.engine.connect() as conn:
        sql = "SELECT d.digest, d.content FROM disclosures d JOIN books b ON b.id = d.book_id WHERE b.code = :c"
        return [tuple(r) for r in conn.execute(text(sql), {"c": book.code})]


def records(book: BookHandle) -> list[dict]:
    with reading(book.location, book.code) as r:
        return list(figures(r, parse_period(str(r.now.year)))["disclosures"])


def test_a_correction_supersedes_the_record_standing_and_leaves_it_as_it_was(wf: BookHandle) -> None:
    n = to_stage(wf, "disclosed")
    before = originals(wf)
    first = call(wf, corrections.correct, "rev", project=n, note="评估意见录入有误", summary="按期完成，居民满意")
    second = call(wf, corrections.correct, "rev", project=n, note="评分更正", score=5)
    assert originals(wf) == before  # the original, byte for byte
    shown = [(r["record"], r["supersedes"], r["digest"], r["current"]) for r in records(wf)]
    assert shown == [
        ("original", None, before[0][0], False),
        ("correction", before[0][0], first.digest, False),
        ("correction", first.digest, second.digest, True),
    ]
    last = records(wf)[-1]
    assert (last["score"], last["evaluation"], last["note"]) == (5, "按期完成，居民满意", "评分更正")


def test_only_what_was_disclosed_is_corrected_and_only_by_a_reviewer(wf: BookHandle) -> None:
    n = to_stage(wf, "evaluated")
    with pytest.raises(InputError, match="correct_not_disclosed"):
        call(wf, corrections.correct, "rev", project=n, note="x")
    done = to_stage(wf, "disclosed")
    for who in ("tina", "audrey", "eva"):
        with pytest.raises(PermissionDenied):
            call(wf, corrections.correct, who, project=done, note="x")
    for bad in ({"note": "  "}, {"note": "x", "score": 9}):
        with pytest.raises(InputError):
            call(wf, corrections.correct, "rev", project=done, **bad)
    assert [r["record"] for r in records(wf)] == ["original"]


def test_the_pack_shows_both_and_the_note_as_published_text(wf: BookHandle, tmp_path: Path) -> None:
    n = to_stage(wf, "disclosed")
    call(wf, corrections.correct, "rev", project=n, note="误写电话 138 1234 5678，已更正")
    out = tmp_path / "pack"
    year = str(records(wf)[0]["date"][:4])
    done = cfund(wf, "report", "disclosure", "--period", year, "--out", str(out), "--skip-pdf", user="audrey")
    assert done.exit_code == 0, done.output
    page = (out / f"disclosure-{year}.html").read_text(encoding="utf-8")
    assert "误写电话 [已删除]，已更正" in page and "138 1234 5678" not in page
    rows = (out / f"disclosure-{year}-disclosures.csv").read_text(encoding="utf-8-sig")
    assert "original" in rows and "correction" in rows and "1234" not in rows
    cli = cfund(wf, "project", "correct", str(n), "--note", "再次更正", user="rev")
    assert cli.exit_code == 0 and "correction published" in cli.stdout
