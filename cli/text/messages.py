"""Every message cfund shows, in zh-CN and en, by stable key: this catalogue, with refused input
(:mod:`cli.text.input`) and files (:mod:`cli.text.files`) kept apart, and the
workflow's added by :mod:`cli.text.workflow`.

Errors say what was wrong and what to do; the CLI adds "nothing was changed". Fields in braces
come from the error's structured fields.
"""

from __future__ import annotations

import string

from cli.text.files import FILE_MESSAGES
from cli.text.identity import IDENTITY_MESSAGES
from cli.text.input import INPUT_MESSAGES
from cli.text.paper import PAPER_MESSAGES
from cli.text.reports import REPORT_MESSAGES

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # storage
    "db_missing": (
        "数据库 {db} 不存在。请先运行 cfund init，或用 --db 指定数据库。",
        "Database {db} does not exist. Run cfund init first, or point --db at a database.",
    ),
    "db_not_initialised": (
        "{db} 不是 cfund 数据库。请先运行 cfund init。",
        "{db} is not a cfund database. Run cfund init first.",
    ),
    "db_unreachable": (
        "无法打开数据库 {db}（{reason}）。请检查 --db 或 CFUND_DB，以及数据库服务是否运行。",
        "Cannot open database {db} ({reason}). Check --db or CFUND_DB and that the server runs.",
    ),
    "db_upgraded": (
        "数据库 {db} 已从结构版本 {old} 升级到 {new}。",
        "Database {db} upgraded from schema {old} to {new}.",
    ),
    "book_missing": (
        "账套 {book} 不存在。用 cfund init --book {book} 创建，或用 --book 选择其他账套。",
        "Book {book} does not exist. Create it with cfund init --book {book}, or pick one with --book.",
    ),
    # references
    "account_missing": (
        "科目 {code} 不存在。用 cfund account list 查看科目表。",
        "Account {code} does not exist. See cfund account list.",
    ),
    "fund_missing": (
        "基金 {code} 不存在。用 cfund fund list 查看。",
        "Fund {code} does not exist. See cfund fund list.",
    ),
    "party_missing": (
        "往来方 {code} 不存在。先用 cfund party add 登记。",
        "Party {code} does not exist. Register it with cfund party add.",
    ),
    "compound_missing": (
        "小区/院落/楼栋 {code} 不存在。先用 cfund compound add 登记。",
        "Compound {code} does not exist. Register it with cfund compound add.",
    ),
    "user_missing": ("用户 {code} 不存在。", "User {code} does not exist."),
    "entry_missing": (
        "凭证 #{entry} 不存在。用 cfund ledger journal 查看。",
        "Entry #{entry} does not exist. See cfund ledger journal.",
    ),
    "account_not_expense": (
        "科目 {code} 不是费用科目：支出须记入 5101.xx、5201、5301 或 5401。",
        "Account {code} is not an expense account; use 5101.xx, 5201, 5301 or 5401.",
    ),
    "party_kind": (
        "往来方 {code} 的类型是 {actual}，此处需要 {expected}。",
        "Party {code} is a {actual}; this needs a {expected}.",
    ),
    "code_exists": (
        "编码 {code} 已登记且内容不同。请换一个编码。",
        "Code {code} is already registered with other details.",
    ),
    "user_organisation_needed": (
        "机构用户须用 --organisation 指明其所属的社会组织。",
        "An organisation user needs --organisation: the social organisation it acts for.",
    ),
    "user_exists": ("用户 {name} 已存在且角色不同。", "User {name} already exists with other roles."),
    # journal invariants
    "entry_kind": ("凭证类型 {kind} 无效。", "Unknown entry kind {kind}."),
    "entry_too_few": (
        "一张凭证至少需要两条分录（现有 {count} 条）。",
        "An entry needs at least two postings ({count} given).",
    ),
    "entry_zero_posting": ("分录金额不能为零。", "A posting amount cannot be zero."),
    "entry_reversal_unlinked": (
        "{kind} 凭证与冲销不符：冲销凭证必须指明被冲销的凭证，其他凭证不能指明。",
        "A {kind} entry does not fit a reversal: a reversal names the entry it reverses, and no other entry does.",
    ),
    "entry_unbalanced": (
        "凭证“{memo}”借贷不平，差额 {residual}：请让借方合计等于贷方合计。",
        'Entry "{memo}" does not balance: residual {residual}. Make debits equal credits.',
    ),
    "entry_unbalanced_fund": (
        "凭证“{memo}”在基金 {fund} 内借贷不平，差额 {residual}。",
        'Entry "{memo}" does not balance within fund {fund}: residual {residual}.',
    ),
    "period_closed": (
        "{month} 已结账（账已结至 {last}，其间及以前各月都不能再记入）。更正请在未结账期间做冲销。",
        "{month} is closed (the books are closed up to {last}, and no month up to it takes entries)."
        " Correct it with a reversal dated in an open period.",
    ),
    "account_closed": ("科目 {code} 已停用。", "Account {code} is closed."),
    "fund_closed": ("基金 {code} 已关闭。", "Fund {code} is closed."),
    "purpose_not_permitted": (
        "基金 {fund} 不允许用于 {purpose}；允许的用途：{permitted}。",
        "Fund {fund} may not be spent on {purpose}; permitted: {permitted}.",
    ),
    "purpose_account_mismatch": (
        "科目 {account} 对应用途 {expected}，与 {purpose} 不符。",
        "Account {account} is for {expected}, not {purpose}.",
    ),
    "fund_overdrawn": (
        "基金 {fund} 余额 {balance}，不足支付 {amount}：基金不能为负。",
        "Fund {fund} holds {balance}, not enough for {amount}: a fund cannot go below zero.",
    ),
    "fund_committed": (
        "基金 {fund} 可用 {available}（另有 {committed} 已承诺给获批项目），不足 {amount}。",
        "Fund {fund} has {available} available ({committed} is committed to approved grants), not enough for {amount}.",
    ),
    "reverse_reversal": (
        "凭证 #{entry} 本身是冲销凭证，不能再冲销；请重新记一笔。",
        "Entry #{entry} is itself a reversal and cannot be reversed; post a new entry.",
    ),
    "reverse_workflow_entry": (
        "凭证 #{entry} 是项目{kind}凭证，随项目流程产生，不能单独冲销；拨付请用 cfund project reverse-tranche。",
        "Entry #{entry} is a project {kind}; it follows the workflow: use cfund project reverse-tranche for a tranche.",
    ),
    "already_reversed": (
        "凭证 #{entry} 已被凭证 #{by} 冲销，每张凭证只能冲销一次。",
        "Entry #{entry} was already reversed by entry #{by}; an entry is reversed once.",
    ),
    "key_conflict": (
        "幂等键 {key} 已用于内容不同的凭证 #{entry}。请换一个键，或核对是否重复录入。",
        "Key {key} was already used for different content (entry #{entry}). Use another key.",
    ),
    "period_overlap": (
        "{period} 与已转入的期间 {other}（凭证 #{entry}）重叠：同一期间利润不能转两次。",
        "{period} overlaps {other}, already transferred (entry #{entry}): profit cannot count twice.",
    ),
    "rule_not_in_force": ("{date} 没有生效的规则。", "No rule is in force on {date}."),
    # permissions
    "actor_missing": ("请用 --as 或 CFUND_USER 说明操作人。", "Say who is acting with --as or CFUND_USER."),
    "actor_unknown": (
        "用户 {user} 不在账套 {book} 中，无权操作。",
        "User {user} is not in book {book} and may not act.",
    ),
    "role_refused": (
        "{user}（角色：{held}）无权执行 {action}；需要角色：{roles}。",
        "{user} (roles: {held}) may not run {action}; it needs one of: {roles}.",
    ),
    # outcomes
    "error_prefix": ("错误：", "Error: "),
    "nothing_changed": ("未做任何更改。", "Nothing was changed."),
    "type_asset": ("资产", "Asset"),
    "type_liability": ("负债", "Liability"),
    "type_net_assets": ("净资产", "Net assets"),
    "type_income": ("收入", "Income"),
    "type_expense": ("费用", "Expense"),
    "type_memo": ("备查", "Memo"),
    "kind_donation": ("捐赠", "Donation"),
    "kind_profit_share": ("利润 20% 转入", "Profit share (20%)"),
    "kind_surplus_feedback": ("微利 70% 反哺", "Surplus feedback (70%)"),
    "kind_commitment": ("资助承诺", "Commitment"),
    "kind_release": ("承诺释放", "Release"),
    "kind_disbursement": ("项目拨付", "Disbursement"),
    "kind_expense": ("支出", "Expense"),
    "kind_reversal": ("冲销", "Reversal"),
    "kind_adjustment": ("调整", "Adjustment"),
    "kind_closing": ("结账", "Closing"),
    "interrupted": ("已中断，未写入任何半成品。", "Interrupted; nothing was half written."),
    "posted": ("已记账：凭证 #{entry}，金额 {amount}。", "Recorded: entry #{entry}, amount {amount}."),
    "already_recorded": (
        "已记录过：凭证 #{entry}，本次未写入。",
        "Already recorded as entry #{entry}; nothing written.",
    ),
    "already_recorded_reversed": (
        "已记录过：凭证 #{entry}（已被 #{by} 冲销），本次未写入。",
        "Already recorded as entry #{entry} (reversed by #{by}); nothing written.",
    ),
    "transfer_posted": (
        "{period}：净利润 {net_profit} × {rate} = {amount}，已记账凭证 #{entry}。",
        "{period}: net profit {net_profit} x {rate} = {amount}, recorded as entry #{entry}.",
    ),
    "transfer_none": (
        "{period}：净利润 {net_profit} 不为正，无需转入，未记账。",
        "{period}: net profit {net_profit} is not positive; nothing to transfer, nothing posted.",
    ),
    "reversed": ("已冲销：凭证 #{entry} 由凭证 #{by} 冲销。", "Reversed: entry #{entry} by entry #{by}."),
    "period_closed_entry": (
        "{month} 已结账：收入和费用已转入净资产（结账凭证 #{entry}），该月已锁定。",
        "{month} is closed: income and expenses moved into net assets (entry #{entry}); the month is locked.",
    ),
    "period_closed_now": ("{month} 已结账。", "{month} is now closed."),
    "accrual_kind": ("类别 {kind} 无效，可选：{kinds}。", "Unknown kind {kind}; one of: {kinds}."),
    "accrual_account_needed": ("请用 --account 给出费用科目。", "Give the expense account with --account."),
    "settle_exceeds": (
        "{party} 在基金 {fund} 的{kind_zh}未结清余额为 {outstanding}，不能结清 {amount}。",
        "{party}'s outstanding {kind_en} in fund {fund} is {outstanding}; {amount} cannot be settled.",
    ),
    "adjust_open_month": (
        "{month} 尚未结账：请直接在该月记账或冲销，调整只用于更正已结账的月份。",
        "{month} is not closed: post or reverse in it directly; an adjustment corrects a closed month.",
    ),
    "host_missing": ("没有账套属于主办慈善组织 {host}。", "No book belongs to the host {host}."),
    "host_joined": ("账套 {book} 已是 {host} 的专项基金。", "Book {book} is now a special fund of {host}."),
    "income_kind": ("收入类别 {kind} 无效，可选：{kinds}。", "Unknown income kind {kind}; one of: {kinds}."),
    "gift_asset_or_service": (
        "请给出 --asset（实物）或 --service（服务），二者选一。",
        "Give --asset (goods) or --service (a service), one of the two.",
    ),
    "gift_asset": ("实物只能记入 {allowed}，不能记入 {code}。", "Goods go to {allowed}, not {code}."),
    "period_earlier_open": (
        "{earlier} 有凭证且尚未结账：请先结 {earlier}，再结 {month}。未做任何更改。",
        "{earlier} has entries and is not closed: close {earlier} before {month}. Nothing was changed.",
    ),
    "period_already_closed": ("{month} 早已结账，未做更改。", "{month} was already closed; nothing changed."),
    "init_created": (
        "已创建账套 {book}（管理员 {admin}），数据库：{db}",
        "Created book {book} (admin {admin}) in {db}",
    ),
    "init_exists": (
        "账套 {book} 已存在，未做更改。数据库：{db}",
        "Book {book} already exists; nothing changed. Database: {db}",
    ),
    "db_current": ("数据库 {db} 已是最新结构 {rev}。", "Database {db} is at the newest schema {rev}."),
    "user_added": ("已添加用户 {name}，角色：{roles}。", "Added user {name} with roles: {roles}."),
    "user_already": ("用户 {name} 已存在，角色相同，未做更改。", "User {name} already exists with these roles."),
    "added": ("已登记 {code}。", "Registered {code}."),
    "already_added": ("{code} 已登记，内容相同，未做更改。", "{code} is already registered; nothing changed."),
    "demo_start": ("正在生成龙马潭社区基金演示账套：{db}", "Building the Longmatan community-fund demo in {db}"),
    "demo_years": ("--years 应在 1 到 {limit} 之间（收到 {value}）。", "--years must be 1 to {limit} (got {value})."),
    "title_journal": ("日记账", "Journal"),
    "bulk_reversal": (
        "批量导入不能包含冲销凭证：请用 cfund ledger reverse。",
        "A bulk load cannot hold reversals; use cfund ledger reverse.",
    ),
    "impersonation": (
        "已用数据库账号 {login} 登录：不能以 {user} 的身份操作。",
        "Logged in to the database as {login}: you cannot act as {user}.",
    ),
    "db_permission": (
        "数据库拒绝了这个操作：你的数据库账号没有这项权限，未写入任何内容。",
        "The database refused: your database login lacks this privilege; nothing was written.",
    ),
    "roles_prefix": (
        "角色前缀 {prefix} 无效：只能用小写字母、数字和下划线。",
        "Role prefix {prefix} is invalid: use a-z, 0-9, _.",
    ),
    "roles_sqlite": (
        "数据库角色只用于 PostgreSQL；SQLite 文件仅所有者可读写。",
        "Database roles are for PostgreSQL; a SQLite file is owner-only.",
    ),
    "roles_done": (
        "已设置角色：{owner}（拥有表，运行迁移）、{app}（日记账只能读和追加）、{auditor}（只读）。",
        "Roles set: {owner} (owns the tables, runs migrations), {app} (journal: select and insert only), "
        "{auditor} (select only).",
    ),
    "retry_exhausted": (
        "数据库冲突：已重试 {attempts} 次仍未完成，未写入任何内容，可以放心再运行一次。",
        "Conflict with another writer: tried {attempts} times, nothing was written; safe to run again.",
    ),
}

MESSAGES.update(INPUT_MESSAGES)
MESSAGES.update(FILE_MESSAGES)
MESSAGES.update(IDENTITY_MESSAGES)
MESSAGES.update(PAPER_MESSAGES)
MESSAGES.update(REPORT_MESSAGES)


class _Counts(string.Formatter):
    """``{n:entry|entries}`` is "1 entry" or "3 entries": English counts that read right for one."""

    def format_field(self, value: object, spec: str) -> str:
        if "|" in spec:
            one, many = spec.split("|", 1)
            return f"{value} {one if str(value) == '1' else many}"
        return str(super().format_field(value, spec))


_FORMAT = _Counts()


def t(key: str, lang: str, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` (zh or en), filled with ``fields``."""
    zh, en = MESSAGES.get(key, (key, key))
    text = en if lang == "en" else zh
    try:
        return _FORMAT.format(text, **fields)
    except (KeyError, IndexError):
        return text
