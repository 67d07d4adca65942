"""Codes a table shows by name, in the reader's language: entry kinds (``donation`` 捐赠) and
workflow steps (``project_dispatch`` 派单). CSV and JSON keep the codes."""

from __future__ import annotations

from typing import Any

from ledger.messages import MESSAGES, t


def kind_name(code: Any, lang: str) -> Any:
    """An entry kind or a logged project step by name; an unknown code as it is."""
    if not isinstance(code, str):
        return code
    if code.startswith("project_"):
        from workflows.table import table

        step = table().transition(code.removeprefix("project_"))
        return code if step is None else (step.en if lang == "en" else step.zh)
    return t(f"kind_{code}", lang) if f"kind_{code}" in MESSAGES else code
