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
  kind. Each record's own checks run where the record is; each check across records
  (:func:`cpa_core.registry.caseload_checks`) runs once per group of the records that its
  declared scope names (:func:`cpa_core.records.caseload_check`), those records brought
  together by a shuffle. :func:`collect_audit` turns one team's audit back into an
  :class:`~cpa_core.audit.AuditResult` for :func:`~cpa_core.audit.iter_json`,
  :func:`~cpa_core.audit.render_text` or :func:`cpa_core.audit_html.iter_html`.
- :func:`read_ndjson` and :func:`read_bundle` read NDJSON files as the command line does:
  blank lines skipped, records numbered by their line, bytes kept as they are.

Importing this module without pyspark and pyarrow installed raises an error that names
the extra to install: ``pip install 'cpa-core[spark]'``.
"""

from __future__ import annotations

import pickle
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
from cpa_core import batch, registry, statutory_time  # noqa: E402
from cpa_core.context import CheckContext  # noqa: E402
from cpa_core.findings import Finding, Severity  # noqa: E402
from cpa_core.policy import TrustPolicy  # noqa: E402
from cpa_core.provenance import Evidence, Source  # noqa: E402
from cpa_core.records import CaseloadCheck, CaseloadScope, Located, scope_of  # noqa: E402
from cpa_core.schemas import schema_for  # noqa: E402

__all__ = [
    "AUDIT_FINDINGS_SCHEMA",
    "FINDING_FIELDS",
    "ROW_KEY",
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
class _Plan:
    """A check across records as the executors run it: its place among the checks, the
    title of its domain (the area of its findings) and its declared scope."""

    index: int
    title: str
    check: CaseloadCheck
    scope: CaseloadScope


def _plans() -> list[_Plan]:
    """Every check across records, in the one-machine audit's order, with its scope.

    Raises:
        CpaCoreError: A check declares no scope.
    """
    plans: list[_Plan] = []
    for domain in registry.domains():
        for check in domain.caseload_checks:
            scope = scope_of(check)
            if scope is None:
                name = getattr(check, "__name__", repr(check))
                raise CpaCoreError(
                    f"the caseload check {name} ({domain.name}) declares no scope with "
                    "cpa_core.records.caseload_check: Spark cannot tell which records it must "
                    "see together"
                )
            plans.append(_Plan(len(plans), domain.title, check, scope))
    return plans


_ORDER_FIELDS = (
    st.StructField("phase", st.IntegerType(), nullable=False),
    st.StructField("check", st.IntegerType(), nullable=False),
    st.StructField("kind", st.StringType(), nullable=False),
    st.StructField("row", st.LongType(), nullable=False),
    st.StructField("index", st.IntegerType(), nullable=False),
)

_SOURCE_FIELDS = tuple(
    st.StructField(name, st.StringType(), nullable=True)
    for name in (
        "title",
        "publisher",
        "locator",
        "version",
        "url",
        "evidence",
        "checked",
        "secondary_reason",
    )
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
        st.StructField("about", st.StringType(), nullable=True),
        st.StructField("who_key", st.StringType(), nullable=True),
        st.StructField("done_at", st.StringType(), nullable=True),
        st.StructField("source_detail", st.StructType(list(_SOURCE_FIELDS)), nullable=True),
        st.StructField("order", st.StructType(list(_ORDER_FIELDS)), nullable=False),
    ]
)
"""The findings of :func:`audit`, one row per :class:`~cpa_core.audit.AuditEntry`.

- ``code``, ``severity``, ``message``, ``path``, ``subject_id`` (masked), ``due`` (ISO 8601
  date or instant), ``source`` (the rule's citation), ``source_url``, ``area`` (the report
  heading of the area), ``kind`` (the record kind), ``location`` (where the record is: its
  frame's ``location`` column, or ``caseload`` for a finding about no one record) and
  ``who`` (the person or member of staff it is about; an NHS number used as an id is
  masked): the fields of a finding in ``cpa-core audit --format json``, null where the JSON
  leaves the key out.
- ``about``: whether ``who`` is a ``person`` or ``staff``; ``who_key``: the identifier
  ``who`` shows, unmasked, which the report groups by and never shows; ``done_at``: when
  the record says a thing was done after it was due (ISO 8601), or null.
- ``source_detail``: the rule's source whole (``title``, ``publisher``, ``locator``,
  ``version``, ``url``, ``evidence``, the code of its
  :class:`~cpa_core.provenance.Evidence`, ``checked``, an ISO 8601 date or null, and
  ``secondary_reason``), which the text and HTML reports show; null when the finding cites
  none.
