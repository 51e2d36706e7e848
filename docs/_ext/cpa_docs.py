"""Sphinx directives that render cpa_core's own data as tables at build time.

The docs never copy a rule, a code or a default by hand: each directive imports the object
the code uses and builds a docutils table from it, so a change in ``rules.py`` is a change
in the docs on the next build.

Directives:

``rule-table``
    One :class:`~cpa_core.provenance.RuleTable`, named by its dotted path. Option
    ``:columns:`` lists the row attributes to show, in order (default: every attrs field
    of the row class except ``source`` and ``effective``). The columns "In force",
    "Evidence" and "Source" are always appended.
``rule-tables``
    Every table of :func:`cpa_core.registry.rule_tables`, each under its own rubric.
``finding-codes``
    Every :class:`~cpa_core.findings.FindingCode` of
    :func:`cpa_core.registry.finding_codes`; option ``:area:`` keeps one area (``CARE``).
``policy-settings``
    Every setting of :class:`~cpa_core.policy.TrustPolicy`, section by section, with its
    type, default, description and the source of the default.
``record-kinds``
    Every record kind of :func:`cpa_core.registry.schema_kinds` with its model and schema
    file.
``cpa-automodules``
    Autodoc for every module of a set that follows the code: ``policy-sections`` or
    ``domains``.

Each rendered finding code and rule table is a link target: ``{finding}`RECORD-INVALID```
and ``{ruletable}`risk domains``` (by the table's name) link to it, and so do Python
references to the objects themselves (``:data:`RATING_ROSE```, or a rule row class). A code
or table rendered on several pages is linked where it is shown on its own or with its area
(``rule-table``, ``finding-codes :area:``) rather than in a listing of everything; option
``:no-index:`` keeps a rendering from being a target at all.

The extension also resolves references Sphinx cannot (names imported into the module that
mentions them, undocumented submodules of a documented package, type variables), keeps
napoleon from reading a sentence before a colon as a type, and drops ``Bases: object``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Sequence, Set, Sized
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Literal,
    NamedTuple,
    TypeAlias,
    TypeGuard,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import attrs
from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from docutils.utils import new_document
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id, make_refnode
from sphinx.util.parsing import nested_parse_to_nodes
from sphinx.util.typing import ExtensionMetadata

if TYPE_CHECKING:
    from cpa_core.provenance import RuleTable
    from cpa_core.rule_export import RowView, TableView

__all__ = [
    "AutomodulesDirective",
    "CountingKindsDirective",
    "FindingCodesDirective",
    "PolicySettingsDirective",
    "RecordKindsDirective",
    "RuleTableDirective",
    "RuleTablesDirective",
    "render_value",
    "setup",
]

DASH = "—"
"""Shown for a missing value (``None``, no source)."""

DOWNLOADS = "rule-tables"
"""The folder of the built site that holds the rule tables' downloads (CSV, JSON, the page
to print and its PDF), written by ``cpa_downloads`` when the HTML is built."""

FINDING = "finding"
"""Object type (and role) of a rendered finding code: ``{finding}`RECORD-INVALID```."""

RULE_TABLE = "ruletable"
"""Object type (and role) of a rendered rule table, by its name: ``{ruletable}`name```."""

EXPORTS = "exports"
"""The key of the domain's record of the rule tables each page renders."""

Cell: TypeAlias = str | nodes.Node | Sequence[nodes.Node]
"""A table cell: plain text, inline nodes (set in one paragraph), or block nodes."""


# -- Values --------------------------------------------------------------------------------


def render_value(value: object) -> str:
    """One value of a rule row or a default, in words (:func:`cpa_core.rule_export.words`)."""
    from cpa_core.rule_export import words  # noqa: PLC0415 - imported after conf.py set sys.path

    return words(value)


def _type_name(annotation: object) -> str:
    """An annotation as people read it: ``int``, ``str | None``, ``tuple[str, ...]``."""
    if isinstance(annotation, str):
        return annotation
    if annotation is None or annotation is type(None):
        return "None"
    if annotation is Ellipsis:
        return "..."
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in (Union, types.UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is Literal:
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if origin is not None and args:
        return f"{_type_name(origin)}[{', '.join(_type_name(a) for a in args)}]"
    if isinstance(annotation, type):
        return annotation.__qualname__
    return str(annotation).replace("typing.", "")


def _qualified_name(obj: type) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


# -- Nodes ---------------------------------------------------------------------------------


def _text(text: str) -> nodes.Text:
    return nodes.Text(text)


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _link_or_text(text: str, url: str) -> nodes.Node:
    if url:
        return nodes.reference(text, text, refuri=url, internal=False)
    return _text(text)


def _is_block(node: nodes.Node) -> bool:
    # Inline elements such as references are also docutils "Body" (General) nodes.
    return isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline | nodes.Text)


