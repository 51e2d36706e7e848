"""JSON Schemas generated from the attrs models, and the validators built from them.

The schemas are never written by hand: :func:`schema_for` walks a model's fields and type
hints, takes each field's description from the ``Attributes:`` section of the class
docstring and its limits from its :mod:`~cpa_core.constraints`, and emits draft 2020-12 in
the portable subset the design fixes: ``$defs``, closed objects
(``additionalProperties: false``), ``const`` discriminators, no ``unevaluated*`` or
``$dynamicRef``, a ``pattern`` beside every ``format``, no keyword beside a ``$ref``.

:func:`read` runs the schema and then the converter, so that other languages validating with
the same schema reject the same records, and the converter adds what a schema cannot say
(real calendar dates, NHS number check digits, a model's cross-field invariants).
Messages never repeat the offending value.

``cpa-core schema export DIR`` writes one file per record kind plus ``index.json``, with
their draft-07 build and the test vectors (:mod:`cpa_core.publish`).
"""

from __future__ import annotations

import ast
import enum
import functools
import inspect
import itertools
import json
import re
import textwrap
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import attrs

from cpa_core import jsondata, statutory_time
from cpa_core._annotations import optional_of
from cpa_core.constraints import Constraint, Duration, Items, portable_pattern
from cpa_core.convert import field_names, structure
from cpa_core.exceptions import CpaCoreError, InvalidRecordError, Problem
from cpa_core.jsondata import json_path, key_step, render_path

__all__ = [
    "DIALECT",
    "MAX_PROBLEMS",
    "SCHEMA_VERSION",
    "data_problems",
    "fast_check",
    "fast_schema_errors",
    "field_descriptions",
    "member_descriptions",
    "portable_pattern",
    "read",
    "schema_errors",
    "schema_for",
    "schema_id",
    "validator_for",
]

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

T = TypeVar("T")

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_VERSION = "0.1"
"""Version segment of every schema ``$id``; bumped when a schema changes incompatibly."""

_ATTRIBUTES = re.compile(r"^\s*Attributes:\s*$")
_ATTRIBUTE_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<text>.*)$"
)


