"""What changed in law and policy, and when: read from the rule tables' ``Effective`` ranges.

A change in law or policy is a new row with a date, never a code change
(:class:`~cpa_core.provenance.RuleTable`), so the history of the rules is in the rows: a
row's ``start`` is the day it came into force and its ``until`` the first day it no longer
applies. :func:`rule_changes` gathers them, one :class:`RuleChange` for each rule table and
day, newest first; rows enacted but not commenced come first, with no day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from cpa_core.provenance import RuleTable, Source
from cpa_core.rule_export._words import words

__all__ = ["ChangeKind", "RuleChange", "rule_changes"]


class ChangeKind(enum.Enum):
    """What happened to the rows of a change."""

    NOT_COMMENCED = "enacted, not yet in force"
    """Known (enacted or published) but in force on no date yet."""
    STARTED = "in force from"
    """In force from the change's day."""
    ENDED = "no longer in force from"
    """In force until the day before the change's day."""


@attrs.frozen
class RuleChange:
    """The rows of one rule table that came into force, or stopped, on one day.

    Attributes:
        day: The day of the change, or ``None`` for rows not yet commenced.
        kind: What happened to the rows.
        table: The rule table's name.
        keys: The rows' keys in words, in the table's order (each once).
        documents: The documents the rows cite, by publisher and title, in the table's
            order (each once); the rows' sections and pages are on the table's page.
        urls: Where each document can be read ("" where it cannot), beside ``documents``.
    """

    day: date | None
    kind: ChangeKind
    table: str
    keys: tuple[str, ...]
    documents: tuple[str, ...]
    urls: tuple[str, ...]


def _events(row: Any) -> list[tuple[date | None, ChangeKind]]:
    effective = row.effective
    if not effective.commenced:
        return [(None, ChangeKind.NOT_COMMENCED)]
    out: list[tuple[date | None, ChangeKind]] = []
    # A row in force since a date no source states has no day to list.
    if effective.start_known:
        out.append((effective.start, ChangeKind.STARTED))
    if effective.until is not None:
        out.append((effective.until, ChangeKind.ENDED))
    return out


def _document(source: Source) -> str:
    return f"{source.publisher}: {source.title}" if source.publisher else source.title


def _sort_key(change: RuleChange) -> tuple[bool, int, int, str]:
    """Not commenced first, then newest first; on one day what ended before what started."""
    ordinal = change.day.toordinal() if change.day else 0
    order = (ChangeKind.NOT_COMMENCED, ChangeKind.ENDED, ChangeKind.STARTED)
    return (change.day is not None, -ordinal, order.index(change.kind), change.table)


def rule_changes(tables: Iterable[RuleTable[Any, Any]]) -> tuple[RuleChange, ...]:
    """Every change the tables' rows record, not commenced first, then newest first.

    A row in force since a date no source states
    (:meth:`~cpa_core.provenance.Effective.unknown_start`) records no start.
    """
    grouped: dict[tuple[date | None, ChangeKind, str], list[Any]] = {}
    for table in tables:
        for row in table.rows:
            for day, kind in _events(row):
                grouped.setdefault((day, kind, table.name), []).append((table, row))
    out = []
    for (day, kind, name), members in grouped.items():
        keys = dict.fromkeys(words(table.key_of(row)) for table, row in members)
        documents: dict[str, str] = {}
        for _, row in members:
            documents.setdefault(_document(row.source), row.source.url)
        out.append(
            RuleChange(
                day=day,
                kind=kind,
                table=name,
                keys=tuple(keys),
                documents=tuple(documents),
                urls=tuple(documents.values()),
            )
        )
    return tuple(sorted(out, key=_sort_key))
