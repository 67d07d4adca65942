"""Personal data never leaves in a disclosure: names masked, phones and ID numbers removed."""

from __future__ import annotations

import pytest

from ledger.domain.privacy import mask_name, scrub


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
    ],
)
def test_phone_and_id_numbers_are_removed(text: str) -> None:
    cleaned = scrub(text)
    assert "[已删除]" in cleaned
    assert not any(run in cleaned for run in ("13812345678", "510502198001011234", "51050219800101123X", "2345678"))


def test_ordinary_numbers_and_amounts_stay() -> None:
    text = "项目 #12 拨付 1,234.56 元，凭证 20251103，小区 c07"
    assert scrub(text) == text
