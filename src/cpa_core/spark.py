"""Validation and the caseload audit on Apache Spark (the ``spark`` extra).

The same per-record check as ``cpa-core validate`` (:func:`cpa_core.batch.check_source`)
runs inside the executors, a batch of rows at a time through Arrow
(:meth:`pyspark.sql.DataFrame.mapInArrow`), so every row gets the verdict and findings
that the command line gives the same bytes. Nothing is re-implemented in Spark SQL: Spark
moves the records, cpa_core judges them.

- :func:`validate` splits a DataFrame of records into valid rows, rejected rows and a
  findings DataFrame. A row that is not a record (broken JSON, bytes that are not UTF-8,
  an empty value) is a rejected row with ``RECORD-MALFORMED``; a check that fails on a row
  is ``RECORD-CHECK-FAILED``. No row stops the job and none is lost.
- :func:`audit` runs the caseload audit over a bundle held as one DataFrame per record
  kind. Each record's own checks run where the record is; the checks across records
  (:func:`cpa_core.registry.caseload_checks`) run once per person or member of staff, with
  that person's records brought together (:data:`CASELOAD_GROUPINGS`).
  :func:`collect_audit` turns one team's findings back into an
  :class:`~cpa_core.audit.AuditResult` for :func:`~cpa_core.audit.render_json` or
  ``cpa_core.audit_html.render_html``.
- :func:`read_ndjson` and :func:`read_bundle` read NDJSON files as the command line does:
  blank lines skipped, records numbered by their line, bytes kept as they are.

Importing this module without pyspark and pyarrow installed raises an error that names
the extra to install: ``pip install 'cpa-core[spark]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from cpa_core.exceptions import CpaCoreError


class SparkExtraMissingError(CpaCoreError, ImportError):
    """pyspark or pyarrow is not installed: ``pip install 'cpa-core[spark]'``."""


try:
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql import functions as sf
    from pyspark.sql import types as st
except ImportError as _missing:
    raise SparkExtraMissingError(
        "cpa_core.spark needs pyspark and pyarrow: install the extra with "
        "pip install 'cpa-core[spark]'"
    ) from _missing

from cpa_core import audit as _audit  # noqa: E402 - after the guard
from cpa_core import batch, jsondata, registry  # noqa: E402
from cpa_core.findings import Finding, Severity  # noqa: E402
from cpa_core.identifiers.nhs_number import redact  # noqa: E402
from cpa_core.policy import TrustPolicy  # noqa: E402
from cpa_core.provenance import Source  # noqa: E402
from cpa_core.records import CaseloadCheck, check_failed  # noqa: E402
from cpa_core.schemas import schema_for  # noqa: E402

__all__ = [
    "AUDIT_FINDINGS_SCHEMA",
    "CASELOAD_GROUPINGS",
    "FINDING_FIELDS",
    "ROW_KEY",
    "CaseloadGrouping",
    "SparkAudit",
    "SparkExtraMissingError",
    "Validation",
    "audit",
    "collect_audit",
    "read_bundle",
    "read_ndjson",
    "spark_schema",
    "validate",
]

ROW_KEY = "row_key"
"""The column :func:`validate` adds to identify rows when no ``key`` is given."""

_RAW = "_cpa_raw"
_VALID = "cpa_valid"
_RECORD_ID = "cpa_record_id"
_FINDINGS = "cpa_findings"

FINDING_FIELDS = st.StructType(
    [
        st.StructField("record_id", st.StringType(), nullable=True),
        st.StructField("path", st.StringType(), nullable=False),
        st.StructField("code", st.StringType(), nullable=False),
        st.StructField("severity", st.StringType(), nullable=False),
        st.StructField("message", st.StringType(), nullable=False),
    ]
)
"""The columns of :attr:`Validation.findings` after the row key, as in the report of
``cpa-core validate --report``:

- ``record_id``: the record's identifier (such as its ``episode_id``) when it could be read
  and looks like an identifier; else null.
- ``path``: JSON path of the field concerned, ``$`` for the whole record.
- ``code``: the finding's code (``RECORD-INVALID``, ``CARE-CYCLE-ILLEGAL``, …).
- ``severity``: ``error`` or ``warning`` (informational findings are left out, as the
  command line leaves them out).
