"""Rule tables in words, as CSV and JSON, and on a page to print (cpa_core.rule_export)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

from cpa_core import registry, rule_export
from cpa_core.exceptions import CpaCoreError, InvalidRecordError
from cpa_core.mha import Section
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source
from cpa_core.retention import RecordClass
from cpa_core.statutory_time import COUNTING_KINDS, counting_kind, describe_period

TABLES = registry.rule_tables()
NOT_VERIFIED_LABELS = {
    Source("x", evidence=Evidence.SECONDARY).evidence_label,
    Source("x", evidence=Evidence.UNVERIFIED).evidence_label,
}


def _table(name: str) -> RuleTable[Any, Any]:
    return next(t for t in TABLES if t.name == name)


def _row_view(table: RuleTable[Any, Any], key: object, regime_words: str = "") -> Any:
    shown = rule_export.view(table)
    for row, seen in zip(table.rows, shown.rows, strict=True):
        if table.key_of(row) == key and (not regime_words or regime_words in seen.cells):
            return seen
    raise LookupError(key)


# --- words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        ((), "—"),
        (True, "yes"),
        (False, "no"),
        (date(2026, 12, 6), "2026-12-06"),
        (timedelta(hours=72), "72 hours"),
        (timedelta(days=28), "28 days"),
        (18.0, "18"),
        (2.5, "2.5"),
        ((6, 6, 12), "6, 6, 12"),
        (Section.S5_2, "s5(2)"),
        (Evidence.SECONDARY, "secondary source"),
        (RecordClass.FOI_REQUEST, "FOI request"),
    ],
)
def test_values_in_words(value: object, expected: str) -> None:
    assert rule_export.words(value) == expected


def test_codes_read_as_the_act_writes_them() -> None:
    table = _table("MHA managers' references")
    kinds = {rule_export.words(table.key_of(row)) for row in table.rows}
    # "s68-1-a" is section 68(1)(a); no hyphenated code is left.
    assert "s68(1)(a)" in kinds
    assert "s68(6)" in kinds
    assert not any("-" in kind for kind in kinds)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("overall_limit_days", "Overall limit (days)"),
        ("part4", "Part 4"),
        ("s117", "s117"),
        ("anchor_event", "Anchor event"),
        ("target_percent", "Target (%)"),
        ("awol", "AWOL"),
        ("applicable_day", "Applicable day"),
    ],
)
def test_headings_in_words(name: str, label: str) -> None:
    assert rule_export.humanise(name) == label


def test_a_heading_names_a_unit_only_for_a_number() -> None:
    headings = {c.name: c.label for c in rule_export.view(_table("competency HCPC cycles")).columns}
    assert headings["odd_years"] == "Odd years"  # a yes/no, not a number of years


def test_docstring_text_reads_without_markup() -> None:
    text = "How it is counted (see :class:`~cpa_core.mha.Anchor`), ``None`` when not stated."
    assert rule_export.plain_text(text) == "How it is counted (see Anchor), None when not stated."


# --- periods ---------------------------------------------------------------------------------


def test_every_counting_code_in_the_rules_has_words() -> None:
    """Each enum a row counts a period with is valued with statutory_time's kinds (or says
    the period is not stated), and a row's own unit agrees with its kind's."""
    for table in TABLES:
        shown = rule_export.view(table)
        period = next((c for c in shown.columns if len(c.fields) > 1), None)
        if period is None:
            continue
        counting = period.fields[0]
        for row in table.rows:
            code = str(getattr(row, counting).value)
            kind = counting_kind(code)
            assert kind is not None or code == "not-stated", (table.name, code)
            if kind is not None and "unit" in period.fields:
                assert f"{kind.unit}s" == str(row.unit.value), (table.name, code)


def test_sections_read_as_periods_in_words() -> None:
    sections = _table("MHA sections")
    assert _row_view(sections, Section.S2, "MHA 1983").cells[3] == (
        "28 days beginning with the day of admission"
    )
    s4 = _row_view(sections, Section.S4, "MHA 1983")
    assert "72 hours from the time the patient is admitted to the hospital" in s4.cells
    s3 = _row_view(sections, Section.S3, "MHA 1983")
    assert (
        "6 months beginning with the day of admission; then 6 months; then 12 months at a time"
        in s3.cells
    )
    headings = [c.label for c in rule_export.view(sections).columns]
    # The three attributes the period is made of are one column, where the first stood.
    assert "Period" in headings
    assert "Anchor" not in headings
    assert "Anchor event" not in headings


def test_describe_period_refuses_a_code_that_is_no_kind() -> None:
    assert describe_period("months-beginning-with", 1, "the day of the order") == (
        "1 month beginning with the day of the order"
    )
    assert COUNTING_KINDS[0].describe(28) == "28 days (days beginning with a day)"
    with pytest.raises(CpaCoreError):
        describe_period("fortnights", 2)


# --- a row's standing ------------------------------------------------------------------------


def test_one_evidence_label_per_row_agrees_with_verified() -> None:
    """A row that says it is not verified is labelled as a secondary source or an unverified
    default, never with a verified publisher's kind, and a verified row never so."""
    for table in TABLES:
        for row, seen in zip(table.rows, rule_export.view(table).rows, strict=True):
            claimed = getattr(row, "verified", row.source.verified)
            assert seen.verified is bool(claimed), (table.name, seen.key)
            assert (seen.evidence not in NOT_VERIFIED_LABELS) is bool(claimed), (
                table.name,
                seen.key,
            )


