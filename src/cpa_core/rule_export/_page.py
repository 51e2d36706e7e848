"""Every rule table on one page, for reading on paper and signing off.

The page is one self-contained HTML file (its style inline, no script, nothing fetched),
laid out for A4: tables that fit, a card per row where a table has more columns than fit,
and every row's standing (in force, evidence, source, last checked) always shown. Print it
from a browser, or to PDF with headless Chromium.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cpa_core import html
from cpa_core.provenance import RuleTable
from cpa_core.rule_export._view import TableView, view
from cpa_core.rule_export._words import plain_text
from cpa_core.statutory_time import COUNTING_KINDS

if TYPE_CHECKING:
    import jinja2

__all__ = ["evidence_labels", "print_page"]

_TEMPLATES = "templates/rules"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = html.environment(_TEMPLATES)
    environment.filters["plain"] = plain_text
    return environment


def evidence_labels(views: Sequence[TableView]) -> list[tuple[str, bool]]:
    """Each evidence label the rows use, with whether it marks a verified row, verified
    labels first."""
    seen: dict[str, bool] = {}
    for table in views:
        for row in table.rows:
            seen.setdefault(row.evidence, row.verified)
    return sorted(seen.items(), key=lambda item: (not item[1], item[0]))


def print_page(tables: Sequence[RuleTable[Any, Any]], title: str = "cpa_core rule tables") -> str:
    """The HTML of the page that shows every table of ``tables``."""
    from cpa_core import __version__  # noqa: PLC0415 - the package imports this module

    views = [view(table) for table in tables]
    template = _environment().get_template("rule-tables.html.j2")
    return template.render(
        title=title,
        version=__version__,
        tables=views,
        labels=evidence_labels(views),
        counting=COUNTING_KINDS,
    )
