"""Who may fire a trigger: the roles in the transition table, then the separation-of-duties
guards it names, over the acting user and the project as values. A refusal names the rule and
exits 4 (PermissionDenied)."""

from __future__ import annotations

from collections.abc import Callable

from ledger.errors import PermissionDenied
from workflows.project.stages import Transition
from workflows.project.state import Actor, ProjectState

Guard = Callable[[Actor, frozenset[str], ProjectState], bool]


def _assigned_organisation(user: Actor, roles: frozenset[str], project: ProjectState) -> bool:
    """Only the organisation the project was dispatched to may accept, decline, apply, complete."""
    return project.organisation_id is not None and user.organisation_id == project.organisation_id


def _reviewer_independent(user: Actor, roles: frozenset[str], project: ProjectState) -> bool:
    """The reviewer may not belong to the applicant organisation."""
    return user.organisation_id is None or user.organisation_id != project.organisation_id


def _evaluator_independent(user: Actor, roles: frozenset[str], project: ProjectState) -> bool:
    """The evaluator is independent of the applicant organisation and of the approving reviewer."""
    if user.organisation_id is not None and user.organisation_id == project.organisation_id:
        return False
    if project.reviewer_id is None:
        return True
    if user.id == project.reviewer_id:
        return False
    reviewer = project.reviewer_organisation_id
    return not (reviewer and reviewer == user.organisation_id)


def _opener_or_reviewer(user: Actor, roles: frozenset[str], project: ProjectState) -> bool:
    """A project is cancelled by whoever opened it (or the resident who ordered it), or a reviewer."""
    return user.id in (project.opened_by, project.resident_id) or "reviewer" in roles


GUARDS: dict[str, Guard] = {
    "assigned_organisation": _assigned_organisation,
    "reviewer_independent": _reviewer_independent,
    "evaluator_independent": _evaluator_independent,
    "opener_or_reviewer": _opener_or_reviewer,
}


def check(user: Actor, roles: frozenset[str], transition: Transition, project: ProjectState | None) -> None:
    """Refuse unless ``user``, holding ``roles``, has a role of the transition and passes its
    guards (on ``project``; a project not yet made has none to pass)."""
    if not roles.intersection(transition.who):
        raise PermissionDenied(
            "role_refused",
            user=user.name,
            action=f"project {transition.trigger}",
            roles=", ".join(transition.who),
            held=", ".join(sorted(roles)) or "-",
        )
    for name in transition.guards:
        if project is not None and not GUARDS[name](user, roles, project):
            raise PermissionDenied(f"guard_{name}", user=user.name, project=project.seq)
