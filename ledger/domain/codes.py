"""Every account code and vocabulary of the books, defined once.

The chart (``fixtures/accounts.csv``) names every account; the constants here are the ones code
and SQL refer to by meaning. Kinds, roles and types are the values the tables' CHECK constraints
accept.
"""

from __future__ import annotations

ACCOUNT_TYPES = ("asset", "liability", "net_assets", "income", "expense", "memo")
#: Account types whose balance makes up a fund's balance (net resources of the fund).
FUND_BALANCE_TYPES = ("asset", "liability")
ENTRY_KINDS = (
    "donation",
    "profit_share",
    "surplus_feedback",
    "commitment",
    "release",
    "disbursement",
    "expense",
    "reversal",
    "adjustment",
    "closing",
    "government_grant",
    "service_income",
    "investment_income",
    "other_income",
    "in_kind_donation",
    "donated_service",
    "pledge",
    "prepayment",
    "accrual",
    "settlement",
)
#: Income other than donations, each from a payer into a fund (its account in ``fixtures/rules.toml``).
INCOME_KINDS = ("government_grant", "service_income", "investment_income", "other_income")
#: Kinds of entry a workflow step writes: corrected only through the workflow.
WORKFLOW_KINDS = ("commitment", "release", "disbursement")
ROLES = ("admin", "resident", "community", "organisation", "reviewer", "evaluator", "treasurer", "auditor")
#: Roles that may write to the ledger.
LEDGER_WRITERS = ("treasurer", "admin")
PARTY_KINDS = ("company", "operation", "donor", "merchant", "organisation", "platform", "government", "individual")
#: The parties a project can be dispatched to, and so the ones an organisation user acts for.
RECIPIENT_KINDS = ("organisation", "individual")
COMPOUND_KINDS = ("compound", "courtyard", "building")
#: A receipt register's records: a receipt issued (numbered), or why a donation has none.
RECEIPT_KINDS = ("issued", "declined", "anonymous")
#: Entries a donation receipt (公益事业捐赠票据) is issued for; a pledge's receipt is issued when
#: it is paid (its settlement), see :mod:`ledger.reports.receipts`.
RECEIPTED_KINDS = ("donation", "in_kind_donation")

#: Cash on hand (现金) and bank deposits (银行存款): where money comes in and goes out.
CASH_ON_HAND, BANK = "1001", "1002"
#: Unrestricted net assets (非限定性净资产): where a month's expenses and releases close to.
UNRESTRICTED_NET_ASSETS = "3101"
#: Programme costs (业务活动成本, 5101.xx by purpose) and management costs (管理费用).
PROGRAMME_COSTS, MANAGEMENT_COSTS = "5101", "5201"
#: Memo accounts of grants: open commitments (money promised to approved grants, not yet paid or
#: released), their contra, what was paid against them, and what was released unspent.
OPEN_COMMITMENTS, COMMITTED, PAID, RELEASED = "9101", "9102", "9103", "9104"
MEMO_ACCOUNTS = (OPEN_COMMITMENTS, COMMITTED, PAID, RELEASED)
