"""The clinical safety hazard log, rendered from :func:`cpa_core.safety.hazards`.

Directive ``hazard-log``: every hazard under a rubric of its id and title, with its areas,
causes, effect, harm, the controls in the library (where each lives and the tests that
verify it) and what passes to the Trust. The data file is the one source; this page and the
test that every named test exists both read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from cpa_docs import _CpaDirective
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import make_id
from sphinx.util.typing import ExtensionMetadata

__all__ = ["HazardLogDirective", "setup"]


def _para(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, text)


def _literals(items: Iterable[str]) -> nodes.paragraph:
    out = nodes.paragraph()
    for index, item in enumerate(items):
        if index:
            out += nodes.Text(", ")
        out += nodes.literal(item, item)
    return out


def _bullets(items: Iterable[nodes.Node]) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for item in items:
        listing += nodes.list_item("", item)
    return listing


def _field(term: str, *body: nodes.Node) -> nodes.definition_list_item:
    return nodes.definition_list_item("", nodes.term(term, term), nodes.definition("", *body))


class HazardLogDirective(_CpaDirective):
    """``.. hazard-log::`` — every hazard of cpa_core's hazard log."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import safety  # noqa: PLC0415 - imported after conf.py set sys.path

        self.env.note_dependency(str(resources.files("cpa_core").joinpath(safety.DATA_FILE)))
        out: list[nodes.Node] = []
        for hazard in safety.hazards():
            heading = f"{hazard.id}: {hazard.title}"
            rubric = nodes.rubric(heading, heading, classes=["cpa-hazard"])
            node_id = make_id(self.env, self.state.document, "hazard", hazard.id)
            rubric["ids"].append(node_id)
            self.state.document.ids[node_id] = rubric
            fields = nodes.definition_list(classes=["cpa-hazard-fields"])
            fields += _field("Areas", _literals(hazard.areas))
            fields += _field("Causes", _bullets(_para(c) for c in hazard.causes))
            fields += _field("Effect", _para(hazard.effect))
            fields += _field("Possible harm", _para(hazard.harm))
            controls = nodes.enumerated_list()
            for control in hazard.controls:
                tests = _bullets(
                    nodes.paragraph("", "", nodes.literal(t, t)) for t in control.tests
                )
                where = nodes.paragraph("", "", nodes.emphasis("Where: ", "Where: "))
                where.extend(_literals(control.where).children)
                verified = nodes.paragraph("", "", nodes.emphasis("Verified by: ", "Verified by: "))
                controls += nodes.list_item("", _para(control.control), where, verified, tests)
            fields += _field("Controls in cpa_core", controls)
            trust = (
                _bullets(_para(a) for a in hazard.for_the_trust)
                if hazard.for_the_trust
                else _para("Nothing beyond the controls above.")
            )
            fields += _field("For the Trust", trust)
            out.extend([rubric, fields])
        return out


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directive."""
    app.setup_extension("cpa_docs")
    app.add_directive("hazard-log", HazardLogDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
