"""The caseload audit: every domain's dated checks over a bundle of records, as of a date.

A *bundle* is a folder holding one NDJSON file per record kind, named ``KIND.ndjson``
(``care-episode.ndjson``, or ``KIND.ndjson.gz``), one JSON record per line. The files are
read, and each record checked, exactly as ``cpa-core validate`` reads and checks them
(:func:`cpa_core.batch.check_source`); records that can be read are then given their kind's
dated checks. Nothing is dropped and nothing stops the audit: a line that is not JSON, a
record that cannot be read or a check that fails on one record becomes an error finding
that names the file and line.

Records stream past: each is checked and let go, so memory grows with the findings, not
with the records. Two things are kept beside the findings, both small: who coordinates
whom (one entry per person and per member of staff, from the care episodes and staff
records), and, for the checks across records (:attr:`cpa_core.domain.Domain.caseload_checks`),
the records those checks need, spilled to a temporary file and read back group by group
(each check's :func:`cpa_core.records.caseload_check` declaration).

How the findings are arranged for a manager (what needs action now, what falls due when, by
care coordinator) is :mod:`cpa_core.audit_view`; the page is :mod:`cpa_core.audit_html`.
"""

from __future__ import annotations

import json
import pickle
import re
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from cpa_core import batch, registry, statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.files import open_input
from cpa_core.findings import Finding, Report, Severity
from cpa_core.identifiers.nhs_number import redact
from cpa_core.policy import TrustPolicy
from cpa_core.records import CaseloadCheck, CaseloadScope, Located, check_failed, scope_of

__all__ = [
    "EXAMPLE_AS_OF",
    "AuditEntry",
    "AuditResult",
    "BundleRecord",
    "PersonInfo",
    "StaffInfo",
    "example_bundle",
    "iter_json",
    "read_bundle",
    "render_json",
    "render_text",
    "run_audit",
]


_EXAMPLE = "examples/team"

EXAMPLE_AS_OF = date(2026, 11, 23)
"""The date the example team's records were written for: their default audit date."""


@attrs.frozen
class BundleRecord:
    """One line of a bundle file.

    Attributes:
        kind: The record kind (the file's name without ``.ndjson``).
        location: ``FILE:LINE``, for findings and reports.
        raw: The line's bytes, as in the file.
    """

    kind: str
    location: str
    raw: bytes


About = Literal["person", "staff"]
"""What an entry's ``who`` names: a person cared for, or a member of staff."""


@attrs.frozen
class AuditEntry:
    """One finding of the audit, with the record it came from.

    Attributes:
        finding: The finding.
        kind: The record kind of the record checked.
        location: ``FILE:LINE`` of the record in the bundle.
        who: The person or staff member the record is about (its ``person_id`` or
            ``staff_id``, masked if it is an NHS number), or ``None``.
        area: The title of the domain the record kind belongs to.
        about: Whether ``who`` is a person cared for or a member of staff.
        key: The identifier ``who`` shows, unmasked, to group entries by person; never shown.
        done_at: When the record says the thing the finding is about was done, when that
            was after it was due (a note recorded late, a plan sent late): the finding is
            then about something that happened, not a deadline still open.
    """

    finding: Finding
    kind: str
    location: str
    who: str | None
    area: str
    about: About | None = None
    key: str | None = attrs.field(default=None, repr=False)
    done_at: date | datetime | None = None


@attrs.frozen
class PersonInfo:
    """Who coordinates one person's care on the audit date, from their care episodes.

    Attributes:
        coordinators: Staff ids of the named coordinators or key workers of the person's
            open episodes on the audit date (usually one).
        teams: The teams of those open episodes.
        open_episodes: How many of the person's care episodes are open on the audit date.
    """

    coordinators: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    open_episodes: int = 0


