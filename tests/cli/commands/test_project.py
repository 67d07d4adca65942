"""The micro-project workflow as people type it: ``cfund project ...`` in-process, and installed."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import ROOT
from tests.helpers.cli import ME, Cli, copy_database
from tests.helpers.cli import cfund as command_line

WORKFLOW = tomllib.loads((ROOT / "fixtures" / "workflow.toml").read_text(encoding="utf-8"))
STAGES = [s["code"] for s in WORKFLOW["stage"]]
TRIGGERS = [t["trigger"] for t in WORKFLOW["transition"]]
NOTHING = {"zh": "未做任何更改。", "en": "Nothing was changed."}
PLAN = ("--plan-company", "100", "--plan-residents", "100", "--plan-social", "100")
APPLY = ("--fund", "community", "--purpose", "community_service", "--amount", "300", *PLAN)
#: The usual hands for each trigger, and what they type after the project number.
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("dispatch", "cathy", ("--organisation", "swc")),
    ("accept", "olga", ()),
    ("apply", "olga", APPLY),
    ("approve", "rev", ("--amount", "250")),
    ("disburse", "tina", ("--amount", "100")),
    ("complete", "olga", ()),
    ("evaluate", "eva", ("--score", "5", "--summary", "路灯亮了，居民满意")),
    ("disclose", "rev", ()),
)


def cfund(db: Path, *args: str, lang: str = "zh") -> Result:
    return command_line(db, *args, lang=lang)


def ok(db: Path, *args: str, lang: str = "zh") -> Result:
    result = cfund(db, *args, lang=lang)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def rows(result: Result) -> list[dict[str, str]]:
    return rows_of(result.stdout)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def db(cli: Cli, project_book: Path) -> Path:
    """A book with the workflow's people, organisation swc, donor gas, compound c01, 1,000.00 in community."""
    return cli.copy(project_book, "project.db")


