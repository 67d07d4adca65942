"""``cfund project`` write commands: one service call each, then a one-line result."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli import options as o
from cli import render
from cli.context import Settings, settings
from cli.group import new_app
from cli.text.help import h
from cli.text.messages import t
from workflows.project.stages import table

Note = Annotated[str | None, typer.Option("--note", help=h("opt.note"))]
Reason = Annotated[str, typer.Option("--reason", help=h("opt.reason"))]


def _stage(code: str | None, lang: str) -> str:
    if code is None:
        return "-"
    stage = table().stage(code)
    return stage.en if lang == "en" else stage.zh


def _done(s: Settings, fired: Any, fmt: str | None) -> None:
    fields = {
        "project": fired.project,
        "from_stage": _stage(fired.from_stage, s.lang),
        "to_stage": _stage(fired.to_stage, s.lang),
        "entry": fired.entry,
    }
    key = "already_recorded" if fired.already else ("project_fired_entry" if fired.entry else "project_fired")
    data = {
        "project": fired.project,
        "trigger": fired.trigger,
        "from": fired.from_stage,
        "to": fired.to_stage,
        "entry": fired.entry,
        "already": fired.already,
    }
    render.result(t(key, s.lang, **fields), fmt, data)


def _run(ctx: typer.Context, service: Any, fmt: str | None, **kwargs: Any) -> None:
    s = settings(ctx)
    fired = service(s.uow, s.actor, **kwargs)
    _done(s, fired, fmt)


def order(
    ctx: typer.Context,
    compound: Annotated[str, typer.Option("--compound", help=h("opt.compound"))],
    title: Annotated[str, typer.Option("--title", help=h("opt.title"))],
    need: Annotated[str, typer.Option("--need", help=h("opt.need"))],
    resident: Annotated[str | None, typer.Option("--resident", help=h("opt.resident"))] = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services import intake

    _run(ctx, intake.order, fmt, compound=compound, title=title, need=need, resident=resident)


def dispatch(
    ctx: typer.Context,
    project: o.Project,
    organisation: Annotated[str, typer.Option("--organisation", help=h("opt.organisation"))],
    note: Note = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services import intake

    _run(ctx, intake.dispatch, fmt, project=project, organisation=organisation, note=note)


def accept(ctx: typer.Context, project: o.Project, note: Note = None, fmt: o.Format = None) -> None:
    from workflows.services import intake

    _run(ctx, intake.accept, fmt, project=project, note=note)


def decline(ctx: typer.Context, project: o.Project, reason: Reason, fmt: o.Format = None) -> None:
    from workflows.services import intake

    _run(ctx, intake.decline, fmt, project=project, reason=reason)


Plan = Annotated[str | None, typer.Option(help=h("opt.plan"))]


def apply(
    ctx: typer.Context,
    project: o.Project,
    fund: o.Fund,
    purpose: Annotated[str, typer.Option("--purpose", help=h("opt.purpose"))],
    amount: o.Amount,
    plan_company: Plan = None,
    plan_residents: Plan = None,
    plan_social: Plan = None,
    note: Note = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services import intake

    plan = {"company": plan_company, "residents": plan_residents, "social": plan_social}
    _run(ctx, intake.apply, fmt, project=project, fund=fund, purpose=purpose, amount=amount, plan=plan, note=note)


def return_(
    ctx: typer.Context,
    project: o.Project,
    note: Annotated[str, typer.Option("--note", help=h("opt.note"))],
    fmt: o.Format = None,
) -> None:
    from workflows.services import review

    _run(ctx, review.return_, fmt, project=project, note=note)


def reject(
    ctx: typer.Context,
    project: o.Project,
    note: Annotated[str, typer.Option("--note", help=h("opt.note"))],
    fmt: o.Format = None,
) -> None:
    from workflows.services import review

    _run(ctx, review.reject, fmt, project=project, note=note)


def approve(
    ctx: typer.Context,
    project: o.Project,
    amount: Annotated[str | None, typer.Option("--amount", help=h("opt.amount"))] = None,
    note: Note = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services import review

    _run(ctx, review.approve, fmt, project=project, amount=amount, note=note)


def cancel(ctx: typer.Context, project: o.Project, reason: Reason, fmt: o.Format = None) -> None:
    from workflows.services import review

    _run(ctx, review.cancel, fmt, project=project, reason=reason)


def disburse(
    ctx: typer.Context, project: o.Project, amount: o.Amount, key: o.Key = None, note: Note = None, fmt: o.Format = None
) -> None:
    from workflows.services import delivery

    _run(ctx, delivery.disburse, fmt, project=project, amount=amount, key=key, note=note)


def reverse_tranche(
    ctx: typer.Context,
    project: o.Project,
    entry: Annotated[int, typer.Option("--entry", help=h("arg.entry"), parser=o.whole("--entry"))],
    reason: Reason,
    fmt: o.Format = None,
) -> None:
    from workflows.services import delivery

    _run(ctx, delivery.reverse_tranche, fmt, project=project, entry=entry, reason=reason)


def complete(ctx: typer.Context, project: o.Project, note: Note = None, fmt: o.Format = None) -> None:
    from workflows.services import delivery

    _run(ctx, delivery.complete, fmt, project=project, note=note)


def evaluate(
    ctx: typer.Context,
    project: o.Project,
    score: Annotated[int, typer.Option("--score", help=h("opt.score"), parser=o.whole("--score"))],
    summary: Annotated[str, typer.Option("--summary", help=h("opt.summary"))],
    fmt: o.Format = None,
) -> None:
    from workflows.services import delivery

    _run(ctx, delivery.evaluate, fmt, project=project, score=score, summary=summary)


def disclose(ctx: typer.Context, project: o.Project, fmt: o.Format = None) -> None:
    from workflows.services import delivery

    s = settings(ctx)
    done = delivery.disclose(s.uow, s.actor, project=project)
    render.result(
        t("project_disclosed", s.lang, project=project, digest=done.digest),
        fmt,
        {"project": project, "trigger": "disclose", "to": done.fired.to_stage, "digest": done.digest},
    )


def contribute(
    ctx: typer.Context,
    project: o.Project,
    party: Annotated[str, typer.Option("--party", help=h("opt.donor"))],
    share: Annotated[str, typer.Option("--share", help=h("opt.share"))],
    amount: o.Amount,
    date: o.Date = None,
    key: o.Key = None,
    fmt: o.Format = None,
) -> None:
    from workflows.services import cofunding

    s = settings(ctx)
    fired = cofunding.contribute(
        s.uow, s.actor, project=project, party=party, share=share, amount=amount, date=date, key=key
    )
    render.result(
        t("contribution_recorded", s.lang, project=project, entry=fired.entry),
        fmt,
        {"project": project, "entry": fired.entry},
    )


WRITES: dict[str, Any] = {
    "order": order,
    "dispatch": dispatch,
    "accept": accept,
    "decline": decline,
    "apply": apply,
    "return": return_,
    "reject": reject,
    "approve": approve,
    "disburse": disburse,
    "reverse-tranche": reverse_tranche,
    "complete": complete,
    "evaluate": evaluate,
    "disclose": disclose,
    "cancel": cancel,
    "contribute": contribute,
}


def register(app: typer.Typer) -> None:
    from cli.commands import project_paper as paper
    from cli.commands import project_view as view

    sub = new_app("project")
    for verb, func in {**WRITES, **paper.WRITES, **view.READS}.items():
        sub.command(verb, help=h(f"project.{verb}"))(func)
    app.add_typer(sub, name="project")
