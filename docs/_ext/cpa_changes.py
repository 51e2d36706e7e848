"""The history of the rules, rendered from :func:`cpa_core.rule_export.rule_changes`.

Directive ``rule-changes AREA``: the changes the area's rule tables record, newest first,
as a table of the day, what happened, the rule table (linked to where it is rendered), its
rows and the documents they cite. Rows enacted but not yet in force come first. The rows'
``Effective`` ranges are the one source, so the page cannot drift from the code.
"""

from __future__ import annotations

from cpa_docs import DASH, RULE_TABLE, Cell, CpaDomain, _CpaDirective, _link_or_text, build_table
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

__all__ = ["RuleChangesDirective", "setup"]


def _table_link(name: str) -> addnodes.pending_xref:
    """A link to the rule table where a page renders it (every registry table is)."""
    ref = addnodes.pending_xref(
        "", refdomain=CpaDomain.name, reftype=RULE_TABLE, reftarget=name, refexplicit=True
    )
    ref += nodes.Text(name)
    return ref


def _documents(names: tuple[str, ...], urls: tuple[str, ...]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, (name, url) in enumerate(zip(names, urls, strict=True)):
        if index:
            out.append(nodes.Text("; "))
        out.append(_link_or_text(name, url))
    return out


class RuleChangesDirective(_CpaDirective):
    """``.. rule-changes:: AREA`` — the changes in law and policy an area's rules record."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import registry, rule_export  # noqa: PLC0415 - after conf.py's sys.path
        from cpa_core.exceptions import UnknownCodeError  # noqa: PLC0415

        try:
            area = registry.domain(self.arguments[0].strip())
        except UnknownCodeError as exc:
            return [self.fail(str(exc))]
        changes = rule_export.rule_changes(area.rule_tables)
        if not changes:
            text = f"No rule table of {area.title} records a dated change."
            return [nodes.paragraph(text, text)]
        body: list[list[Cell]] = [
            [
                change.day.isoformat() if change.day else DASH,
                change.kind.value,
                _table_link(change.table),
                ", ".join(change.keys),
                _documents(change.documents, change.urls),
            ]
            for change in changes
        ]
        return [
            build_table(
                ["Date", "Change", "Rule table", "Rows", "Documents cited"],
                body,
                widths=[3, 3, 4, 5, 6],
                # Fixed to these widths by the page's style, as a rule table is.
                classes=["cpa-rule-changes", "colwidths-given"],
            )
        ]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directive."""
    app.setup_extension("cpa_docs")
    app.add_directive("rule-changes", RuleChangesDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
