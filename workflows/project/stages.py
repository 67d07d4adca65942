"""The transition table, loaded from ``fixtures/workflow.toml``: stages (zh, en, time limit) and
transitions (trigger, sources, destination, roles, guards). Everything else is derived from it:
the machine, the role checks, ``project actions`` and the mermaid diagram."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from ledger.data.fixtures import fixture_path

#: The pseudo-stage before a project exists; never stored.
NEW = "new"
#: Stages before the review's decision: a project's co-funding is held for it, not yet committed.
BEFORE_APPROVAL = ("ordered", "dispatched", "accepted", "applied")
#: Stages at which co-funding may be received against the plan.
TAKES_CONTRIBUTIONS = ("applied", "approved", "in_progress")
#: Stages at which nothing may stay committed to a project (released at evaluation or cancel).
SETTLED = ("evaluated", "disclosed", "rejected", "cancelled")
#: Stages a project ends at (the diagram's final states).
FINAL = ("disclosed", "rejected", "cancelled")


@dataclass(frozen=True)
class Stage:
    """A stage of a project: its code, its names, and the days it may last before it is late."""

    code: str
    zh: str
    en: str
    limit_days: int | None


@dataclass(frozen=True)
class Transition:
    """A trigger: its names, the stages it fires from and to, who may fire it and its guards."""

    trigger: str
    zh: str
    en: str
    source: tuple[str, ...]
    dest: str
    who: tuple[str, ...]
    guards: tuple[str, ...]


@dataclass(frozen=True)
class TransitionTable:
    """The stages of a project and the transitions between them, in the order of the file."""

    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]

    def stage(self, code: str) -> Stage:
        return next(s for s in self.stages if s.code == code)

    def transition(self, trigger: str) -> Transition | None:
        return next((t for t in self.transitions if t.trigger == trigger), None)

    def from_stage(self, stage: str) -> list[Transition]:
        """Transitions that may fire from ``stage``, in table order."""
        return [t for t in self.transitions if stage in t.source]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.stages)


@cache
def table() -> TransitionTable:
    data = tomllib.loads(fixture_path("workflow.toml").read_text(encoding="utf-8"))
    stages = tuple(Stage(s["code"], s["zh"], s["en"], s.get("limit_days")) for s in data["stage"])
    transitions = tuple(
        Transition(
            t["trigger"], t["zh"], t["en"], tuple(t["source"]), t["dest"], tuple(t["who"]), tuple(t.get("guards", ()))
        )
        for t in data["transition"]
    )
    return TransitionTable(stages, transitions)


def mermaid(lang: str = "zh") -> str:
    """The stage diagram as mermaid ``stateDiagram-v2``, generated from the table."""
    t = table()
    lines = ["stateDiagram-v2"]
    for stage in t.stages:
        lines.append(f"    {stage.code}: {stage.zh if lang == 'zh' else stage.en}")
    for tr in t.transitions:
        label = f"{tr.zh} {tr.trigger}" if lang == "zh" else tr.trigger
        for source in tr.source:
            lines.append(f"    {'[*]' if source == NEW else source} --> {tr.dest}: {label}")
    for end in FINAL:
        lines.append(f"    {end} --> [*]")
    return "\n".join(lines)
