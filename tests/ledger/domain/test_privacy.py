"""Personal data never leaves in a disclosure: names masked, phones and ID numbers removed however
they are written (spaces, dashes, +86, full-width digits, letters stuck to them), ordinary
numbers (amounts, dates, entry numbers) left alone. The strategies here make the numbers the
pack test plants in every field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.privacy import mask_name, pseudonym, scrub, scrubbed

DIGITS = "0123456789"
FULL_WIDTH = str.maketrans(DIGITS + "+-()Xx ", "０１２３４５６７８９＋－（）Ｘｘ　")
SEPARATORS = ("", "", "", "", " ", "-", " - ", "  ", "　")
PHONE_PREFIXES = ("", "", "+86", "86", "+86 ", "0086 ", "(+86)", "+86-", "(+86) ")
AROUND = ("", " ", "tel", "电话", "号", "ID", "abc", "：", "身份证", "x")


@st.composite
def spelled(draw: st.DrawFn, digits: str, prefix: str = "") -> str:
    """``digits`` as a person types them: separators between some digits, maybe full-width."""
    gaps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(digits) - 1, max_size=len(digits) - 1))
    text = prefix + digits[0] + "".join(gap + digit for gap, digit in zip(gaps, digits[1:], strict=True))
    return text.translate(FULL_WIDTH) if draw(st.booleans()) else text


def digit_string(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=size, max_size=size)


@st.composite
def mobile(draw: st.DrawFn) -> tuple[str, str]:
    """A mainland mobile number as typed, and its eleven digits."""
    digits = "1" + draw(st.sampled_from("3456789")) + draw(digit_string(9))
    return draw(spelled(digits, draw(st.sampled_from(PHONE_PREFIXES)))), digits


@st.composite
def id_card(draw: st.DrawFn) -> tuple[str, str]:
    """An ID-card number (18 digits, maybe ending in X, or the old 15) as typed, and its digits."""
    region = draw(st.sampled_from("12345678")) + draw(digit_string(5))
    born = draw(st.dates(dt.date(1920, 1, 1), dt.date(2025, 12, 31)))
    if draw(st.booleans()):
        digits = region + born.strftime("%Y%m%d") + draw(digit_string(3)) + draw(st.sampled_from(DIGITS + "Xx"))
    else:
        digits = region + born.strftime("%y%m%d") + draw(digit_string(3))
    return draw(spelled(digits)), digits


@st.composite
def personal(draw: st.DrawFn) -> tuple[str, str]:
    """A personal number inside text, letters maybe stuck to it, and its digits."""
    number, digits = draw(st.one_of(mobile(), id_card()))
    return draw(st.sampled_from(AROUND)) + number + draw(st.sampled_from(AROUND)), digits


def bare(text: str) -> str:
    """Text as a scanner compares it: full-width read as ASCII, separators and signs dropped."""
    half = text.translate(str.maketrans("０１２３４５６７８９＋－（）Ｘｘ　", DIGITS + "+-()Xx "))
    return re.sub(r"[\s\-()+]", "", half).upper()


@given(personal())
def test_every_spelling_of_a_phone_or_id_number_is_removed(planted: tuple[str, str]) -> None:
    text, digits = planted
    cleaned = scrub(f"居民来电，{text}，请回访")
    assert digits.upper() not in bare(cleaned) and "[已删除]" in cleaned
    assert cleaned.startswith("居民来电，") and cleaned.endswith("，请回访")


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", ""), (None, "")]
)
def test_names_keep_only_their_first_character(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "text",
    [
        "联系人王芳 13812345678 请回电",
        "身份证 510502198001011234 已核验",
        "身份证 51050219800101123X",
        "座机 0830-2345678",
        "座机 (0830) 2345678",
    ],
)
def test_phone_and_id_numbers_are_removed(text: str) -> None:
    cleaned = scrub(text)
    assert "[已删除]" in cleaned
    assert not any(run in cleaned for run in ("13812345678", "510502198001011234", "51050219800101123X", "2345678"))


@pytest.mark.parametrize(
    "text",
    [
        "项目 #12 拨付 1,234.56 元，凭证 20251103，小区 c07",
        "单价 13.50 14.20 15.00 元",
        "2026-03-01 至 2026-04-01",
        "捐赠 100 200 300 400 500 元",
    ],
)
def test_ordinary_numbers_and_amounts_stay(text: str) -> None:
    assert scrub(text) == text


def test_figures_are_scrubbed_everywhere_but_the_fields_kept_as_they_are() -> None:
    head = "a13812345678" + "0" * 52  # a digest may hold a run that looks like a phone
    figures = {"chain_head": head, "rows": [{"title": "电话 13812345678", "n": 3}], "name": "燃气 13812345678"}
    assert scrubbed(figures, {"chain_head"}) == {
        "chain_head": head,
        "rows": [{"title": "电话 [已删除]", "n": 3}],
        "name": "燃气 [已删除]",
    }


def test_a_pseudonym_is_stable_and_says_nothing_of_the_person() -> None:
    assert pseudonym(7) == pseudonym(7) == "IND-000007" != pseudonym(8)
