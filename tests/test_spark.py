"""cpa_core.spark in Spark local mode, judged against the command line's own output.

Every expectation here is what ``cpa-core validate`` or ``cpa-core audit`` printed or wrote
for the same bytes in the same test: the Spark path must agree with it, record for record.
One SparkSession (``local[2]``) serves the whole run. Without pyspark the module is
skipped, unless ``CPA_CORE_SPARK_TESTS=required`` (set by ``nox -s tests``), when its
absence is a failure.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

if os.environ.get("CPA_CORE_SPARK_TESTS") != "required":
    pytest.importorskip("pyspark", reason="the spark extra is not installed")

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as sf
from pyspark.sql import types as st

from cpa_core import audit, audit_html, cli, registry, statutory_time
from cpa_core import spark as cs
from cpa_core.context import CheckContext
from cpa_core.domain import Domain
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.provenance import Source
from cpa_core.records import Located, caseload_check, scope_of

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from hostile_inputs import HOSTILE_LINES, PLANTED_NAME, PLANTED_NUMBERS, assert_clean

pytestmark = pytest.mark.filterwarnings(
    # pyspark warns about pandas 3 whenever it checks for pandas; nothing here uses
    # pandas' own string columns (cpa_core.spark hands pandas plain objects).
    "ignore:PySpark does not yet fully support pandas:FutureWarning",
)

KIND = "care-episode"
# The instant the command line audits the example team as of.
AS_OF = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local[2] session for every test: starting Spark costs seconds."""
    # The executors' Python must be this interpreter, which has cpa_core installed.
    previous = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cpa-core-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = previous


# The command line's answers ------------------------------------------------------------


def _example_lines(kind: str = KIND) -> list[bytes]:
    path = audit.example_bundle() / f"{kind}.ndjson"
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def _schema_invalid(line: bytes) -> list[bytes]:
    record = json.loads(line)
    missing = {k: v for k, v in record.items() if k != "team"}
    wrong_type = {**record, "person_id": 12}
    unknown_key = {**record, PLANTED_NAME: PLANTED_NUMBERS[0]}
    bad_number = {**record, "nhs_number": PLANTED_NUMBERS[1][:-1] + "0"}
    return [json.dumps(r).encode() for r in (missing, wrong_type, unknown_key, bad_number)]


def mixed_file(folder: Path, copies: int = 40) -> Path:
    """Valid, rule-invalid (in the examples), schema-invalid, malformed and hostile lines,
    blank lines and CRLF endings among them, and a last line with no newline."""
    examples = _example_lines()
    lines: list[bytes] = []
    for copy in range(copies):
        for index, line in enumerate(examples):
            ending = b"\r\n" if (copy + index) % 7 == 0 else b"\n"
            lines.append(line + ending)
        lines.extend(bad + b"\n" for bad in _schema_invalid(examples[copy % len(examples)]))
        lines.append(b'{"episode_id": "EP-1", "person_id":\n')
    hostile = [line if line.endswith(b"\n") else line + b"\n" for line in HOSTILE_LINES]
    path = folder / "mixed.ndjson"
    path.write_bytes(b"".join(lines + hostile) + examples[0])
    return path


def cli_validate(path: Path, folder: Path) -> dict[str, Any]:
    """Run ``cpa-core validate`` on ``path``: its report, rejects and valid output."""
    report, rejects, valid = folder / "report.ndjson", folder / "rej.ndjson", folder / "ok.ndjson"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(
            [
                "validate", str(path), "--kind", KIND, "--report", str(report),
                "--rejects", str(rejects), "--valid", str(valid),
            ]
        )  # fmt: skip
    assert code == 1  # some records are rejected
    entries = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    findings: dict[int, list[tuple[Any, ...]]] = {}
    for e in entries[:-1]:
        findings.setdefault(e["line"], []).append(
            (e["record_id"], e["path"], e["code"], e["severity"], e["message"])
        )
    return {
        "summary": entries[-1],
        "findings": findings,
        "rejects": rejects.read_bytes(),
        "valid": valid.read_bytes(),
    }


# What Spark says -----------------------------------------------------------------------


