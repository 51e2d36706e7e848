"""JSON as cpa_core reads it: one parser, one guard, and paths that never echo a stranger's key.

Everything that reaches a record kind's schema and converter has passed through here:

- :func:`loads` is the one parser of JSON text. It refuses what JSON does not have (``NaN``,
  ``Infinity``, numbers beyond a double's range), malformed UTF-8 and nesting too deep to
  read, always with a :class:`ValueError`, whichever parser is installed (orjson with the
  ``fast`` extra, the standard library otherwise).
- :func:`problems` is the guard for data that did not come from :func:`loads` (values
  handed to :func:`cpa_core.validate` by a program, policy files read by TOML): it finds what
  the schema validators cannot be trusted with (nesting deeper than :data:`MAX_DEPTH`, a
  non-finite float, an integer beyond a double's range, a lone surrogate, a key that is not
  a string, a Python object that is not JSON) without recursion, so that no input can
  exhaust the stack or make a validator quote an unprintable value.
- :func:`render_path` writes a JSON path for people. A key that is one of the model's own
  field names is written as such (``$.reviews[2].date``); any other key is written by its
  position in its object (``$.<key 3>``), because an unknown key is input text and may be an
  NHS number or a name.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import Any

from cpa_core.exceptions import Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_BITS",
    "STRICT_PARSER",
    "json_path",
    "key_step",
    "loads",
    "problems",
    "render_path",
    "round_trips",
]

MAX_DEPTH = 32
"""Deepest nesting of objects and lists read; every record kind needs fewer than 10 levels."""

MAX_INT_BITS = 1024
"""Integers wider than this are beyond a double's range and refused: JSON numbers are read as
doubles by most other validators, and a wider integer cannot even be printed by Python."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def json_path(base: str, step: str | int) -> str:
    """Extend a JSON path by a key or index: ``$`` + ``reviews`` + ``2`` → ``$.reviews[2]``.

    For keys the model declares. A key read from input goes through
    :func:`cpa_core.jsondata.render_path` or :func:`cpa_core.jsondata.key_step`, which never
    print an unknown key's text.
    """
    if isinstance(step, int):
        return f"{base}[{step}]"
    if _IDENTIFIER.fullmatch(step):
        return f"{base}.{step}"
    quoted = step.replace("\\", "\\\\").replace("'", "\\'")
    return f"{base}['{quoted}']"


def key_step(base: str, key: object, position: int, known: Container[str]) -> str:
    """``base`` extended by ``key``, the ``position``-th (1-based) key of its object.

    A declared field name is written out; anything else is written as ``<key N>``.
    """
    if isinstance(key, str) and key in known:
        return json_path(base, key)
    return f"{base}.<key {position}>"


def render_path(data: Any, steps: Sequence[str | int], known: Container[str]) -> str:
    """The JSON path of ``steps`` inside ``data``, unknown keys written by position."""
    path = "$"
    node = data
    for step in steps:
        if isinstance(step, int) or not isinstance(node, Mapping):
            path = json_path(path, step) if isinstance(step, int) else f"{path}.<key ?>"
            node = _child(node, step)
            continue
        position = next((i for i, k in enumerate(node, start=1) if k == step), 0)
        path = key_step(path, step, position, known)
        node = node.get(step)
    return path


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int) and isinstance(node, list) and -len(node) <= step < len(node):
        return node[step]
    return None


def _strict_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _no_constant(_name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def _stdlib_loads(raw: bytes | str) -> Any:
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_float=_strict_float)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _parser() -> tuple[Callable[[bytes | str], Any], bool]:
    try:
        import orjson  # noqa: PLC0415 - optional speed-up
    except ImportError:
        return _stdlib_loads, False
    return orjson.loads, True


_loads, STRICT_PARSER = _parser()
"""Whether :func:`loads` is orjson's, whose output needs no guard: orjson refuses NaN,
Infinity, lone surrogates and nesting past 1,024 levels, and reads integers wider than 64
bits as doubles."""


def loads(raw: bytes | str) -> Any:
    """Parse JSON text; every failure is a :class:`ValueError` that quotes none of the text."""
    try:
        return _loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise ValueError("not valid JSON") from None


