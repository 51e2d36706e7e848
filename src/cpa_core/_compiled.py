"""The compiled decode pass of the batch path: msgspec Structs generated from the models.

For each attrs model this module writes a msgspec ``Struct`` class with the same fields and
the same limits: the types, the :mod:`~cpa_core.constraints` (ranges, lengths, whole-string
patterns), closed objects, enum values and literals that the JSON Schema states, plus what
a schema cannot say and the reference path's structuring checks (real calendar dates,
instants read by :func:`cpa_core.statutory_time.parse_instant`'s rules, an NHS number's
check digit, every other attrs validator and the model's own invariants), run in the
Struct's ``__post_init__``. The model's methods and properties are copied onto the Struct,
so the record kind's rules, which only read attributes, run on it unchanged.

msgspec then turns a record's bytes into the Struct in one pass, without a dict, a schema
gate or an attrs object. A record the pass refuses, for whatever reason, goes to the
reference path (:func:`cpa_core.validation.check`), which reports every problem with its
path and message; so the pass may be stricter than the reference, never more lenient, and
a test keeps both paths' verdicts and findings identical on valid, mutated and hostile
records of every kind.

msgspec is in the ``fast`` extra; without it, or for a model with a feature not handled
here, :func:`decoder` gives ``None`` and every record takes the reference path.
"""

from __future__ import annotations

import enum
import json
import re
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import attrs

from cpa_core import jsondata, statutory_time
from cpa_core._annotations import optional_of
from cpa_core.constraints import Constraint, Items, NhsNumber, Number, Text, portable_pattern
from cpa_core.identifiers import nhs_number

__all__ = ["accepts", "converter", "decoder", "decoder_of", "rows_reader", "struct_for"]


class _UnsupportedError(Exception):
    """A model feature this pass does not express; the kind takes the reference path."""


_INSTANT = portable_pattern(statutory_time.INSTANT_PATTERN)


def _instant(text: str) -> datetime:
    # The same reading as the reference converter's (statutory_time.parse_instant): the
    # pattern has already fixed the shape, so fromisoformat reads it exactly.
    return statutory_time.check_range(datetime.fromisoformat(text))


def _meta(msgspec: Any, constraint: Constraint | None, kind: type, *, item: bool) -> Any:
    """The msgspec Meta for a constraint on a value of ``kind`` (``None``: no limits).

    A field's pattern and NHS number are left to the Struct's ``__post_init__``
    (:func:`_post_init`): msgspec calls a pattern about twice as slowly as Python code does,
    and these are on nearly every record. An item's pattern stays here.
    """
    if constraint is None:
        return None
    if isinstance(constraint, NhsNumber):
        return None if not item else msgspec.Meta(pattern=portable_pattern(nhs_number.PATTERN))
    if isinstance(constraint, Number) and type(constraint) is Number and kind in (int, float):
        limits = {"ge": constraint.minimum, "le": constraint.maximum}
        return msgspec.Meta(**{k: v for k, v in limits.items() if v is not None})
    if isinstance(constraint, Text) and kind is str:
        pattern = constraint.pattern if item else None
        options = {
            "min_length": constraint.min_length,
            "max_length": constraint.max_length,
            "pattern": portable_pattern(pattern) if pattern else None,
        }
        return msgspec.Meta(**{k: v for k, v in options.items() if v is not None})
    raise _UnsupportedError(type(constraint).__name__)


