"""The hash chain's one serialisation: the bytes every book was hashed with must not change when
the encoder behind them does, or every stored hash would stop verifying."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.chain import GENESIS, canonical, entry_hash

#: What the chain hashes: text (any code point a string can hold in UTF-8), BIGINT-sized integers,
#: None, booleans, lists and objects with text keys.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(st.characters(blacklist_categories=("Cs",))),
)
values = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


def reference(content: object) -> bytes:
    """The serialisation the first books were hashed with (the standard library's encoder)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@given(st.dictionaries(st.text(), values))
def test_canonical_bytes_are_those_of_the_standard_encoder(content: dict[str, object]) -> None:
    assert canonical(content) == reference(content)


def test_an_entry_hash_is_stable_across_encoders() -> None:
    content = {
        "book": "longmatan",
        "seq": 1,
        "date": "2025-03-05",
        "kind": "donation",
        "memo": '燃气公司 捐赠\t"月度"\u2028',
        "actor": "治理员",
        "created_at": "2025-03-05T08:00:00+00:00",
        "key": None,
        "reverses": None,
        "postings": [["1001", "community", 2000000, "gas", None, None, None]],
    }
    expected = hashlib.sha256(GENESIS.encode("ascii") + reference(content)).hexdigest()
    assert entry_hash(GENESIS, content) == expected