def _cell_body(cell: Cell) -> list[nodes.Node]:
    """The body of a table entry: block nodes as they are, inline content in a paragraph."""
    if isinstance(cell, str):
        return [nodes.paragraph(cell, cell)]
    parts = [cell] if isinstance(cell, nodes.Node) else list(cell)
    if parts and all(_is_block(part) for part in parts):
        return parts
    return [nodes.paragraph("", "", *parts)]


def _source_nodes(source: Any) -> list[nodes.Node]:
    """A source's citation, linked to its URL when it has one, and how well the fact is
    established in words ("statute", "secondary source"); a dash for no source."""
    from cpa_core.rule_export import citation  # noqa: PLC0415

    if source is None:
        return [_text(DASH)]
    return [_link_or_text(citation(source), source.url), _text(f" ({source.evidence_label})")]


def build_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str | None = None,
    widths: Sequence[int] | None = None,
    classes: Sequence[str] = (),
    row_classes: Callable[[int], Sequence[str]] | None = None,
) -> nodes.table:
    """A docutils table with a header row, built from cells of text or inline nodes.

    Args:
        headers: The column headings.
        rows: The body rows, each with one cell per heading.
        title: The table's caption, if any.
        widths: Relative column widths; equal when omitted.
        classes: Extra CSS classes of the table.
        row_classes: Extra CSS classes of a body row, given its index.
    """
    table = nodes.table("", classes=["cpa-table", *classes])
    if title:
        table += nodes.title(title, title)
    group = nodes.tgroup("", cols=len(headers))
    table += group
    for width in widths or [1] * len(headers):
        group += nodes.colspec("", colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for index, cells in enumerate(rows):
        if len(cells) != len(headers):
            raise ValueError(f"row {index} has {len(cells)} cells for {len(headers)} columns")
        row = _row(cells)
        if row_classes is not None:
            row["classes"].extend(row_classes(index))
        body += row
    return table


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry.extend(_cell_body(cell))
        row += entry
    return row


# -- Imports and dependencies --------------------------------------------------------------


def import_dotted(path: str) -> object:
    """The object at a dotted path: the longest importable module, then attributes.

    Raises:
        ImportError: No prefix of ``path`` is an importable module.
        AttributeError: The module has no such attribute.
    """
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        module_name = ".".join(parts[:split])
        try:
            obj: object = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # Only "this prefix is not a module" moves on; a missing dependency inside an
            # existing module is a real error.
            if exc.name is not None and module_name.startswith(exc.name):
                continue
            raise
        for attribute in parts[split:]:
            obj = getattr(obj, attribute)
        return obj
    raise ImportError(f"no importable module in {path!r}")


class _CpaDirective(SphinxDirective):
    """Shared behaviour: rebuild the page whenever a file of the package changes."""

    def note_package_dependencies(self) -> None:
        import cpa_core  # noqa: PLC0415 - imported at run time, after conf.py set sys.path

        root = Path(inspect.getfile(cpa_core)).parent
        for path in sorted(root.rglob("*.py")):
            self.env.note_dependency(str(path))

    def parse_rst(self, text: str) -> list[nodes.Node]:
        """Docstring text (reStructuredText, whatever the page's markup) as nodes.

        Roles such as ``:data:`` become cross-references like anywhere else; a single
        paragraph is returned as its inline content.
        """
        origin = f"<{self.name}>"
        document = new_document(origin, self.state.document.settings)
        RstParser().parse(text, document)
        path = str(self.env.doc2path(self.env.docname))
        for node in document.findall(nodes.Element):
            # Point any warning about the text (an unresolved reference) at this directive.
            if node.line is None or node.source in (None, origin):
                node.source, node.line = path, self.lineno
        children = [child for child in document.children if _is_block(child)]
        if len(children) == 1 and isinstance(children[0], nodes.paragraph):
            return list(children[0].children)
        return children

    def register_target(
        self, objtype: str, name: str, node: nodes.Element, *, preferred: bool
    ) -> None:
        """Make ``node`` a target of ``{finding}`CODE``` or ``{ruletable}`name```.

        References to the objects themselves (``:data:`RATING_ROSE```) resolve here too.
        A table or code may be rendered on several pages; references go to a ``preferred``
        rendering (one rule table on its area's page, one area's codes) before a listing
        of everything.
        """
        node_id = make_id(self.env, self.state.document, objtype, name)
        node["ids"].append(node_id)
        self.state.document.ids[node_id] = node
        self.domain().note_target(objtype, name, self.env.docname, node_id, preferred=preferred)

    def domain(self) -> CpaDomain:
        """The cpa domain of this build."""
        domain = self.env.get_domain(CpaDomain.name)
        assert isinstance(domain, CpaDomain)
        return domain

    def fail(self, message: str) -> nodes.Node:
        """An error where the directive stands (a warning, so ``-W`` fails the build)."""
        return self.state.document.reporter.error(f"{self.name}: {message}", line=self.lineno)


# -- rule-table and rule-tables ------------------------------------------------------------


def _is_rule_table(obj: object) -> TypeGuard[RuleTable[Any, Any]]:
    from cpa_core.provenance import RuleTable  # noqa: PLC0415

    return isinstance(obj, RuleTable)


def download_uri(docname: str, file_name: str) -> str:
    """The address of a file of :data:`DOWNLOADS` as seen from a page: relative, so that
    the built site works wherever it is put."""
    return "../" * docname.count("/") + f"{DOWNLOADS}/{file_name}"


def _standing_nodes(row: RowView) -> list[nodes.Node]:
    """A row's source and standing, one paragraph each, for a table cell."""
    out: list[nodes.Node] = [nodes.paragraph("", "", _link_or_text(row.citation, row.url))]
    evidence = f"{row.evidence} ({row.evidence_note})" if row.evidence_note else row.evidence
    for label, value in (
        ("In force", row.in_force),
        ("Evidence", evidence),
        ("Last checked", row.last_checked),
    ):
        out.append(nodes.paragraph("", "", nodes.strong(f"{label}: ", f"{label}: "), _text(value)))
    return out


def _rule_table_node(shown: TableView, title: str | None) -> nodes.table:
    """The narrow table: the value columns, then one column with the row's standing."""
    return build_table(
        [*(c.label for c in shown.columns), "Source and standing"],
        [[*row.cells, _standing_nodes(row)] for row in shown.rows],
        title=title,
        widths=[*([2] * len(shown.columns)), 3],
        # The HTML writer gives the columns these widths only with this class; the page's
        # style fixes the layout to them, so the table never grows past the text column.
        classes=["cpa-rule-table", "colwidths-given"],
        row_classes=lambda i: [] if shown.rows[i].verified else ["cpa-unverified"],
    )


def _item(term: str, value: str | nodes.Node) -> nodes.definition_list_item:
    body = nodes.paragraph("", "", _text(value) if isinstance(value, str) else value)
    return nodes.definition_list_item("", nodes.term(term, term), nodes.definition("", body))


def _rule_cards_node(shown: TableView, title: str | None) -> nodes.container:
    """A card per row: the row's key, then each heading and value, then its standing."""
    box = nodes.container(classes=["cpa-rule-cards"])
    if title:
        box += nodes.paragraph("", "", nodes.strong(title, title), classes=["cpa-caption"])
    for row in shown.rows:
        card = nodes.container(classes=["cpa-card", *([] if row.verified else ["cpa-unverified"])])
        card += nodes.paragraph("", "", nodes.strong(row.key, row.key), classes=["cpa-card-title"])
        fields = nodes.definition_list(classes=["cpa-card-fields"])
        for index, (column, cell) in enumerate(zip(shown.columns, row.cells, strict=True)):
            if index == 0 and cell == row.key:
                continue  # already the card's title
            fields += _item(column.label, cell)
        fields += _item("In force", row.in_force)
        fields += _item("Evidence", row.evidence)
        if row.evidence_note:
            fields += _item("Why secondary", row.evidence_note)
        fields += _item("Source", _link_or_text(row.citation, row.url))
        fields += _item("Last checked", row.last_checked)
        card += fields
        box += card
    return box


def _column_meanings(shown: TableView) -> list[nodes.Node]:
    """What each column holds (from the row class's docstring), folded away on screen."""
    from cpa_core.rule_export import plain_text  # noqa: PLC0415

    items = nodes.definition_list(classes=["cpa-column-meanings"])
    for column in shown.columns:
        if column.description:
            items += _item(column.label, plain_text(column.description))
    if not items.children:
        return []
    opening = '<details class="cpa-columns"><summary>What the columns mean</summary>'
    return [
        nodes.raw("", opening, format="html"),
        items,
        nodes.raw("", "</details>", format="html"),
    ]


def _csv_link(shown: TableView, docname: str) -> nodes.paragraph:
    name = f"{shown.file_stem}.csv"
    link = nodes.reference(name, name, refuri=download_uri(docname, name), internal=False)
    text = "Download this table for a spreadsheet: "
    return nodes.paragraph("", "", _text(text), link, classes=["cpa-download"])


def render_rule_table(
    table: RuleTable[Any, Any],
    columns: Sequence[str] | None = None,
    *,
    docname: str,
    with_title: bool = True,
) -> tuple[list[nodes.Node], nodes.Element | None]:
    """The nodes of one rule table: its description, the table or its cards (by
    ``cpa_core.rule_export.MAX_TABLE_COLUMNS``), the link to its CSV and what its
    columns mean.

    Returns:
        The nodes, and the node to link to (``None`` when the table has no rows).

    Raises:
        CpaCoreError: ``columns`` names an attribute the row class does not have.
    """
    from cpa_core.rule_export import view  # noqa: PLC0415

    shown = view(table, columns)
    out: list[nodes.Node] = []
    if table.description:
        out.append(nodes.paragraph(table.description, table.description))
    if not shown.rows:
        text = f"The table {table.name} has no rows yet."
        out.append(nodes.paragraph(text, text))
        return out, None
    title = table.name if with_title else None
    body: nodes.Element
    if shown.layout == "cards":
        body = _rule_cards_node(shown, title)
    else:
        body = _rule_table_node(shown, title)
    out.extend([body, _csv_link(shown, docname), *_column_meanings(shown)])
    return out, body


class RuleTableDirective(_CpaDirective):
    """``.. rule-table:: cpa_core.care.rules.REVIEW_INTERVALS`` — one rule table."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "columns": directives.unchanged_required,
        "no-index": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        from cpa_core.exceptions import CpaCoreError  # noqa: PLC0415

        self.note_package_dependencies()
        path = self.arguments[0].strip()
        try:
            table = import_dotted(path)
        except (ImportError, AttributeError) as exc:
            return [self.fail(f"cannot import {path!r}: {exc}")]
        if not _is_rule_table(table):
            kind = type(table).__name__
            return [self.fail(f"{path!r} is not a RuleTable (it is of type {kind})")]
        columns = None
        if "columns" in self.options:
            columns = [c.strip() for c in self.options["columns"].split(",") if c.strip()]
        try:
            out, target = render_rule_table(table, columns, docname=self.env.docname)
        except CpaCoreError as exc:
            return [self.fail(f"{path}: {exc}")]
        self.domain().note_export(self.env.docname, path)
        if target is not None and "no-index" not in self.options:
            self.register_target(RULE_TABLE, table.name, target, preferred=True)
        return out


class RuleTablesDirective(_CpaDirective):
    """``.. rule-tables::`` — every registered rule table, each under a rubric."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "no-index": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import registry  # noqa: PLC0415

        tables = registry.rule_tables()
        if not tables:
            text = "No domain rule tables are registered yet."
            return [nodes.paragraph(text, text)]
        out: list[nodes.Node] = []
        for table in tables:
            rubric = nodes.rubric(table.name, table.name)
            out.append(rubric)
            rendered, _ = render_rule_table(table, docname=self.env.docname, with_title=False)
            out.extend(rendered)
            if "no-index" not in self.options:
                self.register_target(RULE_TABLE, table.name, rubric, preferred=False)
        return out


class CountingKindsDirective(_CpaDirective):
    """``.. counting-kinds::`` — the legend of the ways a period is counted, from
    :data:`cpa_core.statutory_time.COUNTING_KINDS`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core.statutory_time import COUNTING_KINDS  # noqa: PLC0415

        # The code is what a downloaded CSV holds; the function that counts it is for
        # developers, on the module's own page.
        body: list[list[Cell]] = [
            [kind.name, _literal(kind.code), kind.meaning] for kind in COUNTING_KINDS
        ]
        table = build_table(
            ["Counting kind", "Code in the rules", "How it is counted"],
            body,
            widths=[2, 2, 5],
            classes=["cpa-counting-kinds"],
        )
        return [table]


# -- finding-codes -------------------------------------------------------------------------


class FindingCodesDirective(_CpaDirective):
    """``.. finding-codes::`` — the catalogue of finding codes; ``:area:`` filters."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "area": directives.unchanged_required,
        "no-index": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import registry  # noqa: PLC0415

        area = self.options.get("area", "").strip().upper() or None
        codes = [c for c in registry.finding_codes().values() if area in (None, c.area)]
        if not codes:
            where = f" in area {area}" if area else ""
            text = f"No finding codes are registered{where} yet."
            return [nodes.paragraph(text, text)]
        body: list[list[Cell]] = [
            [_literal(c.code), c.severity.value, c.summary, _source_nodes(c.source)] for c in codes
        ]
        table = build_table(
            ["Code", "Severity", "Summary", "Source"],
            body,
            widths=[3, 1, 5, 3],
            classes=["cpa-finding-codes"],
        )
        # One area's codes (on the area's page) are preferred to the full catalogue.
        if "no-index" not in self.options:
            body_rows = list(next(iter(table.findall(nodes.tbody))).children)
            for code, row in zip(codes, body_rows, strict=True):
                assert isinstance(row, nodes.Element)
                self.register_target(FINDING, code.code, row, preferred=area is not None)
        return [table]


# -- policy-settings -----------------------------------------------------------------------


def _default_text(field: attrs.Attribute[Any]) -> Cell:
    default = field.default
    if default is attrs.NOTHING:
        return "(required)"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return "(empty)"
    return _literal(repr(default) if default is None else render_value(default))


def _setting_source_cell(field: attrs.Attribute[Any]) -> Cell:
    from cpa_core.policy import setting_source  # noqa: PLC0415

    source = setting_source(field)
    if source is None:
        return DASH
    return _source_nodes(source)


def policy_rows(
    policy_class: type, parse: Callable[[str], Cell] = lambda text: text
) -> list[list[Cell]]:
    """One row per setting: path, type, default, description, source of the default.

    A field of ``policy_class`` whose type is an attrs class is a section, and its fields
    are the settings (``general.due_soon_days``); any other field is a setting itself.
    ``parse`` turns a description (reStructuredText, from a docstring) into a cell.
    """
    from cpa_core.schemas import field_descriptions  # noqa: PLC0415

    rows: list[list[Cell]] = []
    hints = get_type_hints(policy_class)
    top_docs = field_descriptions(policy_class)
    for section in attrs.fields(policy_class):
        section_type = hints.get(section.name, section.type)
        if isinstance(section_type, type) and attrs.has(section_type):
            section_hints = get_type_hints(section_type)
            docs = field_descriptions(section_type)
            for field in attrs.fields(section_type):
                path = f"{section.name}.{field.name}"
                rows.append(_setting_row(path, field, section_hints, docs, parse))
        else:
            rows.append(_setting_row(section.name, section, hints, top_docs, parse))
    return rows


def _setting_row(
    path: str,
    field: attrs.Attribute[Any],
    hints: dict[str, Any],
    docs: dict[str, str],
    parse: Callable[[str], Cell],
) -> list[Cell]:
    # The annotation as written ("str | None") when attrs kept it as a string.
    annotation = field.type if isinstance(field.type, str) else hints.get(field.name)
    description = docs.get(field.name)
    return [
        _literal(path),
        _literal(_type_name(annotation)),
        _default_text(field),
        parse(description) if description else DASH,
        _setting_source_cell(field),
    ]


class PolicySettingsDirective(_CpaDirective):
    """``.. policy-settings::`` — every TrustPolicy setting with its default and source."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core.policy import TrustPolicy  # noqa: PLC0415

        table = build_table(
            ["Setting", "Type", "Default", "Description", "Source of the default"],
            policy_rows(TrustPolicy, self.parse_rst),
            widths=[3, 2, 1, 5, 4],
            classes=["cpa-policy-settings"],
        )
        return [table]


# -- record-kinds --------------------------------------------------------------------------


class RecordKindsDirective(_CpaDirective):
    """``.. record-kinds::`` — every record kind with its model and schema file."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        from cpa_core import registry  # noqa: PLC0415

        body: list[list[Cell]] = [
            [
                _literal(kind),
                _literal(_qualified_name(model)),
                description or DASH,
                _literal(f"{kind}.schema.json"),
            ]
            for kind, model, description in registry.schema_kinds()
        ]
        table = build_table(
            ["Kind", "Model", "Description", "Schema file"],
            body,
            widths=[2, 3, 5, 3],
            classes=["cpa-record-kinds"],
        )
        return [table]


# -- cpa-automodules ----------------------------------------------------------------------


def policy_section_modules() -> list[str]:
    """The modules of TrustPolicy's section classes that live outside ``cpa_core.policy``."""
    from cpa_core.policy import TrustPolicy  # noqa: PLC0415

    out: list[str] = []
    hints = get_type_hints(TrustPolicy)
    for field in attrs.fields(TrustPolicy):
        section = hints.get(field.name)
        if isinstance(section, type) and attrs.has(section):
            module = section.__module__
            if module != "cpa_core.policy" and module not in out:
                out.append(module)
    return out


def domain_modules() -> list[str]:
    """The packages of the registry's domains that hold records, in registry order.

    A domain with no record kinds (the MHSDS reader) is documented on its own page.
    """
    from cpa_core import registry  # noqa: PLC0415

    return [f"cpa_core.{d.name}" for d in registry.domains() if d.record_kinds]


_MODULE_SETS: dict[str, Callable[[], list[str]]] = {
    "policy-sections": policy_section_modules,
    "domains": domain_modules,
}


class AutomodulesDirective(_CpaDirective):
    """``.. cpa-automodules:: policy-sections`` — autodoc every module of a set.

    The sets follow the code, so a new policy section or domain package is documented
    without editing the docs: ``policy-sections`` (the modules of TrustPolicy's section
    classes) and ``domains`` (the registry's domain packages). Use it inside an
    ``{eval-rst}`` block: it writes reStructuredText.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        self.note_package_dependencies()
        which = self.arguments[0].strip()
        if which not in _MODULE_SETS:
            known = ", ".join(sorted(_MODULE_SETS))
            return [self.fail(f"unknown module set {which!r} (known: {known})")]
        modules = _MODULE_SETS[which]()
        if not modules:
            text = "None yet."
            return [nodes.paragraph(text, text)]
        lines = StringList()
        source = f"<{self.name} {which}>"
        for module in modules:
            for line in (f".. rubric:: ``{module}``", "", f".. automodule:: {module}", ""):
                lines.append(line, source)
        return list(nested_parse_to_nodes(self.state, lines, allow_section_headings=False))


# -- Cross-references and docstrings ------------------------------------------------------


def _import_quietly(path: str) -> object | None:
    try:
        return import_dotted(path)
    except Exception:
        return None


def resolve_by_import(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.Node | None:
    """Resolve a Python reference that Sphinx could not, by importing its target.

    * A name imported into the module that mentions it (``:class:`PolicyError``` in
      :mod:`cpa_core.policy`) links to the object's home (``cpa_core.exceptions``); so does
      a name from a submodule when the docstring is documented on its package.
    * A finding code links to its row in the catalogue, and a rule table (or the class of
      its rows) to the rendered table.
    * An undocumented module links to its nearest documented package.
    * A type variable (``T`` in ``RecordKind[T]``) is not a documented object and is shown
      as plain text, as Sphinx does for the names of :mod:`typing`.

    A dotted name wrapped across two lines of a docstring is read without the line break.
    Anything else stays unresolved, so ``-n`` still reports it.
    """
    if node.get("refdomain") != "py":
        return None
    # A dotted name wrapped across two docstring lines arrives with whitespace inside.
    target = "".join(str(node.get("reftarget", "")).split())
    module: str | None = node.get("py:module")
    for candidate, obj in _importable(module, target):
        found = _resolve_object(app, env, node, contnode, path=candidate, obj=obj)
        if found is not None:
            return found
    return None


def _importable(module: str | None, target: str) -> Iterator[tuple[str, object]]:
    """The objects ``target`` may name, seen from ``module``: in the module, as an absolute
    name, or (when the module is a package) in exactly one of its imported submodules."""
    for candidate in ([f"{module}.{target}"] if module else []) + [target]:
        obj = _import_quietly(candidate)
        if obj is not None:
            yield candidate, obj
    if not module:
        return
    found: dict[int, tuple[str, object]] = {}
    for name in sorted(sys.modules):
        if name.startswith(f"{module}."):
            obj = _import_quietly(f"{name}.{target}")
            if obj is not None:
                found.setdefault(id(obj), (f"{name}.{target}", obj))
    if len(found) == 1:
        yield next(iter(found.values()))


def _resolve_object(
    app: Sphinx,
    env: BuildEnvironment,
    node: pending_xref,
    contnode: nodes.TextElement,
    *,
    path: str,
    obj: object,
) -> nodes.Node | None:
    if isinstance(obj, TypeVar):
        return contnode
    rendered = _rendered_target(obj)
    if rendered is not None:
        objtype, name = rendered
        domain = env.get_domain(CpaDomain.name)
        found = domain.resolve_xref(env, node["refdoc"], app.builder, objtype, name, node, contnode)
        if found is not None:
            return found
    if inspect.ismodule(obj):
        canonical: str | None = _documented_module_of(env, obj.__name__)
    else:
        canonical = _canonical_name(path, obj) or _documented_name_of(env, obj)
    if canonical is None or canonical == node.get("reftarget"):
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
    )


def _canonical_name(path: str, obj: object) -> str | None:
    """Where an object is defined: ``module.Class`` for a class or function, and for an
    attribute or method (``Period.end``), the canonical name of its class plus its own."""
    home = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if isinstance(home, str) and isinstance(qualname, str):
        return f"{home}.{qualname}"
    parent_path, _, attribute = path.rpartition(".")
    parent = _import_quietly(parent_path) if parent_path else None
    if isinstance(parent, type):
        return f"{parent.__module__}.{parent.__qualname__}.{attribute}"
    return None


def _documented_module_of(env: BuildEnvironment, module: str) -> str | None:
    """The nearest documented package of a module that is not documented itself.

    A domain package documents the public names of its ``models``, ``rules`` and ``checks``
    modules, so a reference to ``cpa_core.mha.rules`` leads to ``cpa_core.mha``.
    """
    documented = {
        name
        for name, _d, objtype, _doc, _a, _p in env.get_domain("py").get_objects()
        if objtype == "module"
    }
    parts = module.split(".")
    for end in range(len(parts) - 1, 1, -1):
        parent = ".".join(parts[:end])
        if parent in documented:
            return parent
    return None


def _rendered_target(obj: object) -> tuple[str, str] | None:
    """Where the docs render this object: a finding code's row, a rule table (also for
    the class of its rows)."""
    from cpa_core.findings import FindingCode  # noqa: PLC0415
    from cpa_core.provenance import RuleTable  # noqa: PLC0415

    if isinstance(obj, FindingCode):
        return FINDING, obj.code
    if isinstance(obj, RuleTable):
        return RULE_TABLE, obj.name
    if isinstance(obj, type) and attrs.has(obj):
        # A rule row class is documented by the table of its rows.
        from cpa_core import registry  # noqa: PLC0415

        for table in registry.rule_tables():
            if table.rows and type(table.rows[0]) is obj:
                return RULE_TABLE, table.name
    return None


_PLAIN_VALUES = (str, bytes, int, float, complex, bool, type(None), enum.Enum)


def _documented_name_of(env: BuildEnvironment, obj: object) -> str | None:
    """The documented Python name bound to this very object, if exactly one is.

    Plain values (strings, numbers, enum members) and empty containers are never matched:
    equal ones are shared between unrelated names.
    """
    if isinstance(obj, _PLAIN_VALUES) or (isinstance(obj, Sized) and len(obj) == 0):
        return None
    domain = env.get_domain("py")
    found: set[str] = set()
    for name, _display, objtype, _doc, _anchor, _priority in domain.get_objects():
        if objtype not in {"data", "attribute"}:
            continue
        if _import_quietly(name) is obj:
            found.add(name)
    return found.pop() if len(found) == 1 else None


# Napoleon reads "type: text" in two places: the first line of an attribute or property
# docstring, and the first line of a Returns or Yields section. A sentence with a colon in it
# ("Not verified: only ever a default.", "Findings for: a chain out of order; ...") would
# become a type named "Not verified". Before napoleon runs, such a line gets an empty type
# (": Not verified: ..."), which napoleon reads as "no type" and renders as the text alone.
_ROLE = re.compile(r":[\w:]+:`~?([^`]*)`")
_TYPE_ATOM = re.compile(r"^(?:[A-Za-z_][\w.]*|\.\.\.)?$")
_CODE_OR_ROLE = re.compile(r"``.+?``|:[\w:+.-]+:`[^`]*`|`[^`]*`")
_SINGLE_COLON = re.compile(r"(?<!:):(?!:)")
_TYPED_SECTION = re.compile(r"^\s*(Returns?|Yields?)\s*:\s*$")
_INLINE_TYPED = frozenset({"attribute", "data", "property"})


def _looks_like_type(text: str) -> bool:
    """Whether napoleon's inline "type" is a type (``str | None``), not a sentence."""
    plain = _ROLE.sub(r"\1", text).replace("`", "").replace("~", "")
    atoms = re.split(r"[\[\],|]", plain)
    return all(_TYPE_ATOM.match(atom.strip()) for atom in atoms)


