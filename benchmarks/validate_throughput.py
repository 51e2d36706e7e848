"""Throughput of ``cpa-core validate`` against reference points, on one machine.

Run on demand (never in the test suite)::

    python -m pip install '.[fast]' pydantic
    python benchmarks/validate_throughput.py --records 1000000

It writes an NDJSON file of ``--records`` records of one kind (cycling through the bundled
example records of that kind), then measures, each in a fresh process so that peak memory
is its own:

- bare JSON parsing with orjson, line by line (the floor);
- pydantic v2 ``model_validate_json`` on a model translated field by field from the attrs
  model, with the same constraints (ranges, lengths, patterns, the NHS number check digit);
- cpa_core's parse, schema gate and model building alone (no rules, no batch bookkeeping):
  the least that any path building the attrs models can cost;
- ``cpa_core.batch.validate_file`` (schema, structuring and the kind's rules, every error
  collected) with one process and with ``--jobs 2``;
- the ``jsonschema`` package's validator on a sample, for scale.

The figures are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import enum
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import types
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _examples(kind: str) -> list[bytes]:
    from cpa_core import audit, validate

    path = audit.example_bundle() / f"{kind}.ndjson"
    lines = [line for line in path.read_bytes().splitlines() if line.strip()]
    good = [line for line in lines if validate(kind, json.loads(line)).ok]
    if not good:
        sys.exit(f"no valid example records of kind {kind!r}")
    return good


def _real_range(line: bytes) -> bytes:
    """The example team's NHS numbers are from the 9xx test range, which real extracts do
    not hold and which costs an extra (informational) finding per record; swap each for a
    valid number in the England range so the benchmark measures the ordinary path."""
    from cpa_core.identifiers import nhs_number

    def swap(match: re.Match[bytes]) -> bytes:
        first = int(b"4" + match.group(1)[1:9])
        while nhs_number.check_digit(str(first)) is None:
            first += 1
        return f'"{first}{nhs_number.check_digit(str(first))}"'.encode()

    return re.sub(rb'"(9[0-9]{9})"', swap, line)


def make_file(kind: str, records: int, target: Path) -> float:
    lines = [_real_range(line) for line in _examples(kind)]
    with target.open("wb") as out:
        for index in range(records):
            out.write(lines[index % len(lines)] + b"\n")
    return target.stat().st_size / records


# pydantic model translated from the attrs model -------------------------------------------


def pydantic_model(cls: type, cache: dict[type, Any] | None = None) -> Any:
    import pydantic

    from cpa_core.constraints import Items, NhsNumber, Number, Text
    from cpa_core.identifiers import nhs_number

    cache = {} if cache is None else cache
    if cls in cache:
        return cache[cls]

    def check_nhs(value: str) -> str:
        if not nhs_number.is_valid(value):
            raise ValueError("check digit")
        return value

    def annotation(t: Any) -> Any:
        origin, args = get_origin(t), get_args(t)
        if isinstance(t, type) and attrs.has(t):
            return pydantic_model(t, cache)
        if t is datetime:
            return pydantic.AwareDatetime
        if t is type(None):
            return t
        if t in (str, int, float, bool, date) or origin is Literal:
            return t
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return t
        if origin in (Union, types.UnionType):
            return Union[tuple(annotation(a) for a in args)]  # noqa: UP007
        if origin is tuple:
            return tuple[annotation(args[0]), ...]
        if origin is dict:
            return dict[str, annotation(args[1])]
        raise TypeError(t)

    hints = get_type_hints(cls)
    fields: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        kwargs: dict[str, Any] = {}
        ann = annotation(hints[field.name])
        check = field.validator
        if isinstance(check, Number):
            kwargs.update(ge=check.minimum, le=check.maximum)
        elif isinstance(check, Text):
            kwargs.update(
                min_length=check.min_length, max_length=check.max_length, pattern=check.pattern
            )
        elif isinstance(check, Items):
            kwargs.update(min_length=check.min_items, max_length=check.max_items)
        elif isinstance(check, NhsNumber):
            kwargs.update(pattern=nhs_number.PATTERN)
            ann = Annotated[ann, pydantic.AfterValidator(check_nhs)]
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if field.default is attrs.NOTHING:
            default: Any = ...
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            default = pydantic.Field(default_factory=field.default.factory, **kwargs)
            fields[field.name] = (ann, default)
            continue
        else:
            default = field.default
        fields[field.name] = (ann, pydantic.Field(default, **kwargs))
    model = pydantic.create_model(  # type: ignore[call-overload]
        f"P{cls.__name__}",
        __config__=pydantic.ConfigDict(strict=True, extra="forbid", frozen=True),
        **fields,
    )
    cache[cls] = model
    return model


# Measurements, each run in its own process --------------------------------------------------


def run_parse(path: Path, _kind: str, _limit: int) -> tuple[int, int]:
    import orjson

    count = bad = 0
    with path.open("rb") as lines:
        for line in lines:
            count += 1
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                bad += 1
    return count, bad


def run_pydantic(path: Path, kind: str, _limit: int) -> tuple[int, int]:
    import pydantic

    from cpa_core import registry

    model = pydantic_model(registry.record_kind(kind).model)
    count = bad = 0
    with path.open("rb") as lines:
        for line in lines:
            count += 1
            try:
                model.model_validate_json(line)
            except pydantic.ValidationError:
                bad += 1
    return count, bad


def run_build(path: Path, kind: str, _limit: int) -> tuple[int, int]:
    """Parse, the schema gate and building the model: ``validate`` without the kind's rules,
    identifier checks or batch bookkeeping, so the least any path that builds models costs."""
    import jsonschema_rs
    import orjson

    from cpa_core import registry
    from cpa_core.convert import structure_trusted
    from cpa_core.schemas import schema_for

    model = registry.record_kind(kind).model
    gate = jsonschema_rs.validator_for(schema_for(model, kind), validate_formats=False)
    count = bad = 0
    with path.open("rb") as lines:
        for line in lines:
            count += 1
            data = orjson.loads(line)
            if gate.is_valid(data):
                structure_trusted(data, model)
            else:
                bad += 1
    return count, bad


def _run_validate(path: Path, kind: str, jobs: int) -> tuple[int, int]:
    from cpa_core import batch

    summary = batch.validate_file(path, kind, jobs=jobs)
    return summary.records, summary.rejected


def run_validate(path: Path, kind: str, _limit: int) -> tuple[int, int]:
    return _run_validate(path, kind, 1)


def run_validate_2(path: Path, kind: str, _limit: int) -> tuple[int, int]:
    return _run_validate(path, kind, 2)


def run_jsonschema(path: Path, kind: str, limit: int) -> tuple[int, int]:
    from cpa_core import registry
    from cpa_core.schemas import validator_for

    spec = registry.record_kind(kind)
    validator = validator_for(spec.model, spec.name)
    count = bad = 0
    with path.open("rb") as lines:
        for line in lines:
            count += 1
            bad += not validator.is_valid(json.loads(line))
            if count == limit:
                break
    return count, bad


RUNS = {
    "orjson parse (floor)": run_parse,
    "pydantic v2 model_validate_json": run_pydantic,
    "cpa_core parse + schema gate + build, no rules": run_build,
    "cpa_core validate, 1 process": run_validate,
    "cpa_core validate, --jobs 2": run_validate_2,
    "jsonschema (Python) validator, sample": run_jsonschema,
}


def child(name: str, path: Path, kind: str, limit: int) -> None:
    started = time.perf_counter()
    count, bad = RUNS[name](path, kind, limit)
    elapsed = time.perf_counter() - started
    # Children's peak memory is read here, in the child, so each figure is its own run's.
    peak = _peak_mb() + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"records": count, "rejected": bad, "seconds": elapsed, "peak_mb": peak}))


def measure(name: str, path: Path, kind: str, limit: int, repeat: int) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--child", name, "--kind", kind, "--limit", str(limit),
             str(path)],
            capture_output=True, text=True, check=True, env={**os.environ},
        )  # fmt: skip
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="care-episode")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--limit", type=int, default=20_000, help="sample for jsonschema")
    parser.add_argument("--child")
    parser.add_argument("path", nargs="?")
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.path), args.kind, args.limit)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{args.kind}.ndjson"
        size = make_file(args.kind, args.records, path)
        print(f"{args.records:,} records of {args.kind}, {size:.0f} bytes each on average, "
              f"{path.stat().st_size / 2**20:.0f} MiB; best of {args.repeat}\n")  # fmt: skip
        results = {n: measure(n, path, args.kind, args.limit, args.repeat) for n in RUNS}
    rates = {n: r["records"] / r["seconds"] for n, r in results.items()}
    pydantic_rate = rates["pydantic v2 model_validate_json"]
    parse_rate = rates["orjson parse (floor)"]
    print("| path | records | rejected | records/s | vs pydantic | vs parse | peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        rate = rates[name]
        print(
            f"| {name} | {result['records']:,} | {result['rejected']:,} | {rate:,.0f} | "
            f"{rate / pydantic_rate:.2f}x | {rate / parse_rate:.2f}x | {result['peak_mb']:.0f} |"
        )
    one, two = rates["cpa_core validate, 1 process"], rates["cpa_core validate, --jobs 2"]
    print(f"\n--jobs 2 speed-up: {two / one:.2f}x")


if __name__ == "__main__":
    main()
