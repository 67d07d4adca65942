"""The message table: every message in both languages with the same fields, and English counts
that read right for one."""

from __future__ import annotations

import string

import pytest

from cli.text import workflow as _workflow_messages  # noqa: F401 - adds the workflow messages
from cli.text.messages import MESSAGES, t


def fields(text: str) -> set[str]:
    """The fields a message fills, a stage's name in either language (``stage_zh``) as one."""
    return {name.removesuffix("_zh").removesuffix("_en") for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = MESSAGES[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en), (key, zh, en)


def test_a_count_of_one_is_singular_in_english() -> None:
    assert t("import_done", "en", written=1, first=7, last=7, repeated=1) == (
        "Imported 1 entry (#7-#7); 1 row was already imported and skipped."
    )
    assert t("import_done", "en", written=2, first=7, last=8, repeated=0).startswith(
        "Imported 2 entries (#7-#8); 0 rows were"
    )
    assert (
        t("import_done", "zh", written=1, first=7, last=7, repeated=0)
        == "已导入 1 张凭证（#7–#7）；0 行此前已导入，跳过。"
    )
