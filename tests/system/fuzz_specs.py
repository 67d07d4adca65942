"""Bad input, fuzzed (:mod:`tests.system.test_fuzz`): the book the fuzz runs against, every write
command with its right values, and one input (a command, who runs it, its values)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import text

from ledger.services import ledger_ops
from ledger.services.registry import valid_uscc
from tests.conftest import BookHandle
from tests.helpers.cli import ME
from tests.system.fuzz_values import BAD, FUNDS, LAST_MONTH, TODAY, USERS_BAD, Sheet, cell_text, sheets, step_sheets
from tests.workflows.conftest import add_people, call, to_stage
from workflows.services import intake

# ---------------------------------------------------------------------------------------------
# The book the fuzz runs against, and the commands with their right values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opt:
    """One value of a command line: its flag (None for a positional argument), its kind (which
    bad values it gets and how an accepted value is judged) and its right values (None: left out)."""

    flag: str | None
    kind: str
    good: tuple[str | None, ...]


@dataclass(frozen=True)
class Spec:
    """A write command, who may run it (by role), and its values."""

    command: tuple[str, ...]
    users: tuple[str, ...]
    opts: tuple[Opt, ...]


@dataclass(frozen=True)
class Prepared:
    """The fuzzed book: projects in every stage, and the entries that may be reversed."""

    book: BookHandle
    projects: tuple[str, ...]
    donations: tuple[str, ...]
    tranches: tuple[str, ...]


STAGES = ("ordered", "dispatched", "accepted", "applied", "approved", "in_progress", "completed", "evaluated")


def prepare(book: BookHandle) -> Prepared:
    """Workflow people, money in every fund, a project in each stage (the last one applied for
    with a co-funding plan, so that contributions can be taken)."""
    add_people(book)
    for fund in FUNDS:
        ledger_ops.donate(book.uow, "tina", donor="gas", amount="5000.00", fund=fund)
    for stage in (*STAGES, "disclosed"):
        to_stage(book, stage)
    plan = {"company": "100", "residents": "100", "social": "100"}
    n = to_stage(book, "accepted")
    call(book, intake.apply, "olga", project=n, fund="community", purpose="community_service", amount="300", plan=plan)
    with book.store.engine.connect() as conn:
        kinds = conn.execute(
            text("SELECT e.seq, e.kind FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = :c"),
            {"c": book.code},
        ).all()
    return Prepared(
        book,
        tuple(str(i) for i in range(1, n + 1)),
        tuple(str(seq) for seq, kind in kinds if kind == "donation"),
        tuple(str(seq) for seq, kind in kinds if kind == "disbursement"),
    )


def uscc() -> str:
    """A 统一社会信用代码 with its right check character."""
    return next(code for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if valid_uscc(code := "91510502MA62Q1234" + c))


def specs(p: Prepared) -> tuple[Spec, ...]:
    """Every write command (as in test_audit's WRITES, less init, db upgrade and demo)."""
    ledger, dates = ("tina", "admin"), (None, TODAY.isoformat(), (TODAY - dt.timedelta(days=20)).isoformat())
    amount = Opt("--amount", "amount", ("1", "2.50", "1,000.00", "¥3", "4元"))
    date, key = Opt("--date", "date", dates), Opt("--key", "key", (None, "k-1", "k-2"))
    memo, note = Opt("--memo", "text", (None, "月捐")), Opt("--note", "text", (None, "同意"))
    number, org, reviewers = Opt(None, "number", p.projects), ("olga", "oscar"), ("rev", "rex")
    months = Opt("--period", "period", ("2025-01", "2025-02", "2025-06", LAST_MONTH.strftime("%Y-%m")))
    purpose = Opt("--purpose", "code", ("community_service", "disaster_relief"))

    def s(command: str, users: tuple[str, ...], *opts: Opt) -> Spec:
        return Spec(tuple(command.split()), users, (*opts, Opt("--format", "format", (None, None, "json", "csv"))))

    def o(flag: str | None, kind: str, *good: str | None) -> Opt:
        return Opt(flag, kind, good)

    return (
        s(
            "user add",
            ("admin",),
            o(None, "text", "zoe", "王芳"),
            o("--role", "code", "resident", "organisation"),
            o("--organisation", "code", None, "swc", "repairs"),
        ),
        s("host join", ("admin",), o(None, "code", "lmt-charity", "h2")),
        s(
            "party add",
            (*ledger, "cathy"),
            o(None, "code", "p1", "p2"),
            o("--name", "text", "互助会", "Donor X"),
            o("--kind", "code", "donor", "organisation"),
            o("--uscc", "code", None, uscc()),
        ),
        s(
            "compound add",
            (*ledger, "cathy"),
            o(None, "code", "k1", "k2"),
            o("--name", "text", "新村"),
            o("--kind", "code", "compound", "courtyard", "building"),
        ),
        s(
            "ledger donate",
            ledger,
            o("--donor", "code", "gas", "ssc"),
            amount,
            o("--fund", "code", *FUNDS),
            date,
            key,
            memo,
            o("--compound", "code", None, "c01"),
        ),
        s(
            "ledger income",
            ledger,
            o(None, "code", "government_grant", "service_income", "investment_income", "other_income"),
            o("--payer", "code", "gas", "ssc"),
            amount,
            o("--fund", "code", *FUNDS),
            date,
            key,
            memo,
        ),
        s(
            "ledger gift",
            ledger,
            o("--donor", "code", "gas"),
            Opt("--fair-value", "amount", ("1", "2.50")),
            o("--basis", "text", "同类商品市场价"),
            o("--fund", "code", "community"),
            o("--asset", "code", "1201", "1501"),
            date,
            key,
        ),
        s(
            "ledger adjust",
            ledger,
            Opt("--corrects", "period", ("2025-01",)),
            o("--debit", "code", "4101.02"),
            o("--credit", "code", "4901"),
            amount,
            o("--fund", "code", "community"),
            o("--memo", "text", "科目记错"),
            date,
            key,
        ),
        s(
            "ledger accrue",
            ledger,
            o(None, "code", "pledge", "prepayment"),
            o("--party", "code", "gas", "swc"),
            amount,
            o("--fund", "code", "community"),
            date,
            key,
        ),
        s(
            "ledger settle",
            ledger,
            o(None, "code", "pledge"),
            o("--party", "code", "gas"),
            Opt("--amount", "amount", ("1", "0.50")),
            o("--fund", "code", "community"),
            date,
            key,
        ),
        s(
            "ledger profit-share",
            ledger,
            o("--company", "code", "ssc"),
            o("--period", "period", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1"),
            o("--net-profit", "signed", "100", "-5", "1,000.00"),
            date,
        ),
        s(
            "ledger feedback",
            ledger,
            o("--operation", "code", "canteen"),
            months,
            o("--net-profit", "signed", "100", "0.01"),
            o("--compound", "code", None, "c01"),
            date,
        ),
        s(
            "ledger expense",
            ledger,
            o("--fund", "code", "community", "disaster"),
            amount,
            o("--account", "code", "5101.04", "5101.03", "5201"),
            purpose,
            o("--payee", "code", "gas", "swc"),
            date,
            key,
            memo,
        ),
        s("ledger reverse", ledger, Opt(None, "number", p.donations), o("--reason", "text", "录错"), date),
        s("ledger close-period", ledger, Opt(None, "period", months.good)),
        s(
            "receipt issue",
            ledger,
            Opt(None, "number", p.donations),
            o("--id-number", "text", None, "510502198001011235"),
            o("--item", "text", None, "捐赠款"),
            date,
            o("--declined", "switch", None, None, "on"),
            o("--anonymous", "switch", None, None, "on"),
        ),
        s("receipt void", ledger, o(None, "text", "2026-000001", "2025-000001"), o("--reason", "text", "抬头写错")),
        s(
            "project order",
            ("rita", "cathy"),
            o("--compound", "code", "c01"),
            o("--title", "text", "扶手"),
            o("--need", "text", "楼道加装扶手"),
            o("--resident", "code", None, "rita"),
        ),
        s("project dispatch", ("cathy",), number, o("--organisation", "code", "swc", "repairs"), note),
        s("project accept", org, number, note),
        s("project decline", org, number, o("--reason", "text", "人手不足")),
        s(
            "project apply",
            org,
            number,
            o("--fund", "code", *FUNDS),
            purpose,
            amount,
            o("--plan-company", "amount", None, None, "1"),
            o("--plan-residents", "amount", None, None, "1"),
        ),
        s(
            "project contribute",
            ledger,
            number,
            o("--party", "code", "gas", "ssc"),
            o("--share", "code", "company", "residents", "social"),
            amount,
            date,
            key,
        ),
        s("project return", reviewers, number, o("--note", "text", "请补充预算")),
        s("project reject", reviewers, number, o("--note", "text", "不符合用途")),
        s("project approve", reviewers, number, o("--amount", "amount", None, "50"), note),
        s(
            "report filed",
            (*ledger, "rev"),
            o(None, "code", "annual_report", "related_party", "major_transaction"),
            o("--ref", "text", "2025", "1"),
            date,
            o("--note", "text", None, "已报送"),
        ),
        s(
            "project report",
            org,
            number,
            o("--kind", "code", "progress", "completion"),
            o("--summary", "text", "已完成一半"),
        ),
        s(
            "project correct",
            reviewers,
            number,
            o("--note", "text", "评估意见录入有误"),
            o("--summary", "text", None, "按期完成"),
            Opt("--score", "number", (None, "4")),
        ),
        s(
            "project vote",
            reviewers,
            number,
            o("--approve", "switch", "on", None),
            o("--reject", "switch", None, None, "on"),
            o("--return", "switch", None, None, "on"),
            note,
        ),
        s("project disburse", ("tina",), number, o("--amount", "amount", "1", "10.00"), key, note),
        s(
            "project reverse-tranche",
            ("tina",),
            number,
            Opt("--entry", "number", p.tranches),
            o("--reason", "text", "金额录错"),
        ),
        s("project complete", org, number, note),
        s(
            "project evaluate",
            ("eva", "evan"),
            number,
            o("--score", "number", "1", "3", "5"),
            o("--summary", "text", "按期完成"),
        ),
        s("project disclose", reviewers, number),
        s("project cancel", ("rita", "cathy", *reviewers), number, o("--reason", "text", "已自行解决")),
        s("import donations", ledger, o(None, "file", "good"), o("--dry-run", "switch", None, None, "on")),
        s("import steps", reviewers, Opt(None, "steps-file", p.projects), o("--dry-run", "switch", None, None, "on")),
        s("user credential", ("admin",), o(None, "text", "zoe", "王芳"), o("--os-user", "text", ME.name, "clerk")),
        Spec(("login",), ("tina",), ()),  # no password to give: refused, no session written
        Spec(("logout",), ("tina",), ()),
        Spec(("db", "restore"), ("admin",), (o(None, "backup"),)),
        Spec(("db", "roles"), (), (o("--prefix", "prefix"),)),  # nobody may change roles through a fuzzed prefix
    )


# ---------------------------------------------------------------------------------------------
# One input: a command, who runs it, its values
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One command line to run: the spec, the acting user and a value per option (None: left out)."""

    spec: Spec
    user: str
    values: tuple[Any, ...]

    def of_kind(self, kind: str) -> list[str]:
        return [v for o, v in zip(self.spec.opts, self.values, strict=True) if o.kind == kind and isinstance(v, str)]

    def value(self, flag: str) -> Any:
        return next((v for o, v in zip(self.spec.opts, self.values, strict=True) if o.flag == flag), None)

    def texts(self) -> list[str]:
        """Every string typed, and every cell of an import file."""
        out = [self.user, *(v for v in self.values if isinstance(v, str))]
        for sheet in (v for v in self.values if isinstance(v, Sheet)):
            out += [cell_text(c) for row in sheet.rows for c in row]
        return out


@st.composite
def cases(draw: st.DrawFn, commands: tuple[Spec, ...]) -> Case:
    spec = draw(st.sampled_from(commands))
    user = draw(st.one_of(*[st.sampled_from(spec.users)] * 3, USERS_BAD) if spec.users else USERS_BAD)
    wrong = set(draw(st.permutations(range(len(spec.opts))))[: draw(st.sampled_from((0, 1, 1, 1, 2)))])
    values = []
    for n, opt in enumerate(spec.opts):
        if opt.kind == "file":
            values.append(draw(sheets()))
        elif opt.kind == "steps-file":
            values.append(draw(step_sheets(opt.good)))
        elif n in wrong or not opt.good:
            values.append(draw(BAD[opt.kind]))
        else:
            values.append(draw(st.sampled_from(opt.good)))
    return Case(spec, user, tuple(values))
