"""The fair peers of ``cpa-core validate``: the same work, done by pydantic v2 and by msgspec.

A peer reads a record's bytes and gives a verdict (valid or not) after doing everything
``validate`` does to a record of the kind, so that a throughput ratio compares like with
like:

- the schema's limits: strict types, closed objects, ranges, lengths, whole-string
  patterns, enum values, literals;
- what a schema cannot say: real calendar dates, RFC 3339 instants with an offset and
  within the calendar (read as cpa_core reads them), an integral float in an integer field
  as the integer, the NHS number's check digit, every other field validator and each
  model's invariants (the coordinator assignment's dates, for example);
- the kind's own rules (for ``care-episode``: the care cycle replayed with the same
  transition rows and same-day order) and the identifier findings, run on the peer's
  object, which carries the attrs model's methods.

``pydantic_peer`` builds pydantic v2 models from the attrs models field by field;
``msgspec_peer`` uses the Structs of the compiled pass. ``tests/test_peers.py`` checks that
both give cpa_core's verdict on a few hundred mutated records. ``plain_pydantic`` is the
old reference row: pydantic with the constraints but none of the rules.

Run as a script, a peer validates a file like ``cpa-core validate`` does (for whole-process
timings): ``python benchmarks/peers.py pydantic FILE --kind care-episode``.
"""

from __future__ import annotations

import argparse
import enum
import sys
import types
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

Verdict = Callable[[bytes], bool]


def _integral(value: Any) -> Any:
    # JSON Schema (and cpa_core) read 12.0 as the integer 12.
    return int(value) if type(value) is float and value.is_integer() else value


def _check_digit(value: str | None) -> str | None:
    from cpa_core.identifiers import nhs_number

    if value is not None and nhs_number.check_digit(value[:9]) != int(value[9]):
        raise ValueError("check digit")
    return value


def _instant(text: str) -> datetime:
    from cpa_core import statutory_time

    return statutory_time.check_range(datetime.fromisoformat(text))


def _annotation(t: Any, rules: bool, cache: dict[type, Any]) -> Any:
    import pydantic

    from cpa_core import statutory_time

    origin, args = get_origin(t), get_args(t)
    if isinstance(t, type) and attrs.has(t):
        return pydantic_models(t, rules=rules, cache=cache)
    if t is datetime and rules:
        # pydantic's patterns run on Rust's regex engine, whose `$` is already the end of
        # the string: patterns are given as written, without the lookahead Python's re needs.
        pattern = pydantic.Field(pattern=statutory_time.INSTANT_PATTERN)
        return Annotated[str, pattern, pydantic.AfterValidator(_instant)]
    if t is datetime:
        return pydantic.AwareDatetime
    if t is int and rules:
        return Annotated[int, pydantic.BeforeValidator(_integral)]
    if t is type(None) or t in (str, int, float, bool, date) or origin is Literal:
        return t
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return t
    if origin in (Union, types.UnionType):
        return Union[tuple(_annotation(a, rules, cache) for a in args)]  # noqa: UP007
    if origin is tuple:
        return tuple[_annotation(args[0], rules, cache), ...]  # type: ignore[misc]
    if origin is dict:
        return dict[str, _annotation(args[1], rules, cache)]  # type: ignore[misc]
    raise TypeError(t)


def _field(field: attrs.Attribute[Any], t: Any, rules: bool, cache: dict[type, Any]) -> Any:
    """The ``(annotation, FieldInfo)`` of one attrs field."""
    import pydantic

    from cpa_core.constraints import Items, NhsNumber, Number, Text
    from cpa_core.identifiers import nhs_number

    check = field.validator
    annotation = _annotation(t, rules, cache)
    limits: dict[str, Any] = {}
    if isinstance(check, Number):
        limits = {"ge": check.minimum, "le": check.maximum}
    elif isinstance(check, Text):
        limits = {"min_length": check.min_length, "max_length": check.max_length}
        limits["pattern"] = check.pattern
    elif isinstance(check, Items):
        limits = {"min_length": check.min_items, "max_length": check.max_items}
    elif isinstance(check, NhsNumber):
        limits = {"pattern": nhs_number.PATTERN}
        if rules:
            annotation = Annotated[annotation, pydantic.AfterValidator(_check_digit)]
    limits = {k: v for k, v in limits.items() if v is not None}
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return annotation, pydantic.Field(default_factory=default.factory, **limits)
    return annotation, pydantic.Field(... if default is attrs.NOTHING else default, **limits)


