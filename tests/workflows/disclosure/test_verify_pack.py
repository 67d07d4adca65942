"""A resident verifies a pack with no cfund installed (issue 16, item 8): the pack's own
``verify_pack.py``, run by a fresh venv's Python with nothing installed, on a copy of the pack
alone, recomputes the public journal's chain and the published totals; one figure changed makes
it fail. ``audit verify --expect`` the pack binds its public journal to the book's journal."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.services import ledger_ops
from tests.conftest import BookHandle
from tests.helpers.cli import cfund
from tests.workflows.conftest import to_stage
from tests.workflows.disclosure.test_disclosure import PERIOD, SECRETS, personal_data_and_grants, write_pack
from workflows.disclosure.verify_pack import GENESIS, public_hash

JSON = f"disclosure-{PERIOD}.json"
JOURNAL = "public-journal.jsonl"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv without pip or any package: only Python's standard library."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    assert subprocess.run([python, "-c", "import sqlalchemy"], capture_output=True).returncode != 0
    return python


@pytest.fixture
def public_pack(wf: BookHandle, tmp_path: Path) -> Path:
    to_stage(wf, "disclosed")
    personal_data_and_grants(wf)
    ledger_ops.donate(wf.uow, "tina", donor="zhang", amount="88.00", fund="community")  # an individual
    out = tmp_path / "pack"
    assert write_pack(wf, out).exit_code == 0
    return out


def run(python: Path, pack: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The verifier of ``pack``, copied alone elsewhere, run isolated (-I) with no cfund near it."""
    alone = tmp_path / "alone"
    shutil.rmtree(alone, ignore_errors=True)
    shutil.copytree(pack, alone)
    return subprocess.run([python, "-I", "verify_pack.py"], cwd=alone, capture_output=True, text=True, timeout=60)


def edit_json(pack: Path, change: Callable[[dict[str, Any]], None]) -> None:
    figures = json.loads((pack / JSON).read_text(encoding="utf-8"))
    change(figures)
    (pack / JSON).write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")


def edit_journal(pack: Path, change: Callable[[list[dict[str, Any]]], None], rehash: bool = True) -> None:
    """Change the public journal; with ``rehash`` recompute every hash, as a forger would."""
    records = [json.loads(line) for line in (pack / JOURNAL).read_text(encoding="utf-8").splitlines()]
    change(records)
    prev = GENESIS
    for record in records if rehash else ():
        prev = record["hash"] = public_hash(prev, record)
    (pack / JOURNAL).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _bump(path: list[str]) -> Callable[[dict[str, Any]], None]:
    def change(figures: dict[str, Any]) -> None:
        node: Any = figures
        for key in path[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        node[path[-1]] = str(Decimal(node[path[-1]]) + Decimal("0.01"))

    return change


FIGURES = {
    "total income": ["total_income"],
    "total expenses": ["total_expenses"],
    "a source's amount": ["income_by_source", "0", "amount"],
    "a disbursement": ["disbursements", "0", "amount"],
}


def test_the_pack_verifies_with_python_alone_and_holds_nothing_personal(
    public_pack: Path, bare_python: Path, tmp_path: Path
) -> None:
    done = run(bare_python, public_pack, tmp_path)
    assert done.returncode == 0 and "OK" in done.stdout, done.stdout + done.stderr
    journal = (public_pack / JOURNAL).read_text(encoding="utf-8")
    assert not any(secret in journal for secret in SECRETS) and '"zhang"' not in journal
    assert re.search(r'"IND-\d{6,}"', journal)  # the individual donor by pseudonym, as in the figures
    figures = json.loads((public_pack / JSON).read_text(encoding="utf-8"))
    assert journal.count("\n") == figures["entries"] and len(figures["public_head"]) == 64


@pytest.mark.parametrize("figure", FIGURES)
def test_one_figure_changed_makes_the_verifier_fail(
    public_pack: Path, bare_python: Path, tmp_path: Path, figure: str
) -> None:
    edit_json(public_pack, _bump(FIGURES[figure]))
    done = run(bare_python, public_pack, tmp_path)
    assert done.returncode == 1 and FIGURES[figure][0] in done.stdout, done.stdout


@pytest.mark.parametrize(
    "forgery",
    ["an amount, hashes left", "an amount, hashes recomputed", "an entry dropped", "an entry count"],
)
def test_a_changed_public_journal_makes_the_verifier_fail(
    public_pack: Path, bare_python: Path, tmp_path: Path, forgery: str
) -> None:
    def amount(records: list[dict[str, Any]]) -> None:
        records[0]["postings"][0][3] += 100
        records[0]["postings"][1][3] -= 100

    if forgery.startswith("an amount"):
        edit_journal(public_pack, amount, rehash="recomputed" in forgery)
    elif forgery == "an entry dropped":
        edit_journal(public_pack, lambda records: records.pop())
    else:
        edit_json(public_pack, lambda figures: figures.update(entries=figures["entries"] + 1))
    done = run(bare_python, public_pack, tmp_path)
    assert done.returncode == 1 and "FAILED" in done.stdout, done.stdout


def test_audit_verify_binds_the_public_journal_to_the_books_journal(wf: BookHandle, public_pack: Path) -> None:
    assert cfund(wf, "audit", "verify", "--expect", str(public_pack / JSON)).exit_code == 0
    # a forger rewrites the public journal and its head consistently: the pack alone still
    # verifies, but not against the book
    edit_journal(public_pack, lambda records: records[0].update(kind="forged"))
    forged = (public_pack / JOURNAL).read_text(encoding="utf-8").splitlines()[-1]
    edit_json(public_pack, lambda figures: figures.update(public_head=json.loads(forged)["hash"]))
    done = cfund(wf, "audit", "verify", "--expect", str(public_pack / JSON))
    assert done.exit_code == 3 and "public journal" in done.output
