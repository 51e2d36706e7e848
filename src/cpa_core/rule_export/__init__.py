"""Rule tables for people: in words, as CSV and JSON, and on a page to print.

The docs render every rule table from the code; this package is what they render with, so
a policy team can have the same from Python::

    from cpa_core import rule_export
    rule_export.write_all("rule-tables")  # a CSV per table, rule-tables.json, rule-tables.html

* :func:`view` turns a :class:`~cpa_core.provenance.RuleTable` into headings and cells in
  words, with each row's standing: in force, evidence, source, last checked.
* :func:`to_csv` and :func:`read_csv` write a table as CSV and read it back into the same
  rows; :func:`to_json` writes every table as one document.
* :func:`rule_changes` reads the history of the rules from the rows' dates in force: what
  came into force or stopped, and when.
* :func:`print_page` lays every table out on one page for A4, and :func:`write_all` writes
  all of these into a folder; :func:`write_pdf` prints the page to PDF with headless
  Chromium, where it is installed.
"""

from __future__ import annotations

from cpa_core.rule_export._changes import ChangeKind, RuleChange, rule_changes
from cpa_core.rule_export._files import (
    JSON_NAME,
    PAGE_NAME,
    csv_columns,
    read_csv,
    to_csv,
    to_json,
    write_all,
)
from cpa_core.rule_export._page import evidence_labels, print_page
from cpa_core.rule_export._pdf import CHROMIUM_FLAGS, PDF_NAME, find_chromium, write_pdf
from cpa_core.rule_export._view import (
    MAX_TABLE_COLUMNS,
    Column,
    Layout,
    RowView,
    TableView,
    citation,
    file_stem,
    period_words,
    row_evidence,
    view,
)
from cpa_core.rule_export._words import (
    DASH,
    enum_words,
    evidence_words,
    humanise,
    plain_text,
    words,
)

__all__ = [
    "CHROMIUM_FLAGS",
    "DASH",
    "JSON_NAME",
    "MAX_TABLE_COLUMNS",
    "PAGE_NAME",
    "PDF_NAME",
    "ChangeKind",
    "Column",
    "Layout",
    "RowView",
    "RuleChange",
    "TableView",
    "citation",
    "csv_columns",
    "enum_words",
    "evidence_labels",
    "evidence_words",
    "file_stem",
    "find_chromium",
    "humanise",
    "period_words",
    "plain_text",
    "print_page",
    "read_csv",
    "row_evidence",
    "rule_changes",
    "to_csv",
    "to_json",
    "view",
    "words",
    "write_all",
    "write_pdf",
]
