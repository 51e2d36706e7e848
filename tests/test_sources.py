"""Every source cpa_core cites: the publisher's own page, or a stated reason why not.

The walk covers every row of every rule table of every domain, every finding code, every
policy default and every module-level :class:`~cpa_core.provenance.Source` in the package,
so a new rule row cannot cite a mirror, a code repository or a summary without saying so.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from datetime import date

import attrs
import pytest

import cpa_core
from cpa_core import registry
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import setting_source
from cpa_core.provenance import Evidence, Source
from cpa_core.publishers import PUBLISHERS, PublisherKind, publisher_of


def _sources_in(value: object) -> Iterator[Source]:
    """Sources held by a row, directly or in one of its attrs fields."""
    if isinstance(value, Source):
        yield value
    elif attrs.has(cls := type(value)):
        for field in attrs.fields(cls):
            inner = getattr(value, field.name)
            if isinstance(inner, Source):
                yield inner


def _policy_sources(policy_class: type, seen: set[type]) -> Iterator[tuple[str, Source]]:
    if policy_class in seen or not attrs.has(policy_class):
        return
    seen.add(policy_class)
    for field in attrs.fields(policy_class):
        source = setting_source(field)
        if source is not None:
            yield f"policy {policy_class.__name__}.{field.name}", source
        if isinstance(field.type, type):
            yield from _policy_sources(field.type, seen)
        default = field.default
        factory = getattr(default, "factory", None)
        if callable(factory):
            yield from _policy_sources(type(factory()), seen)


def every_source() -> list[tuple[str, Source]]:
    """``(where, source)`` for every source the package holds."""
    out: list[tuple[str, Source]] = []
    for table in registry.rule_tables():
        for row in table.rows:
            where = f"{table.name} {table.key_of(row)!r}"
            out.extend((where, source) for source in _sources_in(row))
    for code in registry.finding_codes().values():
        if code.source is not None:
            out.append((f"finding code {code.code}", code.source))
    out.extend(_policy_sources(TrustPolicy, set()))
    for info in pkgutil.walk_packages(cpa_core.__path__, "cpa_core."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (spark, fhir) that is not installed
            continue
        for name, value in vars(module).items():
            if isinstance(value, Source):
                out.append((f"{info.name}.{name}", value))
    return out


SOURCES = every_source()
UNIQUE: dict[Source, str] = {}
for _where, _source in SOURCES:
    UNIQUE.setdefault(_source, _where)


def _ids(items: dict[Source, str]) -> list[str]:
    return list(items.values())


def test_the_walk_finds_every_area() -> None:
    """A walk that silently lost a domain's tables would pass everything below."""
    places = " ".join(where for where, _ in SOURCES)
    for table in registry.rule_tables():
        assert table.name in places
    assert any(where.startswith("policy ") for where, _ in SOURCES)
    assert any(where.startswith("finding code ") for where, _ in SOURCES)
    assert len(UNIQUE) > 100


@pytest.mark.parametrize("source", list(UNIQUE), ids=_ids(UNIQUE))
def test_a_source_is_the_publisher_page_or_says_why_not(source: Source) -> None:
    if source.evidence is Evidence.SECONDARY:
        assert source.secondary_reason.strip(), "a secondary source states its reason"
    if source.url and publisher_of(source.url) is None:
        assert source.secondary_reason.strip(), f"{source.url} is not a publisher's page"
        assert not source.verified, "a fact read off a non-publisher page is not verified"
    if source.verified:
        assert source.url, "a verified fact links to the publisher's page"
        assert publisher_of(source.url) is not None


LOOKUP_WORDS = re.compile(
    r"search tool|verified (by|with) |looked up|Updates;|as restated|as mirrored", re.IGNORECASE
)


@pytest.mark.parametrize("source", list(UNIQUE), ids=_ids(UNIQUE))
def test_a_source_says_where_not_how(source: Source) -> None:
    """How someone found a fact belongs in the commit history, not in the product."""
    for text in (source.title, source.publisher, source.locator, source.version):
        assert not LOOKUP_WORDS.search(text), text


