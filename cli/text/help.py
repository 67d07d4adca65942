"""Help texts in zh-CN and en, and the language chosen before the app is built.

Typer reads help strings when commands are declared, so the language is taken from
``--lang`` in argv or ``CFUND_LANG`` before the command modules are imported.
"""

from __future__ import annotations

import os
import sys

from cli.text.help_books import BOOKS_HELP
from cli.text.paper import PAPER_HELP

HELP: dict[str, tuple[str, str]] = {
    "app": ("cfund：社区基金台账与微项目流程。", "cfund: community fund ledger and micro-project workflow."),
    "opt.db": (
        "SQLite 文件路径或 postgresql+psycopg:// 地址（CFUND_DB）。",
        "SQLite file path or postgresql+psycopg:// URL (CFUND_DB).",
    ),
    "opt.book": ("账套编码（CFUND_BOOK），默认 main。", "Book code (CFUND_BOOK), default main."),
    "opt.as": ("操作人用户名（CFUND_USER）。", "Acting user name (CFUND_USER)."),
    "opt.lang": ("界面语言 zh 或 en（CFUND_LANG）。", "Language, zh or en (CFUND_LANG)."),
    "opt.format": (
        "输出格式 table、json、csv；管道输出默认 csv。",
        "Output format table, json or csv; csv by default when piped.",
    ),
    "init": ("创建数据库结构、科目表、基金和首位管理员。", "Create the schema, chart, funds and the first admin."),
    "opt.admin": ("首位管理员用户名（默认当前系统用户）。", "First admin's user name (default: the OS user)."),
    "opt.book_name": ("账套名称。", "Book name."),
    "db": ("数据库维护。", "Database maintenance."),
    "db.upgrade": ("把数据库结构升级到最新版本。", "Upgrade the database schema to the newest version."),
    "db.backup": (
        "在其他人继续记账时做一份一致的备份（SQLite 在线备份；PostgreSQL 用 pg_dump）。",
        "Take a consistent copy while others keep writing (SQLite online backup; PostgreSQL pg_dump).",
    ),
    "db.restore": (
        "先审计备份中的每个账套，通过后才替换当前 SQLite 数据库（仅管理员）。",
        "Audit every book of a copy, then put it in place of the SQLite database (admins only).",
    ),
    "arg.backup_file": ("备份文件。", "Backup file."),
    "db.roles": (
        "（PostgreSQL）创建 owner、app、auditor 三个角色并设置权限：应用账号对日记账只能查询和追加，审计账号只读。",
        "(PostgreSQL) Create the owner, app and auditor roles and their grants: the app may only "
        "select and insert the journal, the auditor only select.",
    ),
    "opt.roles_prefix": ("角色名前缀。", "Prefix of the role names."),
    "user": ("用户与角色。", "Users and roles."),
    "user.add": ("添加用户并授予角色（仅管理员）。", "Add a user with roles (admins only)."),
    "user.list": ("列出用户、角色与凭据类型。", "List users, their roles and how each is proven."),
    "user.credential": (
        "设置用户的凭据（仅管理员）：绑定系统账号，或设置新密码（提示输入或 --password-env）；其原有登录全部失效。",
        "Set a user's credential (admins only): bind a system account, or a new password (typed, or "
        "--password-env); their sessions end.",
    ),
    "login": (
        "以 --as 指定的用户登录（输入密码，或取自 CFUND_PASSWORD），8 小时内的命令无需再证明身份。",
        "Log in as the --as user (password typed, or from CFUND_PASSWORD); for 8 hours commands need no more proof.",
    ),
    "logout": ("退出登录，结束本账号的会话。", "Log out: end this account's session."),
    "opt.os_user": (
        "以此系统账号证明该用户（该账号须为其本人独用）。",
        "Prove this user by this system account (it must be theirs alone).",
    ),
    "opt.password_env": (
        "从此环境变量读取新密码（供脚本使用；密码不写在命令行上）。",
        "Read the new password from this environment variable (for scripts; never on the command line).",
    ),
    "opt.role": (
        "角色，可重复：admin resident community organisation reviewer evaluator treasurer auditor。",
        "Role, repeatable: admin resident community organisation reviewer evaluator treasurer auditor.",
    ),
    "opt.organisation": (
        "用户所属社会组织（往来方编码）。",
        "The social organisation (party code) the user belongs to.",
    ),
    "account": ("会计科目。", "Chart of accounts."),
    "account.list": ("列出科目表（民间非营利组织会计制度）。", "List the chart of accounts."),
    "fund": ("基金。", "Funds."),
    "fund.list": ("列出基金及其允许用途。", "List funds and their permitted purposes."),
    "party": (
        "往来方：捐赠人、公司、微利项目、社会组织、平台。",
        "Parties: donors, the company, operations, organisations, platforms.",
    ),
    "party.add": ("登记往来方。", "Register a party."),
    "party.list": ("列出往来方。", "List parties."),
    "opt.kind": ("类型。", "Kind."),
    "opt.uscc": ("统一社会信用代码（18 位）。", "Unified social credit code (18 characters)."),
    "compound": ("小区、三无院落、散居楼栋。", "Compounds, three-no courtyards, scattered buildings."),
    "compound.add": (
        "登记小区/院落/楼栋（kind: compound courtyard building）。",
        "Register a compound, courtyard or building (kind: compound courtyard building).",
    ),
    "compound.list": ("列出小区/院落/楼栋。", "List compounds, courtyards and buildings."),
    "ledger": ("台账：记账、冲销、查询、结账。", "The ledger: post, reverse, query, close."),
    "ledger.donate": ("记录一笔捐赠。", "Record a donation."),
    "ledger.profit-share": (
        "把社会服务公司净利润的 20% 转入社区基金。",
        "Post 20% of the social service company's net profit into the community fund.",
    ),
    "ledger.feedback": (
        "把微利项目净利润的 70% 反哺公益反哺基金。",
        "Post 70% of a micro-profit operation's net profit into the feedback fund.",
    ),
    "ledger.expense": ("从基金支出（仅限允许用途）。", "Spend from a fund, for a permitted purpose only."),
    "ledger.reverse": ("冲销一张凭证（更正只能冲销，不能修改）。", "Reverse an entry (corrections are reversals)."),
    "ledger.journal": ("查看日记账分录。", "Show journal postings."),
    "ledger.balance": ("试算平衡表。", "Trial balance."),
    "ledger.funds": ("各基金余额、已承诺、可用。", "Per fund: balance, committed, available."),
    "ledger.close-period": (
        "结账：锁定某月（YYYY-MM），之后不能再记入。",
        "Close a month (YYYY-MM): no entry can be dated in it afterwards.",
    ),
    "opt.donor": ("捐赠人（往来方编码）。", "Donor (party code)."),
    "opt.amount": ("金额，如 1234.56。", "Amount, e.g. 1234.56."),
    "opt.fund": ("基金编码。", "Fund code."),
    "opt.date": ("记账日期 YYYY-MM-DD（默认今天）。", "Entry date YYYY-MM-DD (default today)."),
    "opt.key": (
        "幂等键：重复执行同一命令不会重复记账。",
        "Idempotency key: running the same command again posts nothing.",
    ),
    "opt.memo": ("摘要。", "Memo."),
    "opt.compound": ("小区/院落/楼栋编码。", "Compound code."),
    "opt.company": ("社会服务公司（往来方编码）。", "The social service company (party code)."),
    "opt.operation": ("微利项目（往来方编码），如长者食堂。", "Micro-profit operation (party code), e.g. the canteen."),
    "opt.period": ("期间：2026、2026Q3 或 2026-10。", "Period: 2026, 2026Q3 or 2026-10."),
    "opt.net_profit": ("该期间净利润（可为负，负数不转入）。", "Net profit of the period (a loss transfers nothing)."),
    "opt.account": ("科目编码。", "Account code."),
    "opt.purpose": (
        "用途：poverty_relief hardship_aid disaster_relief community_service other_welfare。",
        "Purpose: poverty_relief hardship_aid disaster_relief community_service other_welfare.",
    ),
    "opt.payee": ("收款方（往来方编码）。", "Payee (party code)."),
    "opt.reason": ("冲销原因。", "Reason for the reversal."),
    "opt.from": ("起始日期 YYYY-MM-DD。", "From date YYYY-MM-DD."),
    "opt.to": ("截止日期 YYYY-MM-DD。", "To date YYYY-MM-DD."),
    "opt.all": ("包括余额为零的科目。", "Include accounts with a zero balance."),
    "arg.entry": ("凭证号。", "Entry number."),
    "arg.month": ("月份 YYYY-MM。", "Month YYYY-MM."),
    "arg.name": ("名称。", "Name."),
    "arg.code": ("编码（ASCII）。", "Code (ASCII)."),
    "project": (
        "微项目流程：点单 → 派单 → 接单 → 申请 → 评审 → 拨付 → 评估 → 公开。",
        "Micro-projects: order, dispatch, accept, apply, review, disburse, evaluate, disclose.",
    ),
    "project.order": ("居民点单（或社区代居民点单）。", "A resident orders a need (or the community for them)."),
    "project.dispatch": ("社区派单给社会组织。", "The community dispatches it to a social organisation."),
    "project.accept": ("社会组织接单。", "The organisation accepts it."),
    "project.decline": ("社会组织拒接，退回待派单。", "The organisation declines; it goes back to be dispatched."),
    "project.apply": (
        "项目化申请：基金、用途、预算、联合资助计划。",
        "Project application: fund, purpose, budget, co-funding plan.",
    ),
    "project.return": ("评审退回修改。", "The reviewer returns it for revision."),
    "project.reject": ("评审不予通过。", "The reviewer rejects it."),
    "project.approve": ("规范化评审通过，并承诺资金。", "The reviewer approves it and the grant is committed."),
    "project.disburse": ("按批次拨付（出纳）。", "Pay a tranche (treasurer)."),
    "project.reverse-tranche": (
        "冲销一笔记错的拨付（仅在评审通过或实施中）。",
        "Reverse a tranche recorded wrongly (only while approved or in progress).",
    ),
    "project.complete": ("社会组织报告完成。", "The organisation reports it complete."),
    "project.evaluate": ("第三方社会化评估，释放未用资金。", "Independent evaluation; unspent funds are released."),
    "project.disclose": ("信息公开：记录评估、账目和摘要值。", "Disclose: record evaluation, ledger lines and digest."),
    "project.cancel": ("撤销项目，释放已承诺资金。", "Cancel the project, releasing its commitment."),
    "project.contribute": (
        "登记联合资助到账（社企/居民/社会资源）。",
        "Record co-funding received (company, residents, social).",
    ),
    "project.list": (
        "列出项目（可按阶段、小区、组织、超期筛选）。",
        "List projects (by stage, compound, organisation, overdue).",
    ),
    "project.show": (
        "查看项目：阶段、批准/已拨/剩余、下一步。",
        "Show a project: stage, approved/paid/left, next steps.",
    ),
    "project.history": ("项目流转记录。", "A project's history."),
    "project.actions": ("下一步可做的操作及由谁来做。", "What can happen next, and who may do it."),
    "project.diagram": ("阶段图（mermaid），由流转表生成。", "The stage diagram (mermaid), from the table."),
    "arg.project": ("项目编号。", "Project number."),
    "opt.title": ("项目名称。", "Title."),
    "opt.need": ("需求描述。", "The need."),
    "opt.resident": ("代为点单的居民用户名。", "The resident ordering (when the community orders for them)."),
    "opt.note": ("说明。", "Note."),
    "opt.plan": ("联合资助计划中该方金额。", "This share of the co-funding plan."),
    "opt.share": ("资助方：company residents social。", "Share: company, residents or social."),
    "opt.score": ("评估分数 1-5。", "Evaluation score 1-5."),
    "opt.summary": ("评估结论。", "Evaluation summary."),
    "opt.stage": ("阶段。", "Stage."),
    "opt.overdue": ("只列出超期项目。", "Only late projects."),
    "report": (
        "报表：资产负债表、业务活动表、现金流量表、基金余额、附注、信息公开。",
        "Reports: financial position, activities, cash flows, fund balances, notes, disclosure.",
    ),
    "report.statements": (
        "某期间的资产负债表、业务活动表（非限定性/限定性/合计）和基金余额。",
        "Statements for a period: position, activities (unrestricted/restricted/total), funds.",
    ),
    "report.disclosure": (
        "写出信息公开包（Excel、带 BOM 的 CSV、JSON、360Giving JSON、居民版 HTML、A4 PDF），不含个人信息。",
        "Write the disclosure pack (Excel, CSV with BOM, JSON, 360Giving JSON, an HTML page, an A4 PDF), "
        "without personal data.",
    ),
    "opt.sheet": (
        "导入工作簿中的哪个工作表（工作簿有多个工作表含数据时必填）。",
        "The sheet of the workbook to import (needed when more than one sheet holds data).",
    ),
    "opt.out_pack": ("输出目录。", "Output folder."),
    "opt.skip_pdf": ("不生成 PDF（本机没有中文字体时）。", "Do not write the PDF (no Chinese font here)."),
    "opt.replace_pack": (
        "输出目录里已有公开包时整体替换它（否则拒绝，不覆盖）。",
        "Replace a pack already in the folder, whole (without it, an existing pack is refused, never overwritten).",
    ),
    "audit": (
        "审计：校验哈希链与不变量，查看操作日志（只读）。",
        "Audit: verify the chain and invariants, read the log.",
    ),
    "audit.verify": (
        "重新计算哈希链和所有不变量；有问题时退出码 3 并指出第一张问题凭证。",
        "Recompute the hash chain and every invariant; exit 3 naming the first broken entry.",
    ),
    "audit.log": (
        "谁在何时做了什么（可按用户、类型、日期筛选）。",
        "Who did what and when (filter by user, kind, date).",
    ),
    "opt.expect": (
        "早先公布的链头（64 位十六进制），或写有它的文件（公开包的 disclosure-期间.json，或 audit verify 的 JSON）："
        "链中已没有它（最新凭证被删、换回旧备份）时退出码 3。",
        "A chain head published earlier (64 hex digits), or a file stating it (a pack's disclosure-PERIOD.json, "
        "or audit verify's JSON): exit 3 when the chain no longer holds it (newest entries deleted, an older copy "
        "put back).",
    ),
    "opt.user": ("用户名。", "User name."),
    "opt.kind_log": ("类型，如 donation、project_approve。", "Kind, e.g. donation or project_approve."),
    "demo": ("生成龙马潭社区基金演示账套并打印汇总。", "Build the Longmatan demo book and print a summary."),
    "opt.out": ("演示数据库所在目录。", "Folder for the demo database."),
    "opt.years": (
        "演示的年数：1 为演示年本身；N>1 时先以固定种子生成此前 N-1 年的历史（每年约一万张凭证，用于基准测试）。",
        "Years of demo: 1 is the demo year; N>1 first generates N-1 earlier years with a fixed seed "
        "(about 10,000 entries a year, for benchmarks).",
    ),
    "export": (
        "把整本账导出为纯文本会计文件（hledger、beancount），供审计用熟悉的工具核对（只读）。",
        "Export the whole journal as plain-text accounting (hledger, beancount) for auditors' own tools.",
    ),
    "export.hledger": (
        "导出为 hledger 日记账：科目如 assets:1002，基金、项目、往来方为标签。",
        "Write an hledger journal: accounts like assets:1002; fund, project and party as tags.",
    ),
    "export.beancount": (
        "导出为 beancount 账本：科目如 Assets:A1002，基金、项目、往来方为元数据。",
        "Write a beancount ledger: accounts like Assets:A1002; fund, project and party as metadata.",
    ),
    "export.opt.out": (
        "输出文件；先写入 文件.part，完成后才改名。",
        "Output file; written to FILE.part and renamed only when complete.",
    ),
    "import": (
        "导入：捐赠清单（CSV、XLSX）、银行对账单、批量项目步骤，以及示例文件。",
        "Import donation lists (CSV, XLSX), bank statements and batches of project steps; example files.",
    ),
    "import.donations": (
        "导入捐赠清单：先检查每一行并一次列出全部问题（有问题则不写入）；按参考号去重，重复导入不会重复记账。",
        "Import donations: every row is checked first and all problems listed (nothing written if any); "
        "references make a re-import write nothing.",
    ),
    "import.bank": (
        "银行对账：把对账单每笔流水与银行存款（1002）凭证匹配，列出未匹配的流水（只读）。",
        "Reconcile a bank statement with the journal's bank (1002) entries; list unmatched lines (read-only).",
    ),
    "import.steps": (
        "批量执行项目步骤（如评审会的决定、一批拨付）：每行一个操作，由 --as 的用户按与单条命令相同的规则执行；"
        "全部在一次提交中完成，任何一行不通过则列出全部问题、一步也不执行。",
        "Do many project steps from one file (a review meeting's decisions, a payment run): one action per row, "
        "done as --as under the same rules as the single commands, in one commit; if any row is refused, "
        "every problem is listed and no step is done.",
    ),
    "import.template": (
        "写出示例文件（donations、bank 或 steps），.xlsx 带说明页；并打印各列说明。",
        "Write an example file (donations, bank or steps); an .xlsx gets a sheet explaining the columns.",
    ),
    "arg.import_file": ("CSV（UTF-8 或 GBK）或 XLSX 文件。", "A CSV (UTF-8 or GBK) or XLSX file."),
    "arg.template_kind": ("donations、bank 或 steps。", "donations, bank or steps."),
    "opt.dry_run": ("只检查并显示将写入的内容，不写入。", "Check and show what would be written; write nothing."),
    "opt.template_out": ("输出文件（.csv 或 .xlsx）。", "Output file (.csv or .xlsx)."),
}

HELP |= BOOKS_HELP | PAPER_HELP


def detect_lang(argv: list[str] | None = None) -> str:
    """``--lang X`` / ``--lang=X`` in argv, else ``CFUND_LANG``, else zh."""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "en" if os.environ.get("CFUND_LANG", "zh") == "en" else "zh"


LANG = detect_lang()


def h(key: str) -> str:
    """Help text for ``key`` in the language chosen at start-up."""
    zh, en = HELP[key]
    return en if LANG == "en" else zh