def _prose_before_colon(line: str) -> bool:
    """Whether napoleon would take the prose before this line's first colon for a type."""
    masked = _CODE_OR_ROLE.sub(lambda match: "x" * len(match.group()), line)
    colon = _SINGLE_COLON.search(masked)
    if colon is None:
        return False
    before = line[: colon.start()].strip()
    return bool(before) and not _looks_like_type(before)


def _untyped(line: str) -> str:
    text = line.lstrip()
    return f"{line[: len(line) - len(text)]}: {text}"


def protect_prose_from_napoleon(
    _app: Sphinx, what: str, _name: str, _obj: object, _options: object, lines: list[str]
) -> None:
    """Keep napoleon from reading a sentence before a colon as a type (see above)."""
    if what in _INLINE_TYPED:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and _prose_before_colon(lines[first]):
            lines[first] = _untyped(lines[first])
        return
    in_section = False
    for index, line in enumerate(lines):
        if _TYPED_SECTION.match(line):
            in_section = True
        elif in_section and line.strip():
            if _prose_before_colon(line):
                lines[index] = _untyped(line)
            in_section = False


def _drop_object_base(
    _app: Sphinx, _name: str, _obj: object, _options: object, bases: list[type]
) -> None:
    """``Bases: object`` says nothing; show inheritance only where there is some."""
    bases[:] = [base for base in bases if base is not object]


