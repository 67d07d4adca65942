"""The residents' page of the disclosure pack, one HTML file with inline CSS and no external
files (the A4 PDF is printed from it): the totals with 大写, where the money came from, the
micro-projects, the three statements in short (资产负债表, 业务活动表, 现金流量表), the spending
ratios and the notes (会计报表附注), zh first with en, from the pack's figures alone."""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

from ledger.data.fixtures import fixture_path
from ledger.domain.money import format_amount
from ledger.domain.spending import OUTCOMES
from workflows.project.stages import table

esc = html.escape
Cells = Iterable[Any]
#: The statements' lines the page shows, in the rules' order, and the columns of each.
START, END = ("opening", "年初数 Start of year"), ("total", "期末数 End of period")
THIS, TO_DATE = ("total", "本期数 This period"), ("year_to_date", "本年累计数 Year to date")
SHORT = {
    "position": (("assets", "liabilities", "net_assets"), (START, END)),
    "activities": (("income", "expense", "change"), (THIS, TO_DATE)),
    "cashflow": (
        ("operating_net", "investing_net", "financing_net", "net_increase", "cash_opening", "cash_closing"),
        (THIS,),
    ),
}
TITLES = {
    "position": "资产负债表 Statement of financial position",
    "activities": "业务活动表 Statement of activities",
    "cashflow": "现金流量表 Cash-flow statement",
}
GIFT_KINDS = {"in_kind_donation": "实物捐赠 In kind", "donated_service": "服务捐赠 Donated service"}


def shown(value: Any) -> str:
    """A value as a printed page shows it: none as a dash, amounts grouped to the fen."""
    if value is None:
        return "-"
    return format_amount(value) if isinstance(value, Decimal) else str(value)


def _table(head: tuple[str, ...], rows: Iterable[Cells], css: str = "") -> str:
    """A table that scrolls inside its box on a narrow screen; amounts right-aligned; an empty
    one says so."""
    lines = ["<tr>" + "".join(f"<td{_align(c)}>{esc(shown(c))}</td>" for c in row) + "</tr>" for row in rows]
    if not lines:
        return '<p class="none">本期无。None in the period.</p>'
    header = "".join(f"<th>{esc(h)}</th>" for h in head)
    return f'<div class="scroll"><table class="{css}"><tr>{header}</tr>\n' + "\n".join(lines) + "\n</table></div>"


def _align(cell: Any) -> str:
    return ' class="n"' if isinstance(cell, Decimal) else ""


def _bars(figures: dict[str, Any], limit: int = 15) -> str:
    """Income by source for residents: one bar per name, whichever fund it went to."""
    totals: dict[str, Decimal] = {}
    for row in figures["income_by_source"]:
        totals[str(row["name"])] = totals.get(str(row["name"]), Decimal("0.00")) + row["amount"]
    sources = sorted(totals.items(), key=lambda item: item[1], reverse=True)[:limit]
    top = max((amount for _, amount in sources), default=Decimal(1)) or Decimal(1)
    return "\n".join(
        f'<div class="row"><span>{esc(name)}</span>'
        f'<div class="bar" style="width:{amount * 60 / top:.1f}%"></div><b>{format_amount(amount)}</b></div>'
        for name, amount in sources
    )


def _projects(figures: dict[str, Any]) -> str:
    stages = {stage.code: stage.zh for stage in table().stages}
    head = ("#", "项目 Title", "小区 Compound", "阶段 Stage", "评审票 Votes", "批准 Approved", "已拨付 Paid")
    return _table(
        head,
        (
            (
                r["project"],
                r["title"],
                r["compound"],
                stages.get(r["stage"], r["stage"]),
                _votes(r),
                r["approved"],
                r["paid"],
            )
            for r in figures["projects"]
        ),
        "projects",
    )


def _corrections(figures: dict[str, Any]) -> str:
    """Each correction of a disclosure (更正) beside the record it supersedes."""
    rows = [r for r in figures["disclosures"] if r["record"] == "correction"]
    cells = ((r["project"], r["date"], r["note"], r["supersedes"][:12], r["digest"][:12]) for r in rows)
    return _table(("#", "日期 Date", "更正说明 Correction", "原记录 Superseded", "更正后 Now"), cells)


def _reports(figures: dict[str, Any]) -> str:
    kinds = {"progress": "进展 Progress", "completion": "结项 Completion"}
    cells = ((r["project"], kinds[r["kind"]], r["date"], r["summary"], r["used"], r["leftover"])
             for r in figures["project_reports"])  # fmt: skip
    return _table(("#", "报告 Report", "日期 Date", "内容 Summary", "已使用 Used", "剩余 Left"), cells)


