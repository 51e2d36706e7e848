"""What the hostile-input suite feeds cpa_core, and what it checks of every output.

Planted secrets (NHS numbers outside the test range, a name) go where a careless
message would echo them: unknown keys, wrong-typed values, free text, codes. No message,
path, report line or audit output may contain one.
"""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any

from hypothesis import strategies as st

from cpa_core.identifiers import nhs_number
from record_fixtures import FIXTURES, paths_in

PLANTED_NUMBERS = ("4857773457", "4010232137", "6123456784")
"""Valid NHS numbers (check digit right, not in the 9xx test range)."""

PLANTED_NAME = "Zebedee Quartermaine"
PLANTED_WORD = "Quartermaine"
SECRETS = (*PLANTED_NUMBERS, PLANTED_NAME, PLANTED_WORD)

_TEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{10}(?![0-9])")

REAL_KINDS = sorted({kind for kind, _, _ in FIXTURES if not kind.startswith("test-")})
"""Every record kind that has example records."""

EXAMPLES: dict[str, list[dict[str, Any]]] = {}
for _kind, _, _data in FIXTURES:
    EXAMPLES.setdefault(_kind, []).append(_data)


def assert_clean(text: str) -> None:
    """No planted secret, and no real (non-test-range) NHS number, in ``text``."""
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"
    for number in _TEN_DIGITS.findall(text):
        assert not (nhs_number.is_valid(number) and not number.startswith("9")), number


def deep(depth: int, leaf: Any = 0) -> Any:
    """``depth`` nested lists around ``leaf``, built without recursion."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


class _Opaque:
    def __repr__(self) -> str:
        raise RuntimeError(PLANTED_NAME)


HOSTILE_VALUES: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    10**400,
    -(10**5000),
    12.0,
    -0.0,
    1e308,
    "\ud800",
    f"{PLANTED_NAME}\udcff",
    PLANTED_NUMBERS[0],
    int(PLANTED_NUMBERS[1]),
    PLANTED_NAME,
    f"{PLANTED_WORD}\n",
    "P001\n",
    "2026-01-01\n",
    "2026-13-45",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59-01:00",
    "",
    "x" * 100_000,
    deep(1_000),
    deep(40, {PLANTED_WORD: 1}),
    {1: PLANTED_NAME},
    {PLANTED_NUMBERS[2]: PLANTED_NAME},
    {"\udcff": 1},
    (1, 2),
    {1, 2},
    b"bytes",
    _Opaque(),
    [],
    {},
    None,
    True,
]
"""Python values a program might hand to ``validate``; the JSON-able ones also go in files."""

json_leaves = st.sampled_from(HOSTILE_VALUES) | st.none() | st.booleans() | st.integers()


@st.composite
def hostile_record(draw: st.DrawFn, kind: str) -> dict[str, Any] | Any:
    """An example record of ``kind`` with one hostile change anywhere inside it."""
    record = copy.deepcopy(draw(st.sampled_from(EXAMPLES[kind])))
    paths = paths_in(record)
    action = draw(st.sampled_from(["replace", "replace", "add-key", "root"]))
    if action == "root":
        return draw(st.sampled_from(HOSTILE_VALUES))
    if action == "add-key" or not paths:
        key = draw(st.sampled_from([PLANTED_NAME, PLANTED_NUMBERS[0], PLANTED_WORD, "\udcff"]))
        record[key] = draw(json_leaves)
        return record
    path = draw(st.sampled_from(paths))
    parent: Any = record
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = draw(json_leaves)
    return record


def encodable(value: Any) -> bool:
    """Whether ``json.dumps`` can write ``value`` as strict JSON text."""
    try:
        json.dumps(value, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):
        return False
    return True


HOSTILE_LINES: list[bytes] = [
    b"NaN\n",
    b'{"a": Infinity}\n',
    b'{"a": -Infinity}\n',
    b'{"a": 1e999}\n',
    b'{"a": ' + b"1" * 5000 + b"}\n",
    b"[" * 100_000 + b"]" * 100_000 + b"\n",
    b'{"x":' * 1500 + b"1" + b"}" * 1500 + b"\n",
    b'{"\\ud800": 1}\n',
    b'{"note": "\\udcff"}\n',
    b'{"' + PLANTED_NAME.encode() + b'": 1}\n',
    b'{"' + PLANTED_NUMBERS[0].encode() + b'": "' + PLANTED_NUMBERS[1].encode() + b'"}\n',
    b'{"person_id": "' + PLANTED_NAME.encode() + b'"}\n',
    b"\xff\xfe\xfd\n",
    b'{"a": "\xc3\x28"}\n',
    b"{}\n",
    b"[]\n",
    b"null\n",
    b'"text"\n',
    b"{" + PLANTED_NAME.encode() + b"\n",
    b"   \n",
    b"\n",
    b'{"a": 1}',
]
"""Lines of an NDJSON file that are not good records, each a regression of some crash."""
