"""Field constraints that are both attrs validators and JSON Schema keywords.

A model states a field's limits once, as ``attrs.field(validator=Number(minimum=0,
maximum=4))``. The same object checks the value when a model is built in Python, is run by
the converter so that *every* violation in a record is reported (not only the first), and
is read by :mod:`cpa_core.schemas` to emit ``minimum``/``maximum``/``pattern``/… in the
JSON Schema. One statement, three uses, no drift.

``None`` always passes: nullability belongs to the field's type, not its constraint.
Messages name the rule, never the value.
"""

from __future__ import annotations

import contextvars
import math
import re
from typing import Any

import attrs

from cpa_core.exceptions import CpaCoreError
from cpa_core.identifiers import nhs_number

__all__ = [
    "IDENTIFIER",
    "SCHEMA_CHECKED",
    "Constraint",
    "ConstraintError",
    "Duration",
    "Items",
    "NhsNumber",
    "Number",
    "Text",
    "portable_pattern",
]


_TEN_DIGITS = re.compile(nhs_number.PATTERN)


def portable_pattern(pattern: str) -> str:
    """``pattern`` as a schema carries it, so that every validator matches the whole string.

    ECMA-262 (ajv) and Rust (jsonschema-rs) read a final ``$`` as the end of the string;
    Python's ``re`` (python-jsonschema) and .NET's ``Regex`` also let it match before a final
    newline, so ``"P001\\n"`` would pass there and fail elsewhere. ``$(?!\\n)`` means the
    end of the string in all of them.
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern + "(?!\\n)"
    return pattern


class ConstraintError(CpaCoreError):
    """A field value breaks its constraint.

    Attributes:
        field: The field's name, when known.
        rule: What the value must satisfy ("must be between 0 and 4").
    """

    def __init__(self, rule: str, field: str | None = None) -> None:
        self.rule = rule
        self.field = field
        super().__init__(f"{field}: {rule}" if field else rule)


SCHEMA_CHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "cpa_core_schema_checked", default=False
)
"""True while building a model from data its JSON Schema has already accepted.

The converter's trusted path sets it so that constraints the schema already enforced are not
checked twice (attrs validators are the largest cost of building objects); constraints a
schema cannot express, such as an NHS number's check digit, still run. A context variable,
so other threads building models at the same time are unaffected.
"""


class Constraint:
    """Base of the constraint validators: callable as an attrs validator."""

    in_schema: bool = True
    """Whether the JSON Schema keywords fully express the constraint."""

    def problem(self, value: Any) -> str | None:
        """The rule ``value`` breaks, or ``None`` when it satisfies the constraint."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema keywords that express this constraint."""
        raise NotImplementedError

    def check(self, value: Any, field: str | None = None) -> None:
        """Raise :class:`ConstraintError` when ``value`` breaks the constraint."""
        if value is None:
            return
        rule = self.problem(value)
        if rule is not None:
            raise ConstraintError(rule, field)

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if self.in_schema and SCHEMA_CHECKED.get():
            return
        self.check(value, attribute.name)


def _between(low: float | None, high: float | None, unit: str = "") -> str:
    if low is not None and high is not None:
        return f"between {low} and {high}{unit}"
    if low is not None:
        return f"at least {low}{unit}"
    return f"at most {high}{unit}"


@attrs.frozen
class Number(Constraint):
    """An inclusive numeric range.

    Attributes:
        minimum: Smallest allowed value, or ``None``.
        maximum: Largest allowed value, or ``None``.
    """

    minimum: float | None = None
    maximum: float | None = None

    def problem(self, value: Any) -> str | None:
        if isinstance(value, float) and not math.isfinite(value):
            # NaN compares false with every bound, so it would pass any range unnoticed.
            return "must be a finite number"
        too_low = self.minimum is not None and value < self.minimum
        too_high = self.maximum is not None and value > self.maximum
        if too_low or too_high:
            return f"must be {_between(self.minimum, self.maximum)}"
        return None

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


