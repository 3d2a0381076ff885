"""Arbitrary JSON-able payloads round-trip exactly (hypothesis).

Unicode of every category (control characters, lone surrogates, RTL marks,
emoji sequences), big integers, floats including -0.0, deep-ish nesting and
strings up to about 1 MB.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_helpers import assert_identical

from wizard.store import Store
from wizard.store.payloads import PAD_TO, decode_payload, encode_payload

SPECIAL = [
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\x00",
    "\x1b[31m",
    "\ud800",  # lone surrogate
    "👩‍👩‍👧‍👦",
    "🇺🇦",
    "مرحبا",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "Ελληνικά",
    '"quoted" \\backslash\\ </script>',
]

text = st.text() | st.sampled_from(SPECIAL) | st.lists(st.sampled_from(SPECIAL)).map("".join)


def _big(chunk: str, size: int) -> str:
    """``chunk`` repeated to about ``size`` bytes of serialised JSON (escapes count)."""
    escaped = json.dumps(chunk, ensure_ascii=False)[1:-1]
    width = max(1, len(escaped.encode("utf-8", "surrogatepass")))
    return chunk * max(1, size // width)


big_text = st.builds(
    _big, st.text(min_size=1, max_size=8) | st.sampled_from(SPECIAL), st.integers(1, 1_000_000)
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**100), max_value=2**100)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(text, children, max_size=5),
    max_leaves=30,
)
payloads = st.fixed_dictionaries(
    {
        "answers": st.dictionaries(text, json_values, max_size=8),
        "state": st.dictionaries(text, json_values | big_text, max_size=3),
    }
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@SETTINGS
@given(payloads)
def test_encoding_round_trips_and_pads(payload: dict[str, Any]) -> None:
    data = encode_payload(payload)
    assert len(data) % PAD_TO == 0
    assert_identical(decode_payload(data), payload)


@SETTINGS
@given(first=payloads, second=payloads)
def test_store_round_trips_arbitrary_payloads(
    store: Store, first: dict[str, Any], second: dict[str, Any]
) -> None:
    draft, key = store.create("f", "de", first)
    assert_identical(draft.payload, first)
    assert_identical(store.open(key).payload, first)
    saved = store.save(key, second, expected_version=1)
    assert_identical(saved.payload, second)
    assert_identical(store.open(key).payload, second)
    store.delete(key)


def test_one_megabyte_answer_round_trips(store: Store) -> None:
    huge = "\u200f" + "🙂ا" * 170_000 + "\x00"  # ~1 MB of UTF-8
    payload = {"answers": {"essay": huge}, "state": {}}
    _, key = store.create("f", "de", payload)
    assert store.open(key).answers["essay"] == huge


def test_returned_payload_is_a_copy(store: Store) -> None:
    payload = {"answers": {"list": [1, 2]}, "state": {}}
    draft, key = store.create("f", "de", payload)
    payload["answers"]["list"].append(3)
    draft.answers["list"].append(4)
    assert store.open(key).answers == {"list": [1, 2]}
