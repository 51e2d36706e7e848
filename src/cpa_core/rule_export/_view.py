"""A rule table as a reader sees it: headings, cells in words, and each row's standing.

:func:`view` is the one place that decides what a rendered rule table shows; the docs, the
page to print and the JSON export all read its :class:`TableView`.

A row's standing is always shown, whatever the columns: when it is in force, how well it
is established (one label in words, :func:`row_evidence`), its source and the day the
source was last checked.
"""

from __future__ import annotations

import enum
import inspect
import re
import typing
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import attrs

from cpa_core.exceptions import CpaCoreError
from cpa_core.provenance import Evidence, RuleTable, Source
from cpa_core.rule_export._words import DASH, humanise, words
from cpa_core.statutory_time import counting_kind

__all__ = [
    "MAX_TABLE_COLUMNS",
    "Column",
    "Layout",
    "RowView",
    "TableView",
    "citation",
    "file_stem",
    "period_words",
    "row_evidence",
    "view",
]

MAX_TABLE_COLUMNS = 3
"""A table whose rows show more value columns than this is rendered as a card per row.

Three value columns and the standing of the row fit a laptop screen (1,366 pixels) and an
A4 page as a table; more do not, so each row becomes a card: a list of headings and values,
as long as it needs to be and never cut off at the edge.
"""

Layout = Literal["table", "cards"]

_HIDDEN = ("source", "effective")

# A period in words is made from three attributes when a row class has all three: how it
# is counted (an enum valued with statutory_time's counting kinds), its length, and the
# event it runs from. The unit, where a row states it too, is the counting kind's own.
_COUNTING_FIELDS = ("anchor", "counting")
_LENGTH_FIELDS = ("periods", "length", "maximum")
_EVENT_FIELD = "anchor_event"
_UNIT_FIELD = "unit"
PERIOD = "period_in_words"
"""The name of the column that shows a period in words (no row attribute has it)."""

_SLUG = re.compile(r"[^a-z0-9]+")


@attrs.frozen
class Column:
    """One column of a rendered rule table.

    Attributes:
        name: The row attribute it shows, or ``"period"`` for a period in words.
        label: The heading in words.
        description: What the column holds, from the row class's docstring
            (reStructuredText, as written there).
        fields: The row attributes whose values the column shows.
    """

    name: str
    label: str
    description: str
    fields: tuple[str, ...]


@attrs.frozen
class RowView:
    """One row of a rendered rule table.

    Attributes:
        key: The row's key in words (what the row is about: a section, a record class).
        cells: One text per column, in words.
        in_force: When the row is in force, in words.
        evidence: How well the row is established, in words (:func:`row_evidence`).
        evidence_note: Why the source is not the publisher's own page, where it says.
        verified: Whether the row may be a hard rule (only verified rows may).
        citation: The row's source as one line.
        url: Where the source can be read, or "".
        checked: The day the source was last checked, when recorded.
    """

    key: str
    cells: tuple[str, ...]
    in_force: str
    evidence: str
    evidence_note: str
    verified: bool
    citation: str
    url: str
    checked: date | None

    @property
    def last_checked(self) -> str:
        """The day the source was last checked, or "not recorded"."""
        return self.checked.isoformat() if self.checked else "not recorded"


@attrs.frozen
class TableView:
    """A rule table as a reader sees it.

    Attributes:
        name: The table's name.
        description: The table's one-sentence description.
        file_stem: The table's file name without suffix, for its downloads.
        layout: ``"table"``, or ``"cards"`` when there are more than
            ``MAX_TABLE_COLUMNS`` (three) columns.
        columns: The value columns, in order.
        rows: The rows, in the table's order.
    """

    name: str
    description: str
    file_stem: str
    layout: Layout
    columns: tuple[Column, ...]
    rows: tuple[RowView, ...]


def file_stem(table: RuleTable[Any, Any]) -> str:
    """The table's name as a file name: "MHA managers' references" -> "mha-managers-references"."""
    return _SLUG.sub("-", table.name.lower()).strip("-")


def _weakest(grades: Sequence[Evidence]) -> Evidence:
    order = (Evidence.UNVERIFIED, Evidence.SECONDARY, Evidence.VERIFIED)
    return min(grades, key=order.index)


def _grades_in(value: object) -> list[Evidence]:
    """Every evidence grade a value holds: its own, its sources', its parts'."""
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, Source):
        return [value.evidence]
    if isinstance(value, tuple | list | frozenset | set):
        return [grade for item in value for grade in _grades_in(item)]
    cls = type(value)
    if attrs.has(cls):
        return [grade for f in attrs.fields(cls) for grade in _grades_in(getattr(value, f.name))]
    return []


def row_evidence(row: Any) -> Source:
    """The row's source, graded as the row is established.

    A row may be less certain than its source: a part of it (an anchor, a limb, an action's
    wording) rests on a weaker source, and the row says so with its own ``verified``. Such a
    row is graded with the weakest grade among its parts, so that its label never reads
    "statute" beside a value that is not verified.
    """
    source: Source = row.source
    claimed = getattr(row, "verified", None)
    if claimed is None or bool(claimed) or not source.verified:
        return source
    weaker = [g for g in _grades_in(row) if g is not Evidence.VERIFIED]
    return attrs.evolve(source, evidence=_weakest(weaker) if weaker else Evidence.UNVERIFIED)


