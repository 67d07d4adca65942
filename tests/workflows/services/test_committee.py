"""规范化评审 by committee, on SQLite and PostgreSQL: each member votes once a round; the outcome
fires when the quorum has voted and one outcome has its majority (a tie waits); a reviewer of
the applicant's organisation is refused, the rule named; a returned application's members vote
again; members voting at once fire the decision once; a committee larger than one refuses a
lone decision, and a committee of one is the single-reviewer flow."""

from __future__ import annotations

from fractions import Fraction
from functools import partial
from typing import Any

import pytest

from ledger.errors import Conflict, InputError, PermissionDenied
from ledger.services import setup
from ledger.storage.reader import reading
from ledger.storage.uow import UnitOfWork
from tests.conftest import BookHandle
from tests.helpers.cli import ME, cfund
from tests.helpers.race import attempt, run_race
from tests.workflows.conftest import call, to_stage
from workflows.project import committee as rules
from workflows.project.committee import Committee, decision
from workflows.reports.projects import history
from workflows.services import committee, intake, review

THREE = {"size": 3, "quorum": 2, "majority": "1/2"}


@pytest.fixture
def seated(wf: BookHandle, monkeypatch: pytest.MonkeyPatch) -> BookHandle:
    """The workflow book with a committee of three (quorum two): rev, rho and ria."""
    monkeypatch.setattr(rules, "_table", lambda: THREE)
    for name in ("rho", "ria"):
        setup.add_user(wf.uow, "admin", name=name, roles=["reviewer"], credential=ME)
    return wf


def stage(book: BookHandle, n: int) -> str:
    with reading(book.location, book.code) as r:
        return str(r.rows("SELECT stage FROM projects WHERE book_id = :book AND seq = :n", n=n)[0][0])


def vote(book: BookHandle, who: str, n: int, choice: str, note: str | None = "理由") -> committee.Voted:
    return call(book, committee.vote, who, project=n, decision_=choice, note=note)


def test_the_quorums_majority_fires_the_approval_and_the_votes_are_in_the_history(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    first = vote(seated, "rev", n, "approve")
    assert first.decided is None and stage(seated, n) == "applied"
    second = vote(seated, "rho", n, "approve")
    assert second.decided is not None and second.decided.entry is not None and stage(seated, n) == "approved"
    with reading(seated.location, seated.code) as r:
        steps = [(e["trigger"], e["actor"]) for e in history(r, n)][-3:]
    assert steps == [("vote_approve", "rev"), ("vote_approve", "rho"), ("approve", "rho")]


def test_a_tie_waits_for_the_next_vote(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    vote(seated, "rev", n, "approve")
    assert vote(seated, "rho", n, "reject").decided is None and stage(seated, n) == "applied"
    done = vote(seated, "ria", n, "reject")
    assert done.tally == {"approve": 1, "reject": 2, "return": 0} and stage(seated, n) == "rejected"


def test_a_reviewer_of_the_applicant_organisation_must_recuse(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    for choice in ("approve", "return"):
        with pytest.raises(PermissionDenied, match="guard_reviewer_independent"):
            vote(seated, "rex", n, choice)
    with reading(seated.location, seated.code) as r:
        assert not [e for e in history(r, n) if e["trigger"].startswith("vote_")]


def test_one_vote_a_round_and_a_returned_application_is_voted_on_again(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    vote(seated, "rev", n, "return")
    with pytest.raises(Conflict, match="vote_cast"):
        vote(seated, "rev", n, "approve")
    vote(seated, "rho", n, "return")
    assert stage(seated, n) == "accepted"
    call(seated, intake.apply, "olga", project=n, fund="community", purpose="community_service", amount="100.00")
    vote(seated, "rev", n, "approve")  # a new round
    assert vote(seated, "rho", n, "approve").decided is not None and stage(seated, n) == "approved"


def test_what_is_not_a_vote_is_refused_and_writes_nothing(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    with pytest.raises(PermissionDenied, match="role_refused"):
        vote(seated, "tina", n, "approve")
    with pytest.raises(InputError):
        vote(seated, "rev", n, "reject", note=None)  # a rejection says why
    with pytest.raises(InputError, match="kind_invalid"):
        vote(seated, "rev", n, "abstain")
    with pytest.raises(PermissionDenied, match="committee_votes"):
        call(seated, review.approve, "rev", project=n)  # no lone decision in a committee of three
    with reading(seated.location, seated.code) as r:
        assert not [e for e in history(r, n) if e["trigger"].startswith("vote_")]


def _voter(store: Any, code: str, n: int) -> list[str]:
    work = partial(UnitOfWork, store, code)
    who = ("rev", "rho", "ria")[n]
    return [attempt(lambda: committee.vote(work, who, project=1, decision_="approve"))]


def test_members_voting_at_once_fire_the_approval_once(seated: BookHandle) -> None:
    assert to_stage(seated, "applied") == 1
    outcomes = run_race(seated, _voter, 3)
    assert outcomes.count("ok") == 2 and len(outcomes) == 3, outcomes  # the third finds it decided
    with reading(seated.location, seated.code) as r:
        kinds = [k for (k,) in r.rows("SELECT kind FROM entries WHERE book_id = :book AND kind = 'commitment'")]
        events = [e["trigger"] for e in history(r, 1)]
    assert kinds == ["commitment"] and events.count("approve") == 1 and events.count("vote_approve") == 2


def test_the_cli_votes_and_says_where_the_round_stands(seated: BookHandle) -> None:
    n = to_stage(seated, "applied")
    first = cfund(seated, "project", "vote", str(n), "--approve", user="rev")
    assert first.exit_code == 0 and "approve 1" in first.stderr and "no decision" in first.stdout
    both = cfund(seated, "project", "vote", str(n), "--approve", "--reject", "--note", "x", user="rho")
    assert both.exit_code == 2 and len(both.stderr.strip().splitlines()) == 1
    second = cfund(seated, "project", "vote", str(n), "--approve", user="rho")
    assert second.exit_code == 0 and stage(seated, n) == "approved"


def test_the_file_gives_each_book_its_committee() -> None:
    assert rules.committee_for("longmatan") == Committee(3, 2, Fraction(1, 2))
    assert rules.committee_for("any-other-book").of_one


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        ((), None),
        (("approve",), None),  # below the quorum
        (("approve", "reject"), None),  # a tie
        (("approve", "approve"), "approve"),
        (("approve", "reject", "reject"), "reject"),
        (("approve", "reject", "return"), None),  # a three-way tie
    ],
)
def test_a_round_decides_at_the_quorum_with_a_majority(votes: tuple[str, ...], outcome: str | None) -> None:
    assert decision(Committee(3, 2, Fraction(1, 2)), votes) == outcome
    assert decision(Committee(1, 1, Fraction(1, 2)), votes[:1]) == (votes[0] if votes else None)


def test_the_disclosure_pack_counts_each_projects_votes(seated: BookHandle) -> None:
    from ledger.domain.periods import parse_period
    from workflows.disclosure.figures import figures

    n = to_stage(seated, "applied")
    vote(seated, "rev", n, "approve")
    vote(seated, "rho", n, "return")
    vote(seated, "ria", n, "approve")
    with reading(seated.location, seated.code) as r:
        shown = next(p for p in figures(r, parse_period(str(r.now.year)))["projects"] if p["project"] == n)
    assert (shown["votes_approve"], shown["votes_reject"], shown["votes_return"]) == (2, 0, 1)
