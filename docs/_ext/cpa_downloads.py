"""The rule tables' downloads, written into the built site when the HTML is built.

Into ``rule-tables/`` of the output (:data:`cpa_docs.DOWNLOADS`), by
:func:`cpa_core.rule_export.write_all`: a CSV per rule table (every table of the registry,
and every other table a page renders, so that each rendered table's link works), the whole
set as one JSON file, and the page of every table laid out for A4. Where headless Chromium
is installed (``.ci/run`` installs it in CI) the page is printed to PDF too
(:func:`cpa_core.rule_export.write_pdf`, a few seconds); where it is not, the build says so
and links no PDF. A failure to print is a warning, so ``-W`` fails the build.

Directive ``rule-downloads`` lists the set's files (the JSON, the page, the PDF) for the
rules page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cpa_docs import DOWNLOADS, CpaDomain, _CpaDirective, download_uri, import_dotted
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

__all__ = ["RuleDownloadsDirective", "setup", "write_downloads"]

logger = logging.getLogger(__name__)


def _tables(app: Sphinx) -> list[Any]:
    """The registry's tables, then any other table a page renders, each once."""
    from cpa_core import registry  # noqa: PLC0415 - imported after conf.py set sys.path

    tables = list(registry.rule_tables())
    domain = app.env.get_domain(CpaDomain.name)
    assert isinstance(domain, CpaDomain)
    for path in domain.exported():
        table = import_dotted(path)
        if not any(table is known for known in tables):
            tables.append(table)
    return tables


def write_downloads(app: Sphinx, exception: BaseException | None) -> None:
    """Write the downloads after a successful HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    from cpa_core import rule_export  # noqa: PLC0415
    from cpa_core.exceptions import CpaCoreError  # noqa: PLC0415

    folder = Path(app.outdir) / DOWNLOADS
    written = rule_export.write_all(folder, _tables(app))
    logger.info("rule tables: wrote %d files into %s", len(written), folder)
    if rule_export.find_chromium() is None:
        logger.info("rule tables: no headless Chromium here, so no PDF")
        return
    try:
        pdf = rule_export.write_pdf(folder / rule_export.PAGE_NAME, folder / rule_export.PDF_NAME)
    except CpaCoreError as exc:
        logger.warning("rule tables: %s", exc)
        return
    logger.info("rule tables: printed %s", pdf)


def _link(docname: str, name: str, what: str) -> nodes.list_item:
    link = nodes.reference(name, name, refuri=download_uri(docname, name), internal=False)
    return nodes.list_item("", nodes.paragraph("", "", nodes.Text(f"{what}: "), link))


class RuleDownloadsDirective(_CpaDirective):
    """``.. rule-downloads::`` — links to the whole set: JSON, the page to print, the PDF."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import rule_export  # noqa: PLC0415

        docname = self.env.docname
        items = nodes.bullet_list()
        items += _link(docname, rule_export.JSON_NAME, "Every rule table as one JSON file")
        items += _link(docname, rule_export.PAGE_NAME, "Every rule table on one page to print")
        if rule_export.find_chromium() is not None:
            items += _link(docname, rule_export.PDF_NAME, "The same page as a PDF (A4)")
        return [items]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directive and the writer of the downloads."""
    app.setup_extension("cpa_docs")
    app.add_directive("rule-downloads", RuleDownloadsDirective)
    app.connect("build-finished", write_downloads)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
