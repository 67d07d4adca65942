"""Help texts and messages in zh-CN and en for the paper trail: donation receipts (merged into
:data:`cli.text.help.HELP` and :data:`cli.text.messages.MESSAGES`)."""

from __future__ import annotations

PAPER_HELP: dict[str, tuple[str, str]] = {
    "receipt": (
        "公益事业捐赠票据：按账套和年度连续编号开具、作废（须写明原因）、查询、打印。",
        "Donation receipts: issued in a numbered series per book and year, voided with a reason, listed, printed.",
    ),
    "receipt.issue": (
        "为一笔捐赠（或实物捐赠、捐赠承诺的到账）开具票据；--declined 捐赠人不要票据，--anonymous 匿名捐赠。"
        "\n\n示例：cfund receipt issue 12 --id-number 510502198001011235",
        "Issue the receipt of a donation (or a gift in kind, or a pledge's payment); --declined: the donor "
        "declines one; --anonymous: an anonymous gift.\n\nExample: cfund receipt issue 12 --id-number "
        "510502198001011235",
    ),
    "receipt.void": (
        "作废一张票据（须写明原因）；票据不删除、不改号，该笔捐赠可重开新号。\n\n示例：cfund receipt void "
        "2026-000003 --reason 抬头写错",
        "Void a receipt (with the reason); it is never deleted or renumbered, and its donation may get a new "
        "one.\n\nExample: cfund receipt void 2026-000003 --reason 'wrong name'",
    ),
    "receipt.list": (
        "列出票据（--year 年度）；--missing 列出尚无票据的捐赠。",
        "List receipts (--year); --missing lists the donations that have none.",
    ),
    "receipt.print": (
        "打印一张票据：A5 PDF 和 HTML（嵌入中文字体），写入 --out 目录。",
        "Print a receipt: an A5 PDF and HTML (CJK font embedded), into the --out folder.",
    ),
    "report.donor": (
        "一位捐赠人的年度捐赠证明（供其报税）：每笔捐赠及其票据；--out 目录写出 HTML、A4 PDF 和 CSV。"
        "\n\n示例：cfund report donor --party gas --year 2026 --out .",
        "A donor's statement of the year, for their tax records: every gift and its receipt; --out writes HTML, "
        "an A4 PDF and CSV.\n\nExample: cfund report donor --party gas --year 2026 --out .",
    ),
    "project.vote": (
        "评审委员会成员对申请投票（每轮每人一票）：达到法定人数且某一结论过半数时，该结论生效。"
        "\n\n示例：cfund project vote 12 --approve --note 预算合理",
        "A review committee member votes on the application (one vote a round): once the quorum has "
        "voted and one outcome has its majority, it takes effect.\n\nExample: cfund project vote 12 "
        "--approve --note 'budget sound'",
    ),
    "opt.vote_approve": ("赞成通过。", "Vote to approve."),
    "opt.vote_reject": ("不予通过（须写明理由 --note）。", "Vote to reject (give the reason, --note)."),
    "opt.vote_return": ("退回修改（须写明理由 --note）。", "Vote to return for revision (give the reason, --note)."),
    "project.correct": (
        "更正已公开的项目信息：不改原记录，另发一条取代它的公开记录并附更正说明；信息公开包两条都列。"
        "\n\n示例：cfund project correct 12 --note 评估意见录入有误 --summary 按期完成，居民满意",
        "Correct what was disclosed for a project: the record is never edited; a new record supersedes it, "
        "with the correction note; the pack shows both.\n\nExample: cfund project correct 12 --note "
        "'evaluation mistyped' --summary 'on time'",
    ),
    "opt.correction_note": ("更正说明（必填）。", "The correction note (required)."),
    "opt.corrected_summary": ("更正后的评估意见。", "The corrected evaluation."),
    "opt.corrected_score": ("更正后的评分 1-5。", "The corrected score, 1 to 5."),
    "project.report": (
        "承接组织报告项目进展（实施中，每三个月一次）或结项（完成后三个月内，附资金使用和剩余财产）。"
        "\n\n示例：cfund project report 12 --kind progress --summary 已完成一半扶手安装",
        "The organisation reports a project's progress (while it runs, every three months) or its completion "
        "(within three months of it, with the money used and left).\n\nExample: cfund project report 12 "
        "--kind completion --summary 'all handrails fitted'",
    ),
    "opt.report_kind": ("progress 进展报告 或 completion 结项报告。", "progress or completion."),
    "opt.report_summary": ("报告内容。", "What the report says."),
    "report.due": (
        "法定事项日历：年度报告、项目进展与结项报告、关联交易和重大交易公开、项目信息公开，各自的截止日期和状态"
        "（已完成、待办、逾期）；有逾期时退出码为 3（可用于 cron）。\n\n示例：cfund report due --as-of 2026-06-01",
        "The statutory calendar: the annual report, projects' progress and completion reports, related-party "
        "and major transactions, projects' disclosure, each with its due date and status (done, due, overdue); "
        "exit 3 when something is overdue (for cron).\n\nExample: cfund report due --as-of 2026-06-01",
    ),
    "report.filed": (
        "记录一项法定事项已完成（报送、公开）：annual_report --ref 年度，related_party 或 major_transaction "
        "--ref 凭证号。\n\n示例：cfund report filed annual_report --ref 2025 --date 2026-05-20",
        "Record a dated duty done (filed, published): annual_report --ref YEAR, related_party or "
        "major_transaction --ref ENTRY.\n\nExample: cfund report filed annual_report --ref 2025 --date 2026-05-20",
    ),
    "opt.as_of": ("按哪一天计算（默认今天）YYYY-MM-DD。", "The day to reckon from (default today), YYYY-MM-DD."),
    "arg.obligation": ("事项代码（见 fixtures/calendar.toml）。", "The obligation's code (fixtures/calendar.toml)."),
    "opt.filing_ref": ("对象：年度或凭证号。", "What for: the year, or the entry number."),
    "arg.receipt_number": ("票据号码，如 2026-000001。", "Receipt number, e.g. 2026-000001."),
    "opt.id_number": (
        "个人捐赠人的身份证号：校验后仅以遮蔽形式（前 3 位和后 4 位）记在票据上。",
        "An individual donor's ID-card number: checked, and kept on the receipt masked (first 3, last 4).",
    ),
    "opt.item": ("捐赠项目（默认“捐赠款（基金名）”）。", "The item (default: the donation and its fund)."),
    "opt.declined": ("捐赠人不要票据：记录在案，不占号。", "The donor declines a receipt: recorded, no number."),
    "opt.anonymous": ("匿名捐赠：记录在案，不占号。", "An anonymous gift: recorded, no number."),
    "opt.receipt_date": ("开票日期 YYYY-MM-DD（默认今天）。", "Date of issue YYYY-MM-DD (default today)."),
    "opt.void_reason": ("作废原因（必填）。", "Why it is voided (required)."),
    "opt.receipt_year": ("年度。", "Year."),
    "opt.missing": ("只列尚无票据的捐赠。", "Only the donations without a receipt."),
    "opt.out_receipt": ("输出目录（须已存在）。", "Output folder (must exist)."),
    "opt.with_receipt": ("同时开具捐赠票据（同一事务）。", "Issue its donation receipt too (in the same transaction)."),
}

