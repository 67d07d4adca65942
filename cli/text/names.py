"""Codes a table shows by name, in the reader's language: entry kinds (``donation`` 捐赠),
workflow steps (``project_dispatch`` 派单) and account types (``asset`` 资产). CSV and JSON
keep the codes."""

from __future__ import annotations

from typing import Any

from cli.text.messages import MESSAGES, t


def kind_name(code: Any, lang: str) -> Any:
    """An entry kind or a logged project step by name; an unknown code as it is."""
    if not isinstance(code, str):
        return code
    if code.startswith("project_"):
        from workflows.project.stages import table

        step = table().transition(code.removeprefix("project_"))
        return code if step is None else (step.en if lang == "en" else step.zh)
    return _named("kind", code, lang)


def type_name(code: Any, lang: str) -> Any:
    """An account type by name; an unknown code as it is."""
    return _named("type", code, lang) if isinstance(code, str) else code


def _named(prefix: str, code: str, lang: str) -> str:
    key = f"{prefix}_{code}"
    return t(key, lang) if key in MESSAGES else code
