"""Throughput of ``cpa-core validate`` against its fair peer, measured side by side.

Run on demand (never in the test suite)::

    python -m pip install '.[fast]' pydantic
    python benchmarks/validate_throughput.py --records 1000000

The machine this runs on is shared and noisy, so every figure that matters is a ratio
taken within one run:

1. **In one process, interleaved.** Every path reads the same file of ``--sample``
   records, in rotation, for ``--rounds`` rounds; each round gives each path's rate and its
   ratio to the fair peer (pydantic v2 doing the same work, ``benchmarks/peers.py``); the
   table shows the median of the per-round ratios.
2. **Whole processes, alternated.** ``cpa-core validate`` and the peer's script on the same
   ``--records`` file, A B A B: records/s and peak memory of each, and the ratio per pair;
   the same for ``--jobs 2`` against ``--jobs 1``; a file with 1% refused records against
   the clean file; CSV against NDJSON for a flat kind.
3. **Start-up.** ``import cpa_core`` against ``import pydantic``, and the time to the first
   validated record of each, alternated.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def _examples(kind: str) -> list[bytes]:
    from cpa_core import audit, validate

    path = audit.example_bundle() / f"{kind}.ndjson"
    lines = [line for line in path.read_bytes().splitlines() if line.strip()]
    return [line for line in lines if validate(kind, json.loads(line)).ok]


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


def make_file(kind: str, records: int, target: Path, refused: float = 0.0) -> float:
    """Write ``records`` valid records of ``kind``; a ``refused`` share of them broken."""
    lines = [_real_range(line) for line in _examples(kind)]
    every = round(1 / refused) if refused else 0
    with target.open("wb") as out:
        for index in range(records):
            line = lines[index % len(lines)]
            if every and index % every == every - 1:
                line = line.replace(b'"', b'"x', 1)  # an unknown key: a schema refusal
            out.write(line + b"\n")
    return target.stat().st_size / records


def make_csv(kind: str, records: int, target: Path) -> None:
    """The same records as CSV (a flat kind only)."""
    import csv

    from cpa_core import batch, registry

    columns = list(batch.csv_columns(registry.record_kind(kind)))
    rows = [json.loads(_real_range(line)) for line in _examples(kind)]
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for index in range(records):
            row = rows[index % len(rows)]
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])


# 1. In one process, interleaved ---------------------------------------------------------------


def _lines_of(path: Path) -> Callable[[Callable[[bytes], Any]], None]:
    def run(verdict: Callable[[bytes], Any]) -> None:
        with path.open("rb") as lines:
            for line in lines:
                verdict(line)

    return run


def in_process(path: Path, kind: str, rounds: int) -> dict[str, tuple[float, float]]:
    """``{path: (median records/s, median ratio to the fair peer)}``."""
    import orjson
    import peers

    from cpa_core import batch

    records = sum(1 for _ in path.open("rb"))
    each = _lines_of(path)

    def reference_only() -> None:
        real = batch._reader
        batch._reader = lambda *_: None  # type: ignore[assignment]
        try:
            batch.validate_file(path, kind)
        finally:
            batch._reader = real

    runs: dict[str, Callable[[], None]] = {
        "orjson parse (the floor)": lambda: each(orjson.loads),
        "pydantic v2, no rules (the old reference row)": lambda: each(peers.plain_pydantic(kind)),
        "pydantic v2 + the same rules (the fair peer)": lambda: each(peers.pydantic_peer(kind)),
        "msgspec Struct + the same rules": lambda: each(peers.msgspec_peer(kind)),
        "cpa-core validate, reference path only": reference_only,
        "cpa-core validate, one process": lambda: batch.validate_file(path, kind),
    }
    for run in runs.values():
        run()  # warm: models built, caches filled
    rates: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            rates[name].append(records / (time.perf_counter() - started))
    peer = rates["pydantic v2 + the same rules (the fair peer)"]
    return {
        name: (
            statistics.median(rate),
            statistics.median(r / p for r, p in zip(rate, peer, strict=True)),
        )
        for name, rate in rates.items()
    }


# 2. Whole processes, alternated ---------------------------------------------------------------


# Output buffered as it is by default: with PYTHONUNBUFFERED set (as on some build machines
# and container images) every line a command prints is a system call, which weighs on
# `validate` (a line for each finding) and not on a peer that prints nothing, and depends
# on how the lines bunch. `--unbuffered` measures that way instead.
_AS_USERS_RUN = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds (user + system, the process and its workers) and
    peak MiB (of the largest process) of one command."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M %U %S", *command],
        capture_output=True,
        text=True,
        check=False,
        env=_AS_USERS_RUN,
    )
    elapsed = time.perf_counter() - started
    peak_kib, user, system = done.stderr.strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(peak_kib) / 1024


def alternated(
    pairs: dict[str, tuple[list[str], list[str]]], records: int, repeat: int
) -> dict[str, dict[str, float]]:
    """For each named pair of commands A and B, run A B A B … and give the median ratio of
    B's rate to A's, by wall-clock time and by CPU time, with each command's best rate and
    peak memory. On a loaded machine the CPU ratio is the steadier of the two for
    one-process commands; for ``--jobs`` only the wall-clock ratio means anything."""
    out: dict[str, dict[str, float]] = {}
    for name, (first, second) in pairs.items():
        ratios, cpu_ratios, a_rates, b_rates, a_peaks, b_peaks = [], [], [], [], [], []
        for _ in range(repeat):
            a_seconds, a_cpu, a_peak = _timed(first)
            b_seconds, b_cpu, b_peak = _timed(second)
            ratios.append(a_seconds / b_seconds)
            cpu_ratios.append(a_cpu / b_cpu)
            a_rates.append(records / a_seconds)
            b_rates.append(records / b_seconds)
            a_peaks.append(a_peak)
            b_peaks.append(b_peak)
        out[name] = {
            "ratio": statistics.median(ratios),
            "cpu_ratio": statistics.median(cpu_ratios),
            "a_rate": max(a_rates),
            "b_rate": max(b_rates),
            "a_peak": max(a_peaks),
            "b_peak": max(b_peaks),
        }
    return out


# 3. Start-up ----------------------------------------------------------------------------------


def start_up(repeat: int, record: bytes) -> dict[str, float]:
    """Median seconds of each start-up command, run alternately.

    The first record is ``record`` (valid) and the same record made invalid twice over (a
    number for the team code, an unknown field), which both libraries must refuse: cpa_core
    then takes its reference path, which lists every problem.
    """
    model_source = _pydantic_source("care-episode")
    good = json.loads(record)
    bad = {**good, "team": 7, "unexpected": 1}
    with tempfile.TemporaryDirectory() as folder:
        module = Path(folder) / "peer_models.py"
        module.write_text(model_source, encoding="utf-8")
        peer = f"import sys; sys.path.insert(0, {folder!r}); import peer_models; "
        commands = {
            "import cpa_core": [sys.executable, "-c", "import cpa_core"],
            "import pydantic": [sys.executable, "-c", "import pydantic"],
            "cpa_core: first validated record": [
                sys.executable, "-c",
                f"import cpa_core; assert cpa_core.validate('care-episode', {good!r}).ok",
            ],
            "pydantic: first validated record": [
                sys.executable, "-c",
                peer + f"peer_models.PCareEpisode.model_validate_json({record!r})",
            ],
            "cpa_core: first refused record": [
                sys.executable, "-c",
                f"import cpa_core; assert not cpa_core.validate('care-episode', {bad!r}).ok",
            ],
            "pydantic: first refused record": [
                sys.executable, "-c",
                peer + "import pydantic\ntry:\n"
                f"    peer_models.PCareEpisode.model_validate_json({json.dumps(bad).encode()!r})\n"
                "except pydantic.ValidationError:\n    pass\nelse:\n    raise SystemExit(1)",
            ],
        }  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, command in commands.items():
                started = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _pydantic_source(kind: str) -> str:
    """Python source of plain pydantic models for ``kind`` (the constraints, no rules), so
    that its start-up is measured without importing cpa_core."""
    import peers

    from cpa_core import registry

    models: dict[type, Any] = {}
    peers.pydantic_models(registry.record_kind(kind).model, rules=False, cache=models)
    lines = [
        "from __future__ import annotations",
        "import datetime, enum, typing",
        "from typing import Annotated, Literal, Optional",
        "import pydantic",
        "from pydantic import Field",
        "CONFIG = pydantic.ConfigDict(strict=True, extra='forbid', frozen=True)",
    ]
    enums: dict[str, type] = {}
    for model in models.values():
        for field in model.model_fields.values():
            for hint in _walk(field.annotation):
                if isinstance(hint, type) and issubclass(hint, __import__("enum").Enum):
                    enums[hint.__name__] = hint
    for name, enum_cls in enums.items():
        members = ", ".join(f"({m.name!r}, {m.value!r})" for m in enum_cls)
        lines.append(f"{name} = enum.Enum({name!r}, [{members}])")
    for model in reversed(list(models.values())):
        lines.append(f"class {model.__name__}(pydantic.BaseModel):")
        lines.append("    model_config = CONFIG")
        for name, field in model.model_fields.items():
            keys = ("ge", "le", "min_length", "max_length", "pattern")
            limits = {k: getattr(m, k) for m in field.metadata for k in keys if hasattr(m, k)}
            hint = _source(field.annotation)
            if limits:
                written_limits = ", ".join(f"{k}={v!r}" for k, v in limits.items())
                hint = f"Annotated[{hint}, Field({written_limits})]"
            value = field.default
            written = (
                f"{type(value).__name__}({value.value!r})"
                if hasattr(value, "value")
                else repr(value)
            )
            default = "" if field.is_required() else f" = {written}"
            if field.default_factory is not None:
                default = f" = Field(default_factory={field.default_factory.__name__})"
            lines.append(f"    {name}: {hint}{default}")
    return "\n".join(lines) + "\n"


def _walk(hint: Any) -> list[Any]:
    from typing import get_args

    out = [hint]
    for arg in get_args(hint):
        out.extend(_walk(arg))
    return out


def _source(hint: Any) -> str:
    import datetime
    import enum
    from typing import get_args, get_origin

    origin, args = get_origin(hint), get_args(hint)
    if hint is type(None):
        return "None"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint.__name__
    if isinstance(hint, type) and hint.__module__ == "pydantic.main":
        return hint.__name__
    if isinstance(hint, type) and hasattr(hint, "model_fields"):
        return hint.__name__
    if hint in (str, int, float, bool):
        return hint.__name__
    if hint is datetime.date:
        return "datetime.date"
    if origin is not None and "Literal" in repr(origin):
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if origin is tuple:
        return f"tuple[{_source(args[0])}, ...]"
    if origin is dict:
        return f"dict[str, {_source(args[1])}]"
    if args:
        return " | ".join(_source(a) for a in args)
    return "pydantic.AwareDatetime"


# Report --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="care-episode")
    parser.add_argument("--flat-kind", default="cluster-assignment")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--unbuffered", action="store_true", help="run commands with PYTHONUNBUFFERED=1"
    )
    args = parser.parse_args()
    if args.unbuffered:
        _AS_USERS_RUN["PYTHONUNBUFFERED"] = "1"
    cli = [sys.executable, "-m", "cpa_core", "validate", "--kind"]
    peer = [sys.executable, str(ROOT / "benchmarks" / "peers.py"), "pydantic"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        sample, big, refused = base / "sample.ndjson", base / "big.ndjson", base / "refused.ndjson"
        size = make_file(args.kind, args.sample, sample)
        make_file(args.kind, args.records, big)
        make_file(args.kind, args.records, refused, refused=0.01)
        flat_ndjson, flat_csv = base / "flat.ndjson", base / "flat.csv"
        make_file(args.flat_kind, args.records, flat_ndjson)
        make_csv(args.flat_kind, args.records, flat_csv)
        print(f"{args.kind}: {size:.0f} bytes a record on average\n")
        loop = in_process(sample, args.kind, args.rounds)
        print(f"## In one process: {args.sample:,} records, {args.rounds} interleaved rounds\n")
        print("| path | records/s (median) | vs pydantic + the same rules (median ratio) |")
        print("|---|---:|---:|")
        for name, (rate, ratio) in loop.items():
            print(f"| {name} | {rate:,.0f} | {ratio:.2f} |")
        whole = alternated(
            {
                "validate vs pydantic + the same rules": (
                    [*peer, str(big), "--kind", args.kind], [*cli, args.kind, str(big)]
                ),
                "--jobs 2 vs --jobs 1": (
                    [*cli, args.kind, str(big)], [*cli, args.kind, str(big), "--jobs", "2"]
                ),
                "1% refused vs clean": (
                    [*cli, args.kind, str(big)], [*cli, args.kind, str(refused)]
                ),
                f"{args.flat_kind}: CSV vs NDJSON": (
                    [*cli, args.flat_kind, str(flat_ndjson)], [*cli, args.flat_kind, str(flat_csv)]
                ),
            },
            args.records,
            args.repeat,
        )  # fmt: skip
        print(f"\n## Whole processes: {args.records:,} records, alternated {args.repeat} times\n")
        print("| comparison (A vs B) | B/A speed (median, wall) | B/A (median, CPU) "
              "| A records/s | B records/s | A peak MiB | B peak MiB |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, row in whole.items():
            print(
                f"| {name} | {row['ratio']:.2f} | {row['cpu_ratio']:.2f} "
                f"| {row['a_rate']:,.0f} | {row['b_rate']:,.0f} "
                f"| {row['a_peak']:.0f} | {row['b_peak']:.0f} |"
            )
        first = _examples(args.kind)[0]
        times = start_up(args.repeat * 3, first)
        print("\n## Start-up (median seconds, alternated)\n")
        print("| command | seconds |")
        print("|---|---:|")
        for name, seconds in times.items():
            print(f"| {name} | {seconds:.3f} |")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
