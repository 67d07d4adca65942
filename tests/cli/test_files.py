"""Files written safely, on SQLite and PostgreSQL: the disclosure pack is moved into place whole
and never overwrites a pack unless ``--replace``; temporary files are created exclusively, so a
symlink planted where one would go is not followed; an OS error (a file-size limit, a folder it
may not write, a file where a folder should be) is one line naming the path, exit 1, and leaves
what was there; an example file never overwrites a filled-in one."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BookHandle
from tests.helpers.cli import cfund, env_of, installed_cfund
from tests.ledger.services.test_journal import donate
from tests.workflows.disclosure.test_disclosure import PERIOD, write_pack
from workflows.disclosure import pack as disclosure_pack


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A folder of its own for the files a test writes (the SQLite book sits in ``tmp_path``)."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def heads(folder: Path) -> set[str]:
    """The chain head each file of a pack states (JSON, HTML and every CSV)."""
    head = json.loads((folder / f"disclosure-{PERIOD}.json").read_text(encoding="utf-8"))["chain_head"]
    stated = {head}
    for path in folder.iterdir():
        if path.suffix in (".csv", ".html"):
            text = path.read_text(encoding="utf-8-sig")
            stated |= {word for word in text.replace(",", " ").replace("<", " ").split() if len(word) == 64}
    return stated


def test_an_existing_pack_is_refused_and_replaced_whole_only_with_replace(book: BookHandle, here: Path) -> None:
    donate(book, "100.00")
    out = here / "pack"
    assert write_pack(book, out, "--skip-pdf").exit_code == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    donate(book, "5.00")
    refused = write_pack(book, out, "--skip-pdf")
    assert refused.exit_code == 2 and "--replace" in refused.stderr and snapshot(out) == before
    replaced = write_pack(book, out, "--skip-pdf", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "notes.txt" not in snapshot(out) and len(heads(out)) == 1 and heads(out) != heads_of(before)
    assert [path.name for path in here.iterdir()] == ["pack"]  # no staging folder left beside


def heads_of(files: dict[str, bytes]) -> set[str]:
    name = f"disclosure-{PERIOD}.json"
    return {json.loads(files[name].decode("utf-8"))["chain_head"]}


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_a_pack_that_fails_part_way_leaves_the_old_one_and_nothing_beside(
    book: BookHandle, here: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    donate(book, "100.00")
    out = here / "pack"
    assert write_pack(book, out, "--skip-pdf").exit_code == 0
    before = snapshot(out)
    donate(book, "5.00")

    def fails(*args: object) -> Path:
        raise failure  # after the JSON, the CSVs and the workbook are written

    monkeypatch.setattr(disclosure_pack.giving, "write", fails)
    done = write_pack(book, out, "--skip-pdf", "--replace")
    if isinstance(failure, KeyboardInterrupt):
        assert done.exit_code == 130
    else:
        assert done.exit_code == 1 and "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1 and str(out) in done.stderr and "No space left" in done.stderr
    assert snapshot(out) == before and [path.name for path in here.iterdir()] == ["pack"]


def test_a_pack_never_writes_into_a_file_and_follows_a_linked_folder(book: BookHandle, here: Path) -> None:
    donate(book, "100.00")
    (here / "file").write_text("keep", encoding="utf-8")
    onto_file = write_pack(book, here / "file", "--skip-pdf")
    assert onto_file.exit_code == 2 and "是一个文件" in onto_file.stderr  # the pack's own language
    under_file = write_pack(book, here / "file" / "pack", "--skip-pdf")
    assert under_file.exit_code == 1 and "Traceback" not in under_file.stderr and "file" in under_file.stderr
    assert (here / "file").read_text(encoding="utf-8") == "keep"
    (here / "real").mkdir()
    (here / "link").symlink_to(here / "real")
    assert write_pack(book, here / "link", "--skip-pdf").exit_code == 0
    assert (here / "link").is_symlink() and len(list((here / "real").iterdir())) >= 10


def test_a_symlink_planted_where_a_temporary_file_would_go_is_not_followed(book: BookHandle, here: Path) -> None:
    donate(book, "100.00")
    victim = here / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out, copy = here / "books.journal", here / "copy.db"
    for planted in (out, copy):  # the names the old code wrote through
        Path(f"{planted}.part").symlink_to(victim)
    assert cfund(book, "export", "hledger", "--out", str(out)).exit_code == 0
    if book.store.is_sqlite:
        assert cfund(book, "db", "backup", str(copy), user="admin").exit_code == 0
        assert copy.stat().st_mode & 0o777 == 0o600
    assert victim.read_text(encoding="utf-8") == "precious" and "hledger" not in victim.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").startswith(";") and not out.is_symlink()


def test_a_folder_it_may_not_write_is_one_line_and_exit_one(book: BookHandle) -> None:
    donate(book, "100.00")
    where = Path("/sys/cfund-test.journal")  # sysfs refuses new files, even to root
    done = cfund(book, "export", "beancount", "--out", str(where))
    assert done.exit_code == 1 and done.stderr.count("\n") == 1, done.stderr
    assert str(where) in done.stderr and "Permission denied" in done.stderr and not where.exists()


def limited(size: int) -> None:
    """In the child: files may grow to ``size`` bytes, and past it a write fails (EFBIG) instead
    of the process being killed by SIGXFSZ, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_write_cut_short_by_the_system_keeps_the_old_file_and_says_so(book: BookHandle, here: Path) -> None:
    for n in range(80):
        donate(book, f"{n + 1}.00", memo="捐赠 " * 100)
    out = here / "books.journal"
    out.write_text("previous export\n", encoding="utf-8")
    env = {k: v for k, v in env_of(book).items() if v is not None}
    command = [installed_cfund(), "export", "hledger", "--out", str(out)]
    done = subprocess.run(  # noqa: S603 - our own console script
        command, capture_output=True, text=True, env=os.environ | env, preexec_fn=lambda: limited(40_000)
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert str(out) in done.stderr and "File too large" in done.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n" and [p.name for p in here.iterdir()] == [
        "books.journal"
    ]


def test_an_example_file_never_overwrites_a_filled_in_one(book: BookHandle, here: Path) -> None:
    filled = here / "donations-template.csv"
    filled.write_text("日期,捐赠方\n2026-01-02,gas\n", encoding="utf-8")
    done = cfund(book, "import", "template", "donations", "--out", str(filled))
    assert done.exit_code == 2 and "exists" in done.stderr
    assert filled.read_text(encoding="utf-8") == "日期,捐赠方\n2026-01-02,gas\n"
    fresh = cfund(book, "import", "template", "donations", "--out", str(here / "new.xlsx"))
    assert fresh.exit_code == 0 and sorted(p.name for p in here.iterdir()) == [filled.name, "new.xlsx"]
