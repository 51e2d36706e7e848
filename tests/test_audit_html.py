"""The audit's HTML: every finding once where it is acted on and under its coordinator,
landmarks and headings, escaping, and the site a large audit becomes."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cpa_core import audit, audit_html, statutory_time
from cpa_core.audit import AuditResult
from cpa_core.audit_view import AuditView
from cpa_core.cli import main
from cpa_core.exceptions import CpaCoreError

AS_OF = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)

_VOID = {"meta", "br", "input", "link", "img", "hr"}


class _Page(HTMLParser):
    """Where each finding's rows stand: in an action place, or in a coordinator's
    section (by its ``data-coord``)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.places: Counter[str] = Counter()
        self.sections: dict[str, list[str]] = {}
        self.tags: Counter[str] = Counter()
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags[tag] += 1
        if tag == "tr" and "data-finding" in values:
            finding = values["data-finding"]
            classes = [a.get("class", "") for t, a in self.stack if t == "section"]
            if "place" in classes:
                self.places[finding] += 1
            for t, a in self.stack:
                if t == "section" and a.get("class") == "coordinator":
                    self.sections.setdefault(finding, []).append(a["data-coord"])
        if re.fullmatch(r"h[1-4]", tag):
            self._heading, self._text = tag, ""
        if tag not in _VOID:
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, self._text.strip()))
            self._heading = None
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def example() -> AuditResult:
    return audit.run_audit(audit.read_bundle(audit.example_bundle()), AS_OF)


def test_each_finding_is_once_in_the_action_places_and_in_its_coordinators_section(
    example: AuditResult,
) -> None:
    page = _parse(audit_html.render_html(example))
    numbers = [str(n) for n in range(len(example.entries))]
    assert page.places == Counter(numbers)  # each exactly once
    view = AuditView(example)
    tokens = {key: f"c{n}" for n, key in enumerate(view.coordinators, 1)}
    for number, entry in enumerate(example.entries):
        # Coordinators' sections by token; the others by name (none, staff, other).
        expected = [tokens.get(k, k.lstrip("-")) for k in view.sections_of(entry)]
        shown = page.sections[str(number)]
        assert len(shown) == len(expected) == 1
        if entry.about == "person" and entry.key in view.caseload_of("S002"):
            assert shown == [tokens["S002"]]


def test_landmarks_and_a_heading_per_person(example: AuditResult) -> None:
    page = _parse(audit_html.render_html(example))
    for landmark in ("header", "nav", "main", "footer"):
        assert page.tags[landmark] == 1, landmark
    assert page.tags["h1"] == 1
    titles = [text for tag, text in page.headings if tag == "h4"]
    for person in ("P001", "P002", "P007", "P012", "staff S005"):
        assert person in titles
    assert "Own compliance" in titles
    h2 = [text for tag, text in page.headings if tag == "h2"]
    assert h2[:2] == ["Summary", "Needs action now (42)"]
    assert "Care coordinator S002" in [text for tag, text in page.headings if tag == "h3"]


def test_messages_are_shown_and_dates_kept_on_one_line(example: AuditResult) -> None:
    html = audit_html.render_html(example)
    # The message is in the page, not only in a tooltip; its date is a <time> element.
    assert (
        'renewal window open; authority ends <time datetime="2026-11-30">Mon 30 Nov 2026</time>'
        in html
    )
    assert 'title="' not in html
    assert "Evidence: statute" in html
    assert 'href="docs/_build/html/finding-codes.html#finding-MHA-RENEWAL-DUE"' in html


def test_the_docs_url_is_configurable(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    url = "https://intranet.example/cpa-core/"
    assert main(["audit", "--format", "html", "-o", str(page), "--docs-url", url]) == 0
    assert f'href="{url}finding-codes.html#finding-' in page.read_text("utf-8")


def test_values_are_escaped_by_the_templates(example: AuditResult) -> None:
    entry = example.entries[0]
    hostile = type(entry.finding)(
        entry.finding.code, entry.finding.severity, "<script>alert(1)</script> & more"
    )
    result = AuditResult(
        as_of=example.as_of,
        records={},
        entries=(type(entry)(hostile, "k", "<b>f</b>:1", "P1", "<i>Area</i>"),),
    )
    html = audit_html.render_html(result, title="<Trust> & co")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "&lt;Trust&gt; &amp; co" in html
    assert "<b>f</b>" not in html


def test_a_site_has_an_index_and_a_page_per_coordinator(
    example: AuditResult, tmp_path: Path
) -> None:
    index = tmp_path / "audit.html"
    written = audit_html.write_site(example, index)
    assert written.folder == tmp_path / "audit-pages"
    pages = sorted(written.folder.glob("page-*.html"))
    # S001-S004, no coordinator, other staff, not about one person.
    assert len(pages) == 7
    assert written.pages == 8
    links = re.findall(r'href="(audit-pages/page-\d+\.html)"', index.read_text("utf-8"))
    assert sorted(links) == sorted(f"audit-pages/{p.name}" for p in pages)
    places: Counter[str] = Counter()
    for path in pages:
        html = path.read_text("utf-8")
        assert 'href="../audit.html"' in html
        assert 'href="../docs/_build/html/finding-codes.html' in html
        places.update(_parse(html).places)
    # Across the pages every finding is acted on once (no one has two coordinators here).
    assert places == Counter(str(n) for n in range(len(example.entries)))
    # A second run replaces the pages it wrote.
    again = audit_html.write_site(example, index)
    assert again.pages == 8


def test_a_site_never_replaces_a_folder_it_did_not_write(
    example: AuditResult, tmp_path: Path
) -> None:
    (tmp_path / "audit-pages").mkdir()
    (tmp_path / "audit-pages" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(CpaCoreError, match="not written by cpa-core audit"):
        audit_html.write_site(example, tmp_path / "audit.html")
    assert (tmp_path / "audit-pages" / "mine.txt").read_text("utf-8") == "keep"


def test_large_sections_are_split_into_parts(
    example: AuditResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_html, "FINDINGS_PER_PAGE", 5)
    monkeypatch.setattr(audit_html, "UNITS_PER_INDEX_PAGE", 10)
    written = audit_html.write_site(example, tmp_path / "audit.html")
    places: Counter[str] = Counter()
    for path in written.folder.glob("page-*.html"):
        page = _parse(path.read_text("utf-8"))
        places.update(page.places)
    # One person with more findings than a page holds continues on the next page, so each
    # page holds at most 5 findings... and every finding is still acted on exactly once.
    assert places == Counter(str(n) for n in range(len(example.entries)))
    assert (tmp_path / "audit-2.html").is_file()
    assert "(part 2 of" in (tmp_path / "audit.html").read_text("utf-8")


def test_cli_writes_a_site_when_asked_or_when_large(tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    assert main(["audit", "--format", "html", "-o", str(out), "--site"]) == 0
    assert (tmp_path / "audit-pages").is_dir()
    single = tmp_path / "one.html"
    assert main(["audit", "--format", "html", "-o", str(single)]) == 0
    assert not (tmp_path / "one-pages").exists()