def test_a_row_weaker_than_its_source_is_graded_down() -> None:
    # MHA sections whose anchor is not verified cite the verified Act for their periods.
    mixed = [
        (table, row)
        for table in TABLES
        for row in table.rows
        if row.source.verified and getattr(row, "verified", True) is False
    ]
    assert any(table.name == "MHA sections" for table, _ in mixed)
    for _, row in mixed:
        graded = rule_export.row_evidence(row)
        assert not graded.verified
        assert graded.evidence_label in NOT_VERIFIED_LABELS
        # Only the grade changes: the row still cites its own source.
        assert attrs.evolve(graded, evidence=row.source.evidence) == row.source


def test_last_checked_is_said_or_not_recorded() -> None:
    @attrs.frozen(kw_only=True)
    class Row(RuleRow):
        code: str

    checked = Source("Act", url="https://www.legislation.gov.uk/x", checked=date(2026, 12, 6))
    table = RuleTable(
        "checks",
        (
            Row(code="a", source=checked, effective=Effective(date(2020, 1, 1))),
            Row(code="b", source=Source("Act"), effective=Effective(None)),
        ),
        key=lambda r: r.code,
    )
    first, second = rule_export.view(table).rows
    assert (first.last_checked, second.last_checked) == ("2026-12-06", "not recorded")
    assert (first.in_force, second.in_force) == ("from 2020-01-01", "not commenced")
    assert first.url == "https://www.legislation.gov.uk/x"


def test_the_layout_follows_the_number_of_columns() -> None:
    for table in TABLES:
        shown = rule_export.view(table)
        wide = len(shown.columns) > rule_export.MAX_TABLE_COLUMNS
        assert shown.layout == ("cards" if wide else "table"), table.name
    assert rule_export.view(_table("MHA sections")).layout == "cards"
    assert rule_export.view(_table("review intervals")).layout == "table"


def test_chosen_columns_are_checked() -> None:
    with pytest.raises(CpaCoreError, match="no attribute"):
        rule_export.view(_table("review intervals"), ["months", "weeks"])
    chosen = rule_export.view(_table("retention schedule"), ["record_class", "period"])
    assert [c.label for c in chosen.columns] == ["Record class", "Period"]
    assert all(len(row.cells) == 2 for row in chosen.rows)


# --- CSV and JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_a_csv_reads_back_into_its_rows(table: RuleTable[Any, Any]) -> None:
    text = rule_export.to_csv(table)
    assert rule_export.read_csv(text, type(table.rows[0])) == tuple(table.rows)


def test_a_csv_holds_values_a_spreadsheet_shows() -> None:
    text = rule_export.to_csv(_table("MHA sections"))
    records = list(csv.DictReader(io.StringIO(text)))
    s2 = next(r for r in records if r["section"] == "s2" and r["regime"] == "mha-1983")
    assert s2["anchor"] == "days-beginning-with"
    assert s2["periods"] == "[28]"
    assert s2["overall_limit_days"] == ""  # missing
    assert s2["effective.start"] == "1983-09-30"
    assert s2["source.url"].startswith("https://www.legislation.gov.uk/")
    assert s2["evidence"] == "statute"
    assert s2["in_force"] == "from 1983-09-30"


