"""Rule tables as files: a CSV per table, one JSON file for the set, and a page to print.

A CSV holds one row per rule row: every attribute of the row by its name, then the row's
dates in force and its source, attribute by attribute (``effective.start``,
``source.title``, …), then two columns in words for a reader (``in_force``, ``evidence``).
Text, codes and dates are written as they are; numbers, booleans, lists and nested records
as JSON; an empty cell is a missing value where the attribute may be missing. So a CSV
reads back into the very rows it was written from (:func:`read_csv`), and a spreadsheet
shows every value without a program.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import types
import typing
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Union

import attrs

from cpa_core.convert import structure, unstructure
from cpa_core.exceptions import CpaCoreError
from cpa_core.files import OutputSet
from cpa_core.provenance import Effective, RuleTable, Source
from cpa_core.rule_export._view import TableView, view
from cpa_core.rule_export._words import plain_text

__all__ = [
    "JSON_NAME",
    "PAGE_NAME",
    "csv_columns",
    "read_csv",
    "to_csv",
    "to_json",
    "write_all",
]

JSON_NAME = "rule-tables.json"
"""The file name of the whole set as JSON, in the folder :func:`write_all` writes."""

PAGE_NAME = "rule-tables.html"
"""The file name of the page to print, in the folder :func:`write_all` writes."""

_WORDS_COLUMNS = ("in_force", "evidence")
_NESTED = (("effective", Effective), ("source", Source))


@attrs.frozen
class _Codec:
    """How one attribute is written in a cell.

    Attributes:
        raw: Text written as it is (text, codes, dates); otherwise JSON.
        none_empty: A missing value is an empty cell (only where "" is no value).
    """

    raw: bool
    none_empty: bool

    def encode(self, value: Any) -> str:
        if value is None and self.none_empty:
            return ""
        if self.raw:
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def decode(self, text: str) -> Any:
        if self.none_empty and text == "":
            return None
        if self.raw:
            return text
        return json.loads(text)


def _text_only(hint: Any) -> bool:
    """Whether every value of the type is written as text in JSON."""
    if hint in (str, date, datetime):
        return True
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return all(isinstance(member.value, str) for member in hint)
    if typing.get_origin(hint) is Literal:
        return all(isinstance(arg, str) for arg in typing.get_args(hint))
    return False


def _admits_empty(hint: Any) -> bool:
    """Whether "" may be a value of a text-only type."""
    if hint is str:
        return True
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return any(member.value == "" for member in hint)
    return "" in typing.get_args(hint)


def _codec(hint: Any) -> _Codec:
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (Union, types.UnionType) and type(None) in args
    if optional:
        rest = tuple(a for a in args if a is not type(None))
        inner = rest[0] if len(rest) == 1 else None
        if inner is None or (_text_only(inner) and _admits_empty(inner)):
            return _Codec(raw=False, none_empty=False)
        return _Codec(raw=_text_only(inner), none_empty=True)
    return _Codec(raw=_text_only(hint), none_empty=False)


def _codecs(cls: type) -> dict[str, _Codec]:
    hints = typing.get_type_hints(cls)
    return {f.name: _codec(hints[f.name]) for f in attrs.fields(cls)}


def _own_fields(row_class: type) -> list[str]:
    nested = {name for name, _ in _NESTED}
    return [f.name for f in attrs.fields(row_class) if f.name not in nested]


def csv_columns(row_class: type) -> list[str]:
    """The header of a rule table's CSV: the row's attributes, then its dates and source
    attribute by attribute, then the columns in words."""
    nested = [f"{name}.{f.name}" for name, cls in _NESTED for f in attrs.fields(cls)]
    return [*_own_fields(row_class), *nested, *_WORDS_COLUMNS]


def to_csv(table: RuleTable[Any, Any]) -> str:
    """The table as CSV text (see the module docstring for its columns).

    Raises:
        CpaCoreError: The table has no rows (a CSV could not say what its rows are).
    """
    rows = tuple(table.rows)
    if not rows:
        raise CpaCoreError(f"{table.name}: no rows to export")
    row_class = type(rows[0])
    codecs = {"": _codecs(row_class), **{name: _codecs(cls) for name, cls in _NESTED}}
    shown = view(table)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(row_class))
    for row, seen in zip(rows, shown.rows, strict=True):
        data = unstructure(row)
        cells = [codecs[""][name].encode(data[name]) for name in _own_fields(row_class)]
        for name, cls in _NESTED:
            cells.extend(codecs[name][f.name].encode(data[name][f.name]) for f in attrs.fields(cls))
        cells.extend([seen.in_force, seen.evidence])
        writer.writerow(cells)
    return out.getvalue()


def read_csv(text: str, row_class: type[Any]) -> tuple[Any, ...]:
    """The rows a CSV written by :func:`to_csv` holds, as ``row_class`` instances.

    Columns in words are ignored; every other column is read back into its attribute.

    Raises:
        CpaCoreError: A cell is not what its attribute holds (an
            :class:`~cpa_core.exceptions.InvalidRecordError` names the line and path).
    """
    codecs = {"": _codecs(row_class), **{name: _codecs(cls) for name, cls in _NESTED}}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, [])
    places: list[tuple[str, str] | None] = []
    for position, column in enumerate(header, start=1):
        group, _, name = column.rpartition(".")
        if column in _WORDS_COLUMNS:
            places.append(None)
        elif group in codecs and name in codecs[group]:
            places.append((group, name))
        else:
            # The column's text is not repeated: a file may hold anything.
            raise CpaCoreError(f"column {position} is not a column of {row_class.__name__}")
    out = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(places):
            raise CpaCoreError(f"line {line}: {len(cells)} cells for {len(places)} columns")
        data: dict[str, Any] = {name: {} for name, _ in _NESTED}
        for place, cell in zip(places, cells, strict=True):
            if place is None:
                continue
            group, name = place
            try:
                value = codecs[group][name].decode(cell)
            except json.JSONDecodeError:
                column = f"{group}.{name}" if group else name
                raise CpaCoreError(f"line {line}: {column} is not JSON") from None
            (data[group] if group else data)[name] = value
        out.append(structure(data, row_class, kind=f"{row_class.__name__} (CSV line {line})"))
    return tuple(out)


def _table_json(table: RuleTable[Any, Any], shown: TableView) -> dict[str, Any]:
    return {
        "name": shown.name,
        "description": shown.description,
        "csv": f"{shown.file_stem}.csv",
        "layout": shown.layout,
        "columns": [
            {"name": c.name, "label": c.label, "description": plain_text(c.description)}
            for c in shown.columns
        ],
        "rows": [
            {
                "key": seen.key,
                "words": {c.name: cell for c, cell in zip(shown.columns, seen.cells, strict=True)},
                "in_force": seen.in_force,
                "evidence": seen.evidence,
                "evidence_note": seen.evidence_note,
                "verified": seen.verified,
                "citation": seen.citation,
                "last_checked": seen.last_checked,
                "row": unstructure(row),
            }
            for row, seen in zip(table.rows, shown.rows, strict=True)
        ],
    }


def to_json(tables: Sequence[RuleTable[Any, Any]]) -> dict[str, Any]:
    """Every table as one JSON document: for each row its words (as the docs show them)
    and its values (``"row"``, which :func:`cpa_core.convert.structure` reads back)."""
    from cpa_core import __version__  # noqa: PLC0415 - the package imports this module

    return {
        "cpa_core": __version__,
        "tables": [_table_json(table, view(table)) for table in tables],
    }


def _default_tables() -> tuple[RuleTable[Any, Any], ...]:
    from cpa_core import registry  # noqa: PLC0415 - the registry sits above the areas

    return registry.rule_tables()


def write_all(
    directory: str | Path, tables: Iterable[RuleTable[Any, Any]] | None = None
) -> list[Path]:
    """Write a CSV per table, the set as JSON (``JSON_NAME``, ``rule-tables.json``) and the
    page to print (``PAGE_NAME``, ``rule-tables.html``) into ``directory``, created if
    missing.

    Args:
        directory: The folder to write into.
        tables: The tables; by default every table of :func:`cpa_core.registry.rule_tables`.

    Returns:
        The files written, the JSON and the page last.

    Raises:
        CpaCoreError: Two tables would share a file name, or a table has no rows.
    """
    from cpa_core.rule_export._page import print_page  # noqa: PLC0415 - imports jinja2

    chosen = tuple(_default_tables() if tables is None else tables)
    stems: dict[str, str] = {}
    for table in chosen:
        stem = view(table).file_stem
        if stem in stems:
            raise CpaCoreError(f"{table.name!r} and {stems[stem]!r} share the file name {stem}")
        stems[stem] = table.name
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with OutputSet() as outputs:
        for table, stem in zip(chosen, stems, strict=True):
            target = folder / f"{stem}.csv"
            # With a byte order mark, spreadsheet programs read the file as UTF-8.
            outputs.open(target).write(to_csv(table).encode("utf-8-sig"))
            written.append(target)
        document = json.dumps(to_json(chosen), ensure_ascii=False, indent=1)
        outputs.open(folder / JSON_NAME).write(f"{document}\n".encode())
        outputs.open(folder / PAGE_NAME).write(print_page(chosen).encode())
    return [*written, folder / JSON_NAME, folder / PAGE_NAME]