def spark_findings(result: cs.Validation, key: str = "line") -> dict[int, list[tuple[Any, ...]]]:
    """Findings by key, in each record's order (the order of its findings array)."""
    out: dict[int, list[tuple[Any, ...]]] = {}
    for row in result.checked.select(key, "cpa_record_id", "cpa_findings").collect():
        for f in row["cpa_findings"]:
            out.setdefault(row[key], []).append(
                (row["cpa_record_id"], f["path"], f["code"], f["severity"], f["message"])
            )
    return out


def lines_of(df: DataFrame) -> bytes:
    """The rows' records in line order, each ending in a newline, as the CLI writes them."""
    rows = df.select("line", sf.col("value").cast("binary").alias("raw")).orderBy("line")
    return b"".join(bytes(row["raw"]) + b"\n" for row in rows.collect())


# validate ------------------------------------------------------------------------------


def test_validate_agrees_with_the_cli_on_a_mixed_file(spark: SparkSession, tmp_path: Path) -> None:
    path = mixed_file(tmp_path)
    expected = cli_validate(path, tmp_path)
    # Small splits, so that records and line numbers cross many tasks.
    spark.conf.set("spark.sql.files.maxPartitionBytes", "32k")
    try:
        df = cs.read_ndjson(spark, str(path))
        result = cs.validate(df, KIND, key="line")
        result.checked.persist()
        assert df.rdd.getNumPartitions() > 4  # read, numbered and checked in place
        counts = (df.count(), result.valid.count(), result.rejected.count())
        got = spark_findings(result)
        rejects, valid = lines_of(result.rejected), lines_of(result.valid)
        flat = result.findings.collect()
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
        result.checked.unpersist()

    summary = expected["summary"]
    assert counts == (summary["records"], summary["valid"], summary["rejected"])
    assert counts[0] == counts[1] + counts[2]  # no row lost
    assert got == expected["findings"]
    assert rejects == expected["rejects"]
    assert valid == expected["valid"]
    # The flat findings are the same findings, with the columns they are documented to have.
    assert result.findings.columns == ["line", *cs.FINDING_FIELDS.names]
    assert sorted((r["line"], r["code"], r["path"]) for r in flat) == sorted(
        (line, f[2], f[1]) for line, found in expected["findings"].items() for f in found
    )
    codes = {f[2] for found in got.values() for f in found}
    assert {"RECORD-MALFORMED", "RECORD-INVALID", "CARE-CYCLE-ILLEGAL"} <= codes
    assert_clean(json.dumps([list(map(str, r)) for r in flat]))


def test_validate_reads_gzip_and_rows_from_text(spark: SparkSession, tmp_path: Path) -> None:
    plain = mixed_file(tmp_path, copies=2)
    packed = tmp_path / "mixed.ndjson.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    expected = cli_validate(packed, tmp_path)
    result = cs.validate(cs.read_ndjson(spark, str(packed)), KIND, key="line")
    assert spark_findings(result) == expected["findings"]
    assert lines_of(result.rejected) == expected["rejects"]


def test_rows_without_a_record_are_malformed(spark: SparkSession, tmp_path: Path) -> None:
    """A null or empty value is a rejected row, reported as the CLI reports a line that is
    not JSON; the job goes on."""
    path = tmp_path / "one.ndjson"
    path.write_bytes(b"{\n")
    expected = cli_validate(path, tmp_path)["findings"][1]
    df = spark.createDataFrame(
        [(1, None), (2, ""), (3, "{"), (4, _example_lines()[0].decode())],
        "id long, value string",
    )
    result = cs.validate(df, KIND, key="id")
    got = spark_findings(result, key="id")
    assert got == {1: expected, 2: expected, 3: expected}
    assert sorted(r["id"] for r in result.rejected.collect()) == [1, 2, 3]
    assert [r.asDict() for r in result.valid.collect()] == [df.collect()[3].asDict()]