@attrs.frozen
class Duration(Number):
    """A period in a Trust's policy: a whole number of ``unit``, or an ISO 8601 duration.

    ``review_interval_months = 6`` and ``review_interval_months = "P6M"`` mean the same; the
    duration is read by :func:`cpa_core.statutory_time.parse_duration`, which converts only
    where the conversion is exact. The schema accepts either form.

    Attributes:
        unit: ``days``, ``months`` or ``hours``.
    """

    unit: str = "days"


@attrs.frozen
class Text(Constraint):
    """Length limits and an optional pattern for a string.

    Attributes:
        min_length: Fewest characters allowed (1 forbids the empty string).
        max_length: Most characters allowed, or ``None``.
        pattern: A regular expression the whole string must match, written in the subset
            shared by Python and ECMA-262 so JSON Schema validators in any language agree.
            Python checks it with ``fullmatch``; the schema carries it as
            :func:`portable_pattern` writes it, so that no validator
            accepts a trailing newline.
        meaning: What the pattern means, for messages ("a team code").
    """

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    meaning: str = "the required format"
    _compiled: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        compiled = re.compile(self.pattern) if self.pattern is not None else None
        object.__setattr__(self, "_compiled", compiled)

    def problem(self, value: Any) -> str | None:
        size = len(value)
        if (self.min_length is not None and size < self.min_length) or (
            self.max_length is not None and size > self.max_length
        ):
            if self.min_length == 1 and self.max_length is None:
                return "must not be empty"
            return f"must be {_between(self.min_length, self.max_length, ' characters')}"
        if self._compiled is not None and not self._compiled.fullmatch(value):
            return f"must be {self.meaning}"
        return None

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.min_length is not None:
            out["minLength"] = self.min_length
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.pattern is not None:
            out["pattern"] = self.pattern
        return out


@attrs.frozen
class Items(Constraint):
    """Limits on a list (tuple) and, optionally, a constraint on each item.

    Attributes:
        min_items: Fewest items allowed.
        max_items: Most items allowed, or ``None``.
        each: A constraint every item must satisfy, or ``None``.
    """

    min_items: int | None = None
    max_items: int | None = None
    each: Constraint | None = None

    def problem(self, value: Any) -> str | None:
        size = len(value)
        if (self.min_items is not None and size < self.min_items) or (
            self.max_items is not None and size > self.max_items
        ):
            return f"must have {_between(self.min_items, self.max_items, ' items')}"
        if self.each is not None:
            for index, item in enumerate(value):
                rule = self.each.problem(item) if item is not None else None
                if rule is not None:
                    return f"item {index} {rule}"
        return None

    @property
    def in_schema(self) -> bool:  # type: ignore[override]
        return self.each is None or self.each.in_schema

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.min_items is not None:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out


@attrs.frozen
class NhsNumber(Constraint):
    """A normalised NHS number: ten digits whose Modulus 11 check digit is right.

    The JSON Schema can only say "ten digits"; the check digit is verified when the record
    is structured, so schema-only consumers must run
    :func:`cpa_core.identifiers.nhs_number.validate` too.
    """

    in_schema = False

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str) or not _TEN_DIGITS.fullmatch(value):
            return "must be an NHS number of 10 digits, without spaces"
        if not nhs_number.check_digit_holds(value):
            return "is not a valid NHS number (Modulus 11 check digit)"
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"pattern": nhs_number.PATTERN}


IDENTIFIER = Text(
    min_length=1,
    max_length=64,
    pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$",
    meaning="an identifier (letters, digits and . _ : / -, starting with a letter or digit)",
)
"""The one constraint on every record identifier (an episode id, a person id, a staff id).

Identifiers are shown in findings and reports, so they are held to codes: no spaces, no
markup, nothing that could be a name written out; a ten-digit identifier is still masked
when shown, in case it is an NHS number.
"""
