"""The built site holds what the docs build promises a policy team: a CSV for every rule
table a page links (and for every table of the registry), the set as JSON, the page to
print, the changes page and the hazard log.

Runs in ``nox -s docs`` after the build, on ``docs/_build/html`` (or the folder in
``CPA_CORE_DOCS_HTML``). A missing build is a failure, not a skip: without it nothing here
is shown.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from cpa_core import registry, rule_export, safety

DOCS = Path(__file__).resolve().parent
HTML = Path(os.environ.get("CPA_CORE_DOCS_HTML", DOCS / "_build" / "html"))
DOWNLOADS = HTML / "rule-tables"

if not (HTML / "index.html").is_file():
    pytest.fail(f"no built docs in {HTML}: run nox -s docs (or sphinx-build first)", pytrace=False)

_LINK = re.compile(r'href="((?:\.\./)*rule-tables/[^"#]+)"')


def _pages() -> list[Path]:
    return sorted(p for p in HTML.rglob("*.html") if "_modules" not in p.parts)


def test_every_download_a_page_links_exists() -> None:
    linked = 0
    for page in _pages():
        for target in _LINK.findall(page.read_text("utf-8")):
            linked += 1
            assert (page.parent / target).resolve().is_file(), (page.name, target)
    assert linked >= len(registry.rule_tables())


def test_every_rule_table_has_its_csv_and_is_in_the_json() -> None:
    document = json.loads((DOWNLOADS / rule_export.JSON_NAME).read_text("utf-8"))
    in_json = {table["name"] for table in document["tables"]}
    for table in registry.rule_tables():
        assert (DOWNLOADS / f"{rule_export.file_stem(table)}.csv").is_file(), table.name
        assert table.name in in_json
    page = (DOWNLOADS / rule_export.PAGE_NAME).read_text("utf-8")
    assert all(f"{rule_export.file_stem(t)}.csv" in page for t in registry.rule_tables())


def test_the_changes_page_lists_every_change() -> None:
    page = (HTML / "changes.html").read_text("utf-8")
    for change in rule_export.rule_changes(registry.rule_tables()):
        if change.day is not None:
            assert change.day.isoformat() in page


def test_the_hazard_log_shows_every_hazard_and_test() -> None:
    page = (HTML / "hazard-log.html").read_text("utf-8")
    for hazard in safety.hazards():
        assert hazard.id in page
        for control in hazard.controls:
            assert all(test in page for test in control.tests), hazard.id
