"""``cpa-core validate`` on CSV against NHS England's Data Validation Engine (DVE), DuckDB
backend, on the same flat ``cluster-assignment`` rows, each as a whole process.

Run on demand (never in the test suite). DVE pins pyspark, pandas, numpy, duckdb and
polars, so it lives in an environment of its own::

    python -m venv /work/venv-dve
    /work/venv-dve/bin/pip install data-validation-engine==0.9.0
    python benchmarks/dve_csv.py --records 200000 --dve-python /work/venv-dve/bin/python

Two files are written: a clean one (the bundled example assignments, cycled, with NHS
numbers moved out of the test range, by ``validate_throughput.make_csv``) and the same rows
with every ``--every``-th row broken by one of :data:`FAULTS` in turn; beside them, the
clean rows as NDJSON (``validate_throughput.make_file``). On each file the commands run in
rotation, A B A B, ``--repeat`` times: ``cpa-core validate`` on the CSV, DVE on the CSV
and, for the clean rows, ``cpa-core validate`` on the NDJSON. Each run is a fresh child of
a fresh Python, which reports the child's wall seconds, CPU seconds and peak RSS
(``resource.getrusage(RUSAGE_CHILDREN)``; DuckDB's threads are in its one process). The
tables give the median of each, records/s from the median wall time, and the median over
the rounds of each run's time and CPU divided by those of ``validate`` on the CSV in the
same round (above 1: slower than it). Then the check that both tools refuse the same rows
(DVE's ``RecordIndex`` against cpa_core's row numbers) and give the same warnings on the
rows both accept.

DVE is given the rules of :func:`dischema`: the kind's JSON Schema as a DVE data contract
(types, required fields, patterns, lengths, ranges, the enum, strict dates, the NHS number
with its check digit) and, as business-rule filters, the model's invariant and the kind's
rules, the catalogue look-ups written out as SQL from cpa_core's cluster catalogue. What
they cannot be made to agree on is listed in :data:`NOT_GIVEN`.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from dve_runner import ENTITY  # noqa: E402  (benchmarks/ is not a package)
from validate_throughput import make_csv, make_file  # noqa: E402

KIND = "cluster-assignment"

# --- the rules DVE is given --------------------------------------------------------------

# The kind's model invariant and its rules (``clustering.checks.assignment_rules``) as DVE
# business-rule filters: each expression holds for a good row. Error codes are cpa_core's
# finding codes ("end before start" is cpa_core's RECORD-VALUE-INVALID). The catalogue
# look-ups are written out from ``clustering.rules.CLUSTERS`` by :func:`_catalogue`.
_ANCHOR = 'COALESCE(assessment_date, "start")'


def _filters() -> list[dict[str, Any]]:
    in_force, unusable, review_end = _catalogue()
    error, warning = {"is_informational": False}, {"is_informational": True}
    return [
        {
            **error,
            "name": "end_not_before_start",
            "expression": '"end" IS NULL OR "end" >= "start"',
            "error_code": "CLUSTER-END-BEFORE-START",
            "failure_message": "end must not be before start",
            "reporting_field": "end",
        },
        {
            **error,
            "name": "cluster_usable",
            "expression": f"NOT (cluster IN ({unusable}) AND {in_force})",
            "error_code": "CLUSTER-9-USED",
            "failure_message": "the cluster should not be used",
            "reporting_field": "cluster",
        },
        {
            **warning,
            "name": "cluster_in_catalogue_on_date",
            "expression": in_force,
            "error_code": "CLUSTER-UNKNOWN-ON-DATE",
            "failure_message": "the cluster has no catalogue row on the assignment's dates",
            "reporting_field": "cluster",
        },
        {
            **warning,
            "name": "assessment_date_recorded",
            "expression": "assessment_date IS NOT NULL",
            "error_code": "CLUSTER-ASSESSMENT-MISSING",
            "failure_message": "no MHCT assessment date",
            "reporting_field": "assessment_date",
        },
        {
            **warning,
            "name": "assessment_not_after_start",
            "expression": 'assessment_date IS NULL OR assessment_date <= "start"',
            "error_code": "CLUSTER-ASSESSMENT-AFTER-START",
            "failure_message": "the MHCT assessment was completed after the cluster started",
            "reporting_field": "assessment_date",
        },
        {
            **warning,
            "name": "assessment_not_stale",
            "expression": f'assessment_date IS NULL OR assessment_date > "start" '
            f'OR NOT {in_force} OR COALESCE("start" < {review_end}, TRUE)',
            "error_code": "CLUSTER-ASSESSMENT-STALE",
            "failure_message": "the cluster started after its assessment's review period",
            "reporting_field": "assessment_date",
        },
    ]


def _catalogue() -> tuple[str, str, str]:
    """From cpa_core's cluster catalogue, as SQL: whether the cluster has a row in force on
    the anchor date, the clusters that should not be used, and the first day after the
    review period that begins on the assessment date (NULL for a cluster with none)."""
    from cpa_core.clustering.rules import CLUSTERS, Unit

    windows: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    unusable = []
    for cluster in range(22):
        (row,) = CLUSTERS.versions(cluster)  # one version each, so one CASE arm each
        since, until = row.effective.start, row.effective.until
        bounds = [f"{_ANCHOR} >= DATE '{since.isoformat()}'"] if since is not None else []
        if until is not None:
            bounds.append(f"{_ANCHOR} < DATE '{until.isoformat()}'")
        window = " AND ".join(bounds) or "TRUE"
        windows.setdefault(window, []).append(cluster)
        if not row.usable:
            unusable.append(str(cluster))
        if row.review is not None:
            # DuckDB adds months as SQL ADD_MONTHS does, clamped to a short month's end.
            step = "MONTH" if row.review.unit is Unit.MONTHS else "DAY"
            ends.setdefault(f"assessment_date + INTERVAL {row.review.amount} {step}", []).append(
                cluster
            )

    def case(arms: dict[str, list[int]], otherwise: str) -> str:
        written = " ".join(
            f"WHEN cluster IN ({', '.join(map(str, clusters))}) THEN {value}"
            for value, clusters in arms.items()
        )
        return f"(CASE {written}{otherwise} END)"

    return case(windows, " ELSE FALSE"), ", ".join(unusable), case(ends, "")


NOT_GIVEN: tuple[str, ...] = (
    "CLUSTER-LEGACY-CURRENCY: informational, and `validate` does not report it",
    "surrounding spaces: DVE's models strip them (str_strip_whitespace) before the patterns "
    "run, and its NHS number type drops spaces and hyphens; cpa_core refuses such cells",
    "unknown columns: cpa_core refuses the file (exit 2); DVE's reader takes columns by "
    "position from the contract (its field_check only looks for missing ones)",
    "palindromic NHS numbers: DVE's NHS number type warns on them, `validate` does not",
    "years before 1000: cpa_core accepts 0999-01-01; DVE's strict date check compares the "
    "text with strftime, which writes 999 without the zero, and refuses it",
)
"""What the two tools cannot be made to agree on; the generated rows hold none of it."""


def dischema() -> dict[str, Any]:
    """The kind's JSON Schema as a DVE dischema, with :data:`FILTERS` as business rules."""
    from cpa_core import batch, registry, schemas
    from cpa_core.constraints import NhsNumber

    kind = registry.record_kind(KIND)
    # A plain final ``$``: pydantic matches with Rust's regex, where it means the end of
    # the string (the published schemas add ``(?!\n)`` for Python's ``re``).
    # Coded fields as a plain ``enum`` (``described=False``), not the published oneOf.
    schema = schemas.schema_for(kind.model, KIND, anchored_for_python=False, described=False)
    checked_digit = {
        field.name for field in kind.model.__attrs_attrs__ if isinstance(field.validator, NhsNumber)
    }
    fields = {
        name: _field(schema["properties"][name], name in checked_digit)
        for name in batch.csv_columns(kind)  # DVE's CSV reader takes columns in this order
    }
    return {
        "contract": {
            "datasets": {
                ENTITY: {
                    "fields": fields,
                    "mandatory_fields": list(schema["required"]),
                    "reader_config": {
                        ".csv": {"reader": "DuckDBCSVReader", "kwargs": {"field_check": True}}
                    },
                }
            }
        },
        "transformations": {
            "filters": [
                {"entity": ENTITY, "failure_type": "record", "category": "Bad value", **rule}
                for rule in _filters()
            ]
        },
    }


