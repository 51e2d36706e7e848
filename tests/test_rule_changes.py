"""The history of the rules read from the rows' dates in force (rule_export.rule_changes)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import attrs

from cpa_core import registry, rule_export
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source
from cpa_core.rule_export import ChangeKind

DOCS = Path(__file__).resolve().parents[1] / "docs"
ACT = Source("An Act", publisher="legislation.gov.uk", url="https://www.legislation.gov.uk/x")
GUIDE = Source("A guide", publisher="NHS England", url="https://www.england.nhs.uk/y")


@attrs.frozen(kw_only=True)
class _Row(RuleRow):
    code: str
    days: int


def _table() -> RuleTable[str, _Row]:
    rows = (
        # 28 days, replaced by 21 on 1 April 2024; 14 days enacted, not commenced.
        _Row(
            code="a", days=28, source=ACT, effective=Effective(date(2008, 11, 3), date(2024, 4, 1))
        ),
        _Row(code="a", days=21, source=ACT, effective=Effective(date(2024, 4, 1))),
        _Row(code="a", days=14, source=GUIDE, effective=Effective(None)),
        _Row(code="b", days=7, source=GUIDE, effective=Effective(date(2008, 11, 3))),
        _Row(code="c", days=1, source=GUIDE, effective=Effective.unknown_start()),
    )
    return RuleTable("periods", rows, key=lambda row: row.code)


def test_changes_are_read_from_the_rows_dates() -> None:
    found = [(c.day, c.kind, c.keys, c.documents) for c in rule_export.rule_changes([_table()])]
    assert found == [
        (None, ChangeKind.NOT_COMMENCED, ("a",), ("NHS England: A guide",)),
        # On one day, what stopped comes before what replaced it.
        (date(2024, 4, 1), ChangeKind.ENDED, ("a",), ("legislation.gov.uk: An Act",)),
        (date(2024, 4, 1), ChangeKind.STARTED, ("a",), ("legislation.gov.uk: An Act",)),
        # Rows of one table starting on one day are one change, each document once.
        (
            date(2008, 11, 3),
            ChangeKind.STARTED,
            ("a", "b"),
            ("legislation.gov.uk: An Act", "NHS England: A guide"),
        ),
    ]


def test_a_row_with_no_stated_start_is_no_change() -> None:
    changes = rule_export.rule_changes([_table()])
    assert all("c" not in change.keys for change in changes)


def test_each_document_keeps_its_address() -> None:
    first = rule_export.rule_changes([_table()])[-1]
    assert first.urls == (ACT.url, GUIDE.url)


def test_every_dated_row_of_the_registry_is_in_the_history() -> None:
    tables = registry.rule_tables()
    changes = rule_export.rule_changes(tables)
    listed = {(c.table, c.day, c.kind) for c in changes}
    for table in tables:
        for row in table.rows:
            if row.effective.start_known:
                assert (table.name, row.effective.start, ChangeKind.STARTED) in listed
            if row.effective.until is not None:
                assert (table.name, row.effective.until, ChangeKind.ENDED) in listed
    days = [c.day for c in changes if c.day is not None]
    assert days == sorted(days, reverse=True)


def test_the_changes_page_covers_every_area_with_rules() -> None:
    page = (DOCS / "changes.md").read_text("utf-8")
    shown = re.findall(r"```\{rule-changes\} (\S+)", page)
    assert sorted(shown) == sorted(d.name for d in registry.domains() if d.rule_tables)


def test_the_changelog_links_rule_changes_to_the_page() -> None:
    changelog = (DOCS.parent / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", (DOCS / "changes.md").read_text("utf-8"), re.M)
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    links = re.findall(r"\]\(docs/changes\.md(?:#([a-z0-9-]+))?\)", changelog)
    assert links
    assert set(links) - {""} <= anchors