class _Writer:
    """Builds the Struct classes of one model and the models it contains."""

    def __init__(self, msgspec: Any) -> None:
        self.msgspec = msgspec

    def annotation(
        self, t: Any, constraint: Constraint | None = None, *, item: bool = False
    ) -> Any:
        """The msgspec annotation for a field of type ``t`` limited by ``constraint``;
        ``item``: for the items of a tuple or the values of a mapping, not a field."""
        msgspec = self.msgspec
        origin, args = get_origin(t), get_args(t)
        optional, inner = optional_of(t)
        if optional:
            # A Union left inside (int | str | None) is not expressed: the last line raises.
            return self.annotation(inner, constraint, item=item) | None
        if t is int:
            meta = _meta(msgspec, constraint, t, item=item)
            if item:
                # Only a field is made whole after decoding (_post_init), so an item reads
                # integers alone: 12.0 goes to the reference path, which accepts it, and
                # 1.5 is refused rather than kept as a fraction.
                return int if meta is None else Annotated[int, meta]
            # An integral float (12.0) is an integer to JSON Schema: it is read as a float
            # within the same limits and made an int after decoding (_post_init).
            if meta is None:
                return int | float
            return Annotated[int, meta] | Annotated[float, meta]
        if t in (str, float):
            meta = _meta(msgspec, constraint, t, item=item)
            return t if meta is None else Annotated[t, meta]
        if t is bool:
            return self._plain(bool, constraint)
        if t is date:
            return self._plain(date, constraint)
        if t is datetime:
            # Read as text of the RFC 3339 shape, converted after decoding: msgspec itself
            # would accept forms the reference refuses (a space for T, no offset).
            return self._plain(Annotated[str, msgspec.Meta(pattern=_INSTANT)], constraint)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return self._plain(t, constraint)
        if origin is Literal:
            return self._plain(t, constraint)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            each = constraint.each if isinstance(constraint, Items) else None
            each_type = self.annotation(args[0], each, item=True)
            if not isinstance(constraint, Items):
                return self._plain(tuple[each_type, ...], constraint)  # type: ignore[valid-type]
            limits = {"min_length": constraint.min_items, "max_length": constraint.max_items}
            meta = msgspec.Meta(**{k: v for k, v in limits.items() if v is not None})
            return Annotated[tuple[each_type, ...], meta]  # type: ignore[valid-type]
        if origin in (dict, Mapping) and len(args) == 2 and args[0] is str:
            value = self.annotation(args[1], item=True)
            return self._plain(dict[str, value], constraint)  # type: ignore[valid-type]
        if isinstance(t, type) and attrs.has(t):
            return self._plain(struct_for(t), constraint)
        raise _UnsupportedError(repr(t))

    def _plain(self, annotation: Any, constraint: Constraint | None) -> Any:
        if constraint is not None:
            raise _UnsupportedError(f"{type(constraint).__name__} on {annotation!r}")
        if annotation is None:
            raise _UnsupportedError("a model without a Struct")
        return annotation


def _fields_of(cls: type, hints: Mapping[str, Any], kind: type) -> tuple[tuple[str, bool], ...]:
    """The fields of ``cls`` of type ``kind`` (or ``kind | None``): ``(name, optional)``."""
    out: list[tuple[str, bool]] = []
    for field in attrs.fields(cls):
        optional, inner = optional_of(hints[field.name])
        if inner is kind:
            out.append((field.name, optional))
    return tuple(out)


def _whole(value: float) -> int:
    if not value.is_integer():
        raise ValueError("expected an integer")
    return int(value)


def _post_init(cls: type, hints: Mapping[str, Any], msgspec: Any) -> Callable[[Any], None] | None:
    """What decoding leaves to check, or ``None`` when nothing is (most nested models).

    Written once per model as straight-line code: it runs for every record the pass reads,
    and loops over the fields with a call per NHS number cost about twice as much.
    """
    namespace: dict[str, Any] = {
        "force": msgspec.structs.force_setattr,
        "whole": _whole,
        "instant": _instant,
        "holds": nhs_number.check_digit_holds,
    }
    lines: list[str] = []
    for name, _ in _fields_of(cls, hints, int):
        lines += [f"v = self.{name}", f"if type(v) is float: force(self, {name!r}, whole(v))"]
    for name, optional in _fields_of(cls, hints, datetime):
        if optional:
            lines += [f"v = self.{name}", f"if v is not None: force(self, {name!r}, instant(v))"]
        else:
            lines.append(f"force(self, {name!r}, instant(self.{name}))")
    for index, field in enumerate(attrs.fields(cls)):
        validator = field.validator
        if isinstance(validator, NhsNumber):
            # Ten ASCII digits (NhsNumber's pattern), then the Modulus 11 check digit.
            lines += [
                f"v = self.{field.name}",
                "if v is not None and not (len(v) == 10 and v.isascii() and v.isdigit()"
                " and holds(v)): raise ValueError('not a valid NHS number')",
            ]
        elif isinstance(validator, Text) and validator.pattern is not None:
            # The Text constraint's own check: the whole string matches.
            namespace[f"match{index}"] = re.compile(validator.pattern).fullmatch
            test = f"match{index}(self.{field.name})"
            if optional_of(hints[field.name])[0]:
                test = f"(self.{field.name} is None or {test})"
            lines.append(f"if not {test}: raise ValueError('not in the required format')")
        elif validator is not None and not (
            isinstance(validator, Constraint) and validator.in_schema
        ):
            namespace[f"field{index}"], namespace[f"check{index}"] = field, validator
            lines.append(f"check{index}(self, field{index}, self.{field.name})")
    invariant = getattr(cls, "__attrs_post_init__", None)
    if invariant is not None:
        namespace["invariant"] = invariant
        lines.append("invariant(self)")
    if not lines:
        return None
    exec("def post_init(self):\n    " + "\n    ".join(lines), namespace)
    post_init: Callable[[Any], None] = namespace["post_init"]
    return post_init


