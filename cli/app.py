"""The root command group: global options, and the one place errors become exit codes.

Expected errors (:class:`ledger.errors.CfundError`) print one translated line on stderr with
"nothing was changed" and exit with their code; Ctrl-C exits 130. Anything else is a bug and
shows a traceback without local variables.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from cli import render
from cli.help import LANG, h
from ledger.errors import CfundError
from ledger.messages import t


def _lang(ctx: Any) -> str:
    obj = getattr(ctx.find_root(), "obj", None)
    return getattr(obj, "lang", LANG)


class CfundGroup(TyperGroup):
    """Root group that turns cfund errors and interrupts into a clean line and exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CfundError as exc:
            lang = _lang(ctx)
            render.error(f"{t('error_prefix', lang)}{t(exc.key, lang, **exc.fields)} {t('nothing_changed', lang)}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            render.error(t("interrupted", _lang(ctx)))
            raise typer.Exit(130) from None


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