def test_default_row_key_ties_findings_to_rows(spark: SparkSession, tmp_path: Path) -> None:
    path = mixed_file(tmp_path, copies=1)
    expected = cli_validate(path, tmp_path)["summary"]
    valid, rejected, findings = cs.validate(
        spark.read.option("lineSep", "\n").text(str(path)), KIND
    )
    blank = (
        spark.read.option("lineSep", "\n")
        .text(str(path))
        .filter(sf.col("value").rlike("^[ \\t\\r]*$"))
    )
    assert valid.columns == ["value", cs.ROW_KEY]
    # spark.read.text keeps blank lines as rows, which hold no record: they are rejected.
    assert valid.count() == expected["valid"]
    assert rejected.count() == expected["rejected"] + blank.count()
    errors = findings.filter(sf.col("severity") == "error").select(cs.ROW_KEY).distinct()
    assert errors.join(rejected, cs.ROW_KEY, "left_anti").count() == 0
    assert rejected.join(errors, cs.ROW_KEY, "left_anti").count() == 0


def test_struct_columns_give_the_cli_verdicts(spark: SparkSession, tmp_path: Path) -> None:
    """Each example kind read into struct columns with spark_schema gets the findings the
    CLI gives its file, whether the record is a struct column or the row's columns."""
    folder = audit.example_bundle()
    for kind in sorted(registry.record_kinds()):
        path = folder / f"{kind}.ndjson"
        if not path.exists():
            continue
        report = tmp_path / f"{kind}.report.ndjson"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            cli.main(["validate", str(path), "--kind", kind, "--report", str(report)])
        expected: dict[int, list[tuple[Any, ...]]] = {}
        for line in report.read_text(encoding="utf-8").splitlines()[:-1]:
            e = json.loads(line)
            expected.setdefault(e["line"], []).append(
                (e["record_id"], e["path"], e["code"], e["severity"], e["message"])
            )
        text = cs.read_ndjson(spark, str(path))
        structs = text.select("line", sf.from_json("value", cs.spark_schema(kind)).alias("r"))
        as_column = cs.validate(structs, kind, column="r", key="line")
        as_row = cs.validate(structs.select("line", "r.*"), kind, column=None, key="line")
        assert spark_findings(as_column) == expected, kind
        assert spark_findings(as_row) == expected, kind


def test_validate_refuses_what_it_cannot_read(spark: SparkSession) -> None:
    df = spark.createDataFrame([(1, 2)], "id long, n long")
    with pytest.raises(UnknownCodeError):
        cs.validate(df, "no-such-kind", column="n")
    with pytest.raises(CpaCoreError, match="no column 'value'"):
        cs.validate(df, KIND)
    with pytest.raises(CpaCoreError, match="no column 'line'"):
        cs.validate(df, KIND, column="n", key="line")
    with pytest.raises(CpaCoreError, match="neither JSON text nor a struct"):
        cs.validate(df, KIND, column="n", key="id")
    keyed = spark.createDataFrame([(1, "{}")], "row_key long, value string")
    with pytest.raises(CpaCoreError, match=r"already has a column 'row_key'.*as the key"):
        cs.validate(keyed, KIND)
    assert cs.validate(keyed, KIND, key="row_key").keys == ("row_key",)
    verdict = spark.createDataFrame([(1, "{}")], "cpa_valid long, value string")
    with pytest.raises(CpaCoreError, match="already has a column 'cpa_valid'"):
        cs.validate(verdict, KIND, key="cpa_valid")


def test_spark_schema_covers_every_kind() -> None:
    for kind in registry.record_kinds():
        schema = cs.spark_schema(kind)
        assert isinstance(schema, st.StructType)
        assert schema.names  # every kind has fields


# audit ---------------------------------------------------------------------------------


def cli_audit(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["audit", *args]) == 0
    return out.getvalue()