@attrs.frozen
class StaffInfo:
    """What the audit shows about one member of staff beside their findings.

    Attributes:
        team: The staff record's team code.
        allocated: Whether the record says they hold a caseload as care coordinator.
        recorded_caseload: The caseload count on the staff record, if any.
        recorded_on: The day that count was taken.
    """

    team: str | None = None
    allocated: bool = False
    recorded_caseload: int | None = None
    recorded_on: date | None = None


@attrs.frozen
class AuditResult:
    """The outcome of an audit.

    Attributes:
        as_of: The instant the audit was run for.
        records: How many records were read, by kind.
        entries: Every finding with its record, soonest due first (undated last), then worst.
        people: Who coordinates each person's care, by person id (unmasked; never shown).
        staff: Each member of staff with a staff record, by staff id.
        policy: The policy the audit ran under (its caseload cap is shown beside each
            coordinator).
    """

    as_of: datetime
    records: dict[str, int]
    entries: tuple[AuditEntry, ...]
    people: Mapping[str, PersonInfo] = attrs.field(factory=dict)
    staff: Mapping[str, StaffInfo] = attrs.field(factory=dict)
    policy: TrustPolicy = attrs.field(factory=TrustPolicy)

    @property
    def report(self) -> Report:
        """The findings alone, as a :class:`~cpa_core.findings.Report`."""
        return Report(tuple(e.finding for e in self.entries))

    def by_area(self) -> dict[str, dict[str, list[AuditEntry]]]:
        """Entries grouped by area (in the registry's domain order), then by person or staff
        member, in order."""
        out: dict[str, dict[str, list[AuditEntry]]] = {}
        for entry in self.entries:
            area = out.setdefault(entry.area, {})
            area.setdefault(entry.who or "(no person)", []).append(entry)
        order = [d.title for d in registry.domains()]
        return dict(sorted(out.items(), key=lambda item: _rank(order, item[0])))


def _rank(order: list[str], area: str) -> int:
    return order.index(area) if area in order else len(order)


def example_bundle() -> Path:
    """The folder of the bundled example team (fictitious people and staff)."""
    return Path(str(resources.files("cpa_core").joinpath(_EXAMPLE)))


_SUFFIXES = (".ndjson", ".ndjson.gz")


def _kind_of(path: Path) -> str | None:
    for suffix in _SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def read_bundle(folder: Path) -> Iterator[BundleRecord]:
    """Every record in a bundle folder, in file then line order.

    Raises:
        CpaCoreError: The folder is missing, a file names an unknown record kind, or a
            file cannot be read at all (the message names the file).
    """
    if not folder.is_dir():
        raise CpaCoreError(f"{folder}: not a folder of KIND.ndjson files")
    kinds = registry.record_kinds()
    for path in sorted(folder.iterdir()):
        kind = _kind_of(path)
        if kind is None:
            continue
        if kind not in kinds:
            raise CpaCoreError(f"{path.name}: no record kind called {kind!r}")
        with open_input(path) as stream:
            _, records = batch.read_records(stream, "ndjson")
            for record in records:
                yield BundleRecord(kind, f"{path.name}:{record.line}", record.raw)


# --- checks across records ------------------------------------------------------------------


_LENGTH = struct.Struct("<I")