def _weaker_grades(row: object) -> list[Evidence]:
    """The grades below verified that a row holds besides its main source: a second
    source (an anchor's), or a second, lower grade given to the same fact."""
    grades: list[Evidence] = []
    cls = type(row)
    assert attrs.has(cls)
    for field in attrs.fields(cls):
        if field.name == "source":
            continue
        value = getattr(row, field.name)
        if isinstance(value, Source):
            value = value.evidence
        if isinstance(value, Evidence) and value is not Evidence.VERIFIED:
            grades.append(value)
    return grades


def test_a_row_is_as_certain_as_its_parts() -> None:
    """A row that grades itself never claims more than its source, and claims less only
    when it holds a weaker grade of its own (an unsettled anchor, a second lower grade):
    the rule tables then show one label, the weakest, never "V" beside "unverified"."""
    disagree = []
    for table in registry.rule_tables():
        for row in table.rows:
            own = getattr(row, "verified", row.source.verified)
            if own and not row.source.verified:
                disagree.append(f"{table.name} {table.key_of(row)!r}: more certain")
            if not own and row.source.verified and not _weaker_grades(row):
                disagree.append(f"{table.name} {table.key_of(row)!r}: no weaker part")
    assert disagree == []


def test_publisher_hosts_are_matched_exactly() -> None:
    act = "https://www.legislation.gov.uk/ukpga/1983/20/section/2"
    assert publisher_of(act) is PUBLISHERS["legislation.gov.uk"]
    assert publisher_of("https://legislation.gov.uk/ukpga/2005/9/section/3") is not None
    # A staging copy, a proxy or a look-alike is not the publisher.
    assert publisher_of("https://staging.legislation.gov.uk/ukpga/1983/20") is None
    assert publisher_of("http://nhs.com.in/Conditions/care-programme-approach.aspx") is None
    assert publisher_of("https://github.com/NHSDigital/mental-health-monthly-statistics") is None
    assert publisher_of("") is None
    ncish = "https://sites.manchester.ac.uk/ncish/reports/the-assessment-of-clinical-risk/"
    assert publisher_of(ncish) is PUBLISHERS["sites.manchester.ac.uk/ncish"]
    assert publisher_of("https://sites.manchester.ac.uk/someone-else/") is None


@pytest.mark.parametrize(
    ("source", "label"),
    [
        (Source("Act", url="https://www.legislation.gov.uk/ukpga/1983/20"), "statute"),
        (Source("Code", url="https://transform.england.nhs.uk/x"), "national guidance"),
        (Source("Element", url="https://www.datadictionary.nhs.uk/x"), "national data standard"),
        (Source("Fee", url="https://www.nmc.org.uk/registration/"), "regulator"),
        (Source("Policy", url="https://rdash.nhs.uk/policies/x"), "Trust policy"),
        (
            Source(
                "Paper", url="https://x.org/", evidence=Evidence.SECONDARY, secondary_reason="r"
            ),
            "secondary source",
        ),
        (
            Source("Default", evidence=Evidence.UNVERIFIED),
            "unverified default — check local policy",
        ),
        (Source("Trust framework"), "verified source"),
    ],
)
def test_evidence_label_names_the_kind_of_publisher(source: Source, label: str) -> None:
    assert source.evidence_label == label


def test_every_kind_of_publisher_is_in_use_or_documented() -> None:
    kinds = {publisher.kind for publisher in PUBLISHERS.values()}
    assert kinds == set(PublisherKind)


def test_a_citation_gives_the_day_it_was_checked() -> None:
    checked = Source("Mental Health Act 1983", locator="s2(4)", checked=date(2026, 12, 6))
    assert checked.cite() == "Mental Health Act 1983, s2(4), checked 2026-12-06"
