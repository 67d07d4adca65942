"""Click's and Typer's usage errors in the chosen language.

They come in English: a missing option or argument, an unknown option or command (with Typer's
suggestion), an option given without its value or with one it does not take, extra arguments.
Each becomes one translated line naming what was wrong and the help page to read; any other
usage error keeps Click's words inside a translated frame.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click.exceptions import BadOptionUsage, MissingParameter, NoSuchOption, UsageError

from cli.text.messages import t

#: Typer's unknown command, with the commands it suggests when it has some.
NO_COMMAND = re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<names>.*)\?)?$")
#: Click's words for arguments left over once every parameter has its value.
EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<names>.*)\)$")


def usage_message(exc: UsageError, lang: str, where: str = "cfund") -> str:
    """One line for a usage error, in ``lang``; ``where`` is the command it points to for help
    when Click's parser did not say which command it was reading."""
    command = exc.ctx.command_path if exc.ctx is not None else where
    if isinstance(exc, MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            return t("usage_missing_argument", lang, name=str(exc.param.name).upper(), command=command)
        names = "/".join(exc.param.opts) or str(exc.param.name)
        return t("usage_missing", lang, name=names, command=command)
    if isinstance(exc, NoSuchOption):
        return t("usage_no_option", lang, name=exc.option_name, command=command)
    if isinstance(exc, BadOptionUsage):
        key = "usage_needs_value" if " requires " in exc.message else "usage_no_value"
        return t(key, lang, name=exc.option_name, command=command)
    message = exc.format_message()
    if found := NO_COMMAND.match(message):
        key = "usage_did_you_mean" if found["names"] else "usage_no_command"
        names = (found["names"] or "").replace("'", "")
        return t(key, lang, name=found["name"], names=names, command=command)
    if found := EXTRA.match(message):
        return t("usage_extra", lang, names=found["names"], command=command)
    return t("usage_other", lang, message=message.rstrip("."), command=command)


def command_path(root: Any, tokens: list[str]) -> str:
    """``cfund ledger balance`` for the tokens ``ledger balance --format``: the root and the
    commands named before the first option or argument."""
    path, command = [root.command_path], root.command
    for token in tokens:
        command = getattr(command, "commands", {}).get(token)
        if command is None:
            break
        path.append(token)
    return " ".join(path)