class _Spill:
    """Records put aside for the checks across records, pickled into a temporary file.

    Only offsets stay in memory; a group is read back when its check runs.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None

    def put(self, located: Located[Any]) -> int:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        data = pickle.dumps(located, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, 2)
        self._file.write(_LENGTH.pack(len(data)))
        self._file.write(data)
        return offset

    def get(self, offset: int) -> Located[Any]:
        assert self._file is not None
        self._file.seek(offset)
        (size,) = _LENGTH.unpack(self._file.read(_LENGTH.size))
        # Our own file, written above in this run: nothing else can have put bytes in it.
        found: Located[Any] = pickle.loads(self._file.read(size))
        return found

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _check_pairs(
    check: CaseloadCheck, records: Mapping[str, Sequence[Located[Any]]], ctx: CheckContext
) -> list[tuple[Located[Any] | None, Finding]]:
    """What a check across records finds in one group; a check that fails is a finding about
    the caseload as a whole."""
    try:
        return list(check(records, ctx))
    except Exception as exc:  # one check must never stop the audit
        return [(None, check_failed(exc))]


class _Plan:
    """One check across records and what it has been given so far."""

    def __init__(self, title: str, check: CaseloadCheck, scope: CaseloadScope | None) -> None:
        self.title = title
        self.check = check
        self.scope = scope
        self.groups: dict[object, list[int]] = {}


class _Caseload:
    """Collects, as records stream past, what the checks across records need."""

    def __init__(self) -> None:
        self.plans = [
            _Plan(d.title, check, scope_of(check))
            for d in registry.domains()
            for check in d.caseload_checks
        ]
        self.spill = _Spill()
        self.shared: dict[str, list[Located[Any]]] = {}
        self.whole: dict[str, list[Located[Any]]] | None = (
            {} if any(p.scope is None for p in self.plans) else None
        )
        self._shared_kinds = {k for p in self.plans if p.scope for k in p.scope.shared}
        self._each = {k: [p for p in self.plans if p.scope and k in p.scope.each]
                      for p in self.plans if p.scope for k in p.scope.each}  # fmt: skip

    def add(self, located: Located[Any]) -> None:
        if self.whole is not None:
            self.whole.setdefault(located.kind, []).append(located)
        if located.kind in self._shared_kinds:
            self.shared.setdefault(located.kind, []).append(located)
        plans = self._each.get(located.kind)
        if not plans:
            return
        offset = self.spill.put(located)
        for plan in plans:
            assert plan.scope is not None
            value = plan.scope.group_of(located.record)
            key: object = offset if value is None else value
            plan.groups.setdefault(key, []).append(offset)

    def run(self, ctx: CheckContext) -> Iterator[tuple[str, Located[Any] | None, Finding]]:
        """``(area, record, finding)`` for every finding of every check across records."""
        try:
            for plan in self.plans:
                for records in self._inputs(plan):
                    for at, finding in _check_pairs(plan.check, records, ctx):
                        yield plan.title, at, finding
        finally:
            self.spill.close()

    def _inputs(self, plan: _Plan) -> Iterator[Mapping[str, Sequence[Located[Any]]]]:
        if plan.scope is None:
            yield self.whole or {}
            return
        shared = {kind: self.shared.get(kind, []) for kind in plan.scope.shared}
        for offsets in plan.groups.values():
            group: dict[str, list[Located[Any]]] = dict(shared)
            for offset in offsets:
                located = self.spill.get(offset)
                group.setdefault(located.kind, []).append(located)
            yield group


# --- who coordinates whom ---------------------------------------------------------------------


class _Person:
    __slots__ = ("coordinators", "open_episodes", "teams")

    def __init__(self) -> None:
        self.coordinators: list[str] = []
        self.teams: list[str] = []
        self.open_episodes = 0

    def frozen(self) -> PersonInfo:
        return PersonInfo(tuple(self.coordinators), tuple(self.teams), self.open_episodes)


def _note_episode(people: dict[str, _Person], episode: Any, day: date) -> None:
    """The coordinators of an episode open on ``day`` (:class:`cpa_core.care.CareEpisode`)."""
    person = people.setdefault(episode.person_id, _Person())
    if not episode.is_open_on(day):
        return
    person.open_episodes += 1
    if episode.team not in person.teams:
        person.teams.append(episode.team)
    for assignment in episode.coordinators:
        if assignment.covers(day) and assignment.staff_id not in person.coordinators:
            person.coordinators.append(assignment.staff_id)


def _note_staff(staff: dict[str, StaffInfo], member: Any) -> None:
    """What the page shows beside a member of staff
    (:class:`cpa_core.competency.StaffMember`)."""
    caseload = member.caseload
    staff[member.staff_id] = StaffInfo(
        team=member.team_code,
        allocated=member.allocated_as_care_coordinator,
        recorded_caseload=None if caseload is None else caseload.count,
        recorded_on=None if caseload is None else caseload.recorded_on,
    )


_INDEXERS: dict[str, Callable[[dict[str, _Person], dict[str, StaffInfo], Any, date], None]] = {
    "care-episode": lambda people, _staff, record, day: _note_episode(people, record, day),
    "staff-member": lambda _people, staff, record, _day: _note_staff(staff, record),
}
"""The record kinds that say who coordinates whom, and how each is read."""


# --- one record ----------------------------------------------------------------------------


def _who(record: Any) -> tuple[str, str, About] | None:
    """``(shown, key, about)`` for the person or staff member a record is about."""
    for name, about in (("person_id", "person"), ("staff_id", "staff")):
        value = getattr(record, name, None)
        if isinstance(value, str):
            # An NHS number used as a person's id is not shown whole.
            return redact(value), value, about  # type: ignore[return-value]
    return None


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _at_path(record: Any, path: str) -> Any:
    """The value at a finding's JSON path in the record read, or ``None``."""
    if not path.startswith("$"):
        return None
    value, position = record, 1
    while position < len(path):
        step = _STEP.match(path, position)
        if step is None or value is None:
            return None
        name, index = step.groups()
        if name is not None:
            value = getattr(value, name, None) if attrs.has(type(value)) else None
        else:
            value = (
                value[int(index)] if isinstance(value, tuple) and int(index) < len(value) else None
            )
        position = step.end()
    return value


