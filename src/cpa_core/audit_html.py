"""The audit as HTML for a team manager: one self-contained page, or for a large audit a
small site of them (an index and a page per care coordinator).

The pages are built from Jinja2 templates (``cpa_core/templates/audit``) with autoescaping
on, so every value from the records is escaped by the template engine; nothing is joined
into markup by hand. Each page is one file that fetches nothing: its style sheet and its few
lines of script are inline, and a Content-Security-Policy allows those two (by hash) and
nothing else, so the page opens offline from a shared drive or an e-mail attachment. The
script adds the filters (severity, area, care coordinator) and sortable columns; without
it the whole page is shown, unfiltered.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cpa_core import html
from cpa_core.audit import AuditEntry, AuditResult
from cpa_core.audit_view import (
    NO_COORDINATOR,
    NOT_ABOUT_A_PERSON,
    OTHER_STAFF,
    PLACE_HELP,
    SEVERITY_LABELS,
    AuditView,
    Place,
    RuleText,
    Segment,
    instant_text,
    message_segments,
    sort_key,
)
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Severity
from cpa_core.identifiers.nhs_number import redact

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "FINDINGS_PER_PAGE",
    "SINGLE_PAGE_LIMIT",
    "SITE_MARKER",
    "TIMELINE_WEEKS",
    "UNITS_PER_INDEX_PAGE",
    "SiteWritten",
    "iter_html",
    "render_html",
    "write_site",
]

TIMELINE_WEEKS = 8
"""How many weeks ahead the "due in the next weeks" part shows, unless told otherwise."""

SINGLE_PAGE_LIMIT = 2000
"""Above this many findings ``cpa-core audit --format html`` writes a site, not one page:
a page shows each finding twice (where it is acted on, and under its person), and a page of
a few thousand findings still opens in about a second."""

FINDINGS_PER_PAGE = 250
"""The most findings one page of a site shows (each twice: where it is acted on, and under
its person), about half a megabyte; a larger section (people with no coordinator, say) continues on
further pages, whole people to a page."""

UNITS_PER_INDEX_PAGE = 500
"""The most rows one page of a site's index shows."""

SITE_MARKER = ".cpa-core-audit-site"
"""The file that marks a folder of pages as written by ``cpa-core audit``: only such a
folder is ever replaced."""

_ICONS = {Severity.ERROR: "■", Severity.WARNING: "▲", Severity.INFO: "●"}
_TEMPLATES = "templates/audit"


# --- the template engine -------------------------------------------------------------------