- ``order``: where the finding stands in the one-machine audit's order among findings of
  the same due date, severity and code (:func:`collect_audit` sorts by it).
"""


def _flattened(schema: st.StructType) -> st.StructType:
    # What the executors hand back: a struct's fields side by side, since a struct column is
    # not a shape every Spark version takes back from pandas.
    fields: list[st.StructField] = []
    for field in schema.fields:
        if isinstance(field.dataType, st.StructType):
            fields.extend(
                st.StructField(f"{field.name}_{inner.name}", inner.dataType, inner.nullable)
                for inner in field.dataType.fields
            )
        else:
            fields.append(field)
    return st.StructType(fields)


def _nested(df: DataFrame, schema: st.StructType) -> DataFrame:
    """``df``'s flattened columns (:func:`_flattened`) as the structs of ``schema``; a
    nullable struct is null when its first field is."""
    columns: list[Column] = []
    for field in schema.fields:
        if not isinstance(field.dataType, st.StructType):
            columns.append(sf.col(field.name))
            continue
        names = [f"{field.name}_{inner.name}" for inner in field.dataType.fields]
        built = sf.struct(
            *(sf.col(n).alias(i.name) for n, i in zip(names, field.dataType.fields, strict=True))
        )
        if field.nullable:
            built = sf.when(sf.col(names[0]).isNull(), sf.lit(None)).otherwise(built)
        columns.append(built.alias(field.name))
    return df.select(*columns)


_FLAT_AUDIT = _flattened(AUDIT_FINDINGS_SCHEMA)

_RECORDS = st.StructType(
    [
        st.StructField("kind", st.StringType(), nullable=False),
        st.StructField("location", st.StringType(), nullable=False),
        st.StructField(_RAW, st.BinaryType(), nullable=True),
        st.StructField("row", st.LongType(), nullable=False),
    ]
)
_ID = "_cpa_id"

_KEYED = st.StructType(
    [
        st.StructField("_check", st.IntegerType(), nullable=False),
        st.StructField("_group", st.StringType(), nullable=False),
        st.StructField("_held", st.BinaryType(), nullable=False),
    ]
)

_NOTES = st.StructType(
    [
        st.StructField("person_id", st.StringType(), nullable=True),
        st.StructField("coordinators", st.ArrayType(st.StringType(), False), nullable=True),
        st.StructField("teams", st.ArrayType(st.StringType(), False), nullable=True),
        st.StructField("open_episodes", st.LongType(), nullable=True),
        st.StructField("staff_id", st.StringType(), nullable=True),
        st.StructField("team", st.StringType(), nullable=True),
        st.StructField("allocated", st.BooleanType(), nullable=True),
        st.StructField("recorded_caseload", st.LongType(), nullable=True),
        st.StructField("recorded_on", st.DateType(), nullable=True),
        st.StructField("order_kind", st.StringType(), nullable=False),
        st.StructField("order_row", st.LongType(), nullable=False),
    ]
)


def _sort_name(kind: str) -> str:
    # Bundle files are read in name order, KIND.ndjson: the one-machine audit's order.
    return f"{kind}.ndjson"


@attrs.frozen
class _Item:
    kind: str
    location: str
    raw: bytes
    row: int

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> _Item:
        # Collected rows hold binary as bytearray; Arrow's give bytes.
        return cls(row["kind"], row["location"], bytes(row[_RAW] or b""), row["row"])

    @property
    def position(self) -> tuple[str, int]:
        """Where the record stands in the one-machine audit's reading order."""
        return _sort_name(self.kind), self.row