def _after(done: date | datetime, due: date | datetime) -> bool:
    """Whether ``done`` is later than the deadline ``due`` (a date deadline is its whole
    day; an instant deadline is exclusive)."""
    if isinstance(due, datetime):
        if isinstance(done, datetime):
            return done >= due
        return statutory_time.start_of_day(done) >= due
    done_day = statutory_time.london_date(done) if isinstance(done, datetime) else done
    return done_day > due


def _done_at(record: Any, finding: Finding) -> date | datetime | None:
    """When the record says it was done, if that was after the due date it missed.

    A dated finding whose path names a date or instant the record holds, later than the
    finding's due date, is about something already done late (a note recorded late, a plan
    sent late), not a deadline still open. A path that names the deadline itself (a review
    date, an expiry) holds the due date and is not "done late".
    """
    due = finding.due
    if due is None or finding.severity is Severity.INFO or record is None:
        return None
    try:
        value = _at_path(record, finding.path)
        if isinstance(value, date) and _after(value, due):
            return value
    except CpaCoreError:
        return None  # a date at the end of the calendar: not worth failing a record for
    return None


def _entries(
    findings: Iterable[Finding], item: tuple[str, str], area: str, record: Any
) -> list[AuditEntry]:
    """The entries of one record's findings; ``item`` is its kind and location."""
    who = _who(record) if record is not None else None
    shown, key, about = who if who is not None else (None, None, None)
    return [
        AuditEntry(f, item[0], item[1], shown, area, about, key, _done_at(record, f))
        for f in findings
    ]


def _checks(item: BundleRecord, ctx: CheckContext) -> tuple[Located[Any] | None, list[AuditEntry]]:
    """The record read from ``item`` (or ``None``), with its location, and its entries."""
    kind = registry.record_kind(item.kind)
    area = registry.domain(kind.domain).title
    source = batch.SourceRecord(0, item.location, item.raw)
    result, _ = batch.check_source(kind, source, policy=ctx.policy)
    record = result.record
    found = [f for f in result.report if f.severity is not Severity.INFO]
    if record is not None and kind.audit is not None:
        try:
            found.extend(kind.audit(record, ctx))
        except Exception as exc:  # one record must never stop the audit
            found.append(check_failed(exc))
    entries = _entries(found, (item.kind, item.location), area, record)
    if record is None:
        return None, entries
    return Located(record, item.kind, item.location), entries


