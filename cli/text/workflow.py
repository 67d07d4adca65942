"""Messages of the workflow in zh-CN and en, added to the one catalogue in ledger.messages."""

from __future__ import annotations

from cli.text.messages import MESSAGES

WORKFLOW_MESSAGES: dict[str, tuple[str, str]] = {
    "project_missing": (
        "项目 #{project} 不存在。用 cfund project list 查看。",
        "Project #{project} does not exist. See cfund project list.",
    ),
    "order_not_resident": (
        "{name} 不是居民用户：点单只能为居民下单。",
        "{name} is not a resident: a need is ordered for a resident.",
    ),
    "order_for_another": (
        "{user} 只能为自己点单，不能以 {name} 的名义；社区可代居民点单。",
        "{user} may order only for themself, not in {name}'s name; the community may order for a resident.",
    ),
    "trigger_unknown": ("没有操作 {trigger}。", "There is no action {trigger}."),
    "trigger_not_allowed": (
        "项目处于“{stage_zh}”阶段，不能执行 {trigger}。用 cfund project actions 查看可做的操作。",
        "A project at stage {stage_en} ({stage}) cannot {trigger}. See cfund project actions.",
    ),
    "project_moved": (
        "项目 #{project} 刚被其他人改动（原阶段 {stage}）。请查看后重试。",
        "Project #{project} was just changed by someone else (was {stage}). Look again and retry.",
    ),
    "guard_assigned_organisation": (
        "{user} 不属于项目 #{project} 派给的社会组织：只有该组织能接单、拒接、申请和完成。",
        "{user} is not in the organisation project #{project} was dispatched to.",
    ),
    "guard_reviewer_independent": (
        "{user} 属于申请组织，不能评审项目 #{project}（回避规则）。",
        "{user} belongs to the applicant and may not review project #{project}.",
    ),
    "guard_evaluator_independent": (
        "{user} 与申请组织或评审人不独立，不能评估项目 #{project}。",
        "{user} is not independent of the applicant or the reviewer of project #{project}.",
    ),
    "guard_opener_or_reviewer": (
        "只有提出项目 #{project} 的人或评审人可以撤销；{user} 不是。",
        "Only whoever opened project #{project}, or a reviewer, may cancel it; {user} may not.",
    ),
    "purpose_invalid": (
        "用途 {purpose} 无效，可选：{purposes}。",
        "Unknown purpose {purpose}; choose from: {purposes}.",
    ),
    "plan_sum": (
        "联合资助计划三方合计 {total}，与预算 {budget} 不符：社企 + 居民 + 社会资源 须等于预算。",
        "The co-funding plan adds up to {total}, not the budget {budget}: company + residents + social.",
    ),
    "contribution_no_plan": (
        "项目 #{project}（阶段 {stage}）没有该方的联合资助计划，或尚未申请。",
        "Project #{project} (stage {stage}) has no co-funding plan for that share yet.",
    ),
    "contribution_exceeds_plan": (
        "{share} 计划 {planned}，已到账 {received}，再收 {amount} 将超出计划。",
        "{share} planned {planned}, received {received}; {amount} more would exceed it.",
    ),
    "approve_above_request": (
        "批准金额 {amount} 不能高于申请金额 {requested}。",
        "The approved amount {amount} cannot exceed the requested {requested}.",
    ),
    "fund_insufficient": (
        "基金 {fund} 可用 {available}，不足以承诺 {amount}。",
        "Fund {fund} has {available} available, not enough to commit {amount}.",
    ),
    "disburse_exceeds": (
        "项目 #{project} 批准 {approved}，已拨 {paid}，再拨 {amount} 将超出批准金额。",
        "Project #{project}: approved {approved}, paid {paid}; {amount} more would exceed it.",
    ),
    "tranche_project_closed": (
        "项目 #{project} 处于 {stage} 阶段，拨付已不能冲销（只在评审通过或实施中可以）。",
        "Project #{project} is {stage}; its tranches can be reversed only while approved or in progress.",
    ),
    "tranche_not_of_project": (
        "凭证 #{entry} 不是项目 #{project} 的拨付凭证。",
        "Entry #{entry} is not a tranche of project #{project}.",
    ),
    "score_invalid": ("评估分数须为 1 到 5：{score}。", "The evaluation score must be 1 to 5: {score}."),
    "project_ordered": ("已点单：项目 #{project}。", "Ordered: project #{project}."),
    "project_fired": (
        "项目 #{project}：{from_stage} → {to_stage}。",
        "Project #{project}: {from_stage} -> {to_stage}.",
    ),
    "project_fired_entry": (
        "项目 #{project}：{from_stage} → {to_stage}，凭证 #{entry}。",
        "Project #{project}: {from_stage} -> {to_stage}, entry #{entry}.",
    ),
    "project_disclosed": (
        "项目 #{project} 已公开，摘要值 {digest}。",
        "Project #{project} disclosed, digest {digest}.",
    ),
    "contribution_recorded": (
        "已收到项目 #{project} 的联合资助，凭证 #{entry}。",
        "Co-funding for project #{project} recorded as entry #{entry}.",
    ),
    "title_projects": ("微项目", "Micro-projects"),
    "title_history": ("项目 #{project} 流转记录", "Project #{project} history"),
    "title_actions": ("项目 #{project} 下一步可做的操作", "What can happen next to project #{project}"),
    "no_cjk_font": (
        "本机没有中文字体，PDF 会把汉字印成方框，未写出任何文件。"
        "请安装字体（Debian/Ubuntu：apt install fonts-noto-cjk），或加 --skip-pdf 只写其他格式。",
        "No Chinese font on this machine: the PDF would print boxes, so nothing was written. Install one "
        "(Debian/Ubuntu: apt install fonts-noto-cjk) or add --skip-pdf to write the other formats.",
    ),
    "no_cjk_font_demo": (
        "本机没有中文字体，演示的信息公开包不含 PDF（apt install fonts-noto-cjk 后重跑即可）。",
        "No Chinese font on this machine: the demo's disclosure pack has no PDF "
        "(apt install fonts-noto-cjk, then rerun).",
    ),
    "pack_written": (
        "已写出 {count} 个公开文件到 {out}，账本校验值 {head}。",
        "Wrote {count} disclosure files to {out}; ledger digest {head}.",
    ),
    "pack_free_text": (
        "公开包里的以下自由文本已删除电话与身份证号，其余按原样公开（仍可能写着人名），"
        "发布前请通读（--format json 逐条列出）：",
        "The pack publishes this free text as typed, phone and ID numbers removed (it may still name "
        "someone); read it before publishing (--format json lists each text):",
    ),
    "pack_free_field": ("  {field}：{count} 条，见 {where}", "  {field}: {count:text|texts}, in {where}"),
    "free.book_name": ("账本名称", "book name"),
    "free.income_by_source.name": ("来源名称", "source"),
    "free.transfers.party": ("转入方", "transfer from"),
    "free.disbursements.party": ("拨付对象", "paid to"),
    "free.projects.title": ("项目标题", "project title"),
    "free.projects.compound": ("小区", "compound"),
    "free.projects.organisation": ("承接组织", "organisation"),
    "free.projects.evaluation": ("评估意见", "evaluation"),
    "free.disclosures.note": ("更正说明", "correction note"),
    "free.project_reports.summary": ("进展与结项报告", "progress or completion report"),
    "free.disclosures.evaluation": ("公开记录中的评估意见", "evaluation in a disclosure record"),
    "free.notes.name_zh": ("附注中的名称或摘要", "name or memo in the notes"),
    "free.notes.detail": ("附注中的说明（计价依据、关联关系）", "detail in the notes (basis, relation)"),
    "title_by_stage": ("项目按阶段", "Projects by stage"),
    "title_by_fund": ("项目按基金", "Projects by fund"),
    "hidden": ("（不公开）", "(private)"),
}

