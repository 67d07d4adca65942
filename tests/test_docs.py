"""The README stays true to the code: its stage diagram, command groups and set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

from workflows.project.stages import mermaid

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_diagram_is_the_one_generated_from_the_table() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)\n```", README, flags=re.S)
    assert blocks == [mermaid("zh")], "README's diagram is stale: paste the output of `cfund project diagram`"


def test_every_command_group_has_a_section() -> None:
    from cli.main import app

    groups = {g.name for g in app.registered_groups} | {c.name for c in app.registered_commands}
    for name in groups:
        assert f"`{name}`" in README, f"README has no section mentioning `{name}`"


def test_the_quick_start_has_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make demo" in quick and "make test" in quick
