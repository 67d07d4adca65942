"""The root command group: global options, and the one place errors become exit codes.

Expected errors (:class:`ledger.errors.CfundError`) print one translated line on stderr with
"nothing was changed" and exit with their code; Ctrl-C exits 130; a file the system would not
let it write (a full disk, a file-size limit, no permission) is one line and exit 1. Anything
else is a bug and shows a traceback without local variables.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import Any, NoReturn

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from cli import interrupt, render, retry
from cli.text import help_page
from cli.text import workflow as _workflow_messages  # noqa: F401 - adds the workflow messages
from cli.text.help import LANG, h
from cli.text.messages import t
from cli.text.usage import command_path, usage_message
from ledger.domain.text import unsafe_char
from ledger.errors import CfundError

help_page.install()


def _lang(ctx: Any) -> str:
    root = ctx.find_root()
    return getattr(getattr(root, "obj", None), "lang", None) or root.params.get("lang") or LANG


#: Where a row problem's reason named its field: cut out in Chinese (see :func:`_row_line`).
_FIELD = "\x00"


def _row_line(problem: Any, lang: str) -> str:
    """``第 3 行，金额 列：reason``. The reason's field (the key the importer read, such as
    ``amount``) becomes the column's name in English; in Chinese the column is named already and
    the reason's own noun says the rest (``金额 无法识别：abc``), so the field is left out."""
    named = problem.names[lang == "en"] if problem.names else problem.column
    fields = render.shown_fields(problem.fields) | {"field": named if lang == "en" else _FIELD}
    reason = t(problem.key, lang, **fields).replace(f" {_FIELD}", "").replace(f"{_FIELD} ", "")
    return t("import_row", lang, row=problem.row, column=named, reason=reason.replace(_FIELD, ""))


def _as_typed(fields: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """A service names the input it refuses by its parameter (``amount``); on the command line
    that is the option ``--amount``, or the argument ``CODE``, as the help pages name them."""
    field = fields.get("field")
    if not isinstance(field, str) or not re.fullmatch(r"[a-z][a-z_]*", field):
        return fields
    option = "--" + field.replace("_", "-")
    return fields | {"field": option if option in _options(ctx.find_root().command) else field.upper()}


def _options(command: Any) -> set[str]:
    """Every option name of ``command`` and the commands under it."""
    names = {name for param in getattr(command, "params", ()) for name in getattr(param, "opts", ())}
    for sub in getattr(command, "commands", {}).values():
        names |= _options(sub)
    return names


def _refuse_usage(exc: UsageError, lang: str, where: str = "cfund") -> NoReturn:
    """Exit 2 on a usage error: one translated line, or, for a group given no command
    (``cfund``, ``cfund ledger``), that group's help as it is on ``--help``."""
    if isinstance(exc, NoArgsIsHelpError):
        sys.stderr.write(exc.ctx.get_help() + "\n")
    else:
        render.error(f"{t('error_prefix', lang)}{usage_message(exc, lang, where)}")
    raise typer.Exit(2)


class CfundGroup(TyperGroup):
    """Root group that turns cfund errors and interrupts into a clean line and exit code."""

    def make_context(self, info_name: Any, args: Any, parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as exc:
            _refuse_usage(exc, LANG)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a transaction the database refused to serialise (PostgreSQL 40001,
        40P01, or SQLite still locked after its busy timeout) wrote nothing, so the whole command
        is run again, up to a cap, before the user is told it is safe to run it again."""
        protected, rest = list(ctx._protected_args), list(ctx.args)
        unsafe = next((a for a in protected + rest if any(map(unsafe_char, a))), None)
        if unsafe is not None:  # refused before any command reads it, whatever the option
            lang = _lang(ctx)
            render.error(f"{t('error_prefix', lang)}{t('argument_unsafe', lang, value=render.shown(unsafe))}")
            raise typer.Exit(2)
        for attempt in range(1, retry.MAX_ATTEMPTS + 1):
            try:
                return self._invoke_once(ctx)
            except Exception as exc:
                if retry.sqlstate(exc) == retry.REFUSED:  # the database itself refused (roles in the database)
                    render.error(f"{t('error_prefix', _lang(ctx))}{t('db_permission', _lang(ctx))}")
                    raise typer.Exit(4) from None
                if not retry.retryable(exc):
                    raise
                if attempt == retry.MAX_ATTEMPTS:
                    render.error(f"{t('error_prefix', _lang(ctx))}{t('retry_exhausted', _lang(ctx), attempts=attempt)}")
                    raise typer.Exit(5) from None
                retry.pause(attempt)
                ctx._protected_args, ctx.args = list(protected), list(rest)
        return None

    def _invoke_once(self, ctx: Any) -> Any:
        tokens = [*ctx._protected_args, *ctx.args]
        try:
            with interrupt.recorded():
                return super().invoke(ctx)
        except UsageError as exc:
            _refuse_usage(exc, _lang(ctx), command_path(ctx, tokens))
        except CfundError as exc:
            lang = _lang(ctx)
            for problem in getattr(exc, "problems", ()):
                render.error(_row_line(problem, lang))
            message = t(exc.key, lang, **_as_typed(render.shown_fields(exc.fields), ctx))
            render.error(f"{t('error_prefix', lang)}{message} {t('nothing_changed', lang)}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            render.error(t("interrupted", _lang(ctx)))
            raise typer.Exit(130) from None
        except OSError as exc:  # a full disk, a file limit, a folder it may not write
            if exc.errno == errno.EPIPE:  # the reader went away (| head): click ends quietly
                raise
            path, reason = render.shown(str(exc.filename or "-"), render.PATH_SHOWN), exc.strerror or type(exc).__name__
            render.error(f"{t('error_prefix', _lang(ctx))}{t('os_error', _lang(ctx), path=path, reason=reason)}")
            raise typer.Exit(1) from None


def new_app(help_key: str | None = None, root: bool = False) -> typer.Typer:
    """A Typer app with cfund's defaults (no locals in tracebacks, no completion noise)."""
    return typer.Typer(
        cls=CfundGroup if root else None,
        help=h(help_key) if help_key else None,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
    )
