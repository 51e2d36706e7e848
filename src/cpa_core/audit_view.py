"""The audit arranged for a team manager, in plain words: the model behind the page and the
terminal report.

Every finding has exactly one **action place**, the part of the report where it is acted
on (:func:`slot_of`):

``now`` — Needs action now
    Every error without a due date, and everything whose date has passed and is still
    open: an overdue review, an expired consent, a breach.
``week-1`` … ``week-N`` — Due in the next N weeks
    Dated findings not yet overdue, by the week their last day falls in; week 1 starts on
    the audit day.
``later`` — Due later
    Dated findings whose last day is after those N weeks.
``undated`` — To put right, no date
    Warnings without a date: a plan not shared, a HoNOS item not rated.
``information`` — For information
    Findings for awareness: information without a date or with a past date (a follow-up
    met), and things done late whose lateness is now a matter of record (a note recorded
    two days late), worded in the past. An error is never here, even done late.

Separately, every finding belongs to the **section** of each care coordinator whose
caseload it is about (:meth:`AuditView.sections_of`): a person's findings go to the
coordinators of their open care episodes on the audit date (a person with two open
episodes under two coordinators is in both sections), a member of staff's own compliance
findings to their section if they coordinate anyone; the rest go to "No care coordinator",
"Staff who coordinate no one" and "Not about one person".
"""

from __future__ import annotations

import enum
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from cpa_core import registry, statutory_time
from cpa_core.audit import AuditEntry, AuditResult
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Severity
from cpa_core.identifiers.nhs_number import redact
from cpa_core.provenance import Source

__all__ = [
    "DEFAULT_DOCS_URL",
    "NOT_ABOUT_A_PERSON",
    "NO_COORDINATOR",
    "OTHER_STAFF",
    "WEEKS",
    "AuditView",
    "Place",
    "RuleText",
    "Slot",
    "day_text",
    "due_text",
    "instant_text",
    "message_segments",
    "rule_anchor",
    "slot_of",
    "text_lines",
]

WEEKS = 8
"""How many weeks ahead the "due in the next weeks" part shows, unless told otherwise."""

DEFAULT_DOCS_URL = "docs/_build/html/"
"""Where links to the rules point unless told otherwise: the docs as ``nox -s docs`` builds
them in the repository, relative to the report. A Trust that publishes the docs passes their
address (``--docs-url``)."""

NO_COORDINATOR = "-none"
"""The section key of people with no care coordinator on the audit date."""
OTHER_STAFF = "-staff"
"""The section key of staff who coordinate no one's care."""
NOT_ABOUT_A_PERSON = "-other"
"""The section key of findings about no one person (an unreadable line, a Trust-wide hold)."""
# Section keys of coordinators are their staff ids, which start with a letter or digit
# (cpa_core.constraints.IDENTIFIER), so they never clash with the three keys above.


class Place(enum.Enum):
    """Where in the report a finding is acted on (see the module's description)."""

    NOW = "now"
    WEEK = "week"
    LATER = "later"
    UNDATED = "undated"
    INFORMATION = "information"


PLACE_TITLES: Mapping[Place, str] = {
    Place.NOW: "Needs action now",
    Place.WEEK: "Due in the next {weeks} weeks",
    Place.LATER: "Due later",
    Place.UNDATED: "To put right (no date)",
    Place.INFORMATION: "For information",
}

PLACE_HELP: Mapping[Place, str] = {
    Place.NOW: "Every error without a date, and everything overdue that is still open.",
    Place.WEEK: "What falls due, week by week, starting today.",
    Place.LATER: "What falls due after that.",
    Place.UNDATED: "Warnings with no date: put right at the next contact or review.",
    Place.INFORMATION: "Already happened, or for awareness only: nothing falls due.",
}


@attrs.frozen
class Slot:
    """The action place of one finding.

    Attributes:
        place: The part of the report.
        week: For ``Place.WEEK``, the week its last day falls in (1 is the week
            starting on the audit day); otherwise 0.
    """

    place: Place
    week: int = 0

    @property
    def key(self) -> str:
        """``now``, ``week-3``, ``later``, ``undated`` or ``information``."""
        return f"week-{self.week}" if self.place is Place.WEEK else self.place.value


_NOW = Slot(Place.NOW)
_LATER = Slot(Place.LATER)
_UNDATED = Slot(Place.UNDATED)
_INFORMATION = Slot(Place.INFORMATION)
_ONE_MICROSECOND = timedelta(microseconds=1)