def _drop_empty_bases(_app: Sphinx, doctree: nodes.document) -> None:
    """Remove the "Bases:" line autodoc leaves when a class has no base but ``object``."""
    for paragraph in list(doctree.findall(nodes.paragraph)):
        if paragraph.astext().strip() == "Bases:" and paragraph.parent is not None:
            paragraph.parent.remove(paragraph)


# -- The cpa domain: targets of finding codes and rule tables ------------------------------


class _Target(NamedTuple):
    docname: str
    node_id: str
    preferred: bool


class _ShortRole(XRefRole):
    """``{finding}`CODE``` as well as ``{cpa:finding}`CODE```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"{CpaDomain.name}:{self.name}"
        return super().run()


class CpaDomain(Domain):
    """Where each finding code and rule table is rendered, for cross-references.

    Roles: ``{finding}`RECORD-INVALID``` links to the code's row in a finding-code table,
    ``{ruletable}`risk domains``` to a rendered rule table, by the table's name.
    """

    name = "cpa"
    label = "cpa_core"
    object_types: ClassVar[dict[str, ObjType]] = {
        FINDING: ObjType("finding code", FINDING),
        RULE_TABLE: ObjType("rule table", RULE_TABLE),
    }
    roles: ClassVar[dict[str, Any]] = {FINDING: _ShortRole(), RULE_TABLE: _ShortRole()}
    initial_data: ClassVar[dict[str, Any]] = {FINDING: {}, RULE_TABLE: {}, EXPORTS: {}}
    data_version = 2

    def targets(self, objtype: str) -> dict[str, list[_Target]]:
        found: dict[str, list[_Target]] = self.data[objtype]
        return found

    def note_target(
        self, objtype: str, name: str, docname: str, node_id: str, *, preferred: bool
    ) -> None:
        self.targets(objtype).setdefault(name, []).append(_Target(docname, node_id, preferred))

    def note_export(self, docname: str, path: str) -> None:
        """A rule table a page renders, by its dotted path: its CSV must be written."""
        exports: dict[str, list[str]] = self.data[EXPORTS]
        exports.setdefault(docname, [])
        if path not in exports[docname]:
            exports[docname].append(path)

    def exported(self) -> list[str]:
        """The dotted paths of every rule table a page renders, in page order."""
        exports: dict[str, list[str]] = self.data[EXPORTS]
        return [path for docname in sorted(exports) for path in exports[docname]]

    def clear_doc(self, docname: str) -> None:
        self.data[EXPORTS].pop(docname, None)
        for objtype in self.object_types:
            targets = self.targets(objtype)
            for name in list(targets):
                kept = [t for t in targets[name] if t.docname != docname]
                if kept:
                    targets[name] = kept
                else:
                    del targets[name]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, paths in otherdata[EXPORTS].items():
            if docname in docnames:
                self.data[EXPORTS][docname] = list(paths)
        for objtype in self.object_types:
            for name, others in otherdata[objtype].items():
                mine = self.targets(objtype).setdefault(name, [])
                mine.extend(t for t in others if t.docname in docnames)

    def best(self, objtype: str, name: str) -> _Target | None:
        """The preferred rendering, then the first by page name (stable across builds)."""
        candidates = self.targets(objtype).get(name, [])
        if not candidates:
            return None
        return min(candidates, key=lambda t: (not t.preferred, t.docname, t.node_id))

    def resolve_xref(  # noqa: PLR0917 - the signature is Sphinx's
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ not in self.object_types:
            return None
        found = self.best(typ, target)
        if found is None:
            return None
        return make_refnode(builder, fromdocname, found.docname, found.node_id, contnode, target)

    def resolve_any_xref(  # noqa: PLR0917 - the signature is Sphinx's
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        out: list[tuple[str, nodes.reference]] = []
        for objtype in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, objtype, target, node, contnode)
            if ref is not None:
                out.append((f"{self.name}:{objtype}", ref))
        return out

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for objtype in self.object_types:
            for name in self.targets(objtype):
                found = self.best(objtype, name)
                if found is not None:
                    yield name, name, objtype, found.docname, found.node_id, 1


# -- Extension -----------------------------------------------------------------------------


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives and the event handlers."""
    # The docstring handlers hook into autodoc's events (and run around napoleon's).
    app.setup_extension("sphinx.ext.autodoc")
    app.add_directive("rule-table", RuleTableDirective)
    app.add_directive("rule-tables", RuleTablesDirective)
    app.add_directive("counting-kinds", CountingKindsDirective)
    app.add_directive("finding-codes", FindingCodesDirective)
    app.add_directive("policy-settings", PolicySettingsDirective)
    app.add_directive("record-kinds", RecordKindsDirective)
    app.add_directive("cpa-automodules", AutomodulesDirective)
    app.add_domain(CpaDomain)
    app.add_role(FINDING, _ShortRole())
    app.add_role(RULE_TABLE, _ShortRole())
    app.connect("missing-reference", resolve_by_import)
    app.connect("autodoc-process-bases", _drop_object_base)
    app.connect("doctree-read", _drop_empty_bases)
    # Before napoleon's own handler, which has the default priority of 500.
    app.connect("autodoc-process-docstring", protect_prose_from_napoleon, priority=400)
    return {
        "version": "1",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
