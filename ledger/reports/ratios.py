"""Spending ratios under the MCA rule (:mod:`ledger.domain.spending`) as statement rows: for a
calendar year only, the year the rule speaks of. The organisation type, the option of three-year
averages and every rate, tier and exemption come from ``fixtures/rules.toml``."""

from __future__ import annotations

from decimal import Decimal

from ledger.data.fixtures import ratio_settings, spending_rules
from ledger.domain.periods import Period, parse_period
from ledger.domain.spending import EXEMPT, MET, NOT_MET, Outcome, SpendingRule, YearFigures, assess, rule_in_force
from ledger.reports.lists import Record

#: Each ratio's name by its basis: (zh, en).
_NAMES = {
    ("charitable_ratio", "prior_income"): ("慈善活动支出占上年总收入", "Charitable spending / previous year's income"),
    ("charitable_ratio", "prior_net_assets"): (
        "慈善活动支出占上年末净资产",
        "Charitable spending / net assets at the previous year's end",
    ),
    ("charitable_income_ratio", "prior_income"): (
        "慈善活动支出占上年总收入",
        "Charitable spending / previous year's income",
    ),
    ("management_ratio", "spending"): ("管理费用占当年总支出", "Management costs / the year's total spending"),
}
_AVERAGED = ("（前三年平均）", " (three-year average)")


def previous(period: Period) -> Period:
    """The period of the same kind just before ``period`` (2025 -> 2024, 2025Q1 -> 2024Q4,
    2025-01 -> 2024-12)."""
    year = period.start.year
    if "Q" in period.label:
        quarter = (period.start.month - 1) // 3 + 1
        return parse_period(f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}")
    if "-" in period.label:
        month = period.start.month
        return parse_period(f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}")
    return parse_period(str(year - 1))


def is_year(period: Period) -> bool:
    return period.label.isdigit()


def rule_for(year: int) -> tuple[SpendingRule, bool]:
    """The host's rule in force in ``year``, and whether three-year averages are used."""
    kind, averaged = ratio_settings()
    return rule_in_force(spending_rules(kind), year), averaged


def ratio_rows(rule: SpendingRule, year: YearFigures, averaged: bool = False) -> list[Record]:
    """The year's ratios as statement rows: the share and the limit in percent, ``met`` (true
    when exempt, null without a basis) and ``status`` (met, not_met, exempt, no_basis)."""
    return [_row(rule, outcome, averaged) for outcome in assess(rule, year)]


def _row(rule: SpendingRule, outcome: Outcome, averaged: bool) -> Record:
    basis = {"charitable_ratio": rule.basis, "charitable_income_ratio": "prior_income"}.get(outcome.code, "spending")
    zh, en = _NAMES[(outcome.code, basis)]
    if averaged and basis != "spending":
        zh, en = zh + _AVERAGED[0], en + _AVERAGED[1]
    met = {MET: True, EXEMPT: True, NOT_MET: False}.get(outcome.status)
    return {
        "statement": "ratios",
        "code": outcome.code,
        "name_zh": f"{zh}（%）",
        "name_en": f"{en} (%)",
        "unrestricted": None,
        "restricted": None,
        "total": outcome.share,
        "threshold": outcome.limit,
        "met": met,
        "status": outcome.status,
        "organisation_type": rule.organisation_type,
        "article": rule.article,
    }


def average(values: list[Decimal]) -> Decimal:
    """The mean of the three previous years' figures, as article 10 takes it (a year without
    entries counts as zero)."""
    return sum(values, Decimal("0.00")) / 3