# The keywords _field reads; any other would be a rule silently left out, so it refuses.
_READ = {"type", "description", "default", "minLength", "maxLength", "pattern", "format"}
_READ |= {"enum", "minimum", "maximum"}


def _field(prop: dict[str, Any], nhs_number: bool) -> Any:
    if unread := set(prop) - _READ:
        raise ValueError(f"no DVE constraint written for {sorted(unread)}")
    kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
    kinds = [k for k in kinds if k != "null"]  # optional: not in mandatory_fields
    if kinds == ["integer"]:
        return {
            "callable": "conint",
            "constraints": {"ge": prop["minimum"], "le": prop["maximum"]},
        }
    if kinds != ["string"]:
        raise ValueError(f"no DVE type for {kinds}")
    if nhs_number:
        return "nhsnumber"  # ten digits and the Modulus 11 check digit
    if prop.get("format") == "date":
        return {
            "callable": "conformatteddate",
            "constraints": {"date_format": "%Y-%m-%d", "strict": True},
        }
    if "enum" in prop:
        words = "|".join(v for v in prop["enum"] if v is not None)
        if not re.fullmatch(r"[A-Za-z0-9|-]*", words):
            raise ValueError("an enum value needs escaping")
        return {"callable": "constr", "constraints": {"regex": f"^({words})$"}}
    limits = {"min_length": "minLength", "max_length": "maxLength", "regex": "pattern"}
    return {
        "callable": "constr",
        "constraints": {ours: prop[theirs] for ours, theirs in limits.items() if theirs in prop},
    }