MESSAGES.update(WORKFLOW_MESSAGES)

AUDIT_MESSAGES: dict[str, tuple[str, str]] = {
    "audit_ok": (
        "校验通过：{entries} 张凭证，哈希链完整，所有不变量成立。链头 {head}",
        "Verified: {entries:entry|entries}, the hash chain is intact and every invariant holds. Head {head}",
    ),
    "audit_broken": (
        "校验失败：发现 {count} 处问题，第一处：{first}。",
        "Check failed: {count} problem(s); first: {first}.",
    ),
    "audit_first_entry": ("凭证 #{entry}（{check}）", "entry #{entry} ({check})"),
    "anchor_invalid": (
        "--expect {value} 既不是 64 位十六进制的链头，也不是写有链头的 JSON 文件（公开包的 disclosure-期间.json）。",
        "--expect {value} is neither a chain head of 64 hex digits nor a JSON file stating one "
        "(a pack's disclosure-PERIOD.json).",
    ),
    "audit_check_chain": ("哈希链", "hash chain"),
    "audit_check_missing": ("凭证缺失", "missing"),
    "audit_check_anchor": ("与已公布的链头不符", "not the published head"),
    "audit_check_balance": ("借贷不平", "entry does not balance"),
    "audit_check_fund_balance": ("基金内不平", "entry does not balance within a fund"),
    "audit_check_postings": ("分录少于两条", "fewer than two postings"),
    "audit_check_closed_period": ("结账后记入", "written after its month was closed"),
    "audit_check_running_balance": ("余额表与分录不符", "running balances differ from postings"),
    "audit_check_fund_negative": ("基金为负", "a fund is below zero"),
    "audit_check_overcommitted": ("承诺超过基金余额", "commitments exceed a fund"),
    "audit_check_project_money": ("项目资金不符", "project money does not add up"),
    "audit_check_project_overpaid": ("拨付超过批准", "paid beyond the approval"),
    "audit_check_project_open": ("已关闭项目仍有承诺", "a closed project still has a commitment"),
    "audit_check_integrity": ("数据库完整性", "database integrity"),
    "audit_check_seal": ("封存链断开", "seal chain broken"),
    "audit_check_record": ("记录被绕过 cfund 改动", "a record changed behind cfund's back"),
    "title_audit": ("审计校验", "Audit check"),
    "title_activity": ("操作日志", "Activity log"),
    "steps_action_unknown": (
        "没有操作“{action}”：可用的操作见 cfund import template steps。",
        "there is no action '{action}': see cfund import template steps for the actions.",
    ),
    "steps_cell_missing": ("{action} 需要填写此列。", "{action} needs this column filled."),
    "steps_cell_unused": ("{action} 不用此列：请留空。", "{action} does not use this column: leave it empty."),
    "steps_refused": (
        "{count} 行未通过，所有步骤均未执行。",
        "Rows refused: {count}; no step was done.",
    ),
    "steps_done": (
        "已在一次提交中完成 {count} 个步骤，生成凭证 {entries} 张。",
        "Done {count:step|steps} in one commit, with {entries:ledger entry|ledger entries}.",
    ),
    "steps_dry_run": (
        "试运行：{count} 个步骤均可执行，生成凭证 {entries} 张（未写入任何内容）。",
        "Dry run: {count:step|steps}, all would pass, "
        "with {entries:ledger entry|ledger entries} (nothing was written).",
    ),
    "title_steps": ("批量步骤", "Steps"),
}

MESSAGES.update(AUDIT_MESSAGES)
