"""A disclosure pack killed at any moment (SIGKILL at evenly spread times through a real run of
``cfund report disclosure --replace`` with its PDF, and at steps of 40 ms from the moment it
starts writing its files), on SQLite and PostgreSQL: the folder holds
either the old pack or the new one, whole, every file stating the same chain head; never a
truncated workbook, a missing PDF or files of two heads."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_files import heads
from tests.conftest import BookHandle
from tests.helpers.cli import env_of, installed_cfund
from tests.ledger.services.test_journal import donate
from tests.workflows.disclosure.test_disclosure import PERIOD

KILLS, WRITING_STEP = 7, 0.04


def command(book: BookHandle, out: Path) -> tuple[list[str], dict[str, str]]:
    env = os.environ | {k: v for k, v in env_of(book).items() if v is not None}
    return [installed_cfund(), "report", "disclosure", "--period", PERIOD, "--out", str(out), "--replace"], env


def run_whole(book: BookHandle, out: Path) -> float:
    """Write the pack to the end; the seconds it took."""
    args, env = command(book, out)
    began = time.monotonic()
    subprocess.run(args, env=env, check=True, capture_output=True)  # noqa: S603 - our own console script
    return time.monotonic() - began


def run_killed(book: BookHandle, out: Path, after: float, writing: bool = False) -> None:
    """Kill the run ``after`` seconds from its start or, if ``writing``, from when its staging
    folder appears beside ``out``."""
    args, env = command(book, out)
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    while writing and child.poll() is None and not list(out.parent.glob(f".{out.name}.*")):
        time.sleep(0.001)
    time.sleep(after)
    child.send_signal(signal.SIGKILL)
    child.wait(30)


def whole_head(out: Path, names: set[str]) -> str:
    """The one chain head of the pack in ``out``, after checking that every file is whole."""
    assert {path.name for path in out.iterdir()} == names
    json.loads((out / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))
    assert zipfile.ZipFile(out / f"disclosure-{PERIOD}.xlsx").testzip() is None
    load_workbook(out / f"disclosure-{PERIOD}.xlsx", read_only=True).close()
    pdf = (out / f"disclosure-{PERIOD}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    (head,) = heads(out)
    return head


def test_a_pack_killed_at_any_moment_is_the_old_one_or_the_new_one(book: BookHandle, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    donate(book, "100.00")
    seconds = run_whole(book, out)
    names = {path.name for path in out.iterdir()}
    old = whole_head(out, names)
    donate(book, "5.00")
    seen = set()
    for k in range(1, KILLS + 1):
        run_killed(book, out, seconds * k / (KILLS + 1))
        seen.add(whole_head(out, names))
        run_killed(book, out, WRITING_STEP * (k - 1), writing=True)
        seen.add(whole_head(out, names))
    assert seen <= {old, new_head(book, tmp_path)} and old in seen  # early kills kept the old pack


def new_head(book: BookHandle, tmp_path: Path) -> str:
    fresh = tmp_path / "fresh"
    run_whole(book, fresh)
    return whole_head(fresh, {path.name for path in fresh.iterdir()})