- ``message``: what is wrong, in words; never the value, an NHS number or a name.
"""

_ROW_FINDING = st.StructType([f for f in FINDING_FIELDS.fields if f.name != "record_id"])
_ARROW_FINDINGS = pa.list_(
    pa.struct([pa.field(f.name, pa.string(), nullable=False) for f in _ROW_FINDING.fields])
)


def _require_column(df: DataFrame, name: str) -> None:
    if name not in df.columns:
        raise CpaCoreError(f"the DataFrame has no column {name!r}")


# Reading files as the command line does ------------------------------------------------


def read_ndjson(spark: SparkSession, path: str | Sequence[str]) -> DataFrame:
    """The records of NDJSON files (gzip read transparently), as ``cpa-core validate``
    reads them.

    One row per record: a blank line holds no record and has no row, and lines end only at
    ``\\n`` (a carriage return inside a line stays in it), so rows, line numbers and bytes
    are those the command line sees. Counting lines costs one pass over the files before
    the rows are used.

    Returns:
        ``value`` (string: the line without its ``\\n``, its bytes unchanged), ``file``
        (string: the file's name) and ``line`` (long: the line number, from 1).
    """
    paths = [path] if isinstance(path, str) else list(path)
    text = spark.read.option("lineSep", "\n").text(paths)
    rows = text.select(
        "value",
        sf.col("_metadata.file_path").alias("_file_path"),
        sf.col("_metadata.file_name").alias("file"),
        sf.col("_metadata.file_block_start").alias("_block"),
        sf.monotonically_increasing_id().alias("_seq"),
    )
    # A split holds the lines that start in it, in order, and is read by one task, where
    # monotonically_increasing_id counts rows one by one: a line's number is the lines of
    # the file's earlier splits, plus its distance from its split's first row. The figures
    # per split are few; nothing is shuffled and no file is sorted.
    splits = rows.groupBy("_file_path", "_block").agg(
        sf.count(sf.lit(1)).alias("n"), sf.min("_seq").alias("first")
    )
    offsets: list[tuple[str, int, int]] = []
    running: dict[str, int] = {}
    for row in sorted(splits.collect(), key=lambda r: (r["_file_path"], r["_block"])):
        before = running.get(row["_file_path"], 0)
        offsets.append((row["_file_path"], row["_block"], before + 1 - row["first"]))
        running[row["_file_path"]] = before + row["n"]
    starts = spark.createDataFrame(
        offsets,
        st.StructType(
            [
                st.StructField("_file_path", st.StringType(), nullable=False),
                st.StructField("_block", st.LongType(), nullable=False),
                st.StructField("_shift", st.LongType(), nullable=False),
            ]
        ),
    )
    numbered = rows.join(sf.broadcast(starts), ["_file_path", "_block"]).select(
        "value", "file", (sf.col("_seq") + sf.col("_shift")).alias("line")
    )
    # The characters of bytes.isspace(): a line of only these is blank for the CLI.
    return numbered.filter(~sf.col("value").rlike("^[ \\t\\r\\x0B\\f]*$"))


def read_bundle(spark: SparkSession, folder: str) -> dict[str, DataFrame]:
    """A bundle folder (``KIND.ndjson`` or ``KIND.ndjson.gz`` files) as one DataFrame per
    kind, for :func:`audit`.

    Each DataFrame has ``value`` and ``location`` (``FILE:LINE``, as ``cpa-core audit``
    names records), and ``line``.

    Raises:
        CpaCoreError: A file names no record kind.
    """
    base = folder.rstrip("/")
    records = read_ndjson(spark, f"{base}/*.ndjson*")
    suffix = r"\.ndjson(\.gz)?$"
    records = records.filter(sf.col("file").rlike(suffix))
    records = records.withColumn("_kind", sf.regexp_replace("file", suffix, ""))
    names = sorted(row["_kind"] for row in records.select("_kind").distinct().collect())
    known = registry.record_kinds()
    for name in names:
        if name not in known:
            raise CpaCoreError(f"{name}.ndjson: no record kind called {name!r}")
    located = records.withColumn("location", sf.concat_ws(":", "file", sf.col("line")))
    return {
        name: located.filter(sf.col("_kind") == name).select("value", "location", "line")
        for name in names
    }


# Struct columns ------------------------------------------------------------------------


def spark_schema(kind: str) -> st.StructType:
    """The Spark schema of a record kind, from its JSON Schema, for reading JSON into struct
    columns (``spark.read.schema(spark_schema(kind)).json(path)``) or declaring a table.

    Dates and instants are strings, as in the JSON, so that their text reaches the checks
    unchanged; integers are longs and numbers doubles.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    spec = registry.record_kind(kind)
    schema = schema_for(spec.model, spec.name)
    defs: dict[str, Any] = schema.get("$defs", {})
    out = _spark_type(schema, defs, ())
    if not isinstance(out, st.StructType):  # pragma: no cover - every kind is an object
        raise CpaCoreError(f"{kind} is not an object kind")
    return out


_SCALARS: dict[str, st.DataType] = {
    "string": st.StringType(),
    "integer": st.LongType(),
    "number": st.DoubleType(),
    "boolean": st.BooleanType(),
}


def _spark_type(node: dict[str, Any], defs: dict[str, Any], seen: tuple[str, ...]) -> st.DataType:
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            raise CpaCoreError(f"the schema of {name} contains itself: no Spark struct fits it")
        return _spark_type(defs[name], defs, (*seen, name))
    for combined in ("allOf", "anyOf"):
        options = [o for o in node.get(combined, ()) if o.get("type") != "null"]
        if len(options) == 1:
            return _spark_type(options[0], defs, seen)
    types = node.get("type")
    kinds = [types] if isinstance(types, str) else [t for t in types or () if t != "null"]
    kind = kinds[0] if len(kinds) == 1 else "string"
    if kind == "array":
        return st.ArrayType(_spark_type(node.get("items", {}), defs, seen))
    if kind == "object" and "properties" in node:
        required = set(node.get("required", ()))
        return st.StructType(
            [
                st.StructField(name, _spark_type(prop, defs, seen), nullable=name not in required)
                for name, prop in node["properties"].items()
            ]
        )
    if kind == "object":
        values = node.get("additionalProperties")
        inner = _spark_type(values, defs, seen) if isinstance(values, dict) else st.StringType()
        return st.MapType(st.StringType(), inner)
    return _SCALARS.get(kind, st.StringType())


def _record_text(df: DataFrame, column: str | None, keys: Sequence[str]) -> Column:
    """The record as bytes: a text column cast to binary keeps its bytes as read (bytes
    that are not UTF-8 included); struct columns are written as JSON."""
    if column is None:
        fields = [c for c in df.columns if c not in keys]
        return sf.to_json(sf.struct(*fields)).cast("binary")
    _require_column(df, column)
    data_type = df.schema[column].dataType
    if isinstance(data_type, st.StructType):
        return sf.to_json(sf.col(column)).cast("binary")
    if isinstance(data_type, st.StringType | st.BinaryType):
        return sf.col(column).cast("binary")
    raise CpaCoreError(
        f"column {column!r} holds neither JSON text nor a struct: pass column=None to check "
        "the row's own columns"
    )


# Validation ----------------------------------------------------------------------------


def _verdicts(
    kind: str, policy: TrustPolicy, raws: Iterable[bytes | None]
) -> Iterator[tuple[bool, str | None, list[dict[str, str]]]]:
    """``(valid, record id, findings)`` for each record, exactly as ``cpa-core validate``
    decides them: informational findings are left out, and a record is valid when it was
    read and no finding is an error."""
    spec = registry.record_kind(kind)
    for raw in raws:
        source = batch.SourceRecord(0, "", raw or b"")
        outcome, record_id = batch.check_source(spec, source, policy=policy)
        shown = [
            {"path": f.path, "code": f.code, "severity": f.severity.value, "message": f.message}
            for f in outcome.report.findings
            if f.severity is not Severity.INFO
        ]
        yield outcome.ok, record_id, shown


def _raw_bytes(array: Any) -> list[bytes | None]:
    """An Arrow text or binary column as the bytes Spark holds: text is reinterpreted, not
    decoded, so bytes that are not UTF-8 reach the check as they are."""
    if pa.types.is_string(array.type):
        array = array.cast(pa.binary())
    elif pa.types.is_large_string(array.type):
        array = array.cast(pa.large_binary())
    raws: list[bytes | None] = array.to_pylist()
    return raws


def _check_batches(
    kind: str, policy: TrustPolicy, names: list[str], raw: str
) -> Any:  # Any: pyarrow has no type hints
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for chunk in batches:
            raws = _raw_bytes(chunk.column(raw))
            valid, record_ids, findings = [], [], []
            for ok, record_id, shown in _verdicts(kind, policy, raws):
                valid.append(ok)
                record_ids.append(record_id)
                findings.append(shown)
            columns = [chunk.column(name) for name in names]
            columns += [
                pa.array(valid, pa.bool_()),
                pa.array(record_ids, pa.string()),
                pa.array(findings, _ARROW_FINDINGS),
            ]
            yield pa.RecordBatch.from_arrays(columns, [*names, _VALID, _RECORD_ID, _FINDINGS])

    return run


@attrs.frozen
class Validation:
    """What :func:`validate` returns; unpacks as ``valid, rejected, findings``.

    The three DataFrames are views of :attr:`checked`: persist it (or write it once)
    before using more than one of them, or each action checks every row again.

    Attributes:
        valid: The rows with no error: the input's columns, unchanged (plus ``row_key``
            when :func:`validate` made one).
        rejected: The rows with at least one error, in the same shape.
        findings: One row per finding of every row, valid or rejected: the key columns,
            then :data:`FINDING_FIELDS`.
        checked: Every row with its verdict: the input's columns, then ``cpa_valid``
            (boolean), ``cpa_record_id`` (string) and ``cpa_findings`` (an array of
            structs of ``path``, ``code``, ``severity`` and ``message``).
        keys: The columns that identify a row in :attr:`findings`.
    """

    valid: DataFrame
    rejected: DataFrame
    findings: DataFrame
    checked: DataFrame
    keys: tuple[str, ...]

    def __iter__(self) -> Iterator[DataFrame]:
        return iter((self.valid, self.rejected, self.findings))


def validate(
    df: DataFrame,
    kind: str,
    *,
    column: str | None = "value",
    key: str | Sequence[str] | None = None,
    policy: TrustPolicy | None = None,
) -> Validation:
    """Check every row of ``df`` as a record of ``kind``, as ``cpa-core validate`` does.

    Args:
        df: The records, one per row.
        kind: The record kind of every row (``care-episode``).
        column: Where the record is: a string or binary column of JSON text (``value``, as
            ``spark.read.text`` and :func:`read_ndjson` give), or a struct column matching
            the kind (:func:`spark_schema`); ``None`` when the row's own columns, apart
            from the key, are the record's fields.
        key: The column, or columns, that identify a row; the findings carry them. When
            omitted, a ``row_key`` column (long, from
            :func:`pyspark.sql.functions.monotonically_increasing_id`) is added to every
            row: name a key when ``df``'s partitioning can change between actions.
        policy: The Trust's policy; national defaults when omitted.

    Returns:
        The valid rows, rejected rows and findings (:class:`Validation`); nothing runs until
        one of them is used.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
        CpaCoreError: ``column`` or a key column is not in ``df``, ``column`` holds
            neither text nor a struct, or ``df`` has a column that ``validate`` adds.
    """
    registry.record_kind(kind)
    policy = policy or TrustPolicy()
    taken = {_RAW, _VALID, _RECORD_ID, _FINDINGS, *(() if key is not None else (ROW_KEY,))}
    clash = sorted(taken.intersection(df.columns))
    if clash:
        raise CpaCoreError(
            f"the DataFrame already has a column {clash[0]!r}, which validate adds: rename it"
            + (" or name it as the key" if clash[0] == ROW_KEY else "")
        )
    if key is None:
        keys: tuple[str, ...] = (ROW_KEY,)
        df = df.withColumn(ROW_KEY, sf.monotonically_increasing_id())
    else:
        keys = (key,) if isinstance(key, str) else tuple(key)
        for name in keys:
            _require_column(df, name)
    names = list(df.columns)
    text_type = df.schema[column].dataType if column is not None and column in df.columns else None
    if isinstance(text_type, st.StringType | st.BinaryType):
        # The text column goes to Python once, as it is; only struct records need a copy
        # written as JSON.
        source, raw = df, str(column)
    else:
        source, raw = df.withColumn(_RAW, _record_text(df, column, keys)), _RAW
    verdict = st.StructType(
        [
            *df.schema.fields,
            st.StructField(_VALID, st.BooleanType(), nullable=False),
            st.StructField(_RECORD_ID, st.StringType(), nullable=True),
            st.StructField(
                _FINDINGS, st.ArrayType(_ROW_FINDING, containsNull=False), nullable=False
            ),
        ]
    )
    checked = source.mapInArrow(_check_batches(kind, policy, names, raw), verdict)
    exploded = checked.select(*keys, _RECORD_ID, sf.explode(_FINDINGS).alias("_f"))
    findings = exploded.select(
        *keys,
        sf.col(_RECORD_ID).alias("record_id"),
        *(sf.col(f"_f.{f.name}").alias(f.name) for f in _ROW_FINDING.fields),
    )
    return Validation(
        valid=checked.filter(sf.col(_VALID)).select(*names),
        rejected=checked.filter(~sf.col(_VALID)).select(*names),
        findings=findings,
        checked=checked,
        keys=keys,
    )


# The caseload audit --------------------------------------------------------------------


@attrs.frozen
class CaseloadGrouping:
    """How a check across records can be run one person at a time.

    The records of the ``grouped`` kinds are split by who they are about (``person_id``,
    else ``staff_id``; a record about neither is a group of its own), and the check runs
    once per group, seeing that group's records and every record of the ``shared`` kinds.
    Such a split gives the whole bundle's findings only when the check compares a record
    with records of the same person and with the shared records alone, and its findings
    are about records of the grouped kinds.

    Attributes:
        check: The name (``__name__``) of a check of
            :func:`cpa_core.registry.caseload_checks`.
        grouped: The kinds whose records are split by person.
        shared: The kinds every group sees whole (a Trust's legal holds): they must be few
            enough to send to every executor.
    """

    check: str
    grouped: tuple[str, ...]
    shared: tuple[str, ...] = ()


CASELOAD_GROUPINGS: tuple[CaseloadGrouping, ...] = (
    # A second open episode is one person's second episode of the same approach.
    CaseloadGrouping("duplicate_episodes", grouped=("care-episode",)),
    # Each retention record is judged alone, against every hold of the Trust.
    CaseloadGrouping(
        "caseload_retention", grouped=("retention-record",), shared=("retention-hold",)
    ),
)
"""The split of every check of :func:`cpa_core.registry.caseload_checks`, by its name.
:func:`audit` refuses to run when a check has none, rather than see a caseload in part."""


def _check_name(check: CaseloadCheck) -> str:
    return str(getattr(check, "__name__", repr(check)))


def _groupings() -> list[tuple[int, CaseloadCheck, CaseloadGrouping]]:
    declared = {g.check: g for g in CASELOAD_GROUPINGS}
    out = []
    for index, check in enumerate(registry.caseload_checks()):
        grouping = declared.get(_check_name(check))
        if grouping is None:
            raise CpaCoreError(
                f"the caseload check {_check_name(check)} has no CaseloadGrouping: it cannot "
                "be run one person at a time"
            )
        out.append((index, check, grouping))
    return out


_ORDER_FIELDS = (
    st.StructField("phase", st.IntegerType(), nullable=False),
    st.StructField("check", st.IntegerType(), nullable=False),
    st.StructField("kind", st.StringType(), nullable=False),
    st.StructField("row", st.LongType(), nullable=False),
    st.StructField("index", st.IntegerType(), nullable=False),
)

AUDIT_FINDINGS_SCHEMA = st.StructType(
    [
        st.StructField("code", st.StringType(), nullable=False),
        st.StructField("severity", st.StringType(), nullable=False),
        st.StructField("message", st.StringType(), nullable=False),
        st.StructField("path", st.StringType(), nullable=False),
        st.StructField("subject_id", st.StringType(), nullable=True),
        st.StructField("due", st.StringType(), nullable=True),
        st.StructField("source", st.StringType(), nullable=True),
        st.StructField("source_url", st.StringType(), nullable=True),
        st.StructField("area", st.StringType(), nullable=False),
        st.StructField("kind", st.StringType(), nullable=False),
        st.StructField("location", st.StringType(), nullable=False),
        st.StructField("who", st.StringType(), nullable=True),
        st.StructField("order", st.StructType(list(_ORDER_FIELDS)), nullable=False),
    ]
)
"""The findings of :func:`audit`: the fields of a finding in ``cpa-core audit --format
json``, one column each (null where the JSON leaves the key out), then ``order``.

- ``code``, ``severity``, ``message``, ``path``, ``subject_id`` (masked), ``due`` (ISO 8601
  date or instant), ``source`` (the rule's citation) and ``source_url``: the finding.
- ``area``: the report heading of the record's area; ``kind``: its record kind;
  ``location``: where the record is (its frame's ``location`` column); ``who``: the person
  or member of staff it is about (an NHS number used as an id is masked).
- ``order``: where the finding stands in the one-machine audit's order among findings of
  the same due date, severity and code (:func:`collect_audit` sorts by it).
"""

# What the executors hand back: the order's fields side by side, since a struct column is
# not a shape every Spark version takes back from pandas.
_FLAT_AUDIT = st.StructType(
    [
        *(f for f in AUDIT_FINDINGS_SCHEMA.fields if f.name != "order"),
        *(st.StructField(f"order_{f.name}", f.dataType, f.nullable) for f in _ORDER_FIELDS),
    ]
)

_RECORDS = st.StructType(
    [
        st.StructField("kind", st.StringType(), nullable=False),
        st.StructField("location", st.StringType(), nullable=False),
        st.StructField(_RAW, st.BinaryType(), nullable=True),
        st.StructField("row", st.LongType(), nullable=False),
    ]
)


def _who(record: Any) -> str | None:
    for name in ("person_id", "staff_id"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return redact(value)
    return None


def _entry(
    finding: Finding, kind: str, location: str, who: str | None, order: tuple[Any, ...]
) -> dict[str, Any]:
    shown = finding.to_dict()
    phase, check, kind_order, row, index = order
    return {
        "code": shown["code"],
        "severity": shown["severity"],
        "message": shown["message"],
        "path": shown["path"],
        "subject_id": shown.get("subject_id"),
        "due": shown.get("due"),
        "source": shown.get("source"),
        "source_url": shown.get("source_url"),
        "area": _audit.area_of(kind),
        "kind": kind,
        "location": location,
        "who": who,
        "order_phase": phase,
        "order_check": check,
        "order_kind": kind_order,
        "order_row": row,
        "order_index": index,
    }


def _sort_name(kind: str) -> str:
    # Bundle files are read in name order, KIND.ndjson: the one-machine audit's order.
    return f"{kind}.ndjson"


@attrs.frozen
class _Item:
    kind: str
    location: str
    raw: bytes
    row: int


def _record_entries(
    item: _Item, as_of: datetime, policy: TrustPolicy
) -> tuple[Any, list[dict[str, Any]]]:
    """One record's own entries, as the one-machine audit makes them, and its model."""
    spec = registry.record_kind(item.kind)
    outcome, _ = batch.check_source(
        spec, batch.SourceRecord(0, item.location, item.raw), policy=policy
    )
    record = outcome.record
    who = _who(record) if record is not None else None
    found = [f for f in outcome.report.findings if f.severity is not Severity.INFO]
    if record is not None and spec.audit is not None:
        try:
            found.extend(spec.audit(record, as_of, policy))
        except Exception as exc:  # one record must never stop the audit
            found.append(check_failed(exc))
    kind_order = _sort_name(item.kind)
    entries = [
        _entry(f, item.kind, item.location, who, (0, -1, kind_order, item.row, i))
        for i, f in enumerate(found)
    ]
    return record, entries


def _arrow_entries(entries: list[dict[str, Any]]) -> Any:
    return pa.RecordBatch.from_pylist(entries, schema=_ARROW_AUDIT)


def _arrow_schema(struct: st.StructType) -> Any:
    def arrow(data_type: st.DataType) -> Any:
        if isinstance(data_type, st.StructType):
            return pa.struct(
                [pa.field(f.name, arrow(f.dataType), f.nullable) for f in data_type.fields]
            )
        return {
            st.StringType: pa.string(),
            st.IntegerType: pa.int32(),
            st.LongType: pa.int64(),
        }[type(data_type)]

    return pa.schema([pa.field(f.name, arrow(f.dataType), f.nullable) for f in struct.fields])


_ARROW_AUDIT = _arrow_schema(_FLAT_AUDIT)


def _audit_batches(as_of: datetime, policy: TrustPolicy) -> Any:
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for chunk in batches:
            entries: list[dict[str, Any]] = []
            for row in chunk.to_pylist():
                item = _Item(row["kind"], row["location"], row[_RAW] or b"", row["row"])
                entries.extend(_record_entries(item, as_of, policy)[1])
            yield _arrow_entries(entries)

    return run


def _group_of(raw: bytes | None, location: str) -> str:
    """Who a record is about, for bringing a person's records together: read the way
    ``check_source`` reads it; a record that cannot be read is a group of its own."""
    try:
        data = jsondata.loads(raw or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if isinstance(data, dict):
        for name in ("person_id", "staff_id"):
            value = data.get(name)
            if isinstance(value, str):
                return f"{name}:{value}"
    return f"record:{location}"


def _group_keys(batches: Iterable[Any]) -> Iterator[Any]:
    for chunk in batches:
        groups = [
            _group_of(raw, location)
            for raw, location in zip(
                chunk.column(_RAW).to_pylist(), chunk.column("location").to_pylist(), strict=True
            )
        ]
        yield pa.RecordBatch.from_arrays(
            [*chunk.columns, pa.array(groups, pa.string())], [*chunk.schema.names, "_group"]
        )


class _GroupAudit:
    """Runs in the executors on one person's records: their own checks, then the checks
    across records with the shared records beside them (read once per task)."""

    def __init__(
        self,
        as_of: datetime,
        policy: TrustPolicy,
        shared: list[tuple[str, str, bytes]],
    ) -> None:
        self.as_of = as_of
        self.policy = policy
        self.shared = shared
        self._shared_models: dict[str, list[Any]] | None = None

    def shared_models(self) -> dict[str, list[Any]]:
        if self._shared_models is None:
            models: dict[str, list[Any]] = {}
            for kind, location, raw in self.shared:
                spec = registry.record_kind(kind)
                source = batch.SourceRecord(0, location, raw)
                outcome, _ = batch.check_source(spec, source, policy=self.policy)
                if outcome.record is not None:
                    models.setdefault(kind, []).append(outcome.record)
            self._shared_models = models
        return self._shared_models

    def __call__(self, frame: Any) -> Any:  # Any: a pandas DataFrame, which has no hints
        items = sorted(
            (
                _Item(kind, location, raw or b"", row)
                for kind, location, raw, row in zip(
                    frame["kind"], frame["location"], frame[_RAW], frame["row"], strict=True
                )
            ),
            key=lambda i: (_sort_name(i.kind), i.row),
        )
        entries: list[dict[str, Any]] = []
        caseload: dict[str, list[Any]] = {}
        origin: dict[int, _Item] = {}
        whose: dict[int, str | None] = {}
        for item in items:
            record, found = _record_entries(item, self.as_of, self.policy)
            entries.extend(found)
            if record is not None:
                caseload.setdefault(item.kind, []).append(record)
                origin[id(record)] = item
                whose[id(record)] = _who(record)
        present = set(caseload)
        for index, check, grouping in _groupings():
            if not present.intersection(grouping.grouped):
                continue
            seen = {k: v for k, v in caseload.items() if k in grouping.grouped}
            seen.update({k: v for k, v in self.shared_models().items() if k in grouping.shared})
            try:
                pairs = list(check(seen, self.as_of, self.policy))
            except Exception as exc:  # one check must never stop the audit
                pairs = [(None, check_failed(exc))]
            for n, (record, finding) in enumerate(pairs):
                about = origin.get(id(record))
                if about is None:
                    order = (1, index, "", 0, n)
                    entries.append(_entry(finding, "", "caseload", None, order))
                    continue
                order = (1, index, _sort_name(about.kind), about.row, n)
                entries.append(
                    _entry(finding, about.kind, about.location, whose[id(record)], order)
                )
        return _pandas_entries(entries)


def _pandas_entries(entries: list[dict[str, Any]]) -> Any:  # Any: pandas has no hints
    import pandas as pd  # noqa: PLC0415 - only in the executors, only for a grouped map

    # Text as plain Python objects: pandas 3's own string columns come back from Arrow in
    # pieces that pyspark's conversion does not take.
    columns = {}
    for field in _FLAT_AUDIT.fields:
        values = [entry[field.name] for entry in entries]
        if isinstance(field.dataType, st.StringType):
            columns[field.name] = pd.Series(values, dtype=object)
        else:
            columns[field.name] = pd.Series(values, dtype="int64")
    return pd.DataFrame(columns)


def _group_function(group: _GroupAudit) -> Any:
    # Spark counts a function's parameters to choose between f(frame) and f(key, frame),
    # and counts `self` in a callable object's: a plain function says which.
    def run(frame: Any) -> Any:
        return group(frame)

    return run


@attrs.frozen
class SparkAudit:
    """What :func:`audit` returns.

    Attributes:
        as_of: The instant the audit was run for.
        findings: Every finding (:data:`AUDIT_FINDINGS_SCHEMA`), in no order.
        records: How many records of each kind were read: ``kind`` (string) and
            ``records`` (long).
    """

    as_of: datetime
    findings: DataFrame
    records: DataFrame


def audit(
    frames: Mapping[str, DataFrame],
    *,
    as_of: datetime,
    policy: TrustPolicy | None = None,
    column: str | None = "value",
) -> SparkAudit:
    """The caseload audit of a bundle held as one DataFrame per record kind.

    Every record gets its own checks where it is; the checks across records run once per
    person (or member of staff) over that person's records, brought together by a shuffle,
    as :data:`CASELOAD_GROUPINGS` declares. The findings are those of
    :func:`cpa_core.audit.run_audit` over the same records.

    Args:
        frames: Record kind → its records, one per row: JSON text in ``column`` or struct
            columns, as for :func:`validate`. A ``location`` column, when a frame has one,
            names each record in the findings (:func:`read_bundle` gives ``FILE:LINE``);
            otherwise records are named ``KIND#N``.
        as_of: The instant to audit as of (aware).
        policy: The Trust's policy; national defaults when omitted.
        column: Where the record is in each frame, as for :func:`validate`.

    Raises:
        UnknownCodeError: A key of ``frames`` names no record kind.
        CpaCoreError: ``as_of`` is naive, or a caseload check has no
            :class:`CaseloadGrouping`.
    """
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise CpaCoreError("as_of must be an aware datetime (with a time zone)")
    policy = policy or TrustPolicy()
    groupings = _groupings()
    grouped = {k for _, _, g in groupings for k in g.grouped}
    shared = {k for _, _, g in groupings for k in g.shared}
    parts = []
    for kind, df in frames.items():
        registry.record_kind(kind)
        keys = ("location",) if "location" in df.columns else ()
        row = sf.monotonically_increasing_id()
        location = sf.col("location") if keys else sf.concat(sf.lit(f"{kind}#"), row.cast("string"))
        raw = _record_text(df.drop("line") if column is None else df, column, keys)
        parts.append(
            df.select(
                sf.lit(kind).alias("kind"),
                location.cast("string").alias("location"),
                raw.alias(_RAW),
                (sf.col("line").cast("long") if "line" in df.columns else row).alias("row"),
            )
        )
    spark = next(iter(frames.values())).sparkSession if frames else SparkSession.active()
    if parts:
        records = parts[0]
        for part in parts[1:]:
            records = records.unionByName(part)
    else:
        records = spark.createDataFrame([], _RECORDS)
    alone = records.filter(~sf.col("kind").isin(sorted(grouped)) if grouped else sf.lit(True))
    own = alone.mapInArrow(_audit_batches(as_of, policy), _FLAT_AUDIT)
    found = own
    if grouped:
        context = (
            [
                (r["kind"], r["location"], bytes(r[_RAW] or b""))
                for r in records.filter(sf.col("kind").isin(sorted(shared))).collect()
            ]
            if shared
            else []
        )
        keyed_schema = st.StructType(
            [*records.schema.fields, st.StructField("_group", st.StringType(), nullable=False)]
        )
        keyed = records.filter(sf.col("kind").isin(sorted(grouped))).mapInArrow(
            _group_keys, keyed_schema
        )
        together = keyed.groupBy("_group").applyInPandas(
            _group_function(_GroupAudit(as_of, policy, context)), _FLAT_AUDIT
        )
        found = own.unionByName(together)
    order = sf.struct(*(sf.col(f"order_{f.name}").alias(f.name) for f in _ORDER_FIELDS))
    found = found.select(
        *(f.name for f in AUDIT_FINDINGS_SCHEMA.fields if f.name != "order"), order.alias("order")
    )
    counts = records.groupBy("kind").agg(sf.count(sf.lit(1)).alias("records"))
    return SparkAudit(as_of=as_of, findings=found, records=counts)


def _due(text: str | None) -> date | datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _severity_rank(name: str) -> int:
    return Severity(name).rank


def collect_audit(result: SparkAudit) -> _audit.AuditResult:
    """One team's audit brought to the driver as an :class:`~cpa_core.audit.AuditResult`,
    in the one-machine audit's order, for :func:`~cpa_core.audit.render_json`,
    :func:`~cpa_core.audit.render_text` or ``cpa_core.audit_html.render_html``.

    Collect one team's findings at a time (filter :attr:`SparkAudit.findings` first): they
    are all held in the driver's memory.
    """
    rows = [row.asDict(recursive=True) for row in result.findings.collect()]

    def order(row: dict[str, Any]) -> tuple[Any, ...]:
        o = row["order"]
        due = row["due"] if row["due"] is not None else "9999"
        rank = _severity_rank(row["severity"])
        return (due, rank, row["code"], o["phase"], o["check"], o["kind"], o["row"], o["index"])

    entries = []
    for row in sorted(rows, key=order):
        source = Source(title=row["source"], url=row["source_url"] or "") if row["source"] else None
        finding = Finding(
            code=row["code"],
            severity=Severity(row["severity"]),
            message=row["message"],
            path=row["path"],
            subject_id=row["subject_id"],
            due=_due(row["due"]),
            source=source,
        )
        entries.append(_audit.AuditEntry(finding, row["kind"], row["location"], row["who"]))
    counts = sorted(result.records.collect(), key=lambda r: _sort_name(r["kind"]))
    return _audit.AuditResult(
        as_of=result.as_of,
        records={r["kind"]: r["records"] for r in counts},
        entries=tuple(entries),
    )
