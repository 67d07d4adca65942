"""Help pages as a person reads them: every page of every command in Chinese has no English
left from Click, English pages stay English, and a group given no command shows its help."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT
from tests.helpers.cli import installed_cfund

CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "required]", "env var:")


def all_pages() -> dict[str, str]:
    """Every command's ``--help`` page, by command path (run in a process of its own, since
    the language is chosen when the commands are declared)."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from cli.main import app

    pages: dict[str, str] = {}

    def walk(command: object, path: list[str]) -> None:
        pages[" ".join(path)] = CliRunner().invoke(app, [*path, "--help"], prog_name="cfund").output
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return pages


def pages_in(lang: str) -> dict[str, str]:
    env = {**os.environ, "CFUND_LANG": lang}
    done = subprocess.run(
        [sys.executable, "-m", "tests.cli.text.test_help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return dict(json.loads(done.stdout))


def test_every_chinese_help_page_is_chinese_throughout() -> None:
    pages = pages_in("zh")
    assert len(pages) > 60 and {"", "ledger", "ledger donate", "import steps", "audit verify"} <= set(pages)
    for path, page in pages.items():
        assert page.startswith("用法：cfund") and "显示本帮助并退出。" in page, path
        assert not [w for w in CLICK_ENGLISH if w in page], (path, page)
    assert "[必填]" in pages["ledger donate"] and "[环境变量: CFUND_BOOK; 默认: main]" in pages[""]


def test_english_help_pages_keep_clicks_words() -> None:
    pages = pages_in("en")
    for path, page in pages.items():
        assert page.startswith("Usage: cfund") and "Show this message and exit." in page, path
    assert "[required]" in pages["ledger donate"]


@pytest.mark.parametrize("args", [[], ["ledger"], ["project"]])
def test_a_group_without_a_command_shows_its_help(args: list[str]) -> None:
    env = {**os.environ, "CFUND_LANG": "zh"}
    done = subprocess.run([installed_cfund(), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"用法：cfund {' '.join(args)}".rstrip() + " ") and "\\n" not in done.stderr
    assert len(done.stderr.splitlines()) > 5  # the whole page, not one escaped line


if __name__ == "__main__":
    print(json.dumps(all_pages(), ensure_ascii=False))