_Order = tuple[int, int, str, int, int]


def _row(entry: _audit.AuditEntry, order: _Order) -> dict[str, Any]:
    """One entry as a row of :data:`_FLAT_AUDIT`."""
    finding = entry.finding
    shown = finding.to_dict()
    row: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "subject_id": finding.subject_id,
        "due": shown.get("due"),
        "source": shown.get("source"),
        "source_url": shown.get("source_url"),
        "area": entry.area,
        "kind": entry.kind,
        "location": entry.location,
        "who": entry.who,
        "about": entry.about,
        "who_key": entry.key,
        "done_at": None if entry.done_at is None else entry.done_at.isoformat(),
    }
    source = finding.source
    for field in _SOURCE_FIELDS:
        value = None if source is None else getattr(source, field.name)
        if isinstance(value, Evidence):
            value = value.value
        elif isinstance(value, date):
            value = value.isoformat()
        row[f"source_detail_{field.name}"] = value
    row.update(zip((f"order_{f.name}" for f in _ORDER_FIELDS), order, strict=True))
    return row


def _own_rows(item: _Item, ctx: CheckContext) -> tuple[Located[Any] | None, list[dict[str, Any]]]:
    """One record's own entries, made by the one-machine audit's own code, and the record
    read (``None`` when it could not be)."""
    bundled = _audit.BundleRecord(item.kind, item.location, item.raw)
    located, entries = _audit._checks(bundled, ctx)
    rows = [_row(entry, (0, -1, *item.position, i)) for i, entry in enumerate(entries)]
    return located, rows


def _arrow_schema(struct: st.StructType) -> Any:
    def arrow(data_type: st.DataType) -> Any:
        if isinstance(data_type, st.ArrayType):
            return pa.list_(arrow(data_type.elementType))
        return {
            st.StringType: pa.string(),
            st.IntegerType: pa.int32(),
            st.LongType: pa.int64(),
            st.BooleanType: pa.bool_(),
            st.DateType: pa.date32(),
        }[type(data_type)]

    return pa.schema([pa.field(f.name, arrow(f.dataType), f.nullable) for f in struct.fields])


_ARROW_AUDIT = _arrow_schema(_FLAT_AUDIT)
_ARROW_NOTES = _arrow_schema(_NOTES)


def _own_batches(ctx: CheckContext) -> Any:
    """The records that no check across records reads: their own entries, where they are."""

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for chunk in batches:
            rows: list[dict[str, Any]] = []
            for row in chunk.to_pylist():
                rows.extend(_own_rows(_Item.of(row), ctx)[1])
            yield pa.RecordBatch.from_pylist(rows, schema=_ARROW_AUDIT)

    return run


@attrs.frozen
class _Held:
    """A record on its way to one group of one check: where it stands, the record read
    (``None`` when it could not be) and, once per record, its own entries."""

    kind: str
    row: int
    located: Located[Any] | None
    own: tuple[dict[str, Any], ...]


def _group_key(plan: _Plan, located: Located[Any] | None, record_id: int) -> str:
    # The value of the scope's group_by attribute, else the record alone (by its id): the
    # one-machine audit's grouping (CaseloadScope.group_of).
    value = None if located is None else plan.scope.group_of(located.record)
    return f"#{record_id}" if value is None else f"={value}"