def assert_reports_equal(
    spark: SparkSession, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> audit.AuditResult:
    """Spark's audit of a bundle folder gives the command line's JSON, text and HTML
    reports, character for character; the collected result is returned."""
    frames = cs.read_bundle(spark, str(folder))
    # Spread each kind over several partitions: records meet only by grouping.
    spread = {kind: df.repartition(3) for kind, df in frames.items()}
    result = cs.audit(spread, as_of=AS_OF)
    assert result.findings.schema == cs.AUDIT_FINDINGS_SCHEMA
    collected = cs.collect_audit(result)

    # The command line wraps text to the terminal's width, which COLUMNS sets.
    monkeypatch.setenv("COLUMNS", "100")
    given = (str(folder), "--as-of", AS_OF.date().isoformat())
    assert audit.render_json(collected) == cli_audit(*given, "--format", "json")
    assert audit.render_text(collected, width=100) == cli_audit(*given)
    assert audit_html.render_html(collected) == cli_audit(*given, "--format", "html")
    return collected


def test_audit_equals_the_cli_on_the_example_team(
    spark: SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected = assert_reports_equal(spark, audit.example_bundle(), monkeypatch)
    assert cli_audit("--format", "json") == audit.render_json(collected)  # the CLI's default
    codes = {e.finding.code for e in collected.entries}
    assert {"CARE-EPISODE-DUPLICATE", "RETENTION-HELD"} <= codes  # checks across records
    assert collected.people  # the coordinators' sections have their caseloads
    assert collected.staff


def _line(kind: str, key: str, value: str) -> dict[str, Any]:
    for line in _example_lines(kind):
        record: dict[str, Any] = json.loads(line)
        if record[key] == value:
            return record
    raise AssertionError(f"no {kind} with {key} {value}")


def _across_records(folder: Path) -> Path:
    """The example team with records that only the clustering and capacity checks across
    records can judge."""
    added: dict[str, list[dict[str, Any]]] = {}
    # An assignment naming another person's assessment: only an assessment_id grouping
    # puts the two records together (a person_id one would not).
    other = _line("cluster-assessment", "person_id", "P002")
    named = _line("cluster-assignment", "assignment_id", "CL-P010-1")
    added["cluster-assignment"] = [
        {**named, "assignment_id": "CL-X-1", "person_id": other["person_id"],
         "nhs_number": other["nhs_number"]},
    ]  # fmt: skip
    # A registered health and welfare LPA made after an advance decision of the same
    # person, over the treatment it refuses.
    refused = _line("mca-advance-decision", "adrt_id", "ADRT-0001")
    donor = _line("mca-lpa", "lpa_id", "LPA-0001")
    added["mca-lpa"] = [
        {**donor, "lpa_id": "LPA-X-1", "person_id": refused["person_id"],
         "nhs_number": refused["nhs_number"], "donor_date_of_birth": refused["date_of_birth"],
         "made_on": "2025-01-10", "registered_on": "2025-03-03"},
    ]  # fmt: skip
    for source in audit.example_bundle().glob("*.ndjson"):
        kind = source.name.removesuffix(".ndjson")
        extra = "".join(json.dumps(r) + "\n" for r in added.get(kind, ()))
        (folder / source.name).write_bytes(source.read_bytes() + extra.encode())
    return folder


def test_audit_groups_each_check_as_it_declares(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All four checks across records, each over the records its scope names, give the
    command line's reports."""
    collected = assert_reports_equal(spark, _across_records(tmp_path), monkeypatch)
    by_code = {e.finding.code: e for e in collected.entries}
    assert all(scope_of(check) for check in registry.caseload_checks())
    assert len(registry.caseload_checks()) == 4
    assert by_code["CLUSTER-ASSESSMENT-MISMATCH"].finding.path == "$.person_id"
    assert by_code["CLUSTER-ASSESSMENT-MISMATCH"].location == "cluster-assignment.ndjson:8"
    assert by_code["MCA-ADRT-SUPERSEDED"].location == "mca-advance-decision.ndjson:1"
    assert {"CARE-EPISODE-DUPLICATE", "RETENTION-HELD"} <= set(by_code)


def test_audit_of_a_bundle_with_bad_lines(spark: SparkSession, tmp_path: Path) -> None:
    """Unreadable and hostile lines are findings, as in ``cpa-core audit``, and the checks
    across records still see the readable ones."""
    broken = ("care-episode", "retention-record", "cluster-assignment", "mca-lpa")
    for source in audit.example_bundle().glob("*.ndjson"):
        data = source.read_bytes()
        if source.name.startswith(broken):
            data += b"{broken\n" + b"".join(
                line if line.endswith(b"\n") else line + b"\n" for line in HOSTILE_LINES[:4]
            )
        (tmp_path / source.name).write_bytes(data)
    result = cs.audit(cs.read_bundle(spark, str(tmp_path)), as_of=AS_OF)
    shown = audit.render_json(cs.collect_audit(result))
    assert shown == cli_audit(str(tmp_path), "--as-of", "2026-11-23", "--format", "json")
    assert "RECORD-MALFORMED" in shown
    assert_clean(shown)


def test_audit_without_locations_names_rows(spark: SparkSession) -> None:
    lines = [line.decode() for line in _example_lines()]
    frames = {KIND: spark.createDataFrame([(v,) for v in lines], "value string")}
    findings = cs.audit(frames, as_of=AS_OF).findings.collect()
    assert findings
    assert all(r["location"].startswith(f"{KIND}#") for r in findings)
    one_machine = audit.run_audit(
        (audit.BundleRecord(KIND, "x", line.encode()) for line in lines), AS_OF
    )
    assert sorted(r["code"] for r in findings) == sorted(
        e.finding.code for e in one_machine.entries
    )


PROBE = FindingCode("PROBE-TEAM-SIZE", Severity.INFO, "How many episodes a team holds.")


def test_a_record_read_by_several_checks(spark: SparkSession) -> None:
    """A record that several checks read reaches each check's own group (here by team and
    by person), while its own findings are given once; a check that fails on a group is a
    finding about the caseload, as on one machine."""

    # Defined here, so that Spark ships the checks themselves to its Python workers.
    @caseload_check("care-episode", group_by="team")
    def team_sizes(
        records: Mapping[str, Sequence[Located[Any]]], _ctx: CheckContext
    ) -> Iterator[tuple[Located[Any] | None, Finding]]:
        episodes = records.get("care-episode", ())
        yield episodes[-1], PROBE.finding(f"{len(episodes)} episodes in the team")
        yield None, PROBE.finding("a team was counted")

    @caseload_check("care-episode", group_by="person_id")
    def failing(
        records: Mapping[str, Sequence[Located[Any]]], _ctx: CheckContext
    ) -> Iterator[tuple[Located[Any] | None, Finding]]:
        raise CpaCoreError("a check that cannot be completed")

    registry.register(Domain("probe", "Probe", (), (PROBE,), caseload_checks=(team_sizes, failing)))
    try:
        frames = {KIND: cs.read_bundle(spark, str(audit.example_bundle()))[KIND].repartition(3)}
        collected = cs.collect_audit(cs.audit(frames, as_of=AS_OF))
        one_machine = audit.run_audit(
            (r for r in audit.read_bundle(audit.example_bundle()) if r.kind == KIND), AS_OF
        )
    finally:
        registry.unregister("probe")
    assert audit.render_json(collected) == audit.render_json(one_machine)
    assert collected.entries == one_machine.entries
    codes = [e.finding.code for e in collected.entries]
    teams = {json.loads(line)["team"] for line in _example_lines()}
    people = {json.loads(line)["person_id"] for line in _example_lines()}
    assert codes.count("PROBE-TEAM-SIZE") == 2 * len(teams)
    assert codes.count("RECORD-CHECK-FAILED") == len(people)
    assert codes.count("CARE-EPISODE-DUPLICATE") == 1  # own and earlier checks, once each


def test_findings_carry_every_field_of_a_source() -> None:
    """collect_audit rebuilds each finding's source from ``source_detail``: a field that
    Source gains must gain a column."""
    detail = cs.AUDIT_FINDINGS_SCHEMA["source_detail"].dataType
    assert isinstance(detail, st.StructType)
    assert detail.names == [field.name for field in attrs.fields(Source)]


def test_audit_refuses_a_check_without_a_scope(spark: SparkSession) -> None:
    def whole_team(records: Any, ctx: CheckContext) -> list[Any]:
        return []

    registry.register(Domain("whole", "Whole", (), (), caseload_checks=(whole_team,)))
    try:
        with pytest.raises(CpaCoreError, match=r"whole_team .*declares no scope"):
            cs.audit({}, as_of=AS_OF)
    finally:
        registry.unregister("whole")
    with pytest.raises(CpaCoreError, match="UTC offset"):
        cs.audit({}, as_of=datetime(2026, 11, 23))