def test_a_changed_cell_reads_back_changed() -> None:
    table = _table("review intervals")
    text = rule_export.to_csv(table)
    records = list(csv.reader(io.StringIO(text)))
    months = records[0].index("months")
    records[1][months] = str(int(records[1][months]) + 1)
    out = io.StringIO()
    csv.writer(out).writerows(records)
    first = rule_export.read_csv(out.getvalue(), type(table.rows[0]))[0]
    assert first.months == table.rows[0].months + 1


def test_a_bad_csv_is_refused_without_repeating_it() -> None:
    row_class = type(_table("review intervals").rows[0])
    header = ",".join(rule_export.csv_columns(row_class))
    with pytest.raises(CpaCoreError) as unknown:
        rule_export.read_csv("approach,9434765919\n", row_class)
    assert "9434765919" not in str(unknown.value)
    assert "column 2" in str(unknown.value)
    bad_number = rule_export.to_csv(_table("review intervals")).replace(",12,", ",twelve,", 1)
    with pytest.raises(CpaCoreError, match="months is not JSON"):
        rule_export.read_csv(bad_number, row_class)
    with pytest.raises(CpaCoreError, match="cells for"):
        rule_export.read_csv(f"{header}\ncpa\n", row_class)
    # The JSON text "12", a string where the column holds a number.
    wrong_type = rule_export.to_csv(_table("review intervals")).replace(",12,", ',"""12""",', 1)
    with pytest.raises(InvalidRecordError):
        rule_export.read_csv(wrong_type, row_class)


def test_the_json_holds_words_and_values_that_read_back() -> None:
    from cpa_core.convert import structure

    document = rule_export.to_json(TABLES)
    assert [t["name"] for t in document["tables"]] == [t.name for t in TABLES]
    for table, written in zip(TABLES, document["tables"], strict=True):
        row_class = type(table.rows[0])
        back = tuple(structure(r["row"], row_class) for r in written["rows"])
        assert back == tuple(table.rows), table.name
        json.dumps(written)  # plain JSON all through
    sections = next(t for t in document["tables"] if t["name"] == "MHA sections")
    assert sections["csv"] == "mha-sections.csv"
    assert sections["layout"] == "cards"
    assert any("28 days beginning with" in r["words"]["period_in_words"] for r in sections["rows"])


def test_write_all_writes_every_table_once(tmp_path: Path) -> None:
    written = rule_export.write_all(tmp_path / "out")
    names = [p.name for p in written]
    assert names[-2:] == [rule_export.JSON_NAME, rule_export.PAGE_NAME]
    csvs = names[:-2]
    assert len(csvs) == len(set(csvs)) == len(TABLES)
    first = (tmp_path / "out" / csvs[0]).read_bytes()
    assert first.startswith(b"\xef\xbb\xbf")  # a byte order mark: spreadsheets read UTF-8
    page = (tmp_path / "out" / rule_export.PAGE_NAME).read_text()
    for table in TABLES:
        assert f'href="{rule_export.file_stem(table)}.csv"' in page
    # Every counting kind is explained on the page.
    assert all(kind.meaning in page for kind in COUNTING_KINDS)


def test_two_tables_may_not_share_a_file(tmp_path: Path) -> None:
    first = _table("review intervals")
    twin = RuleTable("Review Intervals", tuple(first.rows), key=first.key_of)
    with pytest.raises(CpaCoreError, match="share the file name"):
        rule_export.write_all(tmp_path, [first, twin])
    assert not any(tmp_path.iterdir())


def test_an_empty_table_has_no_csv() -> None:
    empty: RuleTable[str, Any] = RuleTable("nothing yet", (), key=lambda r: r)
    assert rule_export.view(empty).rows == ()
    with pytest.raises(CpaCoreError, match="no rows"):
        rule_export.to_csv(empty)


def test_without_chromium_no_pdf_is_pretended(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    with pytest.raises(CpaCoreError, match="could not print"):
        rule_export.write_pdf(page, tmp_path / "out.pdf", browser=str(tmp_path / "no-browser"))
    assert not (tmp_path / "out.pdf").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_citation_leaves_the_grade_and_the_check_to_their_own_lines() -> None:
    checked = Source(
        "An Act", publisher="legislation.gov.uk", locator="s2", checked=date(2026, 12, 1)
    )
    assert "checked" in checked.cite()
    assert rule_export.citation(checked) == "legislation.gov.uk: An Act, s2"
    secondary = attrs.evolve(checked, evidence=Evidence.SECONDARY, secondary_reason="a mirror")
    assert rule_export.citation(secondary) == "legislation.gov.uk: An Act, s2"