def _keyed_batches(plans: Sequence[_Plan], ctx: CheckContext) -> Any:
    """The records that checks across records read: each record's own entries, and the
    record once for every check whose scope names its kind, keyed by that check's group."""

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for chunk in batches:
            checks: list[int] = []
            groups: list[str] = []
            held: list[bytes] = []
            for row in chunk.to_pylist():
                item = _Item.of(row)
                located, own = _own_rows(item, ctx)
                readers = [p for p in plans if item.kind in p.scope.each]
                # A record that could not be read reaches no check: it travels once, for
                # its own entries.
                for n, plan in enumerate(readers if located is not None else readers[:1]):
                    checks.append(plan.index)
                    groups.append(_group_key(plan, located, row[_ID]))
                    payload = _Held(item.kind, item.row, located, tuple(own) if n == 0 else ())
                    held.append(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
            yield pa.RecordBatch.from_arrays(
                [pa.array(checks, pa.int32()), pa.array(groups, pa.string()), pa.array(held)],
                [f.name for f in _KEYED.fields],
            )

    return run


class _GroupAudit:
    """Runs in the executors on one group of one check: the group's own entries, then the
    check over the group's records with the records of its shared kinds beside them (read
    once per task)."""

    def __init__(self, plans: Sequence[_Plan], ctx: CheckContext, shared: Sequence[_Item]) -> None:
        self.plans = list(plans)
        self.ctx = ctx
        self.shared = list(shared)
        self._shared_read: dict[str, list[Located[Any]]] | None = None

    def shared_records(self) -> dict[str, list[Located[Any]]]:
        if self._shared_read is None:
            read: dict[str, list[Located[Any]]] = {}
            for item in self.shared:
                spec = registry.record_kind(item.kind)
                source = batch.SourceRecord(0, item.location, item.raw)
                outcome, _ = batch.check_source(spec, source, policy=self.ctx.policy)
                if outcome.record is not None:
                    located = Located(outcome.record, item.kind, item.location)
                    read.setdefault(item.kind, []).append(located)
            self._shared_read = read
        return self._shared_read

    def __call__(self, frame: Any) -> Any:  # Any: a pandas DataFrame, which has no hints
        plan = self.plans[int(frame["_check"].iloc[0])]
        # Our own bytes, pickled above in this job by _keyed_batches.
        held: list[_Held] = sorted(
            (pickle.loads(payload) for payload in frame["_held"]),
            key=lambda h: (_sort_name(h.kind), h.row),
        )
        rows = [row for h in held for row in h.own]
        readable = [(h, h.located) for h in held if h.located is not None]
        if readable:
            shared = self.shared_records()
            group: dict[str, list[Located[Any]]] = {
                kind: list(shared.get(kind, ())) for kind in plan.scope.shared
            }
            for h, located in readable:
                group.setdefault(h.kind, []).append(located)
            # The one-machine audit takes a check's groups in the order of their first
            # record, and each group's findings in the order the check gives them.
            first = (_sort_name(readable[0][0].kind), readable[0][0].row)
            pairs = _audit._check_pairs(plan.check, group, self.ctx)
            for n, (at, finding) in enumerate(pairs):
                order = (1, plan.index, *first, n)
                rows.extend(
                    _row(entry, order)
                    for entry in _audit._caseload_entries(finding, at, plan.title)
                )
        return _pandas_rows(rows, _FLAT_AUDIT)


def _pandas_rows(rows: list[dict[str, Any]], schema: st.StructType) -> Any:  # Any: pandas
    import pandas as pd  # noqa: PLC0415 - only in the executors, only for a grouped map

    # Text as plain Python objects: pandas 3's own string columns come back from Arrow in
    # pieces that pyspark's conversion does not take.
    columns = {}
    for field in schema.fields:
        values = [row[field.name] for row in rows]
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


def _note_batches(ctx: CheckContext) -> Any:
    """Who coordinates whom, record by record, by the one-machine audit's own indexers: a
    person's coordinators, teams and open episodes from each care episode, a member of
    staff's details from each staff record."""

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for chunk in batches:
            notes: list[dict[str, Any]] = []
            for row in chunk.to_pylist():
                item = _Item.of(row)
                spec = registry.record_kind(item.kind)
                source = batch.SourceRecord(0, item.location, item.raw)
                outcome, _ = batch.check_source(spec, source, policy=ctx.policy)
                if outcome.record is None:
                    continue
                people: dict[str, Any] = {}
                staff: dict[str, _audit.StaffInfo] = {}
                _audit._INDEXERS[item.kind](people, staff, outcome.record, ctx.day)
                at = {"order_kind": _sort_name(item.kind), "order_row": item.row}
                blank = dict.fromkeys(_NOTES.names)
                for person_id, person in people.items():
                    info: _audit.PersonInfo = person.frozen()
                    notes.append(
                        {
                            **blank,
                            "person_id": person_id,
                            "coordinators": list(info.coordinators),
                            "teams": list(info.teams),
                            "open_episodes": info.open_episodes,
                            **at,
                        }
                    )
                for staff_id, member in staff.items():
                    notes.append({**blank, "staff_id": staff_id, **attrs.asdict(member), **at})
            yield pa.RecordBatch.from_pylist(notes, schema=_ARROW_NOTES)

    return run


def _people_and_staff(notes: DataFrame) -> tuple[DataFrame, DataFrame]:
    at = sf.struct(sf.col("order_kind").alias("kind"), sf.col("order_row").alias("row"))
    # A person's coordinators and teams in the order of their episodes, each named once,
    # as the one-machine audit gathers them episode by episode.
    episodes = sf.sort_array(sf.collect_list(sf.struct(at.alias("at"), "coordinators", "teams")))

    def in_order(name: str) -> Column:
        return sf.array_distinct(sf.flatten(sf.transform("_episodes", lambda e: e[name])))

    people = (
        notes.filter(sf.col("person_id").isNotNull())
        .groupBy("person_id")
        .agg(
            episodes.alias("_episodes"),
            sf.sum("open_episodes").alias("open_episodes"),
            sf.min(at).alias("order"),
        )
        .select(
            "person_id",
            in_order("coordinators").alias("coordinators"),
            in_order("teams").alias("teams"),
            "open_episodes",
            "order",
        )
    )
    # A member of staff's last record wins, as in the one-machine audit.
    details = sf.struct("team", "allocated", "recorded_caseload", "recorded_on")
    staff = (
        notes.filter(sf.col("staff_id").isNotNull())
        .groupBy("staff_id")
        .agg(sf.max_by(details, at).alias("_last"), sf.min(at).alias("order"))
        .select("staff_id", "_last.*", "order")
    )
    return people, staff


@attrs.frozen
class SparkAudit:
    """What :func:`audit` returns; nothing runs until one of its DataFrames is used.

    Attributes:
        as_of: The instant the audit was run for.
        policy: The policy it was run under.
        findings: Every finding (:data:`AUDIT_FINDINGS_SCHEMA`), in no order.
        records: How many records of each kind were read: ``kind`` (string) and
            ``records`` (long).
        people: Who coordinates each person's care on the audit date, from their care
            episodes (:class:`~cpa_core.audit.PersonInfo`): ``person_id`` (unmasked),
            ``coordinators`` and ``teams`` (arrays of strings), ``open_episodes`` (long) and
            ``order`` (where the person's first episode stands).
        staff: Each member of staff with a staff record
            (:class:`~cpa_core.audit.StaffInfo`): ``staff_id``, ``team``, ``allocated``,
            ``recorded_caseload``, ``recorded_on`` (date) and ``order``.
    """

    as_of: datetime
    policy: TrustPolicy
    findings: DataFrame
    records: DataFrame
    people: DataFrame
    staff: DataFrame


def audit(
    frames: Mapping[str, DataFrame],
    *,
    as_of: datetime,
    policy: TrustPolicy | None = None,
    column: str | None = "value",
) -> SparkAudit:
    """The caseload audit of a bundle held as one DataFrame per record kind.

    Every record gets its own checks where it is. Each check across records runs once per
    group of the records its scope declares (:func:`cpa_core.records.caseload_check`, read
    with :func:`~cpa_core.records.scope_of`), brought together by a shuffle: the records of
    its ``each`` kinds grouped by the value of their ``group_by`` attribute (a record
    without text there, or a check without ``group_by``, is a group of its own), with every
    record of its ``shared`` kinds beside each group. The findings are those of
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
        CpaCoreError: ``as_of`` is naive, or a check across records declares no scope
            (such a check would need the whole caseload at once).
    """
    ctx = CheckContext.at(statutory_time.require_aware(as_of, "as_of"), policy)
    plans = _plans()
    each = sorted({kind for plan in plans for kind in plan.scope.each})
    shared = sorted({kind for plan in plans for kind in plan.scope.shared})
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
    records = records.withColumn(_ID, sf.monotonically_increasing_id())
    kind_in = sf.col("kind").isin
    alone = records.filter(~kind_in(each)) if each else records
    found = alone.mapInArrow(_own_batches(ctx), _FLAT_AUDIT)
    if each:
        beside = sorted(
            (_Item.of(r.asDict()) for r in records.filter(kind_in(shared)).collect())
            if shared
            else (),
            key=lambda item: item.position,
        )
        keyed = records.filter(kind_in(each)).mapInArrow(_keyed_batches(plans, ctx), _KEYED)
        together = keyed.groupBy("_check", "_group").applyInPandas(
            _group_function(_GroupAudit(plans, ctx, beside)), _FLAT_AUDIT
        )
        found = found.unionByName(together)
    notes = records.filter(kind_in(sorted(_audit._INDEXERS))).mapInArrow(_note_batches(ctx), _NOTES)
    people, staff = _people_and_staff(notes)
    counts = records.groupBy("kind").agg(sf.count(sf.lit(1)).alias("records"))
    return SparkAudit(
        as_of=as_of,
        policy=ctx.policy,
        findings=_nested(found, AUDIT_FINDINGS_SCHEMA),
        records=counts,
        people=people,
        staff=staff,
    )


def _when(text: str | None) -> date | datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _entry(row: Mapping[str, Any]) -> _audit.AuditEntry:
    detail = row["source_detail"]
    source = (
        None
        if detail is None
        else Source(
            title=detail["title"],
            publisher=detail["publisher"],
            locator=detail["locator"],
            version=detail["version"],
            url=detail["url"],
            evidence=Evidence(detail["evidence"]),
            checked=None if detail["checked"] is None else date.fromisoformat(detail["checked"]),
            secondary_reason=detail["secondary_reason"],
        )
    )
    finding = Finding(
        code=row["code"],
        severity=Severity(row["severity"]),
        message=row["message"],
        path=row["path"],
        subject_id=row["subject_id"],
        due=_when(row["due"]),
        source=source,
    )
    return _audit.AuditEntry(
        finding,
        row["kind"],
        row["location"],
        row["who"],
        row["area"],
        row["about"],
        row["who_key"],
        _when(row["done_at"]),
    )


def _position(row: Any) -> tuple[str, int]:  # Any: a pyspark Row
    return row["order"]["kind"], row["order"]["row"]


def collect_audit(result: SparkAudit) -> _audit.AuditResult:
    """An audit brought to the driver as an :class:`~cpa_core.audit.AuditResult`, in the
    one-machine audit's order, for :func:`~cpa_core.audit.iter_json`,
    :func:`~cpa_core.audit.render_text`, :class:`~cpa_core.audit_view.AuditView` or
    :func:`cpa_core.audit_html.iter_html`.

    Everything the result holds (findings, people and staff) comes to the driver's memory:
    collect one team's audit at a time, by auditing that team's records.
    """
    found = []
    for row in result.findings.collect():
        shown = row.asDict(recursive=True)
        order = shown["order"]
        place = (order["phase"], order["check"], order["kind"], order["row"], order["index"])
        found.append((_entry(shown), place))
    found.sort(key=lambda pair: (_audit._order(pair[0]), pair[1]))
    people = {
        row["person_id"]: _audit.PersonInfo(
            tuple(row["coordinators"]), tuple(row["teams"]), row["open_episodes"]
        )
        for row in sorted(result.people.collect(), key=_position)
    }
    staff = {
        row["staff_id"]: _audit.StaffInfo(
            row["team"], row["allocated"], row["recorded_caseload"], row["recorded_on"]
        )
        for row in sorted(result.staff.collect(), key=_position)
    }
    counts = sorted(result.records.collect(), key=lambda r: _sort_name(r["kind"]))
    return _audit.AuditResult(
        as_of=result.as_of,
        records={r["kind"]: r["records"] for r in counts},
        entries=tuple(entry for entry, _ in found),
        people=people,
        staff=staff,
        policy=result.policy,
    )