def _asset(name: str) -> str:
    return resources.files("cpa_core").joinpath(f"{_TEMPLATES}/{name}").read_text("utf-8")


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@functools.cache
def _environment() -> tuple[jinja2.Environment, dict[str, Any]]:
    """The Jinja2 environment and what every page carries: style, script and the policy
    that allows exactly those two."""
    # Imported here: the rest of the command line (validate, schema) never needs it.
    from markupsafe import Markup  # noqa: PLC0415

    environment = html.environment(_TEMPLATES)
    css, script = _asset("audit.css"), _asset("audit.js")
    csp = (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    # Our own constant files, not data: marked safe so that they reach the page byte for
    # byte and match their hashes.
    shared = {"css": Markup(css), "script": Markup(script), "csp": csp}
    return environment, shared


def _render(template: str, context: Mapping[str, Any]) -> Iterator[str]:
    environment, shared = _environment()
    return environment.get_template(template).generate({**shared, **context})


# --- what a page shows ---------------------------------------------------------------------


@attrs.frozen
class _Row:
    """One finding as a table row shows it."""

    number: int
    severity: str
    severity_label: str
    icon: str
    rank: int
    when: str
    when_iso: str
    relative: str
    sort: str
    message: tuple[Segment, ...]
    who: str
    who_href: str
    coordinator: str
    coords: str
    area: str
    area_key: str
    place: str
    rule: RuleText
    record: str


@attrs.frozen
class _Group:
    anchor: str
    title: str
    rows: list[_Row]
    note: str = ""


@attrs.frozen
class _Place:
    key: str
    title: str
    help: str
    count: int
    groups: list[_Group]


@attrs.frozen
class _Section:
    anchor: str
    key: str
    title: str
    note: str
    above: bool
    groups: list[_Group]


@attrs.frozen
class _Link:
    href: str
    text: str
    current: bool = False


class _Tokens:
    """Short tokens for the sections in ``data-coord`` attributes and the filter: an id
    shown masked (an NHS number used as a staff id) could not be matched, and an unmasked
    one must not reach the page."""

    SPECIAL: Mapping[str, str] = {
        NO_COORDINATOR: "none",
        OTHER_STAFF: "staff",
        NOT_ABOUT_A_PERSON: "other",
    }

    def __init__(self, view: AuditView) -> None:
        self._tokens = {key: f"c{n}" for n, key in enumerate(view.coordinators, 1)}
        self._tokens.update(self.SPECIAL)

    def __call__(self, key: str) -> str:
        return self._tokens.get(key, "other")


def _coordinator_label(view: AuditView, keys: Sequence[str]) -> str:
    labels = [redact(k) for k in keys if not k.startswith("-")]
    if labels:
        return ", ".join(labels)
    return "none" if keys == (NO_COORDINATOR,) else "—"


class _PageBuilder:
    """Turns a set of entries into what ``page.html.j2`` shows."""

    def __init__(self, view: AuditView, tokens: _Tokens) -> None:
        self.view = view
        self.tokens = tokens

    def row(self, number: int, entry: AuditEntry, who_href: str) -> _Row:
        view = self.view
        finding = entry.finding
        when, relative = view.when(entry)
        due = finding.due
        sections = view.sections_of(entry)
        return _Row(
            number=number,
            severity=finding.severity.value,
            severity_label=SEVERITY_LABELS[finding.severity],
            icon=_ICONS[finding.severity],
            rank=finding.severity.rank,
            when=when,
            when_iso=due.isoformat() if due is not None else "",
            relative=relative,
            sort=sort_key(due),
            message=message_segments(finding.message),
            who=view.who_label(entry),
            who_href=who_href,
            coordinator=_coordinator_label(view, sections),
            coords=" ".join(self.tokens(k) for k in sections),
            area=entry.area,
            area_key=view.area_key(entry),
            place=view.slot(entry).key,
            rule=view.rule(entry),
            record=f"{entry.location} {finding.path}",
        )

    def context(
        self,
        numbered: Sequence[tuple[int, AuditEntry]],
        section_keys: Sequence[str],
        *,
        title: str,
        scope_text: str,
        links: Sequence[_Link] = (),
    ) -> dict[str, Any]:
        view = self.view
        # Each person's group in the sections, and where a row's "who" links to (the
        # person's first group on this page).
        grouped: dict[str, dict[str, list[tuple[int, AuditEntry]]]] = {
            key: {} for key in section_keys
        }
        for number, entry in numbered:
            for key in view.sections_of(entry):
                if key in grouped:
                    grouped[key].setdefault(entry.key or "", []).append((number, entry))
        anchors: dict[str, str] = {}
        layout: list[tuple[str, list[tuple[str, str, list[tuple[int, AuditEntry]]]]]] = []
        for s, key in enumerate(section_keys, 1):
            people = grouped[key]
            groups: list[tuple[str, str, list[tuple[int, AuditEntry]]]] = []
            if not key.startswith("-"):
                groups.append((f"s{s}-own", key, people.pop(key, [])))
            for p, who in enumerate(sorted(people, key=_natural_key), 1):
                groups.append((f"s{s}-p{p}", who, people[who]))
            for anchor, who, _ in groups:
                anchors.setdefault(who, anchor)
            layout.append((key, groups))
        rows: dict[int, _Row] = {}

        def row(number: int, entry: AuditEntry) -> _Row:
            found = rows.get(number)
            if found is None:
                href = f"#{anchors[entry.key]}" if entry.key in anchors else ""
                found = rows[number] = self.row(number, entry, href)
            return found

        places = self._places(numbered, row)
        sections = [self._section(s, key, groups, row) for s, (key, groups) in enumerate(layout, 1)]
        areas = sorted({(view.area_key(e), e.area) for _, e in numbered}, key=lambda a: a[1])
        return {
            "title": title,
            "as_of_text": instant_text(view.as_of),
            "scope_text": scope_text,
            "docs_url": view.docs_url,
            "weeks": view.weeks,
            "links": [
                *links,
                *(_Link(f"#{p.key}", f"{p.title} ({p.count})") for p in places),
                _Link("#by-coordinator", "By care coordinator"),
            ],
            "totals": _totals(view, [e for _, e in numbered]),
            "areas": areas,
            "coordinators": [
                (self.tokens(key), view.section_title(key).removeprefix("Care coordinator "))
                for key in section_keys
            ],
            "places": places,
            "sections": sections,
        }

    def _places(self, numbered: Sequence[tuple[int, AuditEntry]], row: Any) -> list[_Place]:
        view = self.view
        by_key: dict[str, list[tuple[int, AuditEntry]]] = {k: [] for k in view.place_keys()}
        for number, entry in numbered:
            by_key[view.slot(entry).key].append((number, entry))

        def rows(items: list[tuple[int, AuditEntry]], by_time: bool) -> list[_Row]:
            order = view.by_time if by_time else view.ordered
            position = {id(e): n for n, e in items}
            return [row(position[id(e)], e) for e in order(e for _, e in items)]

        weeks = [
            _Group(f"week-{w}-h", view.week_title(w), rows(by_key[f"week-{w}"], True))
            for w in range(1, view.weeks + 1)
        ]
        out = [
            _Place("now", view.place_title(Place.NOW), PLACE_HELP[Place.NOW],
                   len(by_key["now"]), [_Group("", "", rows(by_key["now"], False))]),
            _Place("weeks", view.place_title(Place.WEEK), PLACE_HELP[Place.WEEK],
                   sum(len(g.rows) for g in weeks), weeks),
        ]  # fmt: skip
        for place in (Place.LATER, Place.UNDATED, Place.INFORMATION):
            items = by_key[place.value]
            out.append(
                _Place(place.value, view.place_title(place), PLACE_HELP[place], len(items),
                       [_Group("", "", rows(items, place is Place.LATER))])
            )  # fmt: skip
        return out

    def _section(
        self,
        s: int,
        key: str,
        groups: list[tuple[str, str, list[tuple[int, AuditEntry]]]],
        row: Any,
    ) -> _Section:
        view = self.view
        out: list[_Group] = []
        for anchor, who, items in groups:
            entries = view.ordered(e for _, e in items)
            position = {id(e): n for n, e in items}
            shown = [row(position[id(e)], e) for e in entries]
            if anchor.endswith("-own"):
                out.append(_Group(anchor, "Own compliance", shown))
                continue
            title = view.who_label(entries[0]) if entries else redact(who)
            note = view.person_reason(who) if key == NO_COORDINATOR else ""
            out.append(_Group(anchor, title, shown, note))
        note, above = "", False
        if not key.startswith("-"):
            note = view.caseload_text(key)
            cap = view.result.policy.competency.caseload_cap
            above = cap is not None and len(view.caseload_of(key)) > cap
        return _Section(f"s{s}", self.tokens(key), view.section_title(key), note, above, out)


def _totals(view: AuditView, entries: Sequence[AuditEntry]) -> dict[str, int]:
    """The summary cards: findings, how many need action now or fall due in the weeks
    shown, and each severity."""
    severities = Counter(e.finding.severity for e in entries)
    places = view.place_counts(entries)
    return {
        "findings": len(entries),
        "now": places["now"],
        "soon": sum(places[f"week-{w}"] for w in range(1, view.weeks + 1)),
        "error": severities[Severity.ERROR],
        "warning": severities[Severity.WARNING],
        "info": severities[Severity.INFO],
    }


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    from cpa_core.audit_view import _natural  # noqa: PLC0415 - one sort order, one place

    return _natural(text)


def render_html(
    result: AuditResult,
    title: str = "Caseload audit",
    *,
    weeks: int | None = None,
    docs_url: str | None = None,
) -> str:
    """The audit as one self-contained HTML page: needs action now, the weeks ahead, later,
    undated and for information, then each care coordinator's section, person by person."""
    return "".join(iter_html(result, title, weeks=weeks, docs_url=docs_url))


def iter_html(
    result: AuditResult,
    title: str = "Caseload audit",
    *,
    weeks: int | None = None,
    docs_url: str | None = None,
) -> Iterator[str]:
    """:func:`render_html` in pieces, to be written as they are made."""
    view = AuditView(result, weeks=weeks or TIMELINE_WEEKS, docs_url=docs_url)
    builder = _PageBuilder(view, _Tokens(view))
    context = builder.context(
        list(enumerate(result.entries)),
        view.section_keys(),
        title=title,
        scope_text="The whole bundle.",
    )
    return _render("page.html.j2", context)


# --- a site ---------------------------------------------------------------------------------


@attrs.frozen
class SiteWritten:
    """What :func:`write_site` wrote.

    Attributes:
        index: The index page (the file named on the command line).
        folder: The folder of the other pages.
        pages: How many pages were written, the index's included.
    """

    index: Path
    folder: Path
    pages: int


@attrs.frozen
class _Unit:
    key: str
    part: int
    parts: int
    team: str
    title: str
    people: int
    numbers: list[int]


def _chunks(own: list[int], people: Mapping[str, list[int]]) -> list[tuple[int, list[int]]]:
    """``(people, finding numbers)`` of each page of one section: whole people, in order,
    until a page holds :data:`FINDINGS_PER_PAGE` findings; one person (or the findings
    about no one person) with more than that continues on further pages."""
    pages: list[tuple[int, list[int]]] = []
    count, numbers = 0, list(own)
    for who in sorted(people, key=_natural_key):
        found = people[who]
        if numbers and len(numbers) + len(found) > FINDINGS_PER_PAGE:
            pages.append((count, numbers))
            count, numbers = 0, []
        for start in range(0, len(found), FINDINGS_PER_PAGE):
            if numbers and start:
                pages.append((count, numbers))
                count, numbers = 0, []
            numbers.extend(found[start : start + FINDINGS_PER_PAGE])
            count += 1
    if numbers or not pages:
        pages.append((count, numbers))
    return [(n, sorted(found)) for n, found in pages]


def _units(view: AuditView) -> Iterator[_Unit]:
    """Each section, split into pages of at most :data:`FINDINGS_PER_PAGE` findings."""
    by_key: dict[str, dict[str, list[int]]] = {k: {} for k in view.section_keys()}
    for number, entry in enumerate(view.result.entries):
        for key in view.sections_of(entry):
            by_key[key].setdefault(entry.key or "", []).append(number)
    for key, people in by_key.items():
        own = people.pop(key, []) if not key.startswith("-") else []
        pages = _chunks(own, people)
        team = view.team_of(key) if not key.startswith("-") else ""
        title = view.section_title(key).removeprefix("Care coordinator ")
        for part, (count, numbers) in enumerate(pages, 1):
            yield _Unit(key, part, len(pages), team, title, count, numbers)


def _index_name(index: Path, page: int) -> str:
    return index.name if page == 1 else f"{index.stem}-{page}{index.suffix}"


def write_site(
    result: AuditResult,
    index: Path,
    title: str = "Caseload audit",
    *,
    weeks: int | None = None,
    docs_url: str | None = None,
) -> SiteWritten:
    """Write the audit as a small site: ``index`` lists every care coordinator's page
    (:data:`UNITS_PER_INDEX_PAGE` to an index page, the next ones beside it as
    ``NAME-2.html`` …), and the folder ``NAME-pages`` beside it holds a page per coordinator
    (and for people with no coordinator, staff who coordinate no one, and findings about no
    one person), each split into parts of at most :data:`FINDINGS_PER_PAGE` findings.

    Every page is written in a new folder first and moved into place at the end, so a run
    that fails leaves the previous site as it was. A folder of pages left by an earlier run
    is replaced; any other folder of that name is refused.

    Raises:
        CpaCoreError: ``NAME-pages`` exists and was not written by ``cpa-core audit``.
    """
    folder = index.with_name(f"{index.stem}-pages")
    if folder.exists() and not (folder / SITE_MARKER).is_file():
        raise CpaCoreError(f"{folder}: exists and was not written by cpa-core audit; not replaced")
    weeks = weeks or TIMELINE_WEEKS
    # Pages link to the rules relative to themselves, one folder down from the index.
    page_docs = docs_url
    if page_docs is None or not ("://" in page_docs or page_docs.startswith("/")):
        page_docs = f"../{docs_url if docs_url is not None else _default_docs()}"
    page_view = AuditView(result, weeks=weeks, docs_url=page_docs)
    view = AuditView(result, weeks=weeks, docs_url=docs_url)
    builder = _PageBuilder(page_view, _Tokens(page_view))
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=index.parent))
    # mkdtemp makes a private folder; the pages are as readable as any file written here.
    mask = os.umask(0)
    os.umask(mask)
    staging.chmod(0o777 & ~mask)
    written = 0
    rows: list[dict[str, Any]] = []
    try:
        (staging / SITE_MARKER).write_text("pages of one cpa-core audit\n", encoding="utf-8")
        back = _Link(f"../{index.name}", "Index of all pages")
        for n, unit in enumerate(_units(view), 1):
            name = f"page-{n}.html"
            part = f" (part {unit.part} of {unit.parts})" if unit.parts > 1 else ""
            numbered = [(i, result.entries[i]) for i in unit.numbers]
            context = builder.context(
                numbered, [unit.key], title=f"{title}: {unit.title}{part}",
                scope_text=f"{unit.title}{part}.", links=[back],
            )  # fmt: skip
            with (staging / name).open("w", encoding="utf-8") as out:
                out.writelines(_render("page.html.j2", context))
            written += 1
            totals = context["totals"]
            rows.append({
                "href": f"{folder.name}/{name}", "team": unit.team, "title": unit.title + part,
                "people": unit.people, "now": totals["now"], "soon": totals["soon"],
                "error": totals["error"], "warning": totals["warning"],
            })  # fmt: skip
        written += _write_index(view, index, staging, rows, title)
        _replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteWritten(index, folder, written)