def _portable(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: portable_pattern(value)
            if key == "pattern" and isinstance(value, str)
            else _portable(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_portable(item) for item in node]
    return node


def schema_id(kind: str) -> str:
    """The absolute ``$id`` of a record kind's schema (a URN: nothing is fetched)."""
    return f"urn:cpa-core:schema:{SCHEMA_VERSION}:{kind}"


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def field_descriptions(cls: type) -> dict[str, str]:
    """The per-field descriptions in the ``Attributes:`` section of a class docstring."""
    doc = inspect.getdoc(cls) or ""
    out: dict[str, str] = {}
    inside = False
    current: str | None = None
    field_indent = -1
    for line in doc.splitlines():
        if _ATTRIBUTES.match(line):
            inside, field_indent = True, -1
            continue
        if not inside:
            continue
        if not line.strip():
            current = None
            continue
        match = _ATTRIBUTE_LINE.match(line)
        indent = len(line) - len(line.lstrip())
        if match and (field_indent < 0 or indent == field_indent):
            field_indent = indent
            current = match["name"]
            out[current] = match["text"].strip()
        elif current is not None and indent > field_indent:
            out[current] = f"{out[current]} {line.strip()}".strip()
        elif indent <= field_indent:
            inside = False
    return out


@functools.cache
def member_descriptions(cls: type[enum.Enum]) -> dict[str, str]:
    """The docstring written under each member of an enum, by member name.

    Python keeps no docstring for an enum member; the text is the string literal on the line
    after the member's assignment, read from the class's source (as Sphinx reads it), so
    the schemas and the docs say the same thing. Members without one are left out.
    """
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    body = ast.parse(textwrap.dedent(source)).body[0]
    statements = body.body if isinstance(body, ast.ClassDef) else []
    out: dict[str, str] = {}
    for node, following in itertools.pairwise(statements):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            text = inspect.cleandoc(following.value.value)
            out[node.targets[0].id] = " ".join(text.split())
    return out


def _codes(t: type[enum.Enum], described: bool) -> dict[str, Any]:
    """A coded field: each value a ``const`` with its member's description, under ``oneOf``
    (or, not ``described``, the same values as an ``enum``).

    ``oneOf`` of ``const`` + ``description`` is plain JSON Schema that every draft since 06,
    every validator and ajv's strict mode accept, where a parallel array of descriptions
    would be a keyword of our own that strict validators refuse.
    """
    values = [m.value for m in t]
    kind = "integer" if all(type(v) is int for v in values) else "string"
    if not described:
        return {"type": kind, "enum": values}
    docs = member_descriptions(t)
    options = [
        {"const": m.value, "description": docs[m.name]} if m.name in docs else {"const": m.value}
        for m in t
    ]
    return {"type": kind, "oneOf": options}


class _Builder:
    """Walks models into one root schema with ``$defs`` for every nested class."""

    def __init__(self, described: bool) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.described = described

    def type_schema(self, t: Any) -> dict[str, Any]:
        optional, inner = optional_of(t)
        if optional:
            schema = self.type_schema(inner)
            if "type" not in schema:
                return {"anyOf": [schema, {"type": "null"}]}
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema = {**schema, "type": [*kinds, "null"]}
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
            if "oneOf" in schema:
                schema["oneOf"] = [*schema["oneOf"], {"type": "null"}]
            return schema
        return self._plain(t)

    def _plain(self, t: Any) -> dict[str, Any]:
        origin = get_origin(t)
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is date:
            return {"type": "string", "format": "date", "pattern": statutory_time.DATE_PATTERN}
        if t is datetime:
            return {
                "type": "string",
                "format": "date-time",
                "pattern": statutory_time.INSTANT_PATTERN,
            }
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return _codes(t, self.described)
        if origin is Literal:
            options = list(get_args(t))
            return {"const": options[0]} if len(options) == 1 else {"enum": options}
        if origin in (tuple, list, frozenset) and get_args(t):
            args = get_args(t)
            if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
                raise CpaCoreError(f"schemas: fixed-length tuples are not portable ({t})")
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin in (dict, Mapping) and get_args(t):
            key, value = get_args(t)
            if key is not str:
                raise CpaCoreError(f"schemas: mapping keys must be str ({t})")
            return {"type": "object", "additionalProperties": self.type_schema(value)}
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.type_schema(a) for a in get_args(t)]}
        if attrs.has(t):
            return {"$ref": f"#/$defs/{self.define(t)}"}
        raise CpaCoreError(f"schemas: no JSON Schema mapping for {t!r}")

    def define(self, cls: type) -> str:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: breaks recursion on self-referencing models
            self.defs[name] = self.object_schema(cls)
        return name

    def object_schema(self, cls: type) -> dict[str, Any]:
        hints = get_type_hints(cls)
        docs = field_descriptions(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.type_schema(hints[field.name])
            constraint = field.validator if isinstance(field.validator, Constraint) else None
            if constraint is not None:
                schema = _constrain(schema, constraint)
            if isinstance(constraint, Duration):
                duration = {"type": "string", "pattern": statutory_time.DURATION_PATTERN}
                schema = {"anyOf": [schema, duration]}
            schema = _describe(schema, docs.get(field.name, ""), field)
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: dict[str, Any] = {"type": "object", "title": cls.__name__}
        summary = _summary(cls)
        if summary:
            out["description"] = summary
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out


def _constrain(schema: dict[str, Any], constraint: Constraint) -> dict[str, Any]:
    keywords = constraint.json_schema()
    each = constraint.each if isinstance(constraint, Items) else None
    if "anyOf" in schema:
        branches = [
            _constrain(b, constraint) if b != {"type": "null"} else b for b in schema["anyOf"]
        ]
        return {**schema, "anyOf": branches}
    if "$ref" in schema:
        return schema
    out = {**schema, **keywords}
    if each is not None and "items" in out:
        out["items"] = _constrain(out["items"], each)
    return out


def _json_default(value: Any) -> tuple[bool, Any]:
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, str | int | float | bool):
        return True, value
    if isinstance(value, tuple) and not value:
        return True, []
    return False, None