@pytest.fixture(scope="module")
def project_book(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The book of :func:`db`, set up through the CLI once for the module."""
    path = copy_database(sqlite_template, tmp_path_factory.mktemp("project") / "project.db")
    ok(path, "init", "--admin", "admin")
    ok(path, "--as", "admin", "user", "add", "tina", "--role", "treasurer", "--os-user", ME.name)
    ok(path, "--as", "tina", "party", "add", "swc", "--name", "鱼塘社工服务中心", "--kind", "organisation")
    ok(path, "--as", "tina", "party", "add", "gas", "--name", "华润兴泸燃气", "--kind", "donor")
    ok(path, "--as", "tina", "compound", "add", "c01", "--name", "鱼塘小区")
    for name, role in (("cathy", "community"), ("rita", "resident"), ("rev", "reviewer"), ("eva", "evaluator")):
        ok(path, "--as", "admin", "user", "add", name, "--role", role, "--os-user", ME.name)
    ok(
        path,
        "--as",
        "admin",
        "user",
        "add",
        "olga",
        "--role",
        "organisation",
        "--organisation",
        "swc",
        "--os-user",
        ME.name,
    )
    ok(path, "--as", "tina", "ledger", "donate", "--donor", "gas", "--amount", "1000", "--fund", "community")
    return path


def order(db: Path, title: str = "修路灯", who: str = "rita") -> int:
    what = ("--compound", "c01", "--title", title, "--need", "3栋路灯不亮", "--format", "json")
    out = ok(db, "--as", who, "project", "order", *what)
    return int(json.loads(out.stdout)["project"])


def advance(db: Path, n: int, through: str, hands: dict[str, str] | None = None) -> None:
    """Fire the usual steps on project ``n`` up to and including trigger ``through``."""
    for trigger, who, extra in STEPS:
        ok(db, "--as", (hands or {}).get(trigger, who), "project", trigger, str(n), *extra)
        if trigger == through:
            return
    raise AssertionError(through)


def state(db: Path) -> tuple[str, ...]:
    """Everything a refused command must leave alone: the journal, the projects, their histories."""
    listed = cfund(db, "project", "list", "--format", "csv").stdout
    histories = [cfund(db, "project", "history", r["project"], "--format", "csv").stdout for r in rows_of(listed)]
    return (cfund(db, "ledger", "journal", "--format", "csv").stdout, listed, *histories)


def refused(db: Path, code: int, *args: str, lang: str = "zh") -> str:
    """Run a command that must fail with ``code``, one line on stderr, and nothing changed."""
    before = state(db)
    result = cfund(db, *args, lang=lang)
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(NOTHING[lang]), result.stderr
    assert state(db) == before
    return lines[0]


def show(db: Path, n: int, viewer: str = "cathy") -> dict[str, str]:
    """``project show`` as CSV: field -> value (plan lines are ``plan.<share>`` = ``planned / received``)."""
    return {r["field"]: r["value"] for r in rows(ok(db, "--as", viewer, "project", "show", str(n), "--format", "csv"))}


def full_walk(db: Path) -> int:
    """Order to disclosure, with co-funding received against the plan after the application."""
    n = order(db)
    assert n == 1
    ok(db, "--as", "cathy", "project", "dispatch", "1", "--organisation", "swc")
    ok(db, "--as", "olga", "project", "accept", "1")
    ok(db, "--as", "olga", "project", "apply", "1", *APPLY)
    ok(db, "--as", "tina", "project", "contribute", "1", "--party", "gas", "--share", "social", "--amount", "50")
    ok(db, "--as", "rev", "project", "approve", "1", "--amount", "250")
    ok(db, "--as", "tina", "project", "disburse", "1", "--amount", "100")
    ok(db, "--as", "olga", "project", "complete", "1")
    ok(db, "--as", "eva", "project", "evaluate", "1", "--score", "5", "--summary", "路灯亮了，居民满意")
    ok(db, "--as", "rev", "project", "disclose", "1")
    return n


def test_the_full_walk_from_order_to_disclosure(db: Path) -> None:
    n = full_walk(db)
    history = rows(ok(db, "project", "history", str(n), "--format", "csv"))
    assert [(h["trigger"], h["actor"], h["entry"]) for h in history] == [
        ("order", "rita", ""),
        ("dispatch", "cathy", ""),
        ("accept", "olga", ""),
        ("apply", "olga", ""),
        ("approve", "rev", "3"),  # entry 1 is the donation, 2 the co-funding
        ("disburse", "tina", "4"),
        ("complete", "olga", ""),
        ("evaluate", "eva", "5"),
        ("disclose", "rev", ""),
    ]
    assert [h["to"] for h in history] == STAGES[:9]
    assert [h["from"] for h in history] == ["", *STAGES[:8]]
    figures = show(db, n)
    assert (figures["stage"], figures["approved"], figures["paid"], figures["released"], figures["open"]) == (
        "disclosed",
        "250.00",
        "100.00",
        "150.00",
        "0.00",
    )
    assert figures["plan.social"] == "100.00 / 50.00" and figures["plan.company"] == "100.00 / 0.00"
    funds = {f["fund"]: f for f in json.loads(ok(db, "ledger", "funds", "--format", "json").stdout)}
    assert funds["community"]["balance"] == "950.00"  # 1000 + 50 co-funding - 100 paid
    assert funds["community"]["committed"] == "0.00" and funds["community"]["available"] == "950.00"
    kinds = [(r["entry"], r["kind"]) for r in rows(ok(db, "ledger", "journal", "--format", "csv"))]
    assert sorted(set(kinds), key=lambda k: int(k[0])) == [
        ("1", "donation"),
        ("2", "donation"),
        ("3", "commitment"),
        ("4", "disbursement"),
        ("5", "release"),
    ]


def test_show_as_json_after_the_walk(db: Path) -> None:
    """The nested co-funding plan is JSON too, its amounts strings (it once crashed on Decimal)."""
    n = full_walk(db)
    result = ok(db, "--as", "cathy", "project", "show", str(n), "--format", "json")
    data = json.loads(result.stdout)
    assert (data["approved"], data["paid"], data["released"], data["open"]) == ("250.00", "100.00", "150.00", "0.00")
    assert {p["share"]: (p["planned"], p["received"]) for p in data["plan"]} == {
        "company": ("100.00", "0.00"),
        "residents": ("100.00", "0.00"),
        "social": ("100.00", "50.00"),
    }


def test_show_as_json_without_a_plan_has_amounts_as_strings(db: Path) -> None:
    n = order(db)
    advance(db, n, "accept")
    budget = ("--fund", "community", "--purpose", "community_service", "--amount", "80")
    ok(db, "--as", "olga", "project", "apply", str(n), *budget)
    ok(db, "--as", "rev", "project", "approve", str(n))
    data = json.loads(ok(db, "--as", "cathy", "project", "show", str(n), "--format", "json").stdout)
    assert (data["stage"], data["requested"], data["approved"], data["open"]) == ("approved", "80.00", "80.00", "80.00")
    assert data["plan"] == [] and [a["trigger"] for a in data["actions"]] == ["disburse", "cancel"]


def test_a_tranche_beyond_the_approval_exits_2_and_writes_nothing(db: Path) -> None:
    n = order(db)
    advance(db, n, "disburse")  # approved 250.00, paid 100.00
    journal = rows(ok(db, "ledger", "journal", "--format", "csv"))
    line = refused(db, 2, "--as", "tina", "project", "disburse", str(n), "--amount", "200")
    assert "项目 #1 批准 250.00，已拨 100.00，再拨 200.00 将超出批准金额。" in line
    assert rows(ok(db, "ledger", "journal", "--format", "csv")) == journal
    ok(db, "--as", "tina", "project", "disburse", str(n), "--amount", "150")  # exactly the rest is fine
    refused(db, 2, "--as", "tina", "project", "disburse", str(n), "--amount", "0.01")
    assert show(db, n)["paid"] == "250.00" and show(db, n)["open"] == "0.00"


def test_roles_and_separation_of_duties_refuse_with_exit_4(db: Path) -> None:
    ok(db, "--as", "tina", "party", "add", "repairs", "--name", "邻里维修队", "--kind", "organisation")
    ok(
        db,
        "--as",
        "admin",
        "user",
        "add",
        "oscar",
        "--role",
        "organisation",
        "--organisation",
        "repairs",
        "--os-user",
        ME.name,
    )
    ok(db, "--as", "admin", "user", "add", "rex", "--role", "reviewer", "--organisation", "swc", "--os-user", ME.name)
    ok(db, "--as", "admin", "user", "add", "vera", "--role", "reviewer", "--role", "evaluator", "--os-user", ME.name)

    ordered = order(db, "路灯")
    line = refused(db, 4, "--as", "rita", "project", "dispatch", str(ordered), "--organisation", "swc")
    assert "rita" in line and "community" in line

    dispatched = order(db, "楼道扶手")
    advance(db, dispatched, "dispatch")
    line = refused(db, 4, "--as", "oscar", "project", "accept", str(dispatched))
    assert "oscar 不属于项目 #2 派给的社会组织" in line

    applied = order(db, "老年食堂")
    advance(db, applied, "apply")
    line = refused(db, 4, "--as", "tina", "project", "approve", str(applied))
    assert "tina" in line and "reviewer" in line
    line = refused(db, 4, "--as", "rex", "project", "approve", str(applied), "--amount", "250")
    assert "rex 属于申请组织" in line and "回避" in line

    walked = order(db, "儿童之家")
    advance(db, walked, "complete", hands={"approve": "vera"})
    line = refused(db, 4, "--as", "vera", "project", "evaluate", str(walked), "--score", "5", "--summary", "自评")
    assert "vera" in line and "不独立" in line
    ok(db, "--as", "eva", "project", "evaluate", str(walked), "--score", "4", "--summary", "第三方评估")

    stages = {r["project"]: r["stage"] for r in rows(ok(db, "project", "list", "--format", "csv"))}
    assert stages == {"1": "ordered", "2": "dispatched", "3": "applied", "4": "evaluated"}


def test_repeating_a_disbursement_key_still_needs_the_treasurer(db: Path) -> None:
    """A repeated key is answered "already recorded" only after the role check (it once skipped it)."""
    n = order(db)
    advance(db, n, "approve")
    ok(db, "--as", "tina", "project", "disburse", str(n), "--amount", "100", "--key", "t1")
    refused(db, 4, "--as", "rita", "project", "disburse", str(n), "--amount", "100", "--key", "t1")
    again = ok(db, "--as", "tina", "project", "disburse", str(n), "--amount", "100", "--key", "t1")
    assert "已记录过" in again.stdout and show(db, n)["paid"] == "100.00"


def allowed(stage: str) -> list[tuple[str, str, str]]:
    """From the table itself: (trigger, destination, who) of every transition out of ``stage``."""
    return [(t["trigger"], t["dest"], ",".join(t["who"])) for t in WORKFLOW["transition"] if stage in t["source"]]


def actions(db: Path, n: int) -> list[tuple[str, str, str]]:
    return [(a["trigger"], a["to"], a["who"]) for a in rows(ok(db, "project", "actions", str(n), "--format", "csv"))]


def test_a_trigger_from_the_wrong_stage_and_the_actions_of_each_stage(db: Path) -> None:
    n = order(db)
    line = refused(db, 2, "--as", "rev", "project", "approve", str(n))
    assert "点单" in line and "approve" in line and "cfund project actions" in line
    assert (
        actions(db, n)
        == allowed("ordered")
        == [
            ("dispatch", "dispatched", "community"),
            ("cancel", "cancelled", "resident,community,reviewer"),
        ]
    )
    for trigger, who, extra in STEPS:
        ok(db, "--as", who, "project", trigger, str(n), *extra)
        stage = show(db, n)["stage"]
        assert actions(db, n) == allowed(stage), stage
    assert show(db, n)["stage"] == "disclosed" and actions(db, n) == []
    refused(db, 2, "--as", "tina", "project", "disburse", str(n), "--amount", "1")

    cancelled = order(db, "楼道扶手")
    ok(db, "--as", "rita", "project", "cancel", str(cancelled), "--reason", "已自行修好")
    assert actions(db, cancelled) == allowed("cancelled") == []
    refused(db, 2, "--as", "cathy", "project", "dispatch", str(cancelled), "--organisation", "swc")


def test_lists_filters_and_who_sees_the_resident(db: Path) -> None:
    first, second = order(db, "路灯"), order(db, "扶手")
    ok(db, "--as", "cathy", "project", "dispatch", str(second), "--organisation", "swc")
    overdue = cfund(db, "project", "list", "--overdue", "--format", "csv")
    assert overdue.exit_code == 0 and len(overdue.stdout.splitlines()) == 1  # the header only
    assert overdue.stdout.startswith("project,stage,")
    listed = rows(ok(db, "project", "list", "--stage", "ordered", "--format", "csv"))
    assert [(r["project"], r["stage"], r["title"], r["overdue_days"]) for r in listed] == [
        (str(first), "ordered", "路灯", "0")
    ]
    listed = rows(ok(db, "project", "list", "--stage", "dispatched"))  # piped: CSV without asking
    assert [(r["project"], r["organisation"]) for r in listed] == [(str(second), "swc")]
    assert len(rows(ok(db, "project", "list"))) == 2
    assert show(db, first, viewer="olga")["resident"] == "***"
    assert show(db, first, viewer="tina")["resident"] == "***"
    assert show(db, first, viewer="cathy")["resident"] == "rita"
    assert show(db, first, viewer="rev")["resident"] == "rita"
    assert show(db, first, viewer="rita")["resident"] == "rita"


def test_a_missing_project_is_bad_input(db: Path) -> None:
    for args in (("project", "show", "9"), ("project", "history", "9"), ("project", "actions", "9")):
        result = cfund(db, "--as", "cathy", *args)
        assert result.exit_code == 2 and "项目 #9 不存在" in result.stderr


def test_the_diagram_is_mermaid_with_every_stage(db: Path) -> None:
    for lang in ("zh", "en"):
        out = ok(db, "project", "diagram", lang=lang).stdout
        lines = out.splitlines()
        assert lines[0] == "stateDiagram-v2"
        declared = {m.group(1) for m in (re.match(r"\s+(\w+): ", x) for x in lines) if m}
        assert declared == set(STAGES)
        for t in WORKFLOW["transition"]:
            for source in t["source"]:
                arrow = f"{'[*]' if source == 'new' else source} --> {t['dest']}: "
                assert any(x.strip().startswith(arrow) and x.endswith(t["trigger"]) for x in lines), arrow
    assert "ordered: 点单" in ok(db, "project", "diagram").stdout
    assert "ordered: Ordered" in ok(db, "project", "diagram", lang="en").stdout


def test_english_for_a_success_and_a_refusal(db: Path) -> None:
    done = ok(
        db, "--as", "rita", "project", "order", "--compound", "c01", "--title", "Lamp", "--need", "Dark", lang="en"
    )
    assert done.stdout == "Project #1: - -> Ordered.\n"
    moved = ok(db, "--as", "cathy", "project", "dispatch", "1", "--organisation", "swc", lang="en")
    assert moved.stdout == "Project #1: Ordered -> Dispatched.\n"
    line = refused(db, 4, "--as", "tina", "project", "accept", "1", lang="en")
    assert line.startswith("Error: tina (roles: treasurer) may not run project accept; it needs one of: organisation.")
    wrong = refused(db, 2, "--as", "rev", "project", "approve", "1", lang="en")
    assert wrong.startswith("Error: A project at stage Dispatched (dispatched) cannot approve.")
    assert not re.search(r"[\u4e00-\u9fff]", done.stdout + moved.stdout + line + wrong)
