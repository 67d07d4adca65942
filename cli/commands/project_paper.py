"""``cfund project vote``, ``report`` and ``correct``: the committee's votes, the projects'
progress and completion reports, and corrections of what was disclosed. One service call each,
then a one-line result."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import options as o
from cli import render
from cli.commands.project import Note, _done
from cli.context import settings
from cli.text.help import h
from cli.text.messages import t


def vote(
    ctx: typer.Context,
    project: o.Project,
    approve_: Annotated[bool, typer.Option("--approve", help=h("opt.vote_approve"))] = False,
    reject_: Annotated[bool, typer.Option("--reject", help=h("opt.vote_reject"))] = False,
    return_: Annotated[bool, typer.Option("--return", help=h("opt.vote_return"))] = False,
    note: Note = None,
    fmt: o.Format = None,
) -> None:
    from ledger.errors import InputError
    from workflows.services import committee

    chosen = [name for name, on in (("approve", approve_), ("reject", reject_), ("return", return_)) if on]
    if len(chosen) != 1:
        raise InputError("options_exclusive", options="--approve, --reject, --return")
    s = settings(ctx)
    voted = committee.vote(s.uow, s.actor, project=project, decision_=chosen[0], note=note)
    tally = ", ".join(f"{t(f'vote.{k}', s.lang)} {n}" for k, n in voted.tally.items())
    render.note(t("vote_recorded", s.lang, project=project, tally=tally, quorum=voted.quorum))
    if voted.decided is not None:
        _done(s, voted.decided, fmt)
    else:
        data = {"project": project, "vote": voted.vote, "tally": voted.tally, "decided": False}
        render.result(t("vote_pending", s.lang, project=project), fmt, data)


def correct(
    ctx: typer.Context,
    project: o.Project,
    note: Annotated[str, typer.Option("--note", help=h("opt.correction_note"))],
    summary: Annotated[str | None, typer.Option("--summary", help=h("opt.corrected_summary"))] = None,
    score: Annotated[int | None, typer.Option("--score", help=h("opt.corrected_score"))] = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services.corrections import correct as service

    s = settings(ctx)
    done = service(s.uow, s.actor, project=project, note=note, summary=summary, score=score)
    data = {"project": project, "digest": done.digest}
    render.result(t("disclosure_corrected", s.lang, project=project, digest=done.digest), fmt, data)


def report(
    ctx: typer.Context,
    project: o.Project,
    kind: Annotated[str, typer.Option("--kind", help=h("opt.report_kind"))],
    summary: Annotated[str, typer.Option("--summary", help=h("opt.report_summary"))],
    fmt: o.Format = None,
) -> None:
    from ledger.domain.money import format_amount
    from workflows.services.progress import report as service

    s = settings(ctx)
    done = service(s.uow, s.actor, project=project, kind=kind, summary=summary)
    shown = {"used": format_amount(done.used), "leftover": format_amount(done.leftover)}
    data = {"project": project, "kind": kind, "used": done.used, "leftover": done.leftover}
    render.result(t(f"report_{kind}_recorded", s.lang, project=project, **shown), fmt, data)


WRITES = {"vote": vote, "report": report, "correct": correct}
