"""Messages in zh-CN and en for the statements' titles, the spending ratios' outcomes and the
demo's summary lines (merged into :data:`cli.text.messages.MESSAGES`)."""

from __future__ import annotations

from ledger.domain.spending import OUTCOMES

REPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "demo_history": (
        "已生成此前 {years} 年的历史：{entries} 张凭证，用时 {seconds} 秒。",
        "Generated {years:year|years} of earlier history: {entries:entry|entries} in {seconds} s.",
    ),
    "demo_scale": (
        "演示规模：{compounds} 个老旧小区、{courtyards} 个三无院落、{buildings} 栋散居楼栋，"
        "{organisations} 家社会组织，{merchants_total} 家商户，{projects} 个微项目；"
        "长者食堂每月服务 {canteen_residents} 位居民。",
        "Scale: {compounds} old compounds, {courtyards} three-no courtyards, {buildings} scattered buildings, "
        "{organisations} social organisations, {merchants_total} merchants, {projects} micro-projects; "
        "the elderly canteen serves {canteen_residents} residents a month.",
    ),
    "demo_done": (
        "演示完成：{entries} 张凭证，用时 {seconds} 秒。数据库：{db}",
        "Demo done: {entries} entries in {seconds} s. Database: {db}",
    ),
    "total": ("合计", "Total"),
    "title_trial_balance": ("试算平衡表", "Trial balance"),
    "title_funds": ("基金余额", "Fund balances"),
    "title_position": ("资产负债表", "Statement of financial position"),
    "title_activities": ("业务活动表", "Statement of activities"),
    "title_cashflow": ("现金流量表", "Cash-flow statement"),
    "title_ratios": ("支出比例（民政部规定）", "Spending ratios (MCA rule)"),
    "ratio_missed": (
        "注意：{name} 为 {value}，未达到标准 {threshold}。",
        "Note: {name} is {value}, which misses {threshold}.",
    ),
    **{f"ratio_{outcome}": words for outcome, words in OUTCOMES.items()},
}
