"""Run NHS England's Data Validation Engine (DVE) on one CSV file with its DuckDB backend.

Run by ``benchmarks/dve_csv.py`` with the Python of a separate environment that has the
``data-validation-engine`` package (it pins pyspark, pandas, numpy, duckdb and polars, so it
never shares cpa_core's environment)::

    python benchmarks/dve_runner.py RULES.dischema.json FILE.csv WORK_DIR

This module imports nothing from cpa_core. It drives the DuckDB pipeline the way DVE's own
guide does (``docs/user_guidance/implementations/duckdb.md`` in
https://github.com/NHSDigital/data-validation-engine): a folder of submissions, each a data
file beside a ``<stem>.metadata.json``, a ``DDBAuditingManager`` on a DuckDB connection, a
``DDBDVEPipeline`` and its ``cluster_pipeline_run``, which runs every stage: file
transformation (CSV to parquet), data contract (types and constraints, row by row in
pydantic), business rules (SQL filters) and the error report (an Excel workbook).

It prints one JSON line: records read, records rejected, the seconds spent from the start
of each stage to the next (taken from the pipeline's own "Starting ... service" log lines),
and the submission's statistics.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

ENTITY = "cluster_assignment"


class _StageClock(logging.Handler):
    """Notes when each stage starts, from the pipeline's log lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.starts: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Starting ") and message.endswith(" service"):
            self.starts.append((message[len("Starting ") : -len(" service")], time.perf_counter()))


def run(rules: Path, data: Path, work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    # DVE's environment, not cpa_core's: no types to check against there.
    import duckdb  # type: ignore[import-not-found, unused-ignore]
    from dve.core_engine.backends.implementations.duckdb.auditing import (  # type: ignore[import-not-found, unused-ignore]
        DDBAuditingManager,
    )
    from dve.pipeline.duckdb_pipeline import DDBDVEPipeline  # type: ignore[import-not-found, unused-ignore]

    imported = time.perf_counter()
    submitted, processed = work / "submitted", work / "processed"
    submitted.mkdir(parents=True)
    processed.mkdir()
    # The pipeline moves each submission into its working folder: give it a hard link.
    os.link(data, submitted / f"{ENTITY}.csv")
    metadata = {"dataset_id": ENTITY, "file_name": ENTITY, "file_extension": "csv"}
    (submitted / f"{ENTITY}.metadata.json").write_text(json.dumps(metadata), encoding="utf-8")

    clock = _StageClock()
    logger = logging.getLogger("dve_runner")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(clock)
    database = work / "dve.duckdb"
    connection = duckdb.connect(str(database))
    pipeline = DDBDVEPipeline(
        processed_files_path=processed.as_posix(),
        audit_tables=DDBAuditingManager(database_uri=database.as_posix(), connection=connection),
        connection=connection,
        rules_path=rules.resolve().as_uri(),
        submitted_files_path=submitted.as_posix(),
        job_run_id=1,
        logger=logger,
    )
    reports = list(pipeline.cluster_pipeline_run(max_workers=1))
    finished = time.perf_counter()
    connection.close()
    if len(reports) != 1:
        raise SystemExit(f"DVE returned {len(reports)} reports for one submission")
    _info, status, stats, _report = reports[0]
    marks = [("import", started), ("set up", imported), *clock.starts, ("end", finished)]
    stages = {name: round(marks[i + 1][1] - at, 3) for i, (name, at) in enumerate(marks[:-1])}
    return {
        "records": status.number_of_records,
        "rejected": status.number_of_records_rejected,
        "result": status.submission_result,
        "stages": stages,
        "statistics": stats.model_dump(mode="json") if stats is not None else None,
    }


if __name__ == "__main__":
    rules_file, data_file, work_dir = (Path(arg) for arg in sys.argv[1:4])
    print(json.dumps(run(rules_file, data_file, work_dir)))