# --- the files -------------------------------------------------------------------------------


def _wrong_check_digit(row: dict[str, str]) -> None:
    number = row["nhs_number"]
    row["nhs_number"] = number[:-1] + str((int(number[-1]) + 1) % 10)


FAULTS: tuple[tuple[str, Callable[[dict[str, str]], None]], ...] = (
    ("cluster 22 (range 0-21)", lambda row: row.update(cluster="22")),
    ("cluster not a number", lambda row: row.update(cluster="x4")),
    ("cluster 9 (should not be used)", lambda row: row.update(cluster="9")),
    ("NHS number check digit wrong", _wrong_check_digit),
    ("end before start", lambda row: row.update(end="2000-01-01")),
    ("reason not one of the six", lambda row: row.update(reason="lunch")),
    ("person_id blank (required)", lambda row: row.update(person_id="")),
    ("start not a calendar date", lambda row: row.update(start="2026-02-30")),
    ("assignment_id with a space (pattern)", lambda row: row.update(assignment_id="CL P010")),
)  # fmt: skip
"""Each broken row gets one of these, in turn: every one is an error in both tools."""


def make_faulty(clean: Path, target: Path, every: int) -> Counter[str]:
    """``clean`` with every ``every``-th row broken; how many rows got each fault."""
    made: Counter[str] = Counter()
    with (
        clean.open(newline="", encoding="utf-8") as rows,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        reader = csv.DictReader(rows)
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()))
        writer.writeheader()
        for index, row in enumerate(reader):
            if index % every == every - 1:
                name, breaks = FAULTS[(index // every) % len(FAULTS)]
                breaks(row)
                made[name] += 1
            writer.writerow(row)
    return made


# --- measuring -------------------------------------------------------------------------------

# Runs one command and reports on it; a fresh interpreter per run, so that RUSAGE_CHILDREN
# holds that command alone (and its threads: DuckDB's run inside the one process).
_WRAPPER = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out:
    started = time.perf_counter()
    done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kib": usage.ru_maxrss, "code": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-4000:]}))
"""


def measured(command: list[str], stdout: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(stdout), *command],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


_COUNTS = re.compile(r": (\d+) records, (\d+) valid, (\d+) rejected")
_FINDING = re.compile(r":row (\d+) \(line \d+\): \S+: (\S+) (error|warning): ")


def run_cpa(data: Path, scratch: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "cpa_core", "validate", "--kind", KIND, str(data)]
    result = measured(command, scratch / "cpa-findings.txt")
    found = _COUNTS.search(result["stderr"])
    if result["code"] not in (0, 1) or found is None:
        raise SystemExit(f"cpa-core validate failed ({result['code']}): {result['stderr']}")
    result["records"], result["rejected"] = int(found.group(1)), int(found.group(3))
    rows: set[int] = set()
    warnings: set[tuple[int, str]] = set()
    with (scratch / "cpa-findings.txt").open(encoding="utf-8") as lines:
        for line in lines:
            if (found := _FINDING.search(line)) is None:
                continue
            if found.group(3) == "error":
                rows.add(int(found.group(1)))
            else:
                warnings.add((int(found.group(1)), found.group(2)))
    result["rows"], result["warnings"] = frozenset(rows), warnings
    return result


def run_dve(python: str, rules: Path, data: Path, scratch: Path) -> dict[str, Any]:
    work = scratch / "dve-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    runner = ROOT / "benchmarks" / "dve_runner.py"
    result = measured([python, str(runner), str(rules), str(data), str(work)], scratch / "dve.json")
    if result["code"] != 0:
        raise SystemExit(f"DVE failed ({result['code']}): {result['stderr']}")
    report = json.loads((scratch / "dve.json").read_text(encoding="utf-8").splitlines()[-1])
    result.update(report)
    # DVE's feedback messages, one JSON object a line per stage; RecordIndex counts rows
    # from 1, as cpa_core's "row N" does.
    rows: set[int] = set()
    warnings: set[tuple[int, str]] = set()
    for stage in work.glob("processed/*/errors/*.jsonl"):
        with stage.open(encoding="utf-8") as lines:
            for line in lines:
                message = json.loads(line)
                if message["Status"] == "informational":
                    warnings.add((int(message["RecordIndex"]), message["ErrorCode"]))
                else:
                    rows.add(int(message["RecordIndex"]))
    result["rows"], result["warnings"] = frozenset(rows), warnings
    shutil.rmtree(work)
    return result


Run = dict[str, Any]
CSV_RUN, DVE_RUN, NDJSON_RUN = (
    "`cpa-core validate`, CSV",
    "DVE 0.9.0, DuckDB pipeline, CSV",
    "`cpa-core validate`, NDJSON of the same rows",
)


def alternate(commands: dict[str, Callable[[], Run]], repeat: int) -> dict[str, list[Run]]:
    """Each command in turn (A B A B …), ``repeat`` times: each one's runs, in order."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(command())
    return runs


# --- report ----------------------------------------------------------------------------------


def report(label: str, runs: dict[str, list[Run]]) -> None:
    ours, theirs = runs[CSV_RUN], runs[DVE_RUN]
    records = ours[0]["records"]
    print(f"\n### {label}: {records:,} rows, {len(ours)} alternated rounds\n")
    print(
        "| run | wall s | records/s | CPU s | peak RSS MiB | rejected "
        "| its time / CSV's (wall) | its CPU / CSV's |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, each in runs.items():
        seconds = statistics.median(r["seconds"] for r in each)
        cpu = statistics.median(r["cpu"] for r in each)
        peak = statistics.median(r["peak_kib"] for r in each) / 1024
        rejected = ", ".join(str(n) for n in sorted({r["rejected"] for r in each}))
        wall_ratio = statistics.median(
            r["seconds"] / o["seconds"] for r, o in zip(each, ours, strict=True)
        )
        cpu_ratio = statistics.median(r["cpu"] / o["cpu"] for r, o in zip(each, ours, strict=True))
        print(
            f"| {name} | {seconds:.2f} | {records / seconds:,.0f} | {cpu:.2f} | {peak:.0f} "
            f"| {rejected} | {wall_ratio:.2f} | {cpu_ratio:.2f} |"
        )
    stages = {
        name: statistics.median(t["stages"][name] for t in theirs) for name in theirs[0]["stages"]
    }
    print("\nDVE's stages (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    if theirs[0]["records"] != records:
        print(f"DVE read {theirs[0]['records']:,} records")
    ours_rows, theirs_rows = ours[0]["rows"], theirs[0]["rows"]
    if ours_rows == theirs_rows:
        print(f"Both reject the same {len(ours_rows):,} rows.")
    else:
        print(
            f"Rejected rows differ: {len(ours_rows - theirs_rows):,} by cpa_core alone (first "
            f"{sorted(ours_rows - theirs_rows)[:5]}), {len(theirs_rows - ours_rows):,} by DVE "
            f"alone (first {sorted(theirs_rows - ours_rows)[:5]})"
        )
    # cpa_core runs a kind's rules only on a record that passed its schema; DVE's rules run
    # on every row, refused ones too, so warnings are compared on the rows both accept.
    refused = ours_rows | theirs_rows
    kept = [
        Counter(code for row, code in run["warnings"] if row not in refused)
        for run in (ours[0], theirs[0])
    ]
    if kept[0] == kept[1]:
        print(f"On the rows both accept, the same warnings: {dict(sorted(kept[0].items()))}.")
    else:
        print(
            f"Warnings differ: cpa_core {dict(sorted(kept[0].items()))}, "
            f"DVE {dict(sorted(kept[1].items()))}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=100, help="break every Nth row")
    parser.add_argument("--dve-python", required=True, help="a Python with data-validation-engine")
    parser.add_argument("--show-rules", action="store_true", help="print the dischema and stop")
    args = parser.parse_args()
    rules_text = json.dumps(dischema(), indent=2)
    if args.show_rules:
        print(rules_text)
        return
    with tempfile.TemporaryDirectory(prefix="dve-csv-") as folder:
        scratch = Path(folder)
        rules = scratch / f"{ENTITY}.dischema.json"
        rules.write_text(rules_text, encoding="utf-8")
        clean, faulty = scratch / "clean.csv", scratch / "faulty.csv"
        ndjson = scratch / "clean.ndjson"
        make_csv(KIND, args.records, clean)
        make_file(KIND, args.records, ndjson)
        made = make_faulty(clean, faulty, args.every)
        print(f"## cpa-core validate vs DVE (DuckDB) on {KIND} CSV\n")
        print(f"Faulty file: {sum(made.values()):,} rows broken, one fault each:")
        for name, count in made.items():
            print(f"- {name}: {count:,}")
        python = args.dve_python
        for label, data in (("clean", clean), ("1% faulty", faulty)):
            commands: dict[str, Callable[[], Run]] = {
                CSV_RUN: functools.partial(run_cpa, data, scratch),
                DVE_RUN: functools.partial(run_dve, python, rules, data, scratch),
            }
            if data is clean:
                commands[NDJSON_RUN] = functools.partial(run_cpa, ndjson, scratch)
            report(label, alternate(commands, args.repeat))
        print("\nWhere the rules differ (none of it occurs in these rows):")
        for line in NOT_GIVEN:
            print(f"- {line}")


if __name__ == "__main__":
    main()