def _votes(project: dict[str, Any]) -> str:
    """The committee's votes: approve / reject / return."""
    return "/".join(str(project[f"votes_{d}"]) for d in ("approve", "reject", "return"))


def _statements(figures: dict[str, Any]) -> str:
    """Each statement's totals, with its comparative column."""
    lines = {(r["statement"], r["code"]): r for r in figures["statements"]}
    parts = []
    for statement, (codes, columns) in SHORT.items():
        rows = [lines[(statement, code)] for code in codes if (statement, code) in lines]
        body = _table(
            ("项目 Line", *(label for _, label in columns)),
            ((f"{r['name_zh']} {r['name_en']}", *(r[key] for key, _ in columns)) for r in rows),
        )
        parts.append(f"<h3>{TITLES[statement]}</h3>\n{body}")
    return "\n".join(parts)


def _ratios(figures: dict[str, Any]) -> str:
    rows = [r for r in figures["statements"] if r["statement"] == "ratios"]
    cells = ((f"{r['name_zh']} {r['name_en']}", r["total"], r["threshold"], _outcome(r["status"])) for r in rows)
    return _table(("比例 Ratio", "本年 This year", "标准 Threshold", "结论 Outcome"), cells)


def _outcome(status: str | None) -> str:
    return " ".join(OUTCOMES[status]) if status else "-"


def _notes(figures: dict[str, Any]) -> dict[str, str]:
    """The notes' sections, each as the page shows it."""
    notes = figures["notes"]

    def section(name: str) -> list[dict[str, Any]]:
        return [r for r in notes if r["section"] == name]

    policies = "\n".join(
        f"<li>{esc(r['name_zh'])}<br><small>{esc(r['name_en'])}</small></li>" for r in section("policies")
    )
    names = {r["code"]: r["name_zh"] for r in figures["fund_balances"]}
    moves: dict[str, dict[str, Decimal]] = {}
    for row in section("restricted_funds"):
        moves.setdefault(row["item"], {})[row["line"]] = row["amount"]
    related: dict[str, list[Any]] = {}
    for row in section("related_parties"):
        related.setdefault(row["item"], [row["name_zh"], row["detail"]]).append(row["amount"])
    return {
        "note_policies": f"<ul>{policies}</ul>",
        "note_restricted": _table(
            ("基金 Fund", "期初 Start", "收入 Received", "解除 Released", "期末 End"),
            ((names.get(f, f), m["opening"], m["received"], m["released"], m["closing"]) for f, m in moves.items()),
        ),
        "note_commitments": _table(
            ("#", "项目 Project", "基金 Fund", "未拨付 Outstanding"),
            (
                (r["item"], r["name_zh"], names.get(r["detail"], r["detail"]), r["amount"])
                for r in section("commitments")
            ),
        ),
        "note_grants": _table(
            ("#", "项目 Project", "承接组织 Organisation", "本期拨付 Paid"),
            ((r["item"], r["name_zh"], r["detail"], r["amount"]) for r in section("grants_paid")),
        ),
        "note_gifts": _table(
            ("凭证 Entry", "类别 Kind", "捐赠人 Donor", "公允价值 Fair value", "计价依据 Basis"),
            (
                (r["item"], GIFT_KINDS.get(r["line"], r["line"]), r["name_zh"], r["amount"], r["detail"])
                for r in section("gifts")
            ),
        ),  # fmt: skip
        "note_related": _table(("关联方 Party", "关联关系 Relation", "收入 Received", "支出 Paid"), related.values()),
        "note_adjustments": _table(
            ("凭证 Entry", "更正期间 Corrects", "说明 Memo", "金额 Amount"),
            ((r["item"], r["detail"], r["name_zh"], r["amount"]) for r in section("adjustments")),
        ),
    }


def write_html(figures: dict[str, Any], headline: tuple[str, ...], out: Path) -> Path:
    """``disclosure-<period>.html``: a page a resident can read on a phone."""
    values = {k: esc(shown(v)) for k, v in figures.items() if k in headline}
    parts = {"bars": _bars(figures), "projects": _projects(figures), "statements": _statements(figures)}
    parts |= {"corrections": _corrections(figures), "reports": _reports(figures)}
    page = Template(fixture_path("disclosure.html").read_text(encoding="utf-8"))
    path = out / f"disclosure-{figures['period']}.html"
    path.write_text(page.substitute(values, **parts, ratios=_ratios(figures), **_notes(figures)), encoding="utf-8")
    return path