def citation(source: Source) -> str:
    """The source as one line, without the evidence tag and the day it was checked: a
    rendered row says both on lines of their own (Evidence, Last checked)."""
    text = attrs.evolve(source, checked=None).cite()
    tag = f" [{source.evidence.value}]"
    return text.removesuffix(tag) if not source.verified else text


def _hints(row_class: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(row_class)
    except (NameError, TypeError):
        return {}


def _descriptions(row_class: type) -> dict[str, str]:
    from cpa_core.schemas import field_descriptions  # noqa: PLC0415 - imports jsonschema

    found = field_descriptions(row_class)
    for name, member in inspect.getmembers(row_class):
        if isinstance(member, property) and name not in found:
            doc = inspect.getdoc(member) or ""
            found[name] = doc.split("\n\n", 1)[0]
    return found


def _counting_field(row_class: type, hints: dict[str, Any]) -> str | None:
    for name in _COUNTING_FIELDS:
        hint = hints.get(name)
        if not (isinstance(hint, type) and issubclass(hint, enum.Enum)):
            continue
        if any(counting_kind(str(m.value)) for m in hint):
            return name
    return None


def _period_fields(row_class: type) -> tuple[str, ...]:
    """The attributes a period in words replaces, or () when the row class has no period."""
    if not attrs.has(row_class):
        return ()
    names = attrs.fields_dict(row_class)
    counting = _counting_field(row_class, _hints(row_class))
    length = next((n for n in _LENGTH_FIELDS if n in names), None)
    if counting is None or length is None or _EVENT_FIELD not in names:
        return ()
    unit = (_UNIT_FIELD,) if _UNIT_FIELD in names else ()
    return (counting, length, _EVENT_FIELD, *unit)


def period_words(row: Any, fields: tuple[str, ...]) -> str:
    """The row's period in words: "28 days beginning with the day of admission"; with
    renewal periods, "6 months beginning with the day of admission; then 6 months; then 12
    months at a time"."""
    counting, length, event = (getattr(row, name) for name in fields[:3])
    kind = counting_kind(str(counting.value))
    lengths = length if isinstance(length, tuple) else (length,)
    if kind is None or not lengths or lengths[0] is None:
        return words(counting) if kind is None else DASH
    text = kind.describe(lengths[0], event)
    later = [f"then {n} {kind.unit if n == 1 else f'{kind.unit}s'}" for n in lengths[1:]]
    if later:
        later[-1] += " at a time"
    return "; ".join([text, *later])


def _is_number(hint: Any) -> bool:
    """Whether a type holds numbers: ``int``, ``float``, ``int | None``, ``tuple[int, ...]``."""
    if hint in (int, float):
        return True
    args = [a for a in typing.get_args(hint) if a is not type(None) and a is not Ellipsis]
    return bool(args) and all(_is_number(a) for a in args)


def _columns(row_class: type, shown: Sequence[str]) -> tuple[Column, ...]:
    descriptions = _descriptions(row_class)
    hints = _hints(row_class)
    period = _period_fields(row_class)
    compose = bool(period) and all(name in shown for name in period[:3])
    out: list[Column] = []
    for name in shown:
        if compose and name in period:
            if name == next(n for n in shown if n in period):
                text = (
                    "The period in words: its length, how it is counted (see the counting "
                    "kinds) and the event it runs from; renewal periods follow it."
                )
                out.append(Column(PERIOD, "Period", text, period))
            continue
        label = humanise(name, number=_is_number(hints.get(name)))
        out.append(Column(name, label, descriptions.get(name, ""), (name,)))
    return tuple(out)


def _cell(row: Any, column: Column) -> str:
    if column.name == PERIOD:
        return period_words(row, column.fields)
    return words(getattr(row, column.name, None))


def _has_attribute(row_class: type, name: str) -> bool:
    if attrs.has(row_class) and name in attrs.fields_dict(row_class):
        return True
    return hasattr(row_class, name)


def view(table: RuleTable[Any, Any], columns: Sequence[str] | None = None) -> TableView:
    """The table as a reader sees it.

    Args:
        table: The rule table.
        columns: The row attributes to show, in order (attributes or properties); by
            default every attrs field of the row class except ``source`` and
            ``effective``, which every row shows as its standing.

    Raises:
        CpaCoreError: ``columns`` names an attribute the row class does not have.
    """
    rows = tuple(table.rows)
    stem = file_stem(table)
    if not rows:
        return TableView(table.name, table.description, stem, "table", (), ())
    row_class = type(rows[0])
    shown = (
        list(columns)
        if columns
        else [f.name for f in attrs.fields(row_class) if f.name not in _HIDDEN]
    )
    missing = [name for name in shown if not _has_attribute(row_class, name)]
    if missing:
        raise CpaCoreError(f"{row_class.__qualname__} has no attribute(s) {', '.join(missing)}")
    cols = _columns(row_class, shown)
    views = []
    for row in rows:
        graded = row_evidence(row)
        views.append(
            RowView(
                key=words(table.key_of(row)),
                cells=tuple(_cell(row, column) for column in cols),
                in_force=row.effective.describe(),
                evidence=graded.evidence_label,
                # A source that is not the publisher's own page says why.
                evidence_note=row.source.secondary_reason,
                verified=graded.verified,
                citation=citation(row.source),
                url=row.source.url,
                checked=row.source.checked,
            )
        )
    layout: Layout = "cards" if len(cols) > MAX_TABLE_COLUMNS else "table"
    return TableView(table.name, table.description, stem, layout, cols, tuple(views))
