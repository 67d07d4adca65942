"""Spending ratios under the MCA rule: charitable-activity spending against the previous
period's total income (70%), and management costs against total spending (10% / 13% / 20% by
organisation type). Thresholds come from ``fixtures/rules.toml``; a missed one is flagged."""

from __future__ import annotations

from decimal import Decimal

from ledger.data.fixtures import thresholds
from ledger.domain.money import round_half_up
from ledger.domain.periods import Period, parse_period
from ledger.reports.lists import Record


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


def ratio_rows(programme: Decimal, management: Decimal, spending: Decimal, prior_income: Decimal) -> list[Record]:
    """The two ratios as statement rows, each with its threshold and whether it was met."""
    charitable_min, management_max, kind = thresholds()
    rows = []
    for code, zh, en, part, whole, limit, at_least in (
        (
            "charitable_ratio",
            "慈善活动支出占上年总收入",
            "Charitable spending / previous income",
            programme,
            prior_income,
            charitable_min,
            True,
        ),
        (
            "management_ratio",
            "管理费用占当年总支出",
            "Management costs / total spending",
            management,
            spending,
            management_max,
            False,
        ),
    ):
        share = round_half_up(part * 100 / whole) if whole else None  # percent, to two places
        percent = limit * 100
        met = None if share is None else (share >= percent if at_least else share <= percent)
        rows.append(
            {
                "statement": "ratios",
                "code": code,
                "name_zh": f"{zh}（%）",
                "name_en": f"{en} (%)",
                "unrestricted": None,
                "restricted": None,
                "total": share,
                "threshold": percent,
                "met": met,
                "organisation_type": kind,
            }
        )
    return rows