def _caseload_entries(finding: Finding, at: Located[Any] | None, area: str) -> list[AuditEntry]:
    """The entry of a finding of a check across records, about the record ``at`` or, when
    ``None``, the caseload as a whole; ``area`` is the title of the check's domain."""
    if at is None:
        return [AuditEntry(finding, "", "caseload", None, area)]
    return _entries((finding,), (at.kind, at.location), area, at.record)


def _order(entry: AuditEntry) -> tuple[str, int, str]:
    due = entry.finding.due
    when = due.isoformat() if due is not None else "9999"
    return (when, entry.finding.severity.rank, entry.finding.code)


def run_audit(
    records: Iterable[BundleRecord],
    as_of: datetime,
    policy: TrustPolicy | None = None,
) -> AuditResult:
    """Run every kind's checks over ``records`` as of the instant ``as_of``.

    Records are checked as they stream past and not kept; see the module's description.
    """
    ctx = CheckContext.at(statutory_time.require_aware(as_of, "as_of"), policy)
    counts: dict[str, int] = {}
    entries: list[AuditEntry] = []
    caseload = _Caseload()
    people: dict[str, _Person] = {}
    staff: dict[str, StaffInfo] = {}
    for item in records:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        located, found = _checks(item, ctx)
        entries.extend(found)
        if located is not None:
            caseload.add(located)
            indexer = _INDEXERS.get(item.kind)
            if indexer is not None:
                indexer(people, staff, located.record, ctx.day)
    for area, at, finding in caseload.run(ctx):
        entries.extend(_caseload_entries(finding, at, area))
    entries.sort(key=_order)
    return AuditResult(
        as_of=as_of,
        records=counts,
        entries=tuple(entries),
        people={key: person.frozen() for key, person in people.items()},
        staff=staff,
        policy=ctx.policy,
    )


# --- text and JSON ---------------------------------------------------------------------------


def render_text(result: AuditResult, **options: Any) -> str:
    """The audit as plain text, grouped as the page is; see
    :func:`cpa_core.audit_view.text_lines` for the options (width, colour, weeks)."""
    from cpa_core import audit_view  # noqa: PLC0415 - the view module imports this one

    return "".join(f"{line}\n" for line in audit_view.text_lines(result, **options))


def _entry_dict(entry: AuditEntry, extra: Mapping[str, Any]) -> dict[str, Any]:
    out = entry.finding.to_dict()
    out.update(area=entry.area, kind=entry.kind, location=entry.location)
    if entry.who is not None:
        out["who"] = entry.who
    out.update(extra)
    return out


def iter_json(result: AuditResult, *, weeks: int | None = None) -> Iterator[str]:
    """The audit as one JSON document, in pieces (a large audit is never one string).

    Each finding carries, beside its own fields, ``place`` (where it is acted on: ``now``,
    ``week-1`` …, ``later``, ``undated``, ``information``), ``when`` (its date in words)
    and ``coordinators`` (the care coordinators whose section shows it).
    """
    from cpa_core import audit_view  # noqa: PLC0415 - the view module imports this one

    view = audit_view.AuditView(result, weeks=weeks)
    report = result.report
    head: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "records": result.records,
        "counts": {s.value: n for s, n in report.counts_by_severity().items()},
        "codes": dict(report.counts_by_code()),
        "places": view.place_counts(),
        "coordinators": view.coordinator_summaries(),
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)
    yield text[:-2] + ',\n  "findings": ['
    for index, entry in enumerate(result.entries):
        body = json.dumps(_entry_dict(entry, view.json_extra(entry)), ensure_ascii=False)
        yield ("\n    " if index == 0 else ",\n    ") + body
    yield "\n  ]\n}\n" if result.entries else "]\n}\n"


def render_json(result: AuditResult, *, weeks: int | None = None) -> str:
    """The audit as one JSON document (:func:`iter_json` joined)."""
    return "".join(iter_json(result, weeks=weeks))