def _default_docs() -> str:
    from cpa_core.audit_view import DEFAULT_DOCS_URL  # noqa: PLC0415 - one default

    return DEFAULT_DOCS_URL


def _write_index(
    view: AuditView, index: Path, staging: Path, rows: list[dict[str, Any]], title: str
) -> int:
    """The index pages: the first is written into ``staging`` as ``index.name`` and moved
    beside the folder by :func:`_replace`; returns how many were written."""
    totals = _totals(view, view.result.entries)
    pages = max(1, -(-len(rows) // UNITS_PER_INDEX_PAGE))
    for page in range(1, pages + 1):
        chunk = rows[(page - 1) * UNITS_PER_INDEX_PAGE : page * UNITS_PER_INDEX_PAGE]
        links = [
            _Link(_index_name(index, p), f"Index page {p}", current=p == page)
            for p in range(1, pages + 1)
        ]
        context = {
            "title": title,
            "as_of_text": instant_text(view.as_of),
            "scope_text": "The whole bundle: index of pages.",
            "docs_url": view.docs_url,
            "weeks": view.weeks,
            "totals": totals,
            "units": chunk,
            "links": links if pages > 1 else [],
            "part_text": f"{page} of {pages}" if pages > 1 else "",
        }
        with (staging / f".index-{page}").open("w", encoding="utf-8") as out:
            out.writelines(_render("index.html.j2", context))
    return pages


def _replace(staging: Path, folder: Path) -> None:
    """Move the index pages beside ``folder`` and the pages into it."""
    index_pages = sorted(staging.glob(".index-*"), key=lambda p: int(p.name.split("-")[1]))
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
        folder.rename(old)
    staged_index = [(p, int(p.name.split("-")[1])) for p in index_pages]
    staging.rename(folder)
    stem = folder.name.removesuffix("-pages")
    suffix = ".html"
    for path, page in staged_index:
        name = f"{stem}{suffix}" if page == 1 else f"{stem}-{page}{suffix}"
        os.replace(folder / path.name, folder.parent / name)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