PAPER_MESSAGES: dict[str, tuple[str, str]] = {
    "receipt_issued": (
        "已开具票据 {number}（凭证 {entry}，{amount} 元）。",
        "Receipt {number} issued (entry {entry}, {amount}).",
    ),
    "receipt_already": (
        "凭证 {entry} 已有票据 {number}，未重复开具。",
        "Entry {entry} already has receipt {number}; nothing new.",
    ),
    "receipt_recorded": ("已记录：凭证 {entry} {kind}。", "Recorded: entry {entry}, {kind}."),
    "receipt_voided": ("票据 {number} 已作废。", "Receipt {number} voided."),
    "receipt_void_already": ("票据 {number} 早已作废。", "Receipt {number} was voided already."),
    "receipt_printed": ("已写出 {files}。", "Wrote {files}."),
    "receipt_kind_declined": ("捐赠人不要票据", "the donor declined a receipt"),
    "receipt_kind_anonymous": ("匿名捐赠", "an anonymous gift"),
    "receipt_number_is": ("票据 {number}。", "Receipt {number}."),
    "receipt_not_a_gift": (
        "凭证 {entry} 是 {kind}，不是捐赠：票据只为捐赠、实物捐赠和捐赠承诺的到账开具。",
        "Entry {entry} is a {kind}, not a gift: receipts are for donations, gifts in kind and pledges paid.",
    ),
    "receipt_reversed": ("凭证 {entry} 已冲销，不能开具票据。", "Entry {entry} was reversed: no receipt for it."),
    "receipt_record_exists": (
        "凭证 {entry} 已有记录（{kind}）：先作废原票据再开。",
        "Entry {entry} already has a record ({kind}); void the receipt first.",
    ),
    "receipt_before_gift": (
        "开票日期 {date} 早于捐赠日期 {gift}（凭证 {entry}）。",
        "The receipt's date {date} is before the gift's ({gift}, entry {entry}).",
    ),
    "receipt_out_of_order": (
        "开票日期 {date} 早于本年度上一张票据的日期 {last}：票据按号码顺序开具。",
        "The date {date} is before the year's last receipt ({last}): receipts are issued in number order.",
    ),
    "receipt_in_future": ("开票日期 {date} 晚于今天。", "The receipt's date {date} is after today."),
    "receipt_number_invalid": (
        "票据号码 {number} 无效：应为 年度-序号，如 2026-000001。",
        "Receipt number {number} is not valid: year-number, e.g. 2026-000001.",
    ),
    "receipt_missing": (
        "没有票据 {number}。用 cfund receipt list 查看。",
        "No receipt {number}. See cfund receipt list.",
    ),
    "reverse_receipted": (
        "凭证 {entry} 已开具票据 {number}：先收回并作废票据（cfund receipt void），再冲销。",
        "Entry {entry} has receipt {number}: void it first (cfund receipt void), then reverse.",
    ),
    "vote_recorded": (
        "项目 {project} 已记票：{tally}（法定人数 {quorum}）。",
        "Project {project}: vote recorded; {tally} (quorum {quorum}).",
    ),
    "vote_pending": ("项目 {project} 尚未形成决定，等待其他委员投票。", "Project {project}: no decision yet."),
    "vote.approve": ("赞成", "approve"),
    "vote.reject": ("不予通过", "reject"),
    "vote.return": ("退回", "return"),
    "vote_cast": ("{user} 本轮已对项目 {project} 投过票。", "{user} has voted on project {project} in this round."),
    "committee_votes": (
        "本账套由评审委员会评审（法定人数 {quorum}）：请各委员用 cfund project vote 投票，{action} 不能由一人决定。",
        "This book's committee reviews (quorum {quorum}): members vote with cfund project vote; {action} "
        "is not one person's.",
    ),
    "committee_invalid": (
        "评审委员会设置无效（席位 {size}，法定人数 {quorum}，过半比例 {majority}）：见 fixtures/workflow.toml。",
        "The committee settings are not valid (seats {size}, quorum {quorum}, majority {majority}); see "
        "fixtures/workflow.toml.",
    ),
    "disclosure_corrected": (
        "项目 {project} 的公开信息已更正，新记录校验值 {digest}。",
        "Project {project}: correction published, its digest {digest}.",
    ),
    "correct_not_disclosed": (
        "项目 {project} 尚未公开（阶段 {stage}），没有可更正的公开记录。",
        "Project {project} has not been disclosed (stage {stage}); nothing to correct.",
    ),
    "report_progress_recorded": (
        "项目 {project} 的进展报告已记录（已使用 {used} 元）。",
        "Project {project}: progress report recorded ({used} used).",
    ),
    "report_completion_recorded": (
        "项目 {project} 的结项报告已记录：使用 {used} 元，剩余 {leftover} 元。",
        "Project {project}: completion report recorded; {used} used, {leftover} left.",
    ),
    "report_stage": (
        "项目 {project} 处于 {stage}，不能提交 {kind} 报告（进展报告在实施中，结项报告在完成后）。",
        "Project {project} is {stage}: no {kind} report now (progress while it runs, completion once done).",
    ),
    "report_completed": ("项目 {project} 已有结项报告。", "Project {project} has its completion report already."),
    "title_due": ("法定事项日历", "Statutory calendar"),
    "receipt_status.issued": ("已开具", "issued"),
    "receipt_status.voided": ("已作废", "voided"),
    "receipt_status.declined": ("捐赠人不要", "declined"),
    "receipt_status.anonymous": ("匿名", "anonymous"),
    "receipt_status.none": ("未开具", "none"),
    "due.done": ("已完成", "done"),
    "due.due": ("待办", "due"),
    "due.overdue": ("逾期", "overdue"),
    "obligations_overdue": (
        "有 {count} 项法定事项逾期，最早一项：{first}。",
        "{count} duties are overdue; the first: {first}.",
    ),
    "filed_recorded": ("已记录：{obligation} {ref}，完成于 {date}。", "Recorded: {obligation} {ref}, done on {date}."),
    "filed_already": ("{obligation} {ref} 早已记录（{date}）。", "{obligation} {ref} was recorded already ({date})."),
    "filed_in_future": ("日期 {date} 晚于今天。", "The date {date} is after today."),
    "options_exclusive": ("选项 {options} 只能选一个。", "Options {options}: choose one."),
    "out_not_folder": ("{path} 不是已存在的目录。", "{path} is not an existing folder."),
    "id_number_invalid": (
        "身份证号无效（18 位，出生日期和校验位须正确）。",
        "The ID-card number is not valid (18 characters with a valid birth date and check character).",
    ),
}
