"""Generated builders: schema-checked data to attrs models, without checking twice.

Once a record's JSON Schema has accepted it, its types, keys and ranges are known to be
right, so building the model needs only what a schema cannot say: calendar dates, enum
members, the constraints a schema cannot express (an NHS number's check digit), other
validators and the models' own invariants. For each model class this module writes one
Python function that does exactly that (``object.__new__`` and a direct set of each slot),
which builds objects several times faster than a general converter with every attrs
validator running (``shared/performance-notes.md``).

Any surprise (a value the schema should have refused, a date that is not on the calendar)
raises, and :func:`cpa_core.validation.validate_record` falls back to the strict converter,
which reports the problem precisely. Only slotted classes (the attrs default, which every
model uses) get a builder; any other class is built by the strict converter.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

from cpa_core import statutory_time
from cpa_core._annotations import optional_of
from cpa_core.constraints import Constraint

__all__ = ["builder"]

Builder = Callable[[Any], Any]


class _UnsupportedError(Exception):
    """A model feature the generator does not handle; the caller uses the strict path."""


def _strict_datetime(text: str) -> datetime:
    return statutory_time.check_range(datetime.fromisoformat(text))


def _integer(value: Any) -> Any:
    # The schema has accepted an integer, which may be an integral float (12.0): the model
    # holds the int it equals, as the strict converter's hook gives.
    return int(value) if type(value) is float else value


class _Writer:
    """Writes the source of one builder function and collects the names it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "_new": object.__new__,
            "_date": date.fromisoformat,
            "_datetime": _strict_datetime,
            "_float": float,
            "_int": _integer,
        }

    def setter(self, cls: type, name: str) -> str:
        """The setter of field ``name`` of a new ``cls`` object, called as ``(o, value)``."""
        slot = getattr(cls, name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            raise _UnsupportedError(f"{cls.__name__} has no slots")
        # The slot's own setter: a frozen class refuses __setattr__, and object.__setattr__
        # looks the name up again for every field of every record.
        return self.bind(slot.__set__)

    def bind(self, value: Any) -> str:
        name = f"_g{len(self.names)}"
        self.names[name] = value
        return name

    def expr(self, t: Any, source: str) -> str:
        """An expression converting ``source`` (schema-valid JSON) to type ``t``."""
        origin = get_origin(t)
        args = get_args(t)
        if t in (str, bool):
            return source
        if t is int or (origin is Literal and any(type(a) is int for a in args)):
            return f"_int({source})"
        if origin is Literal:
            return source
        if t is float:
            return f"_float({source})"
        if t is date:
            return f"_date({source})"
        if t is datetime:
            return f"_datetime({source})"
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return f"{self.bind({m.value: m for m in t})}[{source}]"
        if isinstance(t, type) and attrs.has(t):
            nested = _lazy(t) if t in _IN_PROGRESS else builder(t)
            if nested is None:
                raise _UnsupportedError(t.__name__)
            return f"{self.bind(nested)}({source})"
        optional, inner = optional_of(t)
        if optional:
            name = f"_v{len(self.names)}"
            self.names[name] = None  # reserves a unique name for nested optionals
            item = self.expr(inner, name)
            if item == name:
                return source  # None passes through unchanged
            return f"(None if ({name} := {source}) is None else {item})"
        if origin in (Union, types.UnionType):
            return f"{self.bind(_union(args))}({source})"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.expr(args[0], "_x")
            return f"tuple({source})" if item == "_x" else f"tuple([{item} for _x in {source}])"
        if origin in (dict, Mapping) and len(args) == 2:
            item = self.expr(args[1], "_x")
            return (
                f"dict({source})"
                if item == "_x"
                else f"{{_k: {item} for _k, _x in {source}.items()}}"
            )
        raise _UnsupportedError(repr(t))


_IN_PROGRESS: set[type] = set()


def _lazy(cls: type) -> Builder:
    # Resolved on first call, so that classes referring to each other do not recurse here.
    def build(data: Any) -> Any:
        made = builder(cls)
        if made is None:
            raise _UnsupportedError(cls.__name__)
        return made(data)

    return build


def _discriminator(cls: type) -> tuple[str, Any]:
    hints = get_type_hints(cls)
    for field in attrs.fields(cls):
        t = hints[field.name]
        if get_origin(t) is Literal and len(get_args(t)) == 1:
            return field.name, get_args(t)[0]
    raise _UnsupportedError(f"{cls.__name__} has no Literal discriminator")


def _union(options: tuple[Any, ...]) -> Builder:
    table: dict[Any, Builder] = {}
    name = ""
    for option in options:
        if not (isinstance(option, type) and attrs.has(option)):
            raise _UnsupportedError("union of non-model types")
        name, value = _discriminator(option)
        table[value] = _lazy(option)

    def build(data: Any) -> Any:
        return table[data[name]](data)

    return build


def _generate(cls: type) -> Builder:
    hints = get_type_hints(cls)
    writer = _Writer()
    cls_name = writer.bind(cls)
    lines = ["def build(d):", f"    o = _new({cls_name})"]
    checks: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                raise _UnsupportedError("init=False factory")
            if field.default is not attrs.NOTHING:
                default = writer.bind(field.default)
                lines.append(f"    {writer.setter(cls, field.name)}(o, {default})")
            continue
        key = repr(field.name)
        value = writer.expr(hints[field.name], f"d[{key}]")
        if field.default is attrs.NOTHING:
            lines.append(f"    v = {value}")
        elif field.default is None:
            # d.get gives None for a missing key, which every optional expression maps to None.
            lines.append(f"    v = {writer.expr(hints[field.name], f'd.get({key})')}")
        elif value == f"d[{key}]" and not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            lines.append(f"    v = d.get({key}, {writer.bind(field.default)})")
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                if field.default.takes_self:
                    raise _UnsupportedError("factory taking self")
                missing = f"{writer.bind(field.default.factory)}()"
            else:
                missing = writer.bind(field.default)
            lines.append(f"    v = {value} if {field.name!r} in d else {missing}")
        if field.converter is not None:
            lines.append(f"    v = {writer.bind(field.converter)}(v)")
        lines.append(f"    {writer.setter(cls, field.name)}(o, v)")
        validator = field.validator
        if validator is not None and not (
            isinstance(validator, Constraint) and validator.in_schema
        ):
            checks.append(f"    {writer.bind(validator)}(o, {writer.bind(field)}, o.{field.name})")
    lines.extend(checks)
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("    o.__attrs_post_init__()")
    lines.append("    return o")
    namespace = dict(writer.names)
    exec("\n".join(lines), namespace)
    built: Builder = namespace["build"]
    return built


_BUILDERS: dict[type, Builder | None] = {}


def builder(cls: type) -> Builder | None:
    """The generated builder of ``cls``, or ``None`` when a feature is not supported."""
    if cls in _BUILDERS:
        return _BUILDERS[cls]
    _IN_PROGRESS.add(cls)
    try:
        attrs.resolve_types(cls)
        made: Builder | None = _generate(cls)
    except _UnsupportedError:
        made = None
    finally:
        _IN_PROGRESS.discard(cls)
    _BUILDERS[cls] = made
    return made
