"""Throughput of ``cpa_core.spark.validate`` in Spark local mode against ``cpa-core
validate --jobs 2``, on the same file in the same run.

Run on demand (never in the test suite)::

    python -m pip install '.[fast,spark]'
    python benchmarks/spark_throughput.py --records 1000000

It writes an NDJSON file of ``--records`` care-episode records (the bundled examples,
cycled, with their test-range NHS numbers swapped for numbers in the England range, as in
``validate_throughput.py``), then times, in rounds that alternate the paths:

- ``cpa-core validate --jobs 2`` as a whole process, findings printed to ``/dev/null``;
- ``cpa_core.spark.validate`` on ``spark.read.text`` of the file in a ``local[N]``
  session, every row's verdict computed (a ``noop`` write of ``checked``), with the per-row
  check run through each way Spark has of running Python over rows: ``mapInArrow`` (what
  ``cpa_core.spark`` uses), ``mapInPandas``, ``rdd.mapPartitions`` and a scalar
  ``pandas_udf`` returning a struct.

The Spark session starts once, before the timings, and is warmed on a small file so that
the Python workers are running. Figures are records per second, median of the rounds, and
the median over the rounds of each one's ratio to the command line in the same round, as
a Markdown table; beside the wall-clock figures, the CPU seconds each path spent (all its
processes: the command line's workers; the driver, the JVM and the Python workers), which
other work on a shared machine disturbs far less than it disturbs the clock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# At module level: pandas_udf reads the hints of the function it wraps from its globals.
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
KIND = "care-episode"


_TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds used so far by each of ``root``'s descendants (the Spark JVM and its
    Python workers), with what each has reaped of its own children; Linux only."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while we looked
        parents[int(entry.name)] = int(fields[1])
        # utime, stime, cutime, cstime: fields 14-17 of stat, 11-14 after the name.
        times[int(entry.name)] = sum(int(v) for v in fields[11:15]) / _TICK
    below = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in below and pid not in below:
                below.add(pid)
                grew = True
    return {pid: times[pid] for pid in below if pid != root}


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    # Only processes alive at the end: one that ended during the run is counted by the
    # parent that reaped it. (Summing whole trees went negative when Spark ended idle
    # workers between runs without a live ancestor taking their time.)
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def run_cli(path: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole ``cpa-core validate`` process and its workers."""
    command = [sys.executable, "-m", "cpa_core", "validate", str(path), "--kind", KIND]
    before = os.times()
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        done = subprocess.run(
            [*command, "--jobs", str(jobs)], check=False, stdout=sink, stderr=sink
        )
    elapsed = time.perf_counter() - started
    after = os.times()
    if done.returncode not in (0, 1):
        sys.exit(f"cpa-core validate failed ({done.returncode})")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return elapsed, cpu


def _spark(cores: int) -> Any:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("cpa-core-spark-throughput")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _mechanisms() -> dict[str, Callable[[Any], Any]]:
    """Each way of running the per-row check, as a function from the text DataFrame to a
    DataFrame with every row's verdict."""
    from pyspark.sql import Row
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st

    from cpa_core import spark as cs
    from cpa_core.policy import TrustPolicy

    policy = TrustPolicy()
    finding = st.StructType([st.StructField(n, st.StringType()) for n in cs._ROW_FINDING.names])
    verdict_fields = [
        st.StructField("cpa_valid", st.BooleanType()),
        st.StructField("cpa_record_id", st.StringType()),
        st.StructField("cpa_findings", st.ArrayType(finding)),
    ]

    def arrow(df: Any) -> Any:
        return cs.validate(df, KIND).checked

    def with_raw(df: Any) -> tuple[Any, st.StructType]:
        keyed = df.withColumn(cs.ROW_KEY, sf.monotonically_increasing_id())
        schema = st.StructType([*keyed.schema.fields, *verdict_fields])
        return keyed.withColumn(cs._RAW, sf.col("value").cast("binary")), schema

    def pandas_map(df: Any) -> Any:
        source, schema = with_raw(df)

        def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            for frame in frames:
                out = list(cs._verdicts(KIND, policy, frame[cs._RAW]))
                yield pd.DataFrame(
                    {
                        "value": frame["value"].astype(object),
                        cs.ROW_KEY: frame[cs.ROW_KEY],
                        "cpa_valid": [v for v, _, _ in out],
                        "cpa_record_id": pd.Series([r for _, r, _ in out], dtype=object),
                        "cpa_findings": pd.Series([f for _, _, f in out], dtype=object),
                    }
                )

        return source.mapInPandas(run, schema)

    def rdd_map(df: Any) -> Any:
        source, schema = with_raw(df)

        def run(rows: Iterator[Any]) -> Iterator[Any]:
            batch = list(rows)
            raws = [bytes(row[cs._RAW]) if row[cs._RAW] is not None else None for row in batch]
            for row, (ok, record_id, shown) in zip(
                batch, cs._verdicts(KIND, policy, raws), strict=True
            ):
                yield (row["value"], row[cs.ROW_KEY], ok, record_id, [Row(**f) for f in shown])

        return source.rdd.mapPartitions(run).toDF(schema)

    @sf.pandas_udf(st.StructType(verdict_fields))  # type: ignore[call-overload]
    def checked(raws: pd.Series) -> pd.DataFrame:
        out = list(cs._verdicts(KIND, policy, raws))
        return pd.DataFrame(
            {
                "cpa_valid": [v for v, _, _ in out],
                "cpa_record_id": pd.Series([r for _, r, _ in out], dtype=object),
                "cpa_findings": pd.Series([f for _, _, f in out], dtype=object),
            }
        )

    def scalar_udf(df: Any) -> Any:
        keyed = df.withColumn(cs.ROW_KEY, sf.monotonically_increasing_id())
        return keyed.withColumn("v", checked(sf.col("value").cast("binary"))).select(
            "value", cs.ROW_KEY, "v.*"
        )

    return {
        "mapInArrow": arrow,
        "mapInPandas": pandas_map,
        "rdd.mapPartitions": rdd_map,
        "pandas_udf (scalar)": scalar_udf,
    }