def _methods(cls: type) -> dict[str, Any]:
    """The model's own methods and properties, for rules that call them on the Struct."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__[:-1]):
        for name, value in vars(klass).items():
            if name.startswith("__") or name == "_check_name":
                continue
            if isinstance(value, types.FunctionType | property | staticmethod | classmethod):
                out[name] = value
    return out


_STRUCTS: dict[type, Any] = {}


def struct_for(cls: type) -> Any:
    """The Struct class generated for the attrs model ``cls``, or ``None`` when msgspec is
    not installed or the model has a feature the pass does not express."""
    if cls in _STRUCTS:
        return _STRUCTS[cls]
    try:
        import msgspec  # noqa: PLC0415 - the fast extra
    except ImportError:
        _STRUCTS[cls] = None
        return None
    _STRUCTS[cls] = None  # a model that contains itself is not expressed
    try:
        made = _generate(cls, msgspec)
    except _UnsupportedError:
        made = None
    _STRUCTS[cls] = made
    return made


def _generate(cls: type, msgspec: Any, order: tuple[str, ...] | None = None) -> Any:
    """The Struct of ``cls``; with ``order``, one read from an array that holds exactly
    those fields, in that order, each given (a row of cells: a missing one is ``null``).
    The model's other fields are then not read, only their defaults kept as class
    attributes, so a row of any other length is refused."""
    attrs.resolve_types(cls)
    hints = get_type_hints(cls)
    writer = _Writer(msgspec)
    namespace: dict[str, Any] = {"__annotations__": {}, "__cpa_model__": cls}
    fields = attrs.fields_dict(cls)
    for name in order if order is not None else fields:
        field = fields[name]
        if not field.init:
            raise _UnsupportedError(f"{cls.__name__}.{field.name} is not set by __init__")
        constraint = field.validator if isinstance(field.validator, Constraint) else None
        namespace["__annotations__"][name] = writer.annotation(hints[name], constraint)
        default: Any = field.default
        if order is not None:
            continue
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise _UnsupportedError("a default that takes self")
            namespace[name] = msgspec.field(default_factory=default.factory)
        elif default is not attrs.NOTHING:
            namespace[name] = default
    for name in () if order is None else set(fields) - set(order):
        default = fields[name].default
        if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            raise _UnsupportedError(f"{cls.__name__}.{name} has no plain default")
        namespace[name] = default
    namespace.update(_methods(cls))
    post_init = _post_init(cls, hints, msgspec)
    if post_init is not None:
        namespace["__post_init__"] = post_init
    # Unknown fields refused: keys not in the model, or items after an array's last field.
    options = {"frozen": True, "kw_only": True, "forbid_unknown_fields": True}
    return types.new_class(
        cls.__name__,
        (msgspec.Struct,),
        {**options, "array_like": order is not None},
        lambda ns: ns.update(namespace),
    )


_DECODERS: dict[type, Any] = {}


def decoder(model: type) -> Any:
    """A msgspec JSON decoder of ``model``'s Struct, or ``None`` (see :func:`struct_for`)."""
    if model not in _DECODERS:
        struct = struct_for(model)
        if struct is None:
            _DECODERS[model] = None
        else:
            import msgspec  # noqa: PLC0415 - the fast extra

            _DECODERS[model] = msgspec.json.Decoder(struct)
    return _DECODERS[model]


def decoder_of(model: type) -> Callable[[bytes], Any] | None:
    """``model``'s Struct read from JSON bytes, or ``None`` (see :func:`struct_for`)."""
    found = decoder(model)
    read: Callable[[bytes], Any] | None = None if found is None else found.decode
    return read


def converter(model: type) -> Callable[[Any], Any] | None:
    """``model``'s Struct built from parsed data (a CSV row's typed cells), or ``None``."""
    struct = struct_for(model)
    if struct is None:
        return None
    from msgspec import convert  # noqa: PLC0415 - the fast extra

    def read(data: Any) -> Any:
        # The type passed by position: a partial with type= builds a dict at every call.
        return convert(data, struct)

    return read


