"""Helpers shared by the tests: the CLI as a person runs it (:mod:`.cli`), a small book written as
text (:mod:`.books`), and the multi-process race harness (:mod:`.race`)."""

from __future__ import annotations

from pathlib import Path

#: The repository's root.
ROOT = Path(__file__).resolve().parents[2]
