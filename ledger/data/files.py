"""Files written whole. A file is written under a temporary name created exclusively beside its
target (``mkstemp``: it never follows a symlink planted there), synced, then renamed into place;
a folder of files (the disclosure pack) is written into a temporary folder beside its target
and moved into place whole, an existing one exchanged for it in one step where the system can.
A failure or Ctrl-C part-way leaves the target as it was and no temporary file behind."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ledger.errors import InputError

#: ``renameat2``'s flag that swaps two paths in one step (Linux 3.15 and later).
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


@contextlib.contextmanager
def written(target: Path, *, newline: str = "\n", private: bool = False) -> Iterator[TextIO]:
    """A text file at ``target``, there only once it is complete (readable by its owner only
    if ``private``)."""
    with replaced(target, private=private) as partial, partial.open("w", encoding="utf-8", newline=newline) as out:
        yield out


@contextlib.contextmanager
def replaced(target: Path, *, private: bool = False) -> Iterator[Path]:
    """A path for a writer that takes one (pandas, SQLite): an empty file beside ``target``,
    created exclusively (readable by its owner only if ``private``, else as the umask allows),
    that becomes ``target`` once the writer is done, or is removed if it fails. An OS error
    (a full disk, no permission) names ``target``, not the temporary file."""
    with _naming(target):
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
    partial = Path(name)
    try:
        with _naming(target):
            partial.chmod(0o600 if private else 0o666 & ~_umask())
            yield partial
            _sync(partial)
            os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def _naming(target: Path) -> Iterator[None]:
    """An OS error inside, told about ``target`` (what the user named)."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None or exc.errno == errno.EPIPE:
            raise
        raise type(exc)(exc.errno, exc.strerror, str(target)) from exc


@contextlib.contextmanager
def staged_folder(target: Path, *, replace: bool) -> Iterator[Path]:
    """A temporary folder to write a set of files into, moved to ``target`` once they are all
    written. An existing ``target`` with files in it is refused unless ``replace``; a ``target``
    that is a link to a folder is written where it points."""
    target = Path(os.path.realpath(target))
    if target.exists() and not target.is_dir():
        raise InputError("folder_is_a_file", out=str(target))
    if target.is_dir() and any(target.iterdir()) and not replace:
        raise InputError("pack_exists", out=str(target))
    with _naming(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        with _naming(target):
            yield staging
            for path in staging.iterdir():
                _sync(path)
            staging.chmod(0o777 & ~_umask())
            _put_in_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _put_in_place(staging: Path, target: Path) -> None:
    """Move ``staging`` to ``target``; an existing target is exchanged for it in one step where
    the system can (what was there is then in ``staging``, removed after)."""
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        os.rename(staging, target)
        return
    if not _exchange(staging, target):  # two steps: a kill between them leaves the old beside
        aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old."))
        os.rename(target, aside / target.name)
        os.rename(staging, target)
        shutil.rmtree(aside, ignore_errors=True)


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        swap = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = swap(_AT_FDCWD, os.fsencode(one), _AT_FDCWD, os.fsencode(other), _RENAME_EXCHANGE)
    return bool(done == 0)


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
