"""Click's own words on help pages (``Usage:``, ``Options``, ``[required]``, the ``--help``
line) in the chosen language, so a Chinese help page is Chinese throughout.

Click writes them in English; :class:`TranslatedHelp` is the help formatter of every context
(:func:`install`), and swaps them for the language picked at start-up (:data:`cli.text.help.LANG`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from cli.text import help as texts

#: Click's words: (zh, en).
WORDS: dict[str, tuple[str, str]] = {
    "Usage: ": ("用法：", "Usage: "),
    "Options": ("选项", "Options"),
    "Commands": ("命令", "Commands"),
    "Arguments": ("参数", "Arguments"),
    "Show this message and exit.": ("显示本帮助并退出。", "Show this message and exit."),
    "env var": ("环境变量", "env var"),
    "default": ("默认", "default"),
    "required": ("必填", "required"),
}
#: The bracket Click adds after an option's help: ``[env var: X; default: Y; required]``.
EXTRA = re.compile(r"\[([^\[\]]*)\]$")


def word(english: str) -> str:
    """Click's ``english`` word in the chosen language (unknown words stay as they are)."""
    zh, en = WORDS.get(english, (english, english))
    return en if texts.LANG == "en" else zh


def translated(text: str) -> str:
    """An option's help text with Click's line and bracket translated."""
    text = text.replace("Show this message and exit.", word("Show this message and exit."))
    found = EXTRA.search(text)
    if found is None:
        return text
    parts = [name_value.partition(": ") for name_value in found.group(1).split("; ")]
    extra = "; ".join(f"{word(name)}{sep}{value}" for name, sep, value in parts)
    return f"{text[: found.start()]}[{extra}]"


class TranslatedHelp(HelpFormatter):
    """Click's help formatter, writing Click's own words in the chosen language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, word("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(word(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, translated(text)) for term, text in rows], col_max, col_spacing)


def install() -> None:
    """Make :class:`TranslatedHelp` the formatter of every command's help page."""
    Context.formatter_class = TranslatedHelp