def _bad_text(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def problems(
    data: Any,
    known: Container[str] = frozenset(),
    *,
    limit: int = 100,
    parsed: bool = False,
    text: bytes | None = None,
) -> tuple[Problem, ...]:
    """What in ``data`` is not JSON that cpa_core can read, with paths; ``()`` when it is.

    Args:
        data: Parsed JSON, or what a program passes as such.
        known: The model's field names, written out in paths (other keys by position).
        limit: Stop after this many problems.
        parsed: ``data`` came from :func:`loads` with :data:`STRICT_PARSER` (or is a CSV
            row's typed cells): then only its nesting can be wrong, and only that is
            looked at before the full walk.
        text: With ``parsed``, the JSON text ``data`` was read from, when at hand.
    """
    if not parsed:
        readable = _readable(data)
    else:
        readable = (text is not None and _few_brackets(text)) or _shallow(data)
    return () if readable else _walk(data, known, limit)


def _few_brackets(text: bytes) -> bool:
    """Whether JSON text has too few brackets to nest anything :data:`MAX_DEPTH` deep: a
    value at that depth needs one more opening bracket than that, so counting them (in
    strings too, which only over-counts) answers for nearly every record without
    walking the data read from it."""
    return text.count(b"{") + text.count(b"[") <= MAX_DEPTH


def _walk(data: Any, known: Container[str], limit: int) -> tuple[Problem, ...]:
    out: list[Problem] = []
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack and len(out) < limit:
        value, path, depth = stack.pop()
        message = _scalar_problem(value)
        if message is not None:
            out.append(Problem(path, message))
            continue
        if isinstance(value, Mapping | list) and depth >= MAX_DEPTH:
            out.append(Problem(path, f"nested more than {MAX_DEPTH} levels deep"))
            continue
        if isinstance(value, Mapping):
            stack.extend(reversed(list(_members(value, path, depth, known, out))))
        elif isinstance(value, list):
            stack.extend(
                (item, json_path(path, index), depth + 1)
                for index, item in reversed(list(enumerate(value)))
            )
    return tuple(out)


def _readable(data: Any) -> bool:
    """Whether :func:`_walk` would find nothing: the same walk without building a path
    for every value (a refused record's guard ran at about 1 ms a care episode with them)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            if depth >= MAX_DEPTH:
                return False
            for key, item in value.items():
                if not isinstance(key, str) or _bad_text(key):
                    return False
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            if depth >= MAX_DEPTH:
                return False
            stack.extend((item, depth + 1) for item in value)
        elif _scalar_problem(value) is not None:
            return False
    return True


def round_trips(data: Any) -> bool:
    """Whether ``data`` is made of ``dict``, ``list``, ``str``, ``float``, ``bool``,
    ``None`` and ``int`` exactly, with string keys and nesting and integers within
    :data:`MAX_DEPTH` and :data:`MAX_INT_BITS`: data that JSON text writes and reads back
    as it is. What text cannot hold (NaN, a lone surrogate) is left to the encoder.

    JSON text cannot tell a subclass (a str-based enum, an ``OrderedDict``) from its base,
    where the reference path may treat it otherwise; such data does not round-trip here.

    >>> round_trips({"a": [1, 2.5]}), round_trips({"a": (1, 2)}), round_trips({1: "a"})
    (True, False, False)
    """
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is dict:
            if depth >= MAX_DEPTH or any(type(key) is not str for key in value):
                return False
            stack.extend((item, depth + 1) for item in value.values())
        elif kind is list:
            if depth >= MAX_DEPTH:
                return False
            stack.extend((item, depth + 1) for item in value)
        elif kind is int:
            if value.bit_length() > MAX_INT_BITS:
                return False
        elif kind not in _PLAIN_SCALARS:
            return False
    return True


_PLAIN_SCALARS = (str, float, bool, type(None))


def _shallow(data: Any) -> bool:
    """:func:`_readable` for the strict parser's output, which holds only dicts, lists and
    values it has already checked (orjson refuses NaN, lone surrogates and numbers beyond
    a double, and its keys are text): whether nothing is nested :data:`MAX_DEPTH` deep.
    Only containers are visited, by exact type (a refused record's guard cost about as
    much as checking ten valid records when every value went through ``isinstance``
    against ``Mapping``)."""
    if type(data) is not dict and type(data) is not list:
        return True
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth >= MAX_DEPTH:
            return False
        for item in value.values() if type(value) is dict else value:
            if type(item) is dict or type(item) is list:
                stack.append((item, depth + 1))
    return True


def _members(
    value: Mapping[Any, Any], path: str, depth: int, known: Container[str], out: list[Problem]
) -> Iterable[tuple[Any, str, int]]:
    for position, (key, item) in enumerate(value.items(), start=1):
        here = key_step(path, key, position, known)
        if not isinstance(key, str):
            out.append(Problem(here, "a key that is not a string"))
        elif _bad_text(key):
            out.append(Problem(here, "a key that is not valid Unicode text"))
        else:
            yield item, here, depth + 1


def _scalar_problem(value: Any) -> str | None:
    if value is None or isinstance(value, bool | Mapping | list):
        return None
    if isinstance(value, str):
        return "text that is not valid Unicode (a lone surrogate)" if _bad_text(value) else None
    if isinstance(value, int):
        return "a number too large to read" if value.bit_length() > MAX_INT_BITS else None
    if isinstance(value, float):
        return None if math.isfinite(value) else "not a finite number (NaN or infinity)"
    return "not a JSON value"