def last_day(due: date | datetime) -> date:
    """The London day a deadline's last moment falls on: a date is its own last day; an
    instant is exclusive, so London midnight ends the day before."""
    if isinstance(due, datetime):
        return statutory_time.london_date(due - _ONE_MICROSECOND)
    return due


def _passed(due: date | datetime, as_of: datetime, today: date) -> bool:
    if isinstance(due, datetime):
        return statutory_time.instant_due_status(due, as_of, timedelta(0)) is (
            statutory_time.DueStatus.OVERDUE
        )
    return due < today


def slot_of(entry: AuditEntry, as_of: datetime, weeks: int = WEEKS) -> Slot:
    """The one action place of a finding as of ``as_of`` (see the module's description)."""
    finding = entry.finding
    due, severity = finding.due, finding.severity
    if due is None:
        if severity is Severity.ERROR:
            return _NOW
        return _UNDATED if severity is Severity.WARNING else _INFORMATION
    today = statutory_time.london_date(as_of)
    if _passed(due, as_of, today):
        if severity is Severity.INFO or (
            entry.done_at is not None and severity is not Severity.ERROR
        ):
            return _INFORMATION
        return _NOW
    week = (last_day(due) - today).days // 7
    return Slot(Place.WEEK, week + 1) if week < weeks else _LATER


# --- dates in words ----------------------------------------------------------------------------

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip


def day_text(day: date) -> str:
    """A day as people read it: ``Mon 30 Nov 2026`` (never the locale's names)."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _london(instant: datetime) -> datetime:
    return instant.astimezone(statutory_time.LONDON)


def _ends_a_day(instant: datetime) -> bool:
    wall = _london(instant)
    return (wall.hour, wall.minute, wall.second, wall.microsecond) == (0, 0, 0, 0)


def due_text(due: date | datetime) -> str:
    """A due date or instant in words, in London time.

    A date reads ``Mon 30 Nov 2026``; an instant at London midnight ends the day before
    (an authority that expires at midnight "ends at the end of 30 Nov"), so it reads
    ``end of Mon 30 Nov 2026``, never the next day; any other instant reads
    ``Tue 24 Nov 2026, 14:00``.
    """
    if not isinstance(due, datetime):
        return day_text(due)
    if _ends_a_day(due):
        return f"end of {day_text(last_day(due))}"
    wall = _london(due)
    return f"{day_text(wall.date())}, {wall:%H:%M}"


def instant_text(instant: datetime) -> str:
    """The instant an audit is made for, in words: ``start of Mon 23 Nov 2026`` for London
    midnight, else ``Mon 23 Nov 2026, 09:30``; London time."""
    if _ends_a_day(instant):
        return f"start of {day_text(statutory_time.london_date(instant))} (London time)"
    wall = _london(instant)
    return f"{day_text(wall.date())}, {wall:%H:%M} (London time)"


def _iso(due: date | datetime) -> str:
    return due.astimezone(UTC).isoformat() if isinstance(due, datetime) else due.isoformat()


def sort_key(due: date | datetime | None) -> str:
    """A text that sorts deadlines in time order: an instant, or the end of a date's day;
    undated last."""
    if due is None:
        return "9999"
    if isinstance(due, datetime):
        return due.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{due.isoformat()}T24:00:00"


_DONE_WORDS = {"end": "ended", "ended": "ended", "given": "given", "sent": "sent"}


def _done_word(path: str) -> str:
    """``recorded`` for ``$.notes[0].recorded_at``; ``done`` when the field says nothing."""
    name = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]
    name = re.sub(r"_(at|on)$", "", name)
    word = name.rsplit("_", 1)[-1]
    if word in _DONE_WORDS:
        return _DONE_WORDS[word]
    return word if word.endswith("ed") else "done"


def _span(words: str) -> str:
    """``1 week 2 days`` from ``overdue by 1 week 2 days`` or ``due in 1 week 2 days``."""
    for prefix in ("overdue by ", "due in "):
        if words.startswith(prefix):
            return words[len(prefix) :]
    return words


def relative_text(entry: AuditEntry, slot: Slot, as_of: datetime) -> str:
    """How far the finding's date is, in words: ``due in 3 days``, ``overdue by 9 days``;
    ``recorded 2 days late`` for something done late; ``3 weeks ago`` for information
    about the past; empty for an undated finding."""
    due = entry.finding.due
    if due is None:
        return ""
    if entry.done_at is not None:
        done = entry.done_at
        if not isinstance(done, datetime) and isinstance(due, datetime):
            done = statutory_time.start_of_day(done)
        late = _span(statutory_time.describe_due(due, _as_instant(done)))
        return f"{_done_word(entry.finding.path)} {late} late"
    words = statutory_time.describe_due(due, as_of)
    if slot.place is Place.INFORMATION and words.startswith("overdue by "):
        return f"{_span(words)} ago"
    if slot.place is Place.INFORMATION and words == "due today":
        return "today"
    return words


def _as_instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    # A thing done on a day is done by its end: the next London midnight.
    try:
        midnight = statutory_time.days_beginning_with(value, 1).end
    except statutory_time.CalendarOverflowError:
        # The calendar's last day has no next midnight; its last instant (London is on
        # UTC in December) stands in.
        return datetime.max.replace(tzinfo=UTC)
    return midnight - _ONE_MICROSECOND


_DATE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z-])([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?(?![0-9A-Za-z])"
)

Segment = tuple[str, str | None]
"""A piece of a message: its text, and for a date the ISO form it was written in."""


def message_segments(message: str) -> tuple[Segment, ...]:
    """A finding's message with its ISO dates and instants in words
    (``2026-11-30`` reads ``Mon 30 Nov 2026``), each date marked with its ISO form so that
    a page can keep it on one line."""
    out: list[Segment] = []
    position = 0
    for match in _DATE_IN_TEXT.finditer(message):
        try:
            if match.group(2):
                when: date | datetime = statutory_time.parse_instant(match.group(0))
            else:
                when = statutory_time.parse_date(match.group(1))
        except CpaCoreError:
            continue  # not a real date: left as written
        if match.start() > position:
            out.append((message[position : match.start()], None))
        out.append((due_text(when), match.group(0)))
        position = match.end()
    if position < len(message):
        out.append((message[position:], None))
    return tuple(out)


# --- rules in words ------------------------------------------------------------------------

_DEVELOPER_TEXT = re.compile(r"[\w./-]+\.(?:py|md|json|csv|toml|ndjson)\b|\b\w+\.\w+_\w+")
_EVIDENCE_TAG = re.compile(r"\s*\[(?:V|V2|U)\]")


def rule_anchor(code: str) -> str:
    """The page and anchor of a code's row in the built docs (the catalogue of codes,
    rendered by ``docs/_ext/cpa_docs.py``)."""
    return f"finding-codes.html#finding-{code}"


@attrs.frozen
class RuleText:
    """The rule behind a finding, in plain English.

    Attributes:
        summary: What the rule says (the code's one-sentence summary).
        source: The document, and where in it, without file paths or evidence tags;
            empty when the finding applies no sourced rule.
        evidence: How sure the source is, in words; empty without a source.
        href: A link to the code's row in the docs.
        code: The finding code, for the link's text.
    """

    summary: str
    source: str
    evidence: str
    href: str
    code: str


def _source_text(source: Source) -> str:
    text = _EVIDENCE_TAG.sub("", source.title)
    locator = _EVIDENCE_TAG.sub("", source.locator)
    if locator and not _DEVELOPER_TEXT.search(locator):
        text = f"{text}, {locator}"
    return text


# --- the view ------------------------------------------------------------------------------


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts ``P2`` before ``P10``."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


SEVERITY_LABELS: Mapping[Severity, str] = {
    Severity.ERROR: "Error",
    Severity.WARNING: "Warning",
    Severity.INFO: "For information",
}


class AuditView:
    """An audit result seen as a manager reads it: action places, sections, words.

    Args:
        result: The audit.
        weeks: How many weeks ahead to show week by week (default :data:`WEEKS`).
        docs_url: The address of the docs the rule links point into, ending in ``/``
            (default :data:`DEFAULT_DOCS_URL`).
    """

    def __init__(
        self, result: AuditResult, *, weeks: int | None = None, docs_url: str | None = None
    ) -> None:
        self.result = result
        self.weeks = WEEKS if weeks is None else weeks
        if self.weeks < 1:
            raise CpaCoreError("weeks must be 1 or more")
        base = DEFAULT_DOCS_URL if docs_url is None else docs_url
        self.docs_url = base if not base or base.endswith("/") else f"{base}/"
        self.as_of = result.as_of
        self.today = statutory_time.london_date(result.as_of)
        named = {c for person in result.people.values() for c in person.coordinators}
        allocated = {s for s, info in result.staff.items() if info.allocated}
        self.coordinators: tuple[str, ...] = tuple(sorted(named | allocated, key=_natural))
        self._is_coordinator = frozenset(self.coordinators)
        self._rules: dict[tuple[str, Source | None], RuleText] = {}
        self._areas = {d.title: d.name for d in registry.domains()}

    # -- places --

    def slot(self, entry: AuditEntry) -> Slot:
        """The action place of one entry."""
        return slot_of(entry, self.as_of, self.weeks)

    def place_title(self, place: Place) -> str:
        """The heading of a place."""
        return PLACE_TITLES[place].format(weeks=self.weeks)

    def week_span(self, week: int) -> tuple[date, date]:
        """The first and last day of week ``week`` (1 starts on the audit day)."""
        start = self.today + timedelta(days=7 * (week - 1))
        return start, start + timedelta(days=6)

    def week_title(self, week: int) -> str:
        """``Week 1: Mon 23 Nov – Sun 29 Nov 2026``."""
        start, end = self.week_span(week)
        return f"Week {week}: {day_text(start)} – {day_text(end)}"

    def place_keys(self) -> list[str]:
        """Every place's key, in report order."""
        weeks = [f"week-{w}" for w in range(1, self.weeks + 1)]
        return ["now", *weeks, "later", "undated", "information"]

    def place_counts(self, entries: Iterable[AuditEntry] | None = None) -> dict[str, int]:
        """How many findings each place holds (every place, zero included)."""
        counts = Counter(self.slot(e).key for e in (self.result.entries if entries is None
                                                    else entries))  # fmt: skip
        return {key: counts.get(key, 0) for key in self.place_keys()}

    # -- sections --

    def sections_of(self, entry: AuditEntry) -> tuple[str, ...]:
        """The sections that show an entry: coordinators' staff ids, or one of
        :data:`NO_COORDINATOR`, :data:`OTHER_STAFF`, :data:`NOT_ABOUT_A_PERSON`."""
        if entry.about == "person" and entry.key is not None:
            person = self.result.people.get(entry.key)
            if person is not None and person.coordinators:
                return person.coordinators
            return (NO_COORDINATOR,)
        if entry.about == "staff" and entry.key is not None:
            return (entry.key,) if entry.key in self._is_coordinator else (OTHER_STAFF,)
        return (NOT_ABOUT_A_PERSON,)

    def section_title(self, key: str) -> str:
        """The heading of a section."""
        if key == NO_COORDINATOR:
            return "No care coordinator"
        if key == OTHER_STAFF:
            return "Staff who coordinate no one"
        if key == NOT_ABOUT_A_PERSON:
            return "Not about one person"
        return f"Care coordinator {redact(key)}"

    def section_keys(self) -> list[str]:
        """Every section with something in it, coordinators first (in id order)."""
        used: set[str] = set()
        for entry in self.result.entries:
            used.update(self.sections_of(entry))
        special = [k for k in (NO_COORDINATOR, OTHER_STAFF, NOT_ABOUT_A_PERSON) if k in used]
        return [*self.coordinators, *special]

    def caseload_of(self, staff_id: str) -> list[str]:
        """The (unmasked) ids of the people a coordinator holds on the audit date."""
        held = [k for k, p in self.result.people.items() if staff_id in p.coordinators]
        return sorted(held, key=_natural)

    def caseload_text(self, staff_id: str, people: int | None = None) -> str:
        """A coordinator's caseload against the Trust's cap, in words."""
        if people is None:
            people = len(self.caseload_of(staff_id))
        cap = self.result.policy.competency.caseload_cap
        held = f"{people} {'person' if people == 1 else 'people'} in this bundle"
        if cap is None:
            against = "no caseload cap set in the Trust's policy"
        elif people > cap:
            against = f"above the Trust's cap of {cap}"
        else:
            against = f"Trust cap {cap}"
        info = self.result.staff.get(staff_id)
        parts = [held, against]
        if info is None:
            parts.append("no staff record in this bundle")
        else:
            if info.recorded_caseload is not None and info.recorded_on is not None:
                parts.append(
                    f"caseload recorded as {info.recorded_caseload} on {day_text(info.recorded_on)}"
                )
            if not info.allocated:
                parts.append("the staff record does not say they are allocated as coordinator")
        return "; ".join(parts)

    def team_of(self, key: str) -> str:
        """The team a section belongs to, for the index: the coordinator's own team, else
        the team of most of their caseload; empty for the special sections."""
        info = self.result.staff.get(key)
        if info is not None and info.team:
            return info.team
        teams = Counter(
            t for p in self.result.people.values() if key in p.coordinators for t in p.teams
        )
        return teams.most_common(1)[0][0] if teams else ""

    def person_reason(self, key: str) -> str:
        """Why a person is in "No care coordinator"."""
        person = self.result.people.get(key)
        if person is None:
            return "no care episode in this bundle"
        if not person.open_episodes:
            return "no care episode open on the audit date"
        return f"open care episode with no named coordinator on {day_text(self.today)}"

    def coordinator_summaries(self) -> list[dict[str, Any]]:
        """Each coordinator's caseload, for the JSON output."""
        cap = self.result.policy.competency.caseload_cap
        out: list[dict[str, Any]] = []
        for staff_id in self.coordinators:
            info = self.result.staff.get(staff_id)
            item: dict[str, Any] = {
                "staff_id": redact(staff_id),
                "team": self.team_of(staff_id) or None,
                "people": len(self.caseload_of(staff_id)),
                "cap": cap,
                "has_staff_record": info is not None,
            }
            if info is not None and info.recorded_caseload is not None:
                item["recorded_caseload"] = info.recorded_caseload
            out.append(item)
        return out

    # -- words --

    def rule(self, entry: AuditEntry) -> RuleText:
        """The rule behind an entry's finding, in plain English, with its docs link."""
        finding = entry.finding
        cache_key = (finding.code, finding.source)
        found = self._rules.get(cache_key)
        if found is None:
            code = registry.finding_codes().get(finding.code)
            source = finding.source
            found = RuleText(
                summary=code.summary if code is not None else "",
                source=_source_text(source) if source is not None else "",
                evidence=source.evidence_label if source is not None else "",
                href=f"{self.docs_url}{rule_anchor(finding.code)}",
                code=finding.code,
            )
            self._rules[cache_key] = found
        return found

    def area_key(self, entry: AuditEntry) -> str:
        """The short name of an entry's area (``care``), for filters."""
        return self._areas.get(entry.area, "other")

    def when(self, entry: AuditEntry) -> tuple[str, str]:
        """``(date in words, how far in words)``; ``("No date", "")`` when undated."""
        due = entry.finding.due
        if due is None:
            return "No date", ""
        return due_text(due), relative_text(entry, self.slot(entry), self.as_of)

    def json_extra(self, entry: AuditEntry) -> dict[str, Any]:
        """The fields the JSON output adds to an entry's finding."""
        when, relative = self.when(entry)
        sections = self.sections_of(entry)
        return {
            "place": self.slot(entry).key,
            "when": f"{when} ({relative})" if relative else when,
            "coordinators": [redact(s) for s in sections if not s.startswith("-")],
        }

    def who_label(self, entry: AuditEntry) -> str:
        """``P001``, ``staff S004`` or ``(no one)``."""
        if entry.who is None:
            return "(no one)"
        return f"staff {entry.who}" if entry.about == "staff" else entry.who

    def ordered(self, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
        """Worst first, then soonest (oldest overdue first), undated last."""
        return sorted(
            entries,
            key=lambda e: (e.finding.severity.rank, sort_key(e.finding.due), e.finding.code),
        )

    def by_time(self, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
        """Soonest first, then worst."""
        return sorted(
            entries,
            key=lambda e: (sort_key(e.finding.due), e.finding.severity.rank, e.finding.code),
        )


# --- the terminal report --------------------------------------------------------------------

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_MARKS = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


class _Text:
    def __init__(self, width: int, colour: bool) -> None:
        self.width = max(width, 40)
        self.colour = colour

    def heading(self, text: str, level: int = 1) -> Iterator[str]:
        shown = text.upper() if level == 1 else text
        if level == 1:
            yield ""
        yield f"{_BOLD}{shown}{_RESET}" if self.colour else shown
        if level == 1:
            yield "=" * min(len(shown), self.width)

    def wrap(self, text: str, indent: str, first: str | None = None) -> list[str]:
        return textwrap.wrap(
            text,
            self.width,
            initial_indent=indent if first is None else first,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        ) or [indent if first is None else first]

    def finding(self, view: AuditView, entry: AuditEntry, indent: str, brief: bool) -> list[str]:
        """One finding: severity, who and message, then its date, area and (unless
        ``brief``) its code, record and rule; in a person's group the person is not
        repeated."""
        f = entry.finding
        mark = f"{_MARKS[f.severity]:<8}"
        shown = f"{_COLOURS[f.severity]}{mark}{_RESET}" if self.colour else mark
        when, relative = view.when(entry)
        message = "".join(text for text, _ in message_segments(f.message))
        pad = indent + " " * 8
        text = f"{view.who_label(entry)}: {message}" if brief else message
        head = self.wrap(text, pad, first=indent + mark)
        if self.colour:
            head[0] = indent + shown + head[0][len(indent) + len(mark) :]
        detail = [when + (f" ({relative})" if relative else ""), entry.area]
        if not brief:
            rule = view.rule(entry)
            detail += [f.code, f"{entry.location} {f.path}"]
            if rule.evidence:
                detail.append(f"rule: {rule.source} ({rule.evidence})")
        else:
            detail.append(f.code)
        return head + self.wrap(" · ".join(detail), pad)


def text_lines(
    result: AuditResult,
    *,
    width: int = 100,
    colour: bool = False,
    weeks: int | None = None,
    docs_url: str | None = None,
) -> Iterator[str]:
    """The audit as lines of text, grouped as the page is: needs action now, the weeks
    ahead, later, undated, for information; then each care coordinator's section, person
    by person.

    Args:
        result: The audit.
        width: Wrap lines to this many columns (40 at least).
        colour: Mark severities and headings with ANSI colours (for a terminal).
        weeks: How many weeks ahead to show week by week.
        docs_url: Where the rule links point (not shown in text; kept for symmetry).
    """
    view = AuditView(result, weeks=weeks, docs_url=docs_url)
    out = _Text(width, colour)
    report = result.report
    severities = report.counts_by_severity()
    yield f"Caseload audit as of {instant_text(result.as_of)}"
    records = sum(result.records.values())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(result.records.items())) or "none"
    yield from out.wrap(f"{records} records read: {kinds}", "  ", first="")
    yield (
        f"{len(report)} findings: {severities[Severity.ERROR]} errors, "
        f"{severities[Severity.WARNING]} warnings, {severities[Severity.INFO]} for information"
    )
    by_place: dict[str, list[AuditEntry]] = {key: [] for key in view.place_keys()}
    for entry in result.entries:
        by_place[view.slot(entry).key].append(entry)
    yield from _text_places(view, out, by_place)
    yield from _text_sections(view, out)


def _text_places(
    view: AuditView, out: _Text, by_place: Mapping[str, list[AuditEntry]]
) -> Iterator[str]:
    now = view.ordered(by_place["now"])
    yield from out.heading(f"{view.place_title(Place.NOW)} ({len(now)})")
    yield from _text_list(view, out, now)
    soon = sum(len(by_place[f"week-{w}"]) for w in range(1, view.weeks + 1))
    yield from out.heading(f"{view.place_title(Place.WEEK)} ({soon})")
    for week in range(1, view.weeks + 1):
        entries = view.by_time(by_place[f"week-{week}"])
        yield ""
        yield from out.heading(f"{view.week_title(week)} ({len(entries)})", level=2)
        yield from _text_list(view, out, entries)
    for place in (Place.LATER, Place.UNDATED, Place.INFORMATION):
        entries = by_place[place.value]
        entries = view.by_time(entries) if place is Place.LATER else view.ordered(entries)
        yield from out.heading(f"{view.place_title(place)} ({len(entries)})")
        yield from _text_list(view, out, entries)


def _text_list(view: AuditView, out: _Text, entries: Sequence[AuditEntry]) -> Iterator[str]:
    if not entries:
        yield "  Nothing."
    for entry in entries:
        yield from out.finding(view, entry, "  ", brief=True)


def _text_sections(view: AuditView, out: _Text) -> Iterator[str]:
    sections: dict[str, dict[str, list[AuditEntry]]] = {k: {} for k in view.section_keys()}
    for entry in view.result.entries:
        for key in view.sections_of(entry):
            sections[key].setdefault(entry.key or "", []).append(entry)
    yield from out.heading("By care coordinator")
    for key, people in sections.items():
        yield ""
        yield from out.heading(view.section_title(key), level=2)
        if not key.startswith("-"):
            yield from out.wrap(view.caseload_text(key), "  ")
            own = people.pop(key, [])
            yield "  Own compliance" + ("" if own else ": nothing found")
            for entry in view.ordered(own):
                yield from out.finding(view, entry, "    ", brief=False)
        for who in sorted(people, key=_natural):
            entries = view.ordered(people[who])
            label = view.who_label(entries[0])
            if key == NO_COORDINATOR:
                label = f"{label} ({view.person_reason(who)})"
            yield from out.wrap(label, "  ")
            for entry in entries:
                yield from out.finding(view, entry, "    ", brief=False)
