"""The MCA rule on a charitable organisation's annual spending and management costs
(《关于慈善组织开展慈善活动年度支出和管理费用的规定》, 民发〔2016〕189号), as pure functions
over the rule's data (``fixtures/rules.toml``, read by :func:`ledger.data.fixtures.spending_rules`).

A calendar year is judged: its charitable-activity spending against the previous year's total
income (articles 6 and 7: organisations with public fundraising) or against net assets at the
previous year's end (articles 8 and 9: without it, by tiers of those net assets; the lowest tier
of article 9 also against income); its management costs against its total spending, with the
limit of the organisation's type and tier, unless they are under the exemption of article 11.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ledger.domain.money import round_half_up
from ledger.errors import InputError

#: What a ratio's outcome is called in JSON and CSV (stable keys).
MET, NOT_MET, EXEMPT, NO_BASIS = "met", "not_met", "exempt", "no_basis"
#: What each outcome is called, (zh, en): the CLI's and the disclosure page's words.
OUTCOMES = {
    MET: ("达标", "met"),
    NOT_MET: ("未达标", "not met"),
    EXEMPT: ("豁免（第十一条）", "exempt (art. 11)"),
    NO_BASIS: ("无计算基数", "no basis"),
}


@dataclass(frozen=True)
class Tier:
    """The limits that apply from a level of net assets at the previous year's end."""

    net_assets_from: Decimal
    charitable_min: Decimal
    management_max: Decimal
    income_min: Decimal | None = None  # article 9 (4): also a share of the previous year's income


@dataclass(frozen=True)
class SpendingRule:
    """One organisation type's rule, in force from a date."""

    organisation_type: str
    effective_from: dt.date
    article: str
    basis: str  # "prior_income" or "prior_net_assets"
    tiers: tuple[Tier, ...]  # the highest level first
    exempt_below: Decimal | None = None  # management costs under this: no management limit

    def tier(self, net_assets: Decimal) -> Tier:
        return next(t for t in self.tiers if net_assets >= t.net_assets_from)


@dataclass(frozen=True)
class YearFigures:
    """What the rule is applied to: the year's spending, and the previous year's figures (or
    the three previous years' averages, under article 10)."""

    programme: Decimal  # charitable-activity spending (5101.xx)
    management: Decimal  # management costs (5201)
    spending: Decimal  # every expense of the year
    prior_income: Decimal
    prior_net_assets: Decimal
    tier_net_assets: Decimal  # net assets at the previous year's end, which pick the tier


@dataclass(frozen=True)
class Outcome:
    """One ratio: its share in percent (None without a basis), its limit in percent, whether it
    is a minimum, and its status."""

    code: str
    share: Decimal | None
    limit: Decimal
    at_least: bool
    status: str


def rule_in_force(rules: tuple[SpendingRule, ...], year: int) -> SpendingRule:
    """The newest rule in force by the end of ``year``."""
    end = dt.date(year, 12, 31)
    for rule in rules:
        if rule.effective_from <= end:
            return rule
    raise InputError("rule_not_in_force", date=end.isoformat())


def assess(rule: SpendingRule, year: YearFigures) -> list[Outcome]:
    """The year's ratios under ``rule``."""
    tier = rule.tier(year.tier_net_assets)
    on_income = rule.basis == "prior_income"
    basis = year.prior_income if on_income else year.prior_net_assets
    out = [_ratio("charitable_ratio", year.programme, basis, tier.charitable_min, at_least=True)]
    if tier.income_min is not None:
        out.append(_ratio("charitable_income_ratio", year.programme, year.prior_income, tier.income_min, at_least=True))
    management = _ratio("management_ratio", year.management, year.spending, tier.management_max, at_least=False)
    if rule.exempt_below is not None and year.management < rule.exempt_below:
        management = Outcome(management.code, management.share, management.limit, False, EXEMPT)
    return [*out, management]


def _ratio(code: str, part: Decimal, whole: Decimal, limit: Decimal, *, at_least: bool) -> Outcome:
    percent = limit * 100
    if whole <= 0:
        return Outcome(code, None, percent, at_least, NO_BASIS)
    share = round_half_up(part * 100 / whole)  # percent, to two places, as shown
    met = part >= whole * limit if at_least else part <= whole * limit  # exactly: 69.996% is not 70%
    return Outcome(code, share, percent, at_least, MET if met else NOT_MET)
