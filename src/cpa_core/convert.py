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
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args, get_origin, get_type_hints

import attrs

from cpa_core import statutory_time
from cpa_core._builders import builder
from cpa_core.constraints import SCHEMA_CHECKED, Constraint, ConstraintError, Duration
from cpa_core.exceptions import CpaCoreError, InvalidRecordError, Problem
from cpa_core.jsondata import json_path, render_path

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "converter",
    "field_names",
    "json_integer",
    "json_path",
    "models_in",
    "structure",
    "structure_trusted",
    "unstructure",
]

T = TypeVar("T")


class _WrongValueError(CpaCoreError):
    """A value of the wrong JSON type or shape; the message names the expected one."""


def json_integer(value: Any) -> int | None:
    """``value`` as an ``int`` when JSON Schema calls it an integer, else ``None``.

    JSON has one number type: ``12.0`` is the integer 12 to every JSON Schema validator (and
    is what pandas writes for an integer column), so it becomes the ``int`` 12 here. A
    boolean is never a number.
    """
    kind = type(value)
    if kind is int:
        return value  # type: ignore[no-any-return]
    if kind is float and value.is_integer():
        return int(value)
    return None


def _strict(expected: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, t: Any) -> Any:
        if t is not expected:
            # cattrs dispatches on the class hierarchy first, so a str- or int-based enum
            # arrives here: hand it to the enum hook rather than return a bare value.
            return _enum_hook(t)(value, t)
        # `type(v) is` on purpose: bool is an int subclass and must not pass for int.
        if type(value) is expected:
            return value
        if expected is int and (number := json_integer(value)) is not None:
            return number
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
    return statutory_time.parse_date(value)


def _structure_instant(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        raise _WrongValueError("expected a date-time string with a UTC offset")
    return statutory_time.parse_instant(value)


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


@functools.cache
def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    by_value = {member.value: member for member in cls}

    def hook(value: Any, _: Any) -> enum.Enum:
        # Look up with the exact type so that 1 does not match "1" nor True match 1; an
        # integral float is the integer it equals, as in JSON Schema's enum.
        key = json_integer(value) if type(value) is float else value
        member = by_value.get(key)
        if member is None or type(member.value) is not type(key):
            raise _WrongValueError(f"not one of the allowed {cls.__name__} codes")
        return member

    return hook


def _is_literal(t: Any) -> bool:
    return get_origin(t) is Literal


def _literal_hook(t: Any) -> Callable[[Any, Any], Any]:
    allowed = get_args(t)

    def hook(value: Any, _: Any) -> Any:
        key = json_integer(value) if type(value) is float else value
        for option in allowed:
            if type(option) is type(key) and option == key:
                return option
        if len(allowed) == 1:
            raise _WrongValueError(f"must be {allowed[0]!r}")
        raise _WrongValueError("not one of the allowed values")

    return hook


def _constraint_of(field: attrs.Attribute[Any]) -> Constraint | None:
    return field.validator if isinstance(field.validator, Constraint) else None


def _checked(inner: Callable[[Any, Any], Any], constraint: Constraint) -> Callable[[Any, Any], Any]:
    unit = constraint.unit if isinstance(constraint, Duration) else None

    def hook(value: Any, t: Any) -> Any:
        if unit is not None and isinstance(value, str):
            result = statutory_time.parse_duration(value, unit)  # type: ignore[arg-type]
        else:
            result = inner(value, t)
        constraint.check(result)
        return result

    return hook


def _attrs_hook(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    from cattrs.gen import make_dict_structure_fn, override  # noqa: PLC0415 - see _converter

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


@functools.cache
def _converter() -> cattrs.Converter:
    # Built on first use, not at import: a record its schema has accepted is built by
    # cpa_core._builders without cattrs, so the first valid record of a fresh process
    # never pays for importing cattrs and making its hooks.
    import cattrs  # noqa: PLC0415

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


converter: cattrs.Converter
"""The shared converter (made on first use). Prefer :func:`structure` and :func:`unstructure`."""


def __getattr__(name: str) -> Any:
    if name == "converter":
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    from cattrs.errors import AttributeValidationNote, IterableValidationNote  # noqa: PLC0415

    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return note.name
        if isinstance(note, IterableValidationNote):
            return note.index
    return None


def _collect(
    exc: BaseException, steps: tuple[str | int, ...], out: list[tuple[tuple[str | int, ...], str]]
) -> None:
    from cattrs.errors import ForbiddenExtraKeysError  # noqa: PLC0415

    step = _step(exc)
    here = (*steps, step) if step is not None else steps
    if isinstance(exc, ForbiddenExtraKeysError):
        out.extend(((*here, key), "unknown field") for key in sorted(exc.extra_fields))
    elif isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            _collect(sub, here, out)
    else:
        out.append((here, _message(exc)))


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def field_names(cls: type) -> frozenset[str]:
    """Every field name of ``cls`` and of the models nested in it: the keys a path may print."""
    known = _FIELD_NAMES.get(cls)
    if known is None:
        known = _FIELD_NAMES[cls] = _walk_field_names(cls)
    return known


def _walk_field_names(cls: type) -> frozenset[str]:
    names: set[str] = set()
    seen: set[type] = set()
    pending = [cls]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        hints = get_type_hints(current)
        for field in attrs.fields(current):
            names.add(field.name)
            pending.extend(models_in(hints.get(field.name)))
    return frozenset(names)


def models_in(t: Any) -> Iterator[type]:
    """The attrs classes a type hint names, directly or inside ``X | None``, tuples, dicts."""
    if isinstance(t, type) and attrs.has(t):
        yield t
    for arg in get_args(t):
        yield from models_in(arg)


def problems_of(exc: BaseException, data: Any, cls: type) -> tuple[Problem, ...]:
    """Every problem inside a cattrs structuring exception, each with its JSON path.

    Paths write ``cls``'s own field names and any other key by its position in ``data``.
    """
    found: list[tuple[tuple[str | int, ...], str]] = []
    _collect(exc, (), found)
    known = field_names(cls) if attrs.has(cls) else frozenset()
    return tuple(Problem(render_path(data, steps, known), message) for steps, message in found)


def structure(data: Any, cls: type[T], *, kind: str | None = None) -> T:
    """Build a model from JSON-shaped data (dicts, lists, strings, numbers, booleans).

    Raises:
        InvalidRecordError: With every problem found, each with its JSON path.
    """
    conv = _converter()
    from cattrs.errors import BaseValidationError, ForbiddenExtraKeysError  # noqa: PLC0415

    try:
        return conv.structure(data, cls)
    except (BaseValidationError, CpaCoreError, ForbiddenExtraKeysError) as exc:
        problems = problems_of(exc, data, cls)
        _forget_frames(exc)
        raise InvalidRecordError(problems, kind=kind) from None


def _forget_frames(exc: BaseException) -> None:
    # cattrs keeps each field's error in a list local to the frame that caught it, and the
    # error's traceback holds that frame: a reference cycle per refused field, left for the
    # cycle collector. Its problems are read, so the tracebacks can go.
    stack, seen = [exc], set()
    while stack:
        error = stack.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        error.__traceback__ = None
        if isinstance(error, BaseExceptionGroup):
            stack.extend(error.exceptions)
        stack.extend(e for e in (error.__cause__, error.__context__) if e is not None)


def unstructure(value: Any) -> Any:
    """Turn a model into JSON-ready data (ISO dates and instants, enums by value)."""
    return _converter().unstructure(value)