def _rules_namespace(cls: type) -> dict[str, Any]:
    """The attrs model's methods, for the rules, and a validator that runs its remaining
    field validators and invariants once the fields are read."""
    import pydantic

    from cpa_core import _compiled
    from cpa_core.constraints import Constraint, NhsNumber

    others = [
        (f, f.validator)
        for f in attrs.fields(cls)
        if f.validator is not None
        and not isinstance(f.validator, NhsNumber)
        and not (isinstance(f.validator, Constraint) and f.validator.in_schema)
    ]
    invariant = getattr(cls, "__attrs_post_init__", None)

    def after(self: Any) -> Any:
        for f, validator in others:
            validator(self, f, getattr(self, f.name))
        if invariant is not None:
            invariant(self)
        return self

    return {**_compiled._methods(cls), "cpa_after": pydantic.model_validator(mode="after")(after)}


def pydantic_models(cls: type, *, rules: bool, cache: dict[type, Any] | None = None) -> Any:
    """A pydantic v2 model of the attrs model ``cls`` with the same limits; with ``rules``,
    also its instants, check digits, validators, invariants and methods."""
    import pydantic

    cache = {} if cache is None else cache
    if cls in cache:
        return cache[cls]
    hints = get_type_hints(cls)
    fields = {f.name: _field(f, hints[f.name], rules, cache) for f in attrs.fields(cls)}
    namespace = _rules_namespace(cls) if rules else {}
    namespace["model_config"] = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True)
    base = types.new_class(
        f"Base{cls.__name__}", (pydantic.BaseModel,), {}, lambda ns: ns.update(namespace)
    )
    model: Any = pydantic.create_model(f"P{cls.__name__}", __base__=base, **fields)
    model.__cpa_model__ = cls  # the identifier findings find the NHS-number fields by it
    cache[cls] = model
    return model


def _rules_verdict(
    kind_name: str, read: Callable[[bytes], Any], errors: tuple[type[Exception], ...]
) -> Verdict:
    from cpa_core import registry
    from cpa_core.findings import Severity
    from cpa_core.policy import TrustPolicy
    from cpa_core.validation import identifier_findings

    kind = registry.record_kind(kind_name)
    policy = TrustPolicy()

    def verdict(raw: bytes) -> bool:
        try:
            record = read(raw)
        except errors:
            return False
        findings = [*identifier_findings(record), *kind.rules(record, policy)]
        return not any(f.severity is Severity.ERROR for f in findings)

    return verdict


def pydantic_peer(kind_name: str) -> Verdict:
    """pydantic v2 with the same limits, checks and rules as ``validate``."""
    import pydantic

    from cpa_core import registry

    model = pydantic_models(registry.record_kind(kind_name).model, rules=True)
    return _rules_verdict(kind_name, model.model_validate_json, (pydantic.ValidationError,))


def msgspec_peer(kind_name: str) -> Verdict:
    """A msgspec Struct with the same limits, checks and rules as ``validate``."""
    import msgspec

    from cpa_core import _compiled, registry

    decoder = _compiled.decoder(registry.record_kind(kind_name).model)
    return _rules_verdict(kind_name, decoder.decode, (msgspec.ValidationError, msgspec.DecodeError))


def plain_pydantic(kind_name: str) -> Verdict:
    """pydantic v2 with the schema's limits only: no instants read strictly, no check digit,
    no invariants, no rules (the reference row of earlier benchmarks)."""
    import pydantic

    from cpa_core import registry

    model = pydantic_models(registry.record_kind(kind_name).model, rules=False)

    def verdict(raw: bytes) -> bool:
        try:
            model.model_validate_json(raw)
        except pydantic.ValidationError:
            return False
        return True

    return verdict


PEERS = {"pydantic": pydantic_peer, "msgspec": msgspec_peer, "plain-pydantic": plain_pydantic}


def main() -> None:
    parser = argparse.ArgumentParser(description="Validate a file with a peer.")
    parser.add_argument("peer", choices=sorted(PEERS))
    parser.add_argument("path")
    parser.add_argument("--kind", default="care-episode")
    args = parser.parse_args()
    verdict = PEERS[args.peer](args.kind)
    records = rejected = 0
    with Path(args.path).open("rb") as lines:
        for line in lines:
            if not line.isspace():
                records += 1
                rejected += not verdict(line)
    print(f"{args.path}: {records} records, {records - rejected} valid, {rejected} rejected",
          file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
