"""Usage errors as a person meets them: a mistyped command, a forgotten file or value, a word
too many. Each is one line in the chosen language, exit 2, with no English left from Click. A
refused value names the option or argument as it was typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.commands.test_ledger import cfund, db, ledger_book  # noqa: F401 - fixtures

__all__ = ["db"]  # the fixture of a book with a treasurer and a donor, used by name

#: (command line, what the Chinese line says, what the English line says); the test runner calls
#: the program "root".
CASES = [
    (["book", "list"], "没有命令 book。用 ", "No such command book. See "),
    (["ledger", "blance"], "没有命令 blance，是不是要用 balance？", "No such command blance; did you mean balance?"),
    (["import", "donations"], "缺少参数 FILE。用 root import donations --help", "Missing argument FILE."),
    (
        ["ledger", "balance", "--format"],
        "后面缺少取值。用 root ledger balance --help",
        "needs a value. See root ledger",
    ),
    (
        ["ledger", "balance", "--help=3"],
        "选项 --help 不带取值",
        "Option --help takes no value. See root ledger balance",
    ),
    (
        ["ledger", "balance", "x", "y"],
        "多余的参数：x y。用 root ledger balance --help",
        "Unexpected extra arguments: x y.",
    ),
    (["ledger", "balance", "--bogus"], "没有选项 --bogus", "No such option --bogus."),
    (["demo", "--years", "abc"], "--years 应在 1 到 200 之间（收到 abc）", "--years must be 1 to 200 (got abc)."),
]
CLICK_ENGLISH = ("No such", "Missing", "Got unexpected", "requires", "does not take", "Invalid value", "Usage error")


@pytest.mark.parametrize(("args", "zh", "en"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_usage_error_is_one_translated_line_exit_2(tmp_path: Path, args: list[str], zh: str, en: str) -> None:
    db = tmp_path / "never.db"
    chinese, english = cfund(db, *args), cfund(db, *args, lang="en")
    assert chinese.exit_code == english.exit_code == 2
    assert len(chinese.stderr.strip().splitlines()) == len(english.stderr.strip().splitlines()) == 1
    assert zh in chinese.stderr and not any(word in chinese.stderr for word in CLICK_ENGLISH), chinese.stderr
    assert en in english.stderr, english.stderr
    assert not db.exists()  # nothing was opened, let alone written


def test_a_refused_value_names_the_option_or_argument_as_typed(db: Path) -> None:
    donate = ("--as", "tina", "ledger", "donate", "--donor", "gas", "--fund", "community")
    zero = cfund(db, *donate, "--amount", "0")
    assert zero.exit_code == 2 and "金额 --amount 必须大于零：0。" in zero.stderr
    when = cfund(db, *donate, "--amount", "5", "--date", "2025-13-01", lang="en")
    assert when.exit_code == 2 and "--date is not a valid date: 2025-13-01" in when.stderr
    code = cfund(db, "--as", "tina", "party", "add", " ", "--name", "x", "--kind", "donor", lang="en")
    assert code.exit_code == 2 and code.stderr.startswith("Error: CODE is empty"), code.stderr
