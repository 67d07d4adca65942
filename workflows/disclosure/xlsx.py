"""The disclosure pack as one Excel workbook: a summary sheet (概要) with the period, the totals,
their 大写 and the ledger digest, then one sheet per section with Chinese sheet names and
bilingual column headers. Amounts are numbers formatted to two decimals, written from Decimal as
exact decimal text, so a treasurer can sum them in Excel or WPS."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

SHEETS = {
    "income_by_source": "收入来源",
    "transfers": "利润转入与反哺",
    "projects": "项目",
    "disbursements": "拨付",
    "evaluations": "评估",
    "disclosures": "公开与更正",
    "project_reports": "进展与结项报告",
    "fund_balances": "基金余额",
    "statements": "报表",
    "notes": "附注",
}
SUMMARY = "概要"
LABELS = {
    "period": "期间",
    "book": "账本",
    "entries": "凭证数",
    "chain_head": "账本校验值",
    "total_income": "收入合计",
    "total_income_upper": "收入合计（大写）",
    "total_expenses": "支出合计",
    "total_expenses_upper": "支出合计（大写）",
    "party": "来源",
    "name": "名称",
    "kind": "类别",
    "fund": "基金",
    "amount": "金额",
    "entry": "凭证号",
    "date": "日期",
    "project": "项目号",
    "title": "项目",
    "compound": "小区",
    "stage": "阶段",
    "organisation": "承接组织",
    "approved": "批准金额",
    "paid": "已拨付",
    "score": "评分",
    "evaluation": "评估意见",
    "statement": "报表",
    "code": "项目代码",
    "name_zh": "名称",
    "name_en": "Name",
    "unrestricted": "非限定性",
    "restricted": "限定性",
    "total": "合计",
    "opening": "年初数",
    "year_to_date": "本年累计数",
    "prior": "上年同期",
    "committed": "已承诺",
    "available": "可用",
    "threshold": "标准（%）",
    "met": "达标",
    "status": "结论",
    "section": "附注",
    "item": "项目",
    "line": "行",
    "detail": "说明",
    "record": "记录",
    "summary": "报告内容",
    "used": "已使用",
    "leftover": "剩余",
    "digest": "校验值",
    "supersedes": "更正的记录",
    "note": "更正说明",
    "current": "现行",
    "votes_approve": "赞成票",
    "votes_reject": "不予通过票",
    "votes_return": "退回票",
}
MONEY = "#,##0.00"


def _header(key: str) -> str:
    return f"{LABELS.get(key, key)} {key}"


def _append(sheet: Any, values: list[Any]) -> None:
    """A row: amounts as numbers to two places, text as text (openpyxl would make a formula of a
    string that begins with ``=``)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, Decimal):
            cell.number_format = MONEY
        elif isinstance(cell.value, str):
            cell.data_type = "s"


def write_xlsx(figures: dict[str, Any], headline: tuple[str, ...], out: Path) -> Path:
    """``disclosure-<period>.xlsx``: the summary first, then a sheet per section."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = SUMMARY
    for key in headline:
        _append(summary, [_header(key), figures[key]])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 70
    for section, title in SHEETS.items():
        sheet = book.create_sheet(title)
        rows = figures[section]
        keys = list(rows[0]) if rows else ["-"]
        _append(sheet, [_header(k) for k in keys])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append(sheet, [row[k] for k in keys])
        sheet.freeze_panes = "A2"
    path = out / f"disclosure-{figures['period']}.xlsx"
    book.save(path)
    return path
