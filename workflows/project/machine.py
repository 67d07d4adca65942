"""One shared ``transitions`` Machine for every project, bound per command to a small plain
object (never to the SQLModel row), with ``auto_transitions=False`` so ``to_<stage>()`` does
not exist. It decides only whether a trigger may fire from a stage; roles, guards and money
are the services' work."""

from __future__ import annotations

import functools

from transitions import Machine, MachineError

from ledger.errors import InputError
from workflows.project.stages import NEW, table


class ProjectModel:
    """What the machine sees of a project: its stage, nothing else."""

    def __init__(self, stage: str) -> None:
        self.stage = stage


def _build() -> Machine:
    t = table()
    return Machine(
        model=None,
        states=[NEW, *t.codes],
        transitions=[{"trigger": tr.trigger, "source": list(tr.source), "dest": tr.dest} for tr in t.transitions],
        initial=NEW,
        auto_transitions=False,
        model_attribute="stage",
        ignore_invalid_triggers=False,
    )


MACHINE = _build()


def next_stage(stage: str, trigger: str) -> str:
    """The stage after firing ``trigger`` from ``stage``, or InputError if it cannot fire there."""
    if table().transition(trigger) is None:
        raise InputError("trigger_unknown", trigger=trigger)
    after = _fired(stage, trigger)
    if after is None:
        raise _not_allowed(trigger, stage)
    return after


@functools.cache
def _fired(stage: str, trigger: str) -> str | None:
    """What the machine does with ``trigger`` in ``stage`` (None: it may not fire there). The
    machine has no conditions, so each pair is asked once (binding a model costs ~50 µs)."""
    model = ProjectModel(stage)
    MACHINE.add_model(model, initial=stage)
    try:
        fired = getattr(model, trigger)()
    except MachineError:
        return None
    finally:
        MACHINE.remove_model(model)
    return model.stage if fired else None


def _not_allowed(trigger: str, stage: str) -> InputError:
    named = table().stage(stage) if stage in table().codes else None
    return InputError(
        "trigger_not_allowed",
        trigger=trigger,
        stage=stage,
        stage_zh=named.zh if named else stage,
        stage_en=named.en if named else stage,
    )