def run_spark(session: Any, path: Path, build: Callable[[Any], Any]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (driver, JVM and Python workers) of one run."""
    before, own = _tree_cpu(os.getpid()), sum(os.times()[:2])
    started = time.perf_counter()
    df = session.read.option("lineSep", "\n").text(str(path))
    checked = build(df)
    checked.write.format("noop").mode("overwrite").save()
    elapsed = time.perf_counter() - started
    return elapsed, _spent(before, _tree_cpu(os.getpid())) + sum(os.times()[:2]) - own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cores", type=int, default=2, help="local[N] and --jobs N")
    parser.add_argument(
        "--only", action="append", help="run only these Spark mechanisms (repeatable)"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from validate_throughput import make_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{KIND}.ndjson"
        warm = Path(folder) / "warm.ndjson"
        make_file(KIND, args.records, path)
        make_file(KIND, 20_000, warm)
        size_mb = path.stat().st_size / 1e6
        print(f"{args.records:,} {KIND} records, {size_mb:.0f} MB", file=sys.stderr)

        started = time.perf_counter()
        session = _spark(args.cores)
        print(f"Spark session: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        mechanisms = _mechanisms()
        if args.only:
            mechanisms = {k: v for k, v in mechanisms.items() if k in args.only}
        for build in mechanisms.values():
            run_spark(session, warm, build)

        wall: dict[str, list[float]] = {"cli": []}
        cpu: dict[str, list[float]] = {"cli": []}
        for name in mechanisms:
            wall[name], cpu[name] = [], []
        for round_ in range(args.rounds):
            for name, build in [("cli", None), *mechanisms.items()]:
                seconds, used = (
                    run_cli(path, args.cores) if build is None else run_spark(session, path, build)
                )
                wall[name].append(seconds)
                cpu[name].append(used)
                print(
                    f"round {round_ + 1}: {name} {seconds:.1f} s, {used:.1f} CPU s", file=sys.stderr
                )
        session.stop()

    print(f"\n{args.records:,} {KIND} records; local[{args.cores}] against --jobs {args.cores}")
    print(
        f"median of {args.rounds} rounds; ratios are the median of each round's ratio to the "
        "command line (higher is faster)\n"
    )
    print(
        "| path | wall s | records/s | vs CLI (wall) | CPU s | records per CPU s | vs CLI (CPU) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    label = {"cli": f"`cpa-core validate --jobs {args.cores}`"}
    for name, seconds in wall.items():
        w, c = statistics.median(seconds), statistics.median(cpu[name])
        by_wall = statistics.median(a / b for a, b in zip(wall["cli"], seconds, strict=True))
        by_cpu = statistics.median(a / b for a, b in zip(cpu["cli"], cpu[name], strict=True))
        shown = label.get(name, f"`spark.validate`, {name}")
        print(
            f"| {shown} | {w:.1f} | {args.records / w:,.0f} | {by_wall:.2f} | {c:.1f} "
            f"| {args.records / c:,.0f} | {by_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