def _describe(schema: dict[str, Any], text: str, field: attrs.Attribute[Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if text:
        extra["description"] = text
    if field.default is not attrs.NOTHING and not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        ok, value = _json_default(field.default)
        if ok:
            extra["default"] = value
    if not extra:
        return schema
    if "$ref" in schema:
        # Draft-07 consumers ignore keywords beside $ref, so wrap it.
        return {**extra, "allOf": [schema]}
    return {**extra, **schema}


def schema_for(
    model: type,
    kind: str,
    description: str = "",
    *,
    anchored_for_python: bool = True,
    described: bool = True,
) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of ``model`` as record kind ``kind``.

    Args:
        model: An attrs class.
        kind: The record kind's name, used in ``$id``.
        description: Overrides the class docstring's summary.
        anchored_for_python: End patterns with ``$(?!\\n)`` (:func:`portable_pattern`), as
            every published schema does. ``False`` keeps a plain ``$``, for a validator
            whose ``$`` already means the end of the string (jsonschema-rs): there the
            lookahead only makes the regular expressions slower.
        described: Coded fields as ``oneOf`` of ``const`` with each code's description, as
            every published schema has them. ``False`` gives the same values as a plain
            ``enum``, for cpa_core's own validators: it accepts and refuses the same data,
            validators check it several times faster than ``oneOf``, and it skips reading
            the enums' source for the descriptions (most of a schema's build time).
    """
    builder = _Builder(described)
    root = builder.object_schema(model)
    builder.defs.pop(model.__name__, None)
    out: dict[str, Any] = {"$schema": DIALECT, "$id": schema_id(kind)}
    out.update(root)
    if description:
        out["description"] = description
    if builder.defs:
        out["$defs"] = dict(sorted(builder.defs.items()))
    if not anchored_for_python:
        return out
    portable: dict[str, Any] = _portable(out)
    return portable


@functools.cache
def _validator(model: type, kind: str) -> jsonschema.Draft202012Validator:
    # jsonschema is imported here, when a record first needs the reference validator: it
    # costs more to import than the rest of cpa_core's start-up.
    import jsonschema  # noqa: PLC0415

    return jsonschema.Draft202012Validator(schema_for(model, kind, described=False))


def validator_for(model: type, kind: str) -> jsonschema.Draft202012Validator:
    """The reference validator of a model's schema, built once and cached."""
    return _validator(model, kind)


def _quote(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _type_names(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    words = {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "object": "an object",
        "array": "a list",
        "null": "null",
    }
    return " or ".join(words.get(str(n), str(n)) for n in names)


@attrs.frozen
class _Error:
    """One schema violation as either engine reports it, reduced to what messages need.

    Attributes:
        rule: The keyword (``required``, ``type``, …).
        path: The instance path from the record's root.
        value: The keyword's value in the schema.
        where: The schema object holding the keyword.
        branches: For ``anyOf``, the errors of each branch.
    """

    rule: str
    path: tuple[str | int, ...]
    value: Any
    where: Any
    branches: tuple[tuple[_Error, ...], ...] = ()


def _from_python(error: ValidationError) -> _Error:
    by_branch: dict[int, list[_Error]] = {}
    for sub in error.context or ():
        by_branch.setdefault(int(sub.relative_schema_path[0]), []).append(_from_python(sub))
    return _Error(
        str(error.validator),
        tuple(error.absolute_path),
        error.validator_value,
        error.schema,
        tuple(tuple(errs) for _, errs in sorted(by_branch.items())),
    )


def _rust_path(data: Any, steps: list[str | int]) -> tuple[str | int, ...]:
    """jsonschema-rs's instance path with its steps typed as the data is: it gives a
    key that looks like a number (``"0"``) as an int."""
    out: list[str | int] = []
    node = data
    for step in steps:
        key = str(step) if isinstance(node, Mapping) else step
        out.append(key)
        node = _at(node, (key,))
    return tuple(out)


def _from_rust(error: Any, schema: Mapping[str, Any], data: Any) -> _Error:
    # jsonschema-rs names the keyword by an absolute path into the schema; its value and
    # the object holding it are read from the schema itself, as python-jsonschema gives
    # them, so that both engines word every message alike.
    # Each attribute of a jsonschema-rs error or kind is a new object: each is read once.
    *steps, keyword = error.schema_path
    where: Any = schema
    for step in steps:
        where = where[step]
    kind = error.kind
    rule = kind.name
    branches = tuple(
        tuple(_from_rust(sub, schema, data) for sub in branch)
        for branch in (kind.context if rule == "anyOf" else ())
    )
    path = _rust_path(data, error.instance_path)
    return _Error(rule, path, where[keyword], where, branches)


def _plausible_branch(error: _Error) -> tuple[_Error, ...] | None:
    """For a failed ``anyOf``, the errors of the one branch the data was clearly meant for."""
    depth = len(error.path)
    plausible = [
        errs
        for errs in error.branches
        if not any(e.rule in ("type", "const") and len(e.path) == depth for e in errs)
        and not any(e.rule == "const" and len(e.path) == depth + 1 for e in errs)
    ]
    return plausible[0] if len(plausible) == 1 else None


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _problems(error: _Error, out: list[Problem], data: Any, known: frozenset[str]) -> None:
    path = render_path(data, list(error.path), known)
    rule, value = error.rule, error.value
    instance: Any = _at(data, error.path)
    if rule == "required":
        present = instance if isinstance(instance, Mapping) else {}
        for name in value:
            if name not in present:
                out.append(Problem(json_path(path, name), "required field missing"))
        return
    if rule == "additionalProperties":
        if isinstance(instance, Mapping):
            declared = error.where.get("properties", {})
            for position, key in enumerate(instance, start=1):
                if key not in declared:
                    out.append(Problem(key_step(path, key, position, known), "unknown field"))
        return
    if rule == "anyOf":
        branch = _plausible_branch(error)
        if branch is not None:
            for sub in branch:
                _problems(sub, out, data, known)
            return
        out.append(Problem(path, "does not match any of the allowed shapes"))
        return
    out.append(Problem(path, _message(rule, value)))


def _message(rule: str, value: Any) -> str:
    if rule == "type":
        return f"expected {_type_names(value)}"
    if rule in ("enum", "oneOf"):
        # The only oneOf in the schemas lists a coded field's values (_codes).
        return "not one of the allowed codes"
    if rule == "const":
        return f"must be {_quote(value)}"
    if rule == "pattern" and portable_pattern(value) == _DURATION:
        return "expected a whole number or an ISO 8601 duration such as P6M, P28D or PT72H"
    if rule == "pattern":
        return "does not match the required format"
    if rule in ("minimum", "exclusiveMinimum"):
        return f"must be at least {value}"
    if rule in ("maximum", "exclusiveMaximum"):
        return f"must be at most {value}"
    if rule == "minLength":
        return "must not be empty" if value == 1 else f"must have at least {value} characters"
    if rule == "maxLength":
        return f"must have at most {value} characters"
    if rule == "minItems":
        return f"must have at least {value} items"
    if rule == "maxItems":
        return f"must have at most {value} items"
    return f"breaks the schema rule {rule!r}"


_DURATION = portable_pattern(statutory_time.DURATION_PATTERN)

MAX_PROBLEMS = 100
"""Most problems listed for one record; a last problem says how many more there were."""


def schema_errors(
    validator: jsonschema.Draft202012Validator,
    data: Any,
    known: frozenset[str] = frozenset(),
) -> tuple[Problem, ...]:
    """Every schema violation in ``data``, with JSON paths and value-free messages.

    ``data`` must have passed :func:`cpa_core.jsondata.problems` (the validator builds
    messages that quote values, which an unchecked value can make fail). Keys in ``known``
    (the model's field names) are written in paths; any other key by its position.
    """
    out: list[Problem] = []
    for error in validator.iter_errors(data):
        _problems(_from_python(error), out, data, known)
    unique = sorted(dict.fromkeys(out), key=lambda p: p.path)
    return _capped(unique)


def _capped(problems: list[Problem]) -> tuple[Problem, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return tuple(problems)
    more = Problem("$", f"{len(problems) - MAX_PROBLEMS} more problems not listed")
    return (*problems[:MAX_PROBLEMS], more)


def fast_schema_errors(
    model: type, kind: str, data: Any, *, text: bytes | None = None
) -> tuple[Problem, ...] | None:
    """:func:`schema_errors` enumerated by jsonschema-rs, or ``None`` without the ``fast``
    extra: the same problems with the same paths and messages (a test keeps both engines
    equal), some fifty times faster on a refused record. ``data`` must have passed
    :func:`cpa_core.jsondata.problems`; ``text``, when given, is the JSON text it was
    read from."""
    found = _rust_validator(model, kind)
    if found is None:
        return None
    validator, schema = found
    errors = list(validator.iter_errors(data))
    # An empty key is written `""` in any JSON text, so text without that needs no walk.
    if errors and (text is None or b'""' in text) and _has_empty_key(data):
        return None  # jsonschema-rs drops an empty key from its paths: the reference says it
    known = field_names(model)
    out: list[Problem] = []
    for error in errors:
        _problems(_from_rust(error, schema, data), out, data, known)
    return _capped(sorted(dict.fromkeys(out), key=lambda p: p.path))


# What else a guarded value can be: tested first, since `isinstance(x, Mapping)` is a slow
# ABC check for a value that is not a mapping.
_LEAVES = (str, int, float, type(None))


def _has_empty_key(data: Any) -> bool:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif not isinstance(node, _LEAVES) and isinstance(node, Mapping):
            if "" in node:
                return True
            stack.extend(node.values())
    return False


@functools.cache
def _rust_validator(model: type, kind: str) -> tuple[Any, dict[str, Any]] | None:
    """jsonschema-rs's validator of the model's schema, and the schema (for its words)."""
    try:
        import jsonschema_rs  # noqa: PLC0415 - the fast extra
    except ImportError:
        return None
    # Rust's `$` is the end of the string, so the lookahead that Python needs is left out:
    # with it, the regex engine backtracks (about 2 µs a record, checked or enumerated).
    schema = schema_for(model, kind, anchored_for_python=False, described=False)
    # Masked, its errors do not copy the record into their text (only their kind and paths
    # are read here): a fifth of the time it takes to enumerate a refused record's errors.
    validator = jsonschema_rs.validator_for(schema, validate_formats=False, mask="***")
    return validator, schema


def fast_check(model: type, kind: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's yes-or-no check of data against the model's schema, by the validator
    that :func:`fast_schema_errors` enumerates with (built once); ``None`` without the
    ``fast`` extra. ``data`` must have passed :func:`cpa_core.jsondata.problems`."""
    found = _rust_validator(model, kind)
    if found is None:
        return None
    check: Callable[[Any], bool] = found[0].is_valid
    return check


def data_problems(
    model: type, kind: str, data: Any, *, parsed: bool = False, text: bytes | None = None
) -> tuple[Problem, ...]:
    """What is wrong with ``data`` as JSON (:func:`cpa_core.jsondata.problems`) or, when
    nothing is, against the model's schema; ``()`` when it passes both. ``parsed`` and
    ``text`` are :func:`cpa_core.jsondata.problems`' own."""
    known = field_names(model)
    unreadable = jsondata.problems(data, known, limit=MAX_PROBLEMS, parsed=parsed, text=text)
    if unreadable:
        return unreadable
    fast = fast_schema_errors(model, kind, data, text=text if parsed else None)
    if fast is not None:
        return fast
    return schema_errors(validator_for(model, kind), data, known)


def read(model: type[T], data: Any, *, kind: str) -> T:
    """Check ``data`` against the model's schema, then build the model.

    Raises:
        InvalidRecordError: Every schema problem, or (when the schema passes) every
            structuring problem, each with its JSON path.
    """
    problems = data_problems(model, kind, data)
    if problems:
        raise InvalidRecordError(problems, kind=kind)
    return structure(data, model, kind=kind)
