"""Every message cfund shows, in zh-CN and en, by stable key.

Errors say what was wrong and what to do; the CLI adds "nothing was changed". Fields in braces
come from the error's structured fields.
"""

from __future__ import annotations

import string

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # money and input
    "amount_float": (
        '金额 {field} 不能是浮点数 {value}：请写成 "1234.56" 这样的文本。',
        '{field} {value} is a float; give the amount as text such as "1234.56".',
    ),
    "amount_invalid": (
        "金额 {field} 无法识别：{value}。请写成 1234.56、1,234.56 或 ¥1234.56。",
        "{field} is not an amount: {value}. Write it as 1234.56, 1,234.56 or ¥1234.56.",
    ),
    "amount_places": (
        "金额 {field} 最多两位小数（到分）：{value}。",
        "{field} has more than two decimal places (fen): {value}.",
    ),
    "amount_range": (
        "金额 {field} 超出范围：{value}（上限 {max}）。",
        "{field} is out of range: {value} (limit {max}).",
    ),
    "amount_not_positive": ("金额 {field} 必须大于零：{value}。", "{field} must be greater than zero: {value}."),
    "split_weights": ("拆分比例必须为非负且合计大于零。", "Split weights must be non-negative with a positive total."),
    "date_invalid": (
        "日期 {field} 无效：{value}。请用 YYYY-MM-DD，例如 2026-10-31。",
        "{field} is not a valid date: {value}. Use YYYY-MM-DD, e.g. 2026-10-31.",
    ),
    "date_future": (
        "日期 {date} 晚于今天：不能预先记账。",
        "Date {date} is after today: entries cannot be dated ahead.",
    ),
    "date_too_early": (
        "日期 {field} 早于 {year} 年：{value}。",
        "{field} is before {year}: {value}.",
    ),
    "period_not_over": (
        "{period} 尚未结束：期间结束后才能按其净利润转账。",
        "{period} has not ended yet: its profit can be transferred once it is over.",
    ),
    "amount_negative": ("金额 {field} 不能为负：{value}。", "{field} cannot be negative: {value}."),
    "number_invalid": (
        "{field} 应为正整数，例如 12：{value}。",
        "{field} must be a whole number from 1, such as 12: {value}.",
    ),
    "number_too_large": (
        "{field} 超出范围（上限 {max}）：{value}。",
        "{field} is out of range (at most {max}): {value}.",
    ),
    "argument_unsafe": (
        "参数含控制字符或不可见的方向字符：{value}。",
        "An argument holds a control or invisible direction character: {value}.",
    ),
    "period_invalid": ("期间无效：{value}。可用格式：{forms}。", "Not a valid period: {value}. Use {forms}."),
    "period_not_ended": ("{month} 尚未结束，不能结账。", "{month} has not ended yet and cannot be closed."),
    "text_invalid": (
        "{field} 为空、过长（上限 {limit} 字）或含控制字符、不可见的方向字符。",
        "{field} is empty, longer than {limit} characters, or has control or invisible direction characters.",
    ),
    "reason_missing": ('冲销必须写明原因：--reason "..."。', 'A reversal needs a reason: --reason "...".'),
    "kind_invalid": ("类型 {kind} 无效，可选：{kinds}。", "Unknown kind {kind}; choose one of: {kinds}."),
    "uscc_invalid": (
        "统一社会信用代码 {uscc} 无效（18 位，校验位不符）。",
        "{uscc} is not a valid unified social credit code (18 characters with a check digit).",
    ),
    "role_invalid": ("角色 {role} 无效，可选：{roles}。", "Unknown role {role}; choose from: {roles}."),
    "format_invalid": (
        "输出格式 {value} 无效，可选：table、json、csv。",
        "Unknown format {value}; use table, json or csv.",
    ),
    "lang_invalid": ("语言 {value} 无效，可选：zh、en。", "Unknown language {value}; use zh or en."),
    "usage_missing": (
        "缺少必填选项 {name}。用 {command} --help 查看用法。",
        "Missing option {name}. See {command} --help.",
    ),
    "usage_missing_argument": (
        "缺少参数 {name}。用 {command} --help 查看用法。",
        "Missing argument {name}. See {command} --help.",
    ),
    "usage_no_command": (
        "没有命令 {name}。用 {command} --help 查看可用的命令。",
        "No such command {name}. See {command} --help for the commands.",
    ),
    "usage_did_you_mean": (
        "没有命令 {name}，是不是要用 {names}？用 {command} --help 查看可用的命令。",
        "No such command {name}; did you mean {names}? See {command} --help for the commands.",
    ),
    "usage_needs_value": (
        "选项 {name} 后面缺少取值。用 {command} --help 查看用法。",
        "Option {name} needs a value. See {command} --help.",
    ),
    "usage_no_value": (
        "选项 {name} 不带取值。用 {command} --help 查看用法。",
        "Option {name} takes no value. See {command} --help.",
    ),
    "usage_extra": (
        "多余的参数：{names}。用 {command} --help 查看用法。",
        "Unexpected extra arguments: {names}. See {command} --help.",
    ),
    "usage_no_option": (
        "没有选项 {name}。用 {command} --help 查看用法。",
        "No such option {name}. See {command} --help.",
    ),
    "usage_other": (
        "用法有误：{message}。用 {command} --help 查看用法。",
        "Usage error: {message}. See {command} --help.",
    ),
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
    "entry_unbalanced": (
        "凭证“{memo}”借贷不平，差额 {residual}：请让借方合计等于贷方合计。",
        'Entry "{memo}" does not balance: residual {residual}. Make debits equal credits.',
    ),
    "entry_unbalanced_fund": (
        "凭证“{memo}”在基金 {fund} 内借贷不平，差额 {residual}。",
        'Entry "{memo}" does not balance within fund {fund}: residual {residual}.',
    ),
    "period_closed": (
        "{month} 已结账，不能再记入。更正请在未结账期间做冲销。",
        "{month} is closed. Correct it with a reversal dated in an open period.",
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
    "title_ratios": ("支出比例（民政部规定）", "Spending ratios (MCA rule)"),
    "ratio_missed": (
        "注意：{name} 为 {value}，未达到标准 {threshold}。",
        "Note: {name} is {value}, which misses {threshold}.",
    ),
    "title_journal": ("日记账", "Journal"),
    "export_written": (
        "已导出 {entries} 张凭证（{postings} 条分录，{format} 格式）到 {out}",
        "Wrote {entries} entries ({postings} postings, {format}) to {out}",
    ),
    "export_unwritable": (
        "无法写入 {out}（{reason}）：请换一个可写的文件路径。",
        "Cannot write {out} ({reason}); give a file path in a writable folder.",
    ),
    "export_format_invalid": (
        "导出格式 {value} 无效，可选：{formats}。",
        "Unknown export format {value}; use {formats}.",
    ),
    "bulk_reversal": (
        "批量导入不能包含冲销凭证：请用 cfund ledger reverse。",
        "A bulk load cannot hold reversals; use cfund ledger reverse.",
    ),
    "backup_exists": (
        "{file} 已存在：请换一个文件名（备份不会覆盖）。",
        "{file} exists; choose another name (backups never overwrite).",
    ),
    "backup_folder": ("目录 {folder} 不存在。", "Folder {folder} does not exist."),
    "backup_written": (
        "已把 {db} 备份到 {file}（一致的快照，仅所有者可读）。",
        "Backed up {db} to {file} (one consistent snapshot, owner-only).",
    ),
    "backup_missing": ("找不到备份文件 {file}。", "Backup file {file} not found."),
    "backup_unreadable": ("{file} 不是 cfund 的 SQLite 备份。", "{file} is not a cfund SQLite backup."),
    "backup_lacks_book": (
        "{file} 中没有账套 {book}（其中账套：{books}），恢复它会抹去本账套，已拒绝。",
        "{file} does not hold book {book} (it holds: {books}); restoring it would wipe this book.",
    ),
    "restore_refused": (
        "备份未通过审计（账套 {book}：{check}，凭证 #{entry}），拒绝恢复。",
        "The copy fails its audit (book {book}: {check}, entry #{entry}); it was not restored.",
    ),
    "restore_postgres": (
        "PostgreSQL 请用 pg_restore 恢复到新数据库，并先运行 cfund --db <新库> audit verify（见 README）。",
        "For PostgreSQL, pg_restore into a new database and run cfund --db <it> audit verify first (see README).",
    ),
    "restored": (
        "已用 {file} 恢复 {db}（账套：{books}，均已通过审计）。",
        "Restored {db} from {file} (books {books}, all audited).",
    ),
    "pg_dump_missing": (
        "找不到 pg_dump：请安装 PostgreSQL 客户端。",
        "pg_dump not found; install the PostgreSQL client.",
    ),
    "pg_dump_failed": ("pg_dump 失败：{reason}", "pg_dump failed: {reason}"),
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
    "import_invalid": (
        "{file} 有 {count} 处问题，未写入任何凭证。",
        "{file}: problems found: {count}; no entry was written.",
    ),
    "import_row": ("第 {row} 行，{column} 列：{reason}", "row {row}, column {column}: {reason}"),
    "import_column_twice": (
        "列“{first}”与“{second}”是同一列：请删去其一。",
        "Columns {first} and {second} are the same column: remove one.",
    ),
    "import_encoding": (
        "无法确定文件 {file} 的编码：请另存为 UTF-8（或 GBK）CSV。",
        "Cannot tell the encoding of {file}: save it as a UTF-8 (or GBK) CSV.",
    ),
    "import_column_missing": ("缺少列“{zh}”（或 {en}）。", "Column {en} ({zh}) is missing."),
    "import_too_many_rows": (
        "文件有 {rows} 行，超过上限 {limit}：请拆分。",
        "The file has {rows} rows, over the limit of {limit}; split it.",
    ),
    "import_file_missing": ("找不到文件 {file}。", "File {file} not found."),
    "import_unreadable": (
        "无法读取 {file}（{reason}）：请另存为 CSV（UTF-8）或 XLSX 后重试。",
        "Cannot read {file} ({reason}); save it as CSV (UTF-8) or XLSX and retry.",
    ),
    "cell_empty": ("必填，这一行是空的。", "required, but empty in this row."),
    "import_empty": ("{file} 没有数据行。", "{file} has no data rows."),
    "import_reference_twice": ("参考号与第 {other} 行重复。", "the reference repeats row {other}."),
    "import_reference_used": (
        "参考号 {reference} 已用于另一笔捐赠（凭证 #{entry}），内容不同。",
        "reference {reference} was already used for a different donation (entry #{entry}).",
    ),
    "import_dry_run": (
        "试运行：{rows} 行，其中 {new} 行将写入（未写入任何内容）。",
        "Dry run: {rows:row|rows}, {new} would be written (nothing was written).",
    ),
    "import_done": (
        "已导入 {written} 张凭证（#{first}–#{last}）；{repeated} 行此前已导入，跳过。",
        "Imported {written:entry|entries} (#{first}-#{last}); "
        "{repeated:row was|rows were} already imported and skipped.",
    ),
    "import_nothing_new": (
        "没有新内容：{rows} 行都已导入过，未写入任何凭证。",
        "Nothing new: the file's {rows:row was|rows were} imported before; nothing was written.",
    ),
    "bank_title": (
        "银行对账：{lines} 笔，已匹配 {matched}，未匹配 {unmatched}",
        "Bank reconciliation: {lines:line|lines}, {matched} matched, {unmatched} unmatched",
    ),
    "bank_summary": (
        "{lines} 笔流水：{matched} 笔与凭证匹配，{unmatched} 笔未匹配（合计 {unmatched_amount}）。",
        "{lines:line|lines}: {matched} matched to entries, {unmatched} unmatched (total {unmatched_amount}).",
    ),
    "template_kind": ("没有 {value} 模板，可选：{kinds}。", "There is no {value} template; use {kinds}."),
    "template_written": ("已写出示例文件 {file}，各列说明如下：", "Wrote the example file {file}; its columns:"),
}


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