def _read_alike(t: Any, field: Any) -> bool:
    """Whether msgspec's lax mode reads a CSV cell's text, or ``null`` for an empty cell,
    into the field (of type ``t``) as the row-by-row CSV path types cells
    (:func:`cpa_core.batch.csv_columns`) and the Struct then reads them.

    An empty cell leaves a field out, so ``null`` must give what leaving it out gives: the
    default ``None`` of an optional field, or a refusal of any other. Lax mode only changes
    how text becomes a number, a boolean or null: text, dates, instants (read as text) and
    enumerations or literals of strings read alike in both modes; a whole number within
    bounds does too (lax takes no text that the typed cell does not give as the same
    number: a test compares them over every text of up to three digits, signs, points,
    exponents, spaces and letters of nan and inf, and the CSV tests draw longer ones). A
    boolean does not (lax also takes ``1`` and ``True``), nor an unbounded number (lax
    takes integers of any length). Text reading ``null`` is kept out by the caller
    (:func:`cpa_core.extracts.csv_block_json`).
    """
    optional, t = optional_of(t)
    if optional and field.default is not None:
        return False
    if t in (str, date, datetime):
        return True
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return all(isinstance(member.value, str) for member in t)
    if get_origin(t) is Literal:
        return all(isinstance(value, str) for value in get_args(t))
    constraint = field.validator
    if t is int and type(constraint) is Number:
        bounds = (constraint.minimum, constraint.maximum)
        return all(b is not None and abs(b) <= 2**53 for b in bounds)
    return False


def rows_reader(model: type, names: tuple[str, ...]) -> Callable[[bytes], list[Any]] | None:
    """A reader of CSV rows under the header ``names``, given as one JSON array of rows,
    each an array of its cells' text with ``null`` for an empty cell
    (:func:`cpa_core.extracts.csv_block_json`): each row's Struct, or ``None`` for a row
    the pass refuses (a row without exactly one cell for each column among them).

    ``None`` when the pass cannot read rows so: no Struct for the model; fewer than two
    columns (a blank row would read as one empty cell); a column that is not a field or is
    named twice; a field whose text lax mode reads differently (:func:`_read_alike`); a
    field left out of the header without a plain default.

    Raises:
        ValueError: The text is not JSON (msgspec's errors are ValueErrors).
    """
    if struct_for(model) is None or len(names) < 2 or len(set(names)) != len(names):
        return None
    fields = attrs.fields_dict(model)
    hints = get_type_hints(model)
    if not all(name in fields and _read_alike(hints[name], fields[name]) for name in names):
        return None
    import msgspec  # noqa: PLC0415 - the fast extra

    try:
        row = _generate(model, msgspec, order=names)
    except _UnsupportedError:
        return None
    # Lax: the cells are text, and a number field reads its digits; all rows in one call.
    every = msgspec.json.Decoder(list[row], strict=False).decode  # type: ignore[valid-type]
    items = msgspec.json.Decoder(list[msgspec.Raw]).decode
    one = msgspec.json.Decoder(row, strict=False).decode

    def read(text: bytes) -> list[Any]:
        try:
            return every(text)
        except Exception:  # a row refused (or a model's own check raised): see below
            pass
        # The others are read one by one, and a refused row left to the caller; text that
        # is not an array of rows raises here.
        out: list[Any] = []
        for item in items(text):
            try:
                out.append(one(item))
            except Exception:
                out.append(None)
        return out

    return read


def accepts(model: type, data: Any) -> bool:
    """Whether the pass reads ``data``, JSON-shaped data; ``False`` also when the pass
    cannot be made, and for any data the JSON guard (:func:`cpa_core.jsondata.problems`)
    would refuse.

    The pass is never more lenient than the schema, so data it reads needs no schema check:
    :func:`cpa_core.validation.check` asks here first because this costs less to set up
    than the schema validator, which a fresh process would otherwise build for its first
    record.
    """
    if not jsondata.round_trips(data):
        return False
    try:
        read = decoder_of(model)
        if read is None:
            return False
        read(json.dumps(data, ensure_ascii=False, allow_nan=False).encode())
    except Exception:  # a refusal, or a model the pass fails on: the reference path decides
        return False
    return True
