"""The transition table: exactly DESIGN.md's workflow, enforced stage by stage and role by role."""

from __future__ import annotations

import pytest

from ledger.domain.codes import ROLES
from ledger.errors import InputError, PermissionDenied
from ledger.services import setup
from tests.conftest import BookHandle
from tests.helpers.cli import ME
from tests.workflows.conftest import to_stage
from workflows.project import guards
from workflows.project.machine import MACHINE, ProjectModel, next_stage
from workflows.project.stages import NEW, table
from workflows.storage.repository import project_by_seq

OPEN = ("ordered", "dispatched", "accepted", "applied", "approved")
#: DESIGN.md's table: trigger -> (from stages, to stage, roles)
EXPECTED = {
    "order": ({NEW}, "ordered", {"resident", "community"}),
    "dispatch": ({"ordered"}, "dispatched", {"community"}),
    "accept": ({"dispatched"}, "accepted", {"organisation"}),
    "decline": ({"dispatched"}, "ordered", {"organisation"}),
    "apply": ({"accepted"}, "applied", {"organisation"}),
    "return": ({"applied"}, "accepted", {"reviewer"}),
    "reject": ({"applied"}, "rejected", {"reviewer"}),
    "approve": ({"applied"}, "approved", {"reviewer"}),
    "disburse": ({"approved", "in_progress"}, "in_progress", {"treasurer"}),
    "complete": ({"in_progress"}, "completed", {"organisation"}),
    "evaluate": ({"completed"}, "evaluated", {"evaluator"}),
    "disclose": ({"evaluated"}, "disclosed", {"reviewer"}),
    "cancel": (set(OPEN), "cancelled", {"resident", "community", "reviewer"}),
}
STAGES = (NEW, *table().codes)


def test_the_table_is_exactly_the_design() -> None:
    actual = {t.trigger: (set(t.source), t.dest, set(t.who)) for t in table().transitions}
    assert actual == EXPECTED
    assert {s.code for s in table().stages} == {
        "ordered",
        "dispatched",
        "accepted",
        "applied",
        "approved",
        "in_progress",
        "completed",
        "evaluated",
        "disclosed",
        "rejected",
        "cancelled",
    }


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("trigger", sorted(EXPECTED))
def test_the_machine_fires_a_trigger_only_from_its_stages(stage: str, trigger: str) -> None:
    sources, dest, _ = EXPECTED[trigger]
    if stage in sources:
        assert next_stage(stage, trigger) == dest
    else:
        with pytest.raises(InputError) as err:
            next_stage(stage, trigger)
        assert err.value.key == "trigger_not_allowed"


def test_there_is_no_to_stage_shortcut() -> None:
    model = ProjectModel("ordered")
    MACHINE.add_model(model, initial="ordered")
    try:
        assert not any(hasattr(model, f"to_{s}") for s in STAGES)
        assert model.stage == "ordered"
    finally:
        MACHINE.remove_model(model)


def test_every_role_against_every_trigger(book: BookHandle) -> None:
    for role in ROLES:
        org = "swc" if role == "organisation" else None  # an organisation user acts for one
        setup.add_user(book.uow, "admin", name=f"only-{role}", roles=[role], organisation=org, credential=ME)
    with book.uow() as uow:
        for role in ROLES:
            person = uow.refs.user(f"only-{role}")
            for transition in table().transitions:
                if role in EXPECTED[transition.trigger][2]:
                    guards.check(person, uow.refs.roles(person.id or 0), transition, None)
                else:
                    with pytest.raises(PermissionDenied):
                        guards.check(person, uow.refs.roles(person.id or 0), transition, None)


@pytest.mark.parametrize(
    "stage",
    ["ordered", "dispatched", "accepted", "applied", "approved", "in_progress", "completed", "evaluated", "disclosed"],
)
def test_a_reload_in_a_new_session_gives_the_stored_stage(wf: BookHandle, stage: str) -> None:
    n = to_stage(wf, stage)
    with wf.uow() as uow:
        assert project_by_seq(uow, n).stage == stage
