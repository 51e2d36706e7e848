"""The one cattrs converter: JSON-shaped data in and out of the attrs models.

It is strict where a default converter is lenient (see ``shared/performance-notes.md``):
``"6"`` is not an integer, ``true`` is not 1, ``3.5`` is not 3, an integer is not an NHS
number. Dates are ``YYYY-MM-DD``; instants are RFC 3339 with a mandatory offset; enums are
read by value; unknown keys are rejected. Every problem in a record is collected into one
:class:`~cpa_core.exceptions.InvalidRecordError`, each with its JSON path and a message that
never repeats the offending value.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from cpa_core import _time
from cpa_core._builders import builder
from cpa_core.constraints import SCHEMA_CHECKED, Constraint, ConstraintError
from cpa_core.exceptions import CpaCoreError, InvalidRecordError, Problem

__all__ = [
    "converter",
    "json_path",
    "structure",
    "structure_trusted",
    "unstructure",
]

T = TypeVar("T")

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class _WrongValueError(CpaCoreError):
    """A value of the wrong JSON type or shape; the message names the expected one."""


def json_path(base: str, step: str | int) -> str:
    """Extend a JSON path by a key or index: ``$`` + ``reviews`` + ``2`` → ``$.reviews[2]``."""
    if isinstance(step, int):
        return f"{base}[{step}]"
    if _IDENTIFIER.match(step):
        return f"{base}.{step}"
    quoted = step.replace("\\", "\\\\").replace("'", "\\'")
    return f"{base}['{quoted}']"


def _strict(expected: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, t: Any) -> Any:
        if t is not expected:
            # cattrs dispatches on the class hierarchy first, so a str- or int-based enum
            # arrives here: hand it to the enum hook rather than return a bare value.
            return _enum_hook(t)(value, t)
        # `type(v) is` on purpose: bool is an int subclass and must not pass for int.
        if type(value) is expected:
            return value
        raise _WrongValueError(f"expected {name}")

    return hook


def _structure_float(value: Any, t: Any) -> Any:
    if t is not float:
        return _enum_hook(t)(value, t)
    if type(value) is float or type(value) is int:
        return float(value)
    raise _WrongValueError("expected a number")


def _structure_date(value: Any, _: Any) -> date:
    if type(value) is not str:
        raise _WrongValueError("expected a date as a YYYY-MM-DD string")
    return _time.parse_date(value)


def _structure_instant(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        raise _WrongValueError("expected a date-time string with a UTC offset")
    return _time.parse_instant(value)


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


@functools.cache
def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    by_value = {member.value: member for member in cls}

    def hook(value: Any, _: Any) -> enum.Enum:
        # Look up with the exact type so that 1 does not match "1" nor True match 1.
        member = by_value.get(value)
        if member is None or type(member.value) is not type(value):
            raise _WrongValueError(f"not one of the allowed {cls.__name__} codes")
        return member

    return hook


def _is_literal(t: Any) -> bool:
    return get_origin(t) is Literal


def _literal_hook(t: Any) -> Callable[[Any, Any], Any]:
    allowed = get_args(t)

    def hook(value: Any, _: Any) -> Any:
        for option in allowed:
            if type(option) is type(value) and option == value:
                return option
        if len(allowed) == 1:
            raise _WrongValueError(f"must be {allowed[0]!r}")
        raise _WrongValueError("not one of the allowed values")

    return hook


def _constraint_of(field: attrs.Attribute[Any]) -> Constraint | None:
    return field.validator if isinstance(field.validator, Constraint) else None


def _checked(inner: Callable[[Any, Any], Any], constraint: Constraint) -> Callable[[Any, Any], Any]:
    def hook(value: Any, t: Any) -> Any:
        result = inner(value, t)
        constraint.check(result)
        return result

    return hook


def _attrs_hook(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)
    overrides = {}
    for field in attrs.fields(cls):
        constraint = _constraint_of(field)
        if constraint is not None:
            inner = conv.get_structure_hook(field.type)
            overrides[field.name] = override(struct_hook=_checked(inner, constraint))
    generated = make_dict_structure_fn(cls, conv, **overrides)  # type: ignore[arg-type]

    def hook(value: Any, t: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _WrongValueError("expected an object")
        try:
            return generated(value, t)
        except CpaCoreError as exc:
            # A model's own cross-field invariant (__attrs_post_init__) failed.
            raise _WrongValueError(str(exc)) from None

    return hook


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for exact, name in ((str, "a string"), (int, "an integer"), (bool, "true or false")):
        conv.register_structure_hook(exact, _strict(exact, name))
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_func(lambda t: t is date, _structure_date)
    conv.register_structure_hook_func(lambda t: t is datetime, _structure_instant)
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _attrs_hook(conv, cls))

    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook_func(_is_enum, lambda member: member.value)
    return conv


converter: cattrs.Converter = _make_converter()
"""The shared converter. Prefer :func:`structure` and :func:`unstructure`."""


def structure_trusted(data: Any, cls: type[T]) -> T:
    """Build a model from data its JSON Schema has already accepted, without re-checking.

    Raises:
        Exception: Anything; callers fall back to :func:`structure` for the full report.
    """
    build = builder(cls)
    if build is None:
        return structure(data, cls)
    token = SCHEMA_CHECKED.set(True)
    try:
        built: T = build(data)
        return built
    finally:
        SCHEMA_CHECKED.reset(token)


def _message(exc: BaseException) -> str:
    if isinstance(exc, ConstraintError):
        return exc.rule
    if isinstance(exc, CpaCoreError):
        # Our own messages are written never to contain the value.
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    # Anything else (a TypeError from deep inside, a ValueError from a third party) may quote
    # the value, so it is replaced by a generic message.
    return "invalid value"


def _step(exc: BaseException) -> str | int | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
        if isinstance(note, IterableValidationNote):
            return note.index
    return None


def _collect(exc: BaseException, path: str, out: list[Problem]) -> None:
    step = _step(exc)
    here = json_path(path, step) if step is not None else path
    if isinstance(exc, ForbiddenExtraKeysError):
        out.extend(
            Problem(json_path(here, key), "unknown field") for key in sorted(exc.extra_fields)
        )
    elif isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            _collect(sub, here, out)
    else:
        out.append(Problem(here, _message(exc)))


def problems_of(exc: BaseException) -> tuple[Problem, ...]:
    """Every problem inside a cattrs structuring exception, each with its JSON path."""
    out: list[Problem] = []
    _collect(exc, "$", out)
    return tuple(out)


def structure(data: Any, cls: type[T], *, kind: str | None = None) -> T:
    """Build a model from JSON-shaped data (dicts, lists, strings, numbers, booleans).

    Raises:
        InvalidRecordError: With every problem found, each with its JSON path.
    """
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, CpaCoreError, ForbiddenExtraKeysError) as exc:
        raise InvalidRecordError(problems_of(exc), kind=kind) from None


def unstructure(value: Any) -> Any:
    """Turn a model into JSON-ready data (ISO dates and instants, enums by value)."""
    return converter.unstructure(value)
