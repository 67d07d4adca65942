"""Help texts in zh-CN and en for the books beyond donations and spending: other income, gifts
in kind, accruals, the host charity, comparatives and the notes (merged into
:data:`cli.text.help.HELP`)."""

from __future__ import annotations

BOOKS_HELP: dict[str, tuple[str, str]] = {
    "opt.related": (
        "关联方及其关系，如“主办单位的全资子公司”；附注列示与其的全部交易。",
        "A related party and how, e.g. the host's subsidiary; the notes list every transaction with it.",
    ),
    "ledger.adjust": (
        "在未结账月份记一笔调整，更正已结账的月份（--corrects YYYY-MM），须写明原因（--memo）；附注列示。",
        "Post an adjustment in an open month correcting a closed one (--corrects YYYY-MM), with its reason "
        "(--memo); the notes list it.",
    ),
    "opt.corrects": ("所更正的已结账月份 YYYY-MM。", "The closed month corrected, YYYY-MM."),
    "opt.debit": ("借方科目。", "Debit account."),
    "opt.credit": ("贷方科目。", "Credit account."),
    "opt.reason_memo": ("调整原因（必填）。", "Why (required)."),
    "opt.party_optional": ("往来方编码（可选）。", "Party code (optional)."),
    "ledger.income": (
        "记录捐赠以外的收入：government_grant 政府补助收入、service_income 提供服务收入、"
        "investment_income 投资收益、other_income 其他收入。",
        "Record income other than a donation: government_grant, service_income, investment_income, other_income.",
    ),
    "ledger.gift": (
        "按公允价值记录实物捐赠（--asset 1201 存货 或 1501 固定资产）或服务捐赠"
        "（--service 对应的费用科目），并写明计价依据。",
        "Record goods (--asset 1201 or 1501) or a service (--service, its expense account) given, at fair value, "
        "with the basis of that value.",
    ),
    "ledger.accrue": (
        "记录应收、预付或应付：pledge 捐赠承诺（应收，当即确认捐赠收入）、prepayment 预付款、"
        "payable 已发生未支付的费用（应付，需 --account）。",
        "Record what is owed: pledge (a promised gift, income now), prepayment (paid in advance), "
        "payable (an expense incurred, not yet paid; give --account).",
    ),
    "ledger.settle": (
        "结清应收、预付或应付的全部或部分，不得超过未结清余额；预付款转费用需 --account。",
        "Settle part or all of a pledge, prepayment or payable, never more than is outstanding; "
        "a prepayment used up needs --account.",
    ),
    "arg.accrual_kind": ("类别：pledge、prepayment、payable。", "Kind: pledge, prepayment, payable."),
    "opt.accrual_party": ("往来方编码（捐赠人或收款方）。", "Party code (the donor, or the payee)."),
    "opt.accrual_account": ("费用科目，如 5201。", "Expense account, e.g. 5201."),
    "arg.income_kind": (
        "收入类别：government_grant、service_income、investment_income、other_income。",
        "Kind: government_grant, service_income, investment_income, other_income.",
    ),
    "opt.prior": (
        "加列上年同期数（资产负债表：上年同日；业务活动表：上年同期）。",
        "Add the figures a year earlier (balance sheet: the same day; activities: the same period).",
    ),
    "host": ("主办慈善组织：把本账套作为其专项基金，合并报表。", "Host charity: this book as its special fund."),
    "host.join": (
        "把本账套（--book）登记为主办慈善组织 HOST 的专项基金（仅管理员）。",
        "Make this book (--book) a special fund of the host charity HOST (admins only).",
    ),
    "arg.host": ("主办慈善组织编码。", "Host charity code."),
    "opt.host": (
        "合并主办慈善组织 HOST 下所有账套的报表（各项为各账套之和，比例按合并数计算）。",
        "Consolidate every book of the host HOST (each figure the books' sum; ratios on the sums).",
    ),
    "report.notes": (
        "会计报表附注：会计政策、限定性净资产及其解除、未履行承诺、按项目拨付、捐赠实物与服务。",
        "Notes to the statements: policies, restricted net assets, commitments, grants paid, gifts in kind.",
    ),
    "opt.payer": ("付款方（往来方编码），如区民政局。", "Payer (party code), e.g. the district civil-affairs bureau."),
    "opt.fair_value": ("公允价值，如 1234.56。", "Fair value, e.g. 1234.56."),
    "opt.basis": ("公允价值的计价依据，如“同类商品市场价”。", "How the fair value was set, e.g. like goods' price."),
    "opt.gift_asset": ("实物入账科目：1201 存货 或 1501 固定资产。", "Asset account the goods go to: 1201 or 1501."),
    "opt.gift_service": ("服务捐赠对应的费用科目，如 5101.04。", "The expense account the service stands for."),
}
