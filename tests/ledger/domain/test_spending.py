"""The spending rule as its articles say, at their boundaries: the rule's own data from
``fixtures/rules.toml`` (types, tiers, the ¥200,000 exemption) applied to a year's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.data.fixtures import spending_rules
from ledger.domain.spending import EXEMPT, MET, NO_BASIS, NOT_MET, YearFigures, assess, rule_in_force
from ledger.errors import InputError

WAN = Decimal("10000")  # 万元


def outcome(kind: str, **figures: str | Decimal) -> dict[str, tuple[Decimal | None, Decimal, str]]:
    values = {"programme": "0", "management": "0", "spending": "0", "prior_income": "0", "prior_net_assets": "0"}
    values |= {k: str(v) for k, v in figures.items()}
    tier = values.pop("tier_net_assets", values["prior_net_assets"])
    year = YearFigures(**{k: Decimal(v) for k, v in values.items()}, tier_net_assets=Decimal(tier))
    rule = rule_in_force(spending_rules(kind), 2026)
    return {o.code: (o.share, o.limit, o.status) for o in assess(rule, year)}


def test_a_hundred_yuan_of_management_costs_is_exempt_not_a_miss() -> None:
    got = outcome("public_fundraising_social_org", management="100.00", spending="150.00", programme="50.00")
    assert got["management_ratio"] == (Decimal("66.67"), Decimal("13.00"), EXEMPT)


@pytest.mark.parametrize(
    ("management", "status"),
    [("199999.99", EXEMPT), ("200000.00", NOT_MET)],  # under ¥200,000 only; at it, the limit applies
)
def test_the_exemption_ends_at_two_hundred_thousand(management: str, status: str) -> None:
    got = outcome("public_fundraising_social_org", management=management, spending="1000000.00")
    assert got["management_ratio"][2] == status


def test_a_public_fundraising_foundation_has_no_exemption() -> None:
    got = outcome("public_fundraising_foundation", management="100.00", spending="150.00")
    assert got["management_ratio"] == (Decimal("66.67"), Decimal("10.00"), NOT_MET)


@pytest.mark.parametrize(
    ("programme", "status"),
    [("70.00", MET), ("69.99", NOT_MET), ("69.996", NOT_MET)],  # 69.996% shows as 70.00 and still misses
)
def test_charitable_spending_is_held_to_seventy_percent_of_the_previous_years_income(
    programme: str, status: str
) -> None:
    got = outcome("public_fundraising_social_org", programme=programme, spending=programme, prior_income="100.00")
    assert got["charitable_ratio"][1:] == (Decimal("70.00"), status)


def test_a_year_without_income_before_it_has_no_basis() -> None:
    assert outcome("public_fundraising_social_org", programme="10.00")["charitable_ratio"] == (
        None,
        Decimal("70.00"),
        NO_BASIS,
    )


@pytest.mark.parametrize(
    ("net_assets", "charitable", "management"),
    [
        (6000 * WAN, "6.00", "12.00"),  # 上年末净资产高于6000万元（含本数）
        (6000 * WAN - 1, "6.00", "13.00"),
        (800 * WAN, "6.00", "13.00"),
        (800 * WAN - 1, "7.00", "15.00"),
        (400 * WAN, "7.00", "15.00"),
        (400 * WAN - 1, "8.00", "20.00"),
    ],
)
def test_a_foundation_without_public_fundraising_is_held_by_its_net_assets_tier(
    net_assets: Decimal, charitable: str, management: str
) -> None:
    got = outcome("foundation", prior_net_assets=net_assets, management="300000.00", spending="1000000.00")
    assert (got["charitable_ratio"][1], got["management_ratio"][1]) == (Decimal(charitable), Decimal(management))


@pytest.mark.parametrize(
    ("net_assets", "charitable", "management"),
    [
        (1000 * WAN, "6.00", "13.00"),
        (1000 * WAN - 1, "7.00", "14.00"),
        (500 * WAN, "7.00", "14.00"),
        (500 * WAN - 1, "8.00", "15.00"),
        (100 * WAN, "8.00", "15.00"),
    ],
)
def test_a_social_organisation_without_public_fundraising_by_its_tier(
    net_assets: Decimal, charitable: str, management: str
) -> None:
    got = outcome("social_org", prior_net_assets=net_assets, management="300000.00", spending="1000000.00")
    assert (got["charitable_ratio"][1], got["management_ratio"][1]) == (Decimal(charitable), Decimal(management))
    assert "charitable_income_ratio" not in got


def test_the_smallest_social_organisation_also_spends_half_its_previous_income() -> None:
    got = outcome("social_org", prior_net_assets="500000.00", prior_income="100000.00", programme="45000.00")
    assert got["charitable_ratio"] == (Decimal("9.00"), Decimal("8.00"), MET)  # 45,000 of 500,000 net assets
    assert got["charitable_income_ratio"] == (Decimal("45.00"), Decimal("50.00"), NOT_MET)  # but under half


def test_the_tier_is_picked_by_the_previous_years_end_even_on_averages() -> None:
    got = outcome("foundation", prior_net_assets=900 * WAN, tier_net_assets=700 * WAN, programme=63 * WAN)
    assert got["charitable_ratio"] == (Decimal("7.00"), Decimal("7.00"), MET)  # tier (三); 63 of 900 万


def test_a_year_before_any_rule_is_refused() -> None:
    with pytest.raises(InputError):
        rule_in_force(spending_rules("foundation"), 2015)
