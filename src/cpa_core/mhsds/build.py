"""Building cpa_core records from the rows of an MHSDS extract.

The builders follow :data:`~cpa_core.mhsds.mapping.FIELD_MAPPINGS`: simple fields are read
through their mapping row (so the field name lives in one place), and the joins the rows
describe are done here. Each built record is plain JSON, checked afterwards exactly as a
bundle record is; what the builder could not read, and what MHSDS does not carry, travels
with the record as findings and gaps.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from cpa_core import statutory_time
from cpa_core.care import APPROACHES, FOLLOW_UP_RULES, CareApproach
from cpa_core.clustering import HONOS_SNOMED, Scale
from cpa_core.constraints import IDENTIFIER
from cpa_core.convert import structure
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Finding, FindingCode
from cpa_core.identifiers import nhs_number
from cpa_core.mha import MhaDetention, Section, base_expiry, section_for_code
from cpa_core.mhsds import codes
from cpa_core.mhsds.mapping import (
    ALWAYS,
    ATTENDANCE,
    CARE_PLAN_TYPES,
    CTO_END_REASONS,
    FIELD_MAPPINGS,
    MAPPED_KINDS,
    NOT_CARRIED,
    TABLES,
    FieldMapping,
    MhsdsTable,
)
from cpa_core.mhsds.reader import Note, Row, Tables
from cpa_core.mhsds.values import local_instant, read_date, read_time, read_timestamp

__all__ = ["Built", "MhsdsOptions", "build_records"]

_EPISODE = "care-episode"
_DISCHARGE = "care-inpatient-discharge"
_DETENTION = "mha-detention"
_ASSESSMENT = "cluster-assessment"

_PLAN_TYPE_CARE = "10"
_PLAN_TYPE_CRISIS = "12"
_HOLDING_POWERS = frozenset({Section.S135, Section.S136})
_SCORES = frozenset({"0", "1", "2", "3", "4", "9"})
_S21B_DAYS = 28  # s21B: a patient returned after more than 28 days' absence


@attrs.frozen(kw_only=True)
class MhsdsOptions:
    """Trust-supplied facts MHSDS does not carry.

    Attributes:
        non_cpa_approach: The approach an episode with no CPA episode (MHS701) runs under.
            MHSDS v6 carries no approach; NHS England's position statement says the
            Community Mental Health Framework replaced CPA, so the default is CMHF. Each
            episode given it says so in an information finding.
    """

    non_cpa_approach: CareApproach = CareApproach.CMHF


@attrs.frozen
class Built:
    """One record built from an extract.

    Attributes:
        kind: The record kind.
        location: ``TABLE:ROW`` of the row the record is anchored on.
        data: The record, as JSON-ready data.
        person: The person the record is about (``LocalPatientId``), if known.
        gaps: The fields of the record MHSDS (or this extract) does not carry.
        findings: What the builder found about the record's rows.
    """

    kind: str
    location: str
    data: Mapping[str, Any]
    person: str | None
    gaps: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def raw(self) -> bytes:
        """The record as one line of NDJSON."""
        return json.dumps(self.data, ensure_ascii=False).encode("utf-8") + b"\n"


def _spec(name: str) -> MhsdsTable:
    return TABLES.versions(name)[0]


def _mapping(kind: str, path: str, table: str | None = None) -> FieldMapping:
    for row in FIELD_MAPPINGS:
        if row.kind == kind and row.path == path and (table is None or row.table == table):
            return row
    raise CpaCoreError(f"no MHSDS mapping for {kind} {path}")  # pragma: no cover - a typo


def _shown(key: str | None) -> str:
    """A key value fit for a message: a well-formed identifier, never free text."""
    if key is not None and IDENTIFIER.problem(key) is None:
        return f" ({key})"
    return ""


class _Record:
    """The findings and gaps gathered while building one record."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.findings: list[Finding] = []
        self.gaps: set[str] = {
            row.path for row in NOT_CARRIED if row.kind == kind and row.when == ALWAYS
        }

    def add(self, code: FindingCode, message: str, path: str = "$") -> None:
        self.findings.append(code.finding(message, path=path))


class _FailedError(Exception):
    """A record cannot be built; the message says why (never quoting a value)."""

    def __init__(self, reason: str, code: FindingCode = codes.RECORD_NOT_BUILT) -> None:
        super().__init__(reason)
        self.code = code


class _Builder:
    """Joins the tables of one extract and builds every record kind from them."""

    def __init__(self, tables: Tables, options: MhsdsOptions) -> None:
        self.tables = tables
        self.options = options
        self.notes: list[Note] = []
        self.built: list[Built] = []
        self.missing = frozenset(spec.name for spec in TABLES if not tables.has(spec.name))
        self.people = self._index("MHS001MPI")
        self.referrals = self._index("MHS101Referral")
        self.spells = self._index("MHS501HospProvSpell", ("HospProvSpellID", "HospProvSpellNum"))
        self.spells_of = self._children("MHS501HospProvSpell", "ServiceRequestId", self.referrals)
        self.ward_stays = self._index("MHS502WardStay")
        self.stays_of = self._children(
            "MHS502WardStay", "HospProvSpellID", self.spells, alternatives=("HospProvSpellNum",)
        )
        self.contacts = self._index("MHS201CareContact")
        self.header_provider = self._header_provider()

    # --- joins --------------------------------------------------------------------------

    def note(self, location: str, code: FindingCode, message: str, kind: str = "") -> None:
        self.notes.append(Note(location, code.finding(message), kind))

    def _index(self, table: str, fields: tuple[str, ...] | None = None) -> dict[str, Row]:
        names = fields or (_spec(table).key,)
        out: dict[str, Row] = {}
        for row in self.tables.rows(table):
            key = row.get(*names)
            if key is None:
                self.note(
                    row.location, codes.KEY_BROKEN, f"{row.location}: no {names[0]}; row not read"
                )
            elif key in out:
                self.note(
                    row.location,
                    codes.KEY_DUPLICATE,
                    f"{row.location}: {names[0]}{_shown(key)} is also on "
                    f"{out[key].location}; row not read",
                )
            else:
                out[key] = row
        return out

    def _children(
        self,
        table: str,
        field: str,
        parents: Mapping[str, Row],
        *,
        alternatives: tuple[str, ...] = (),
        parent_table: str | None = None,
    ) -> dict[str, list[Row]]:
        """Rows of ``table`` by the parent key in ``field``; orphans are reported."""
        out: dict[str, list[Row]] = defaultdict(list)
        rows = self.tables.rows(table)
        owner = parent_table or self._parent_table(table)
        if rows and owner in self.missing:
            self.note(
                table,
                codes.KEY_BROKEN,
                f"{table}: its {len(rows)} rows cannot be joined: {owner} is not in the extract",
            )
            return out
        for row in rows:
            key = row.get(field, *alternatives)
            if key is None or key not in parents:
                self.note(
                    row.location,
                    codes.KEY_BROKEN,
                    f"{row.location}: its {field}{_shown(key)} is not in {owner}; row not used"
                    if key is not None
                    else f"{row.location}: no {field}; row not used",
                )
                continue
            out[key].append(row)
        return out

    @staticmethod
    def _parent_table(table: str) -> str:
        parent = _spec(table).parent
        for spec in TABLES:
            if spec.key == parent:
                return spec.name
        return "MHS001MPI" if parent == "LocalPatientId" else parent

    def _header_provider(self) -> str | None:
        rows = self.tables.rows("MHS000Header")
        return rows[0].get("OrgIDProvider") if rows else None

    def person_of_referral(self, key: str) -> str | None:
        row = self.referrals.get(key)
        return row.get("LocalPatientId") if row is not None else None

    # --- reading values -----------------------------------------------------------------

    def text(self, row: Row, mapping: FieldMapping) -> str | None:
        return row.get(*mapping.fields)

    def day(
        self,
        row: Row,
        mapping: FieldMapping,
        rec: _Record,
        field: str | None = None,
        path: str | None = None,
    ) -> date | None:
        name = field or mapping.fields[0]
        text = row.get(name)
        if text is None:
            return None
        value = read_date(text)
        if value is None:
            rec.add(
                codes.VALUE_INVALID,
                f"{row.location}: {name} is not a date (YYYY-MM-DD); left out",
                path or mapping.path,
            )
        return value

    def instant(
        self, row: Row, mapping: FieldMapping, rec: _Record, path: str | None = None
    ) -> datetime | None:
        """The London instant of a date field and its time field."""
        day_field, time_field = mapping.fields[0], mapping.fields[1]
        where = path or mapping.path
        day = self.day(row, mapping, rec, day_field, where)
        if day is None:
            return None
        clock_text = row.get(time_field)
        clock = read_time(clock_text) if clock_text is not None else None
        if clock_text is not None and clock is None:
            rec.add(
                codes.VALUE_INVALID,
                f"{row.location}: {time_field} is not a time (HH:MM:SS); the start of the "
                "day is used",
                where,
            )
        found = local_instant(day, clock)
        if clock_text is None:
            rec.add(
                codes.TIME_NOT_RECORDED,
                f"{row.location}: no {time_field}; the start of the London day is used",
                where,
            )
        elif found.shifted:
            rec.add(
                codes.TIME_NOT_RECORDED,
                f"{row.location}: {time_field} occurs twice or never that day in London; "
                "read as the first",
                where,
            )
        return found.instant

    # --- people -------------------------------------------------------------------------

    def nhs(self, person: str, rec: _Record, path: str = "$.nhs_number") -> str | None:
        row = self.people.get(person)
        if row is None:
            if "MHS001MPI" not in self.missing:
                rec.add(
                    codes.KEY_BROKEN,
                    f"LocalPatientId{_shown(person)} is not in MHS001MPI; no NHS number",
                    path,
                )
            return None
        value = row.get("NHSNumber")
        if value is not None and not nhs_number.is_valid(value):
            rec.add(
                codes.VALUE_INVALID,
                f"{row.location}: NHSNumber is not a valid NHS number; left out",
                path,
            )
            return None
        return nhs_number.normalise(value) if value is not None else None

    def died_on(self, person: str, rec: _Record) -> date | None:
        row = self.people.get(person)
        if row is None:
            return None
        return self.day(row, _mapping(_DISCHARGE, "$.died_on"), rec)

    def emit(
        self, kind: str, location: str, data: dict[str, Any], person: str | None, rec: _Record
    ) -> None:
        gaps = set(rec.gaps)
        for table in self.missing:
            if _spec(table).effective.until is None:  # legacy tables are optional
                gaps.update(r.path for r in FIELD_MAPPINGS if r.kind == kind and r.table == table)
        self.built.append(
            Built(kind, location, data, person, tuple(sorted(gaps)), tuple(rec.findings))
        )

    def not_built(
        self,
        row: Row,
        kind: str,
        key_field: str,
        reason: str,
        code: FindingCode = codes.RECORD_NOT_BUILT,
    ) -> None:
        key = row.get(key_field)
        self.note(
            row.location,
            code,
            f"{row.location}: {kind} record{_shown(key)} not built: {reason}",
            kind,
        )


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


# --- care episodes -----------------------------------------------------------------------------


@attrs.frozen
class _Referral:
    key: str
    person: str
    received: date
    discharged: date | None
    row: Row


class _Episodes:
    """Care-episode referrals (those with no hospital spell), by person."""

    def __init__(self, builder: _Builder) -> None:
        self.by_person: dict[str, list[_Referral]] = defaultdict(list)
        self.rec: dict[str, _Record] = {}
        self.unusable: dict[str, str] = {}
        received_map = _mapping(_EPISODE, "$.referral.received_on")
        discharge_map = _mapping(_EPISODE, "$.discharge.on")
        for key, row in builder.referrals.items():
            if key in builder.spells_of:
                continue
            rec = _Record(_EPISODE)
            self.rec[key] = rec
            person = row.get("LocalPatientId")
            received = builder.day(row, received_map, rec)
            if person is None:
                self.unusable[key] = "no LocalPatientId"
                continue
            if received is None:
                self.unusable[key] = "ReferralRequestReceivedDate missing or not a date"
                continue
            discharged = builder.day(row, discharge_map, rec)
            self.by_person[person].append(_Referral(key, person, received, discharged, row))
        for items in self.by_person.values():
            items.sort(key=lambda r: (r.received, r.row.number))

    def latest_on_or_before(self, person: str, day: date) -> _Referral | None:
        found = None
        for item in self.by_person.get(person, ()):
            if item.received <= day:
                found = item
        return found

    def open_on(self, person: str, day: date) -> _Referral | None:
        found = None
        for item in self.by_person.get(person, ()):
            if item.received <= day and (item.discharged is None or day < item.discharged):
                found = item
        return found


def _assign(
    builder: _Builder,
    episodes: _Episodes,
    day_field: str,
    rows: Iterable[Row],
    what: str,
) -> dict[str, list[tuple[Row, date]]]:
    """Rows of a person-level table, each given to the person's latest referral received on
    or before the row's date."""
    out: dict[str, list[tuple[Row, date]]] = defaultdict(list)
    for row in rows:
        person = row.get("LocalPatientId")
        text = row.get(day_field)
        day = read_date(text) if text is not None else None
        if person is None:
            builder.note(
                row.location,
                codes.KEY_BROKEN,
                f"{row.location}: no LocalPatientId; row not used",
                _EPISODE,
            )
            continue
        if day is None:
            builder.note(
                row.location,
                codes.VALUE_INVALID,
                f"{row.location}: {day_field} missing or not a date; row not used",
                _EPISODE,
            )
            continue
        referral = episodes.latest_on_or_before(person, day)
        if referral is None:
            builder.note(
                row.location,
                codes.ROW_NOT_USED,
                f"{row.location}: {what} before any care-episode referral of the "
                f"person; row not used",
                _EPISODE,
            )
            continue
        out[referral.key].append((row, day))
    return out


def _cpa_episodes(builder: _Builder) -> dict[str, list[tuple[str, date, date | None]]]:
    out: dict[str, list[tuple[str, date, date | None]]] = defaultdict(list)
    for row in builder.tables.rows("MHS701CPACareEpisode"):
        person, key = row.get("LocalPatientId"), row.get("CPAEpisodeId")
        start = read_date(row.get("StartDateCPA") or "")
        end_text = row.get("EndDateCPA")
        end = read_date(end_text) if end_text is not None else None
        if person is None or key is None or start is None or (end_text and end is None):
            builder.note(
                row.location,
                codes.KEY_BROKEN if key is None or person is None else codes.VALUE_INVALID,
                f"{row.location}: CPA episode without a usable key or dates; row not used",
                _EPISODE,
            )
            continue
        out[person].append((key, start, end))
    return out


def _build_episodes(builder: _Builder, episodes: _Episodes) -> None:
    cpa = _cpa_episodes(builder)
    teams = builder._children("MHS102ServiceTypeReferredTo", "ServiceRequestId", builder.referrals)
    coordinators = _assign(
        builder,
        episodes,
        "StartDateAssCareCoord",
        builder.tables.rows("MHS006MHCareCoord"),
        "coordinator assignment",
    )
    plan_rows = builder.tables.rows("MHS008CarePlanType")
    plans = _assign(builder, episodes, "CarePlanCreatDate", plan_rows, "care plan")
    plan_index = {r.get("CarePlanID"): r for r in plan_rows if r.get("CarePlanID")}
    agreements = builder._children(
        "MHS009CarePlanAgreement",
        "CarePlanID",
        {k: v for k, v in plan_index.items() if k is not None},
        parent_table="MHS008CarePlanType",
    )
    review_rows = _cpa_reviews(builder, cpa)
    reviews = _assign(builder, episodes, "CPAReviewDate", review_rows, "CPA review")
    for people in episodes.by_person.values():
        for referral in people:
            rec = episodes.rec[referral.key]
            try:
                data = _episode(
                    builder,
                    referral,
                    rec,
                    cpa=cpa,
                    teams=teams,
                    coordinators=coordinators,
                    plans=plans,
                    agreements=agreements,
                    reviews=reviews,
                )
            except _FailedError as failed:
                builder.not_built(referral.row, _EPISODE, "ServiceRequestId", str(failed))
                continue
            builder.emit(_EPISODE, referral.row.location, data, referral.person, rec)
    for key, reason in episodes.unusable.items():
        builder.not_built(builder.referrals[key], _EPISODE, "ServiceRequestId", reason)


def _cpa_reviews(
    builder: _Builder, cpa: Mapping[str, list[tuple[str, date, date | None]]]
) -> list[Row]:
    """MHS702 rows with the person of their CPA episode added."""
    person_of = {key: person for person, items in cpa.items() for key, _, _ in items}
    out = []
    for row in builder.tables.rows("MHS702CPAReview"):
        key = row.get("CPAEpisodeId")
        person = person_of.get(key) if key is not None else None
        if person is None:
            builder.note(
                row.location,
                codes.KEY_BROKEN,
                f"{row.location}: its CPAEpisodeId{_shown(key)} is not in "
                "MHS701CPACareEpisode; row not used",
                _EPISODE,
            )
            continue
        out.append(Row(row.table, row.number, {**row.values, "LocalPatientId": person}))
    return out


def _episode(
    builder: _Builder,
    referral: _Referral,
    rec: _Record,
    *,
    cpa: Mapping[str, list[tuple[str, date, date | None]]],
    teams: Mapping[str, list[Row]],
    coordinators: Mapping[str, list[tuple[Row, date]]],
    plans: Mapping[str, list[tuple[Row, date]]],
    agreements: Mapping[str, list[Row]],
    reviews: Mapping[str, list[tuple[Row, date]]],
) -> dict[str, Any]:
    row = referral.row
    team = next(
        (
            t.get("CareProfTeamLocalId")
            for t in teams.get(referral.key, ())
            if t.get("CareProfTeamLocalId")
        ),
        None,
    ) or row.get("CareProfTeamLocalId")
    if team is None:
        raise _FailedError("no team (MHS102ServiceTypeReferredTo.CareProfTeamLocalId)")
    last = referral.discharged or date.max
    on_cpa = any(
        start <= last and (end is None or end >= referral.received)
        for _, start, end in cpa.get(referral.person, ())
    )
    approach = CareApproach.CPA if on_cpa else builder.options.non_cpa_approach
    if not on_cpa:
        rec.add(
            codes.APPROACH_DEFAULTED,
            f"no CPA episode (MHS701) covers the referral; approach taken as "
            f"{approach.value}, the Trust's non-CPA approach",
            "$.approach",
        )
    rule = APPROACHES.find(approach, referral.received)
    role = rule.coordinator_role.value if rule is not None else None
    staff_map = _mapping(_EPISODE, "$.coordinators[].staff_id")
    end_map = _mapping(_EPISODE, "$.coordinators[].end")
    assigned = []
    for item, start in sorted(
        coordinators.get(referral.key, ()), key=lambda p: (p[1], p[0].number)
    ):
        staff = builder.text(item, staff_map)
        if staff is None or role is None:
            rec.add(
                codes.VALUE_INVALID,
                f"{item.location}: no CareProfLocalId; assignment left out",
                "$.coordinators",
            )
            continue
        assigned.append(
            _drop_none(
                {
                    "staff_id": staff,
                    "role": role,
                    "start": start.isoformat(),
                    "end": _iso(builder.day(item, end_map, rec)),
                }
            )
        )
    return _drop_none(
        {
            "episode_id": referral.key,
            "person_id": referral.person,
            "nhs_number": builder.nhs(referral.person, rec),
            "team": team,
            "approach": approach.value,
            "referral": {"referral_id": referral.key, "received_on": referral.received.isoformat()},
            "coordinators": assigned,
            "plans": _plans(builder, rec, plans.get(referral.key, ()), agreements),
            "reviews": _reviews(builder, rec, approach, reviews.get(referral.key, ())),
            "discharge": _discharge_of(builder, rec, referral),
        }
    )


def _plans(
    builder: _Builder,
    rec: _Record,
    rows: Sequence[tuple[Row, date]],
    agreements: Mapping[str, list[Row]],
) -> list[dict[str, Any]]:
    agreed_map = _mapping(_EPISODE, "$.plans[].agreed_on")
    crisis_days: set[date] = set()
    care: list[tuple[Row, date]] = []
    for row, day in rows:
        code = row.get("CarePlanTypeMH")
        if code is None or not CARE_PLAN_TYPES.versions(code):
            rec.add(
                codes.CODE_UNKNOWN,
                f"{row.location}: CarePlanTypeMH is not a care plan type (10 to 14); plan left out",
                "$.plans",
            )
        elif code == _PLAN_TYPE_CARE:
            care.append((row, day))
        elif code == _PLAN_TYPE_CRISIS:
            crisis_days.add(day)
    out = []
    for version, (row, day) in enumerate(sorted(care, key=lambda p: (p[1], p[0].number)), 1):
        dates = [
            d
            for a in agreements.get(row.get("CarePlanID") or "", ())
            if (d := builder.day(a, agreed_map, rec)) is not None
        ]
        out.append(
            _drop_none(
                {
                    "version": version,
                    "written_on": day.isoformat(),
                    "sections": ["crisis-plan"] if day in crisis_days else None,
                    "agreed_on": _iso(min(dates, default=None)),
                }
            )
        )
    return out


def _reviews(
    builder: _Builder, rec: _Record, approach: CareApproach, rows: Sequence[tuple[Row, date]]
) -> list[dict[str, Any]] | None:
    if approach is not CareApproach.CPA or not builder.tables.has("MHS702CPAReview"):
        rec.gaps.add("$.reviews")
        return None
    return [{"on": day.isoformat()} for _, day in sorted(rows, key=lambda p: (p[1], p[0].number))]


def _discharge_of(builder: _Builder, rec: _Record, referral: _Referral) -> dict[str, Any] | None:
    if referral.discharged is None:
        return None
    plan_map = _mapping(_EPISODE, "$.discharge.discharge_plan")
    plan = builder.day(referral.row, plan_map, rec)
    return {"on": referral.discharged.isoformat(), "discharge_plan": plan is not None}


# --- inpatient discharges ------------------------------------------------------------------


def _by_person(builder: _Builder, table: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for key, rows in builder._children(table, "ServiceRequestId", builder.referrals).items():
        person = builder.person_of_referral(key)
        if person is not None:
            out[person].extend(rows)
    return out


def _build_discharges(builder: _Builder, episodes: _Episodes) -> None:
    contacts = _by_person(builder, "MHS201CareContact")
    indirect = _by_person(builder, "MHS204IndirectActivity")
    onward = builder._children("MHS105OnwardReferral", "ServiceRequestId", builder.referrals)
    spells_by_person: dict[str, list[Row]] = defaultdict(list)
    for key, rows in builder.spells_of.items():
        person = builder.person_of_referral(key)
        if person is not None:
            spells_by_person[person].extend(rows)
    for key, row in builder.spells.items():
        if row.get("DischDateHospProvSpell") is None:
            continue  # an open spell is not a discharge
        if (row.get("ServiceRequestId") or "") not in builder.referrals:
            continue  # reported when the spells were joined to their referrals
        rec = _Record(_DISCHARGE)
        try:
            data, person = _discharge(
                builder,
                episodes,
                key,
                row,
                rec,
                contacts=contacts,
                indirect=indirect,
                onward=onward,
                spells_by_person=spells_by_person,
            )
        except _FailedError as failed:
            builder.not_built(row, _DISCHARGE, "HospProvSpellID", str(failed))
            continue
        builder.emit(_DISCHARGE, row.location, data, person, rec)


def _horizon() -> int:
    return max(row.days for row in FOLLOW_UP_RULES)


def _discharge(
    builder: _Builder,
    episodes: _Episodes,
    key: str,
    row: Row,
    rec: _Record,
    *,
    contacts: Mapping[str, list[Row]],
    indirect: Mapping[str, list[Row]],
    onward: Mapping[str, list[Row]],
    spells_by_person: Mapping[str, list[Row]],
) -> tuple[dict[str, Any], str]:
    referral = row.get("ServiceRequestId")
    person = builder.person_of_referral(referral) if referral is not None else None
    if person is None:
        raise _FailedError("its referral (ServiceRequestId) is not in MHS101Referral")
    at = builder.instant(row, _mapping(_DISCHARGE, "$.discharged_at"), rec)
    if at is None:
        raise _FailedError("DischDateHospProvSpell is not a date")
    provider = row.get("OrgIDProv") or builder.header_provider
    if provider is None:
        raise _FailedError("no provider (MHS000Header.OrgIDProvider)")
    stays = builder.stays_of.get(key, [])
    last = max(stays, key=lambda s: (s.get("StartDateWardStay") or "", s.number), default=None)
    bed = last.get("MHAdmittedPatientClass", "HospitalBedTypeMH") if last is not None else None
    if bed is None:
        raise _FailedError("no ward stay with a bed class (MHS502WardStay)")
    day = statutory_time.london_date(at)
    episode = episodes.open_on(person, day)
    start_text = row.get("StartDateHospProvSpell")
    start = read_date(start_text) if start_text is not None else None
    return _drop_none(
        {
            "discharge_id": key,
            "person_id": person,
            "nhs_number": builder.nhs(person, rec),
            "episode_id": episode.key if episode is not None else None,
            "provider": provider,
            "onward_provider": _onward(
                builder,
                rec,
                onward.get(referral or "", ()),
                provider=provider,
                first=start or day,
                last=day,
            ),
            "discharged_at": at.isoformat(),
            "bed_class": bed,
            "method": row.get("MethOfDischMHHospProvSpell"),
            "destination": row.get("DestOfDischHospProvSpell"),
            "died_on": _iso(builder.died_on(person, rec)),
            "follow_ups": _follow_ups(
                builder,
                rec,
                at,
                provider=provider,
                contacts=contacts.get(person, ()),
                indirect=indirect.get(person, ()),
                spells=spells_by_person.get(person, ()),
                own=key,
            ),
        }
    ), person


def _onward(
    builder: _Builder, rec: _Record, rows: Sequence[Row], *, provider: str, first: date, last: date
) -> str | None:
    found: tuple[date, str] | None = None
    for row in rows:
        day = builder.day(row, _mapping(_DISCHARGE, "$.onward_provider"), rec, "OnwardReferDate")
        code = row.get("OrgIDReceiving")
        if day is None or code is None or not first <= day <= last:
            continue
        code = code if code.startswith("8") else code[:3]
        if code != provider and (found is None or day >= found[0]):
            found = (day, code)
    return found[1] if found is not None else None


def _contact_fields(row: Row, rec: _Record) -> dict[str, Any]:
    code = row.get("AttendStatus", "AttendOrDNACode")
    known = ATTENDANCE.versions(code) if code is not None else ()
    if not known:
        rec.add(
            codes.CODE_UNKNOWN,
            f"{row.location}: no attendance code from the MHSDS list; the contact is not "
            "counted as attended",
            "$.follow_ups",
        )
    return _drop_none(
        {"attended": bool(known) and known[0].attended, "mechanism": row.get("ConsMechanismMH")}
    )


def _follow_ups(
    builder: _Builder,
    rec: _Record,
    at: datetime,
    *,
    provider: str,
    contacts: Sequence[Row],
    indirect: Sequence[Row],
    spells: Sequence[Row],
    own: str,
) -> list[dict[str, Any]]:
    """Contacts, indirect activity and readmissions after ``at``, up to the end of the
    longest follow-up window (so that no rule in force misses an event)."""
    try:
        limit = statutory_time.add_days(statutory_time.london_date(at), _horizon())
    except statutory_time.CalendarOverflowError:  # a discharge near 9999-12-31: no later limit
        limit = date.max
    later = [s for s in spells if s.get("HospProvSpellID", "HospProvSpellNum") != own]
    sources = (
        ("contact", "MHS201CareContact", contacts),
        ("indirect", "MHS204IndirectActivity", indirect),
        ("readmission", "MHS501HospProvSpell", later),
    )
    events: list[tuple[datetime, int, dict[str, Any]]] = []
    for kind, table, rows in sources:
        mapping = _mapping(_DISCHARGE, "$.follow_ups[].at", table)
        for row in rows:
            when = _event_instant(builder, row, mapping, rec, at)
            if when is None or when <= at or statutory_time.london_date(when) > limit:
                continue
            event = {"at": when.isoformat(), "kind": kind}
            if kind == "contact":
                event.update(_contact_fields(row, rec))
            event["provider"] = row.get("OrgIDProv") or provider
            events.append((when, row.number, event))
    return [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]


def _event_instant(
    builder: _Builder, row: Row, mapping: FieldMapping, rec: _Record, after: datetime
) -> datetime | None:
    """An event's instant; a same-day event without a time cannot follow the discharge."""
    text = row.get(mapping.fields[0])
    day = read_date(text) if text is not None else None
    if day is None or day < statutory_time.london_date(after):
        return None
    if row.get(mapping.fields[1]) is None and day == statutory_time.london_date(after):
        return None
    scratch = _Record(rec.kind)
    when = builder.instant(row, mapping, scratch, "$.follow_ups")
    rec.findings.extend(f for f in scratch.findings if f.code != codes.TIME_NOT_RECORDED.code)
    return when


# --- Mental Health Act ----------------------------------------------------------------------


@attrs.frozen
class _Segment:
    period_id: str
    person: str
    section: Section
    code: str
    start: datetime
    start_timed: bool
    end: datetime | None
    end_timed: bool
    cto: bool
    revoked: bool
    expiry: date | None
    row: Row
    recalls: tuple[dict[str, Any], ...] = ()


def _build_detentions(builder: _Builder) -> None:
    periods = builder._index("MHS401MHActPeriod")
    ctos = builder._children("MHS404CommTreatOrder", "MHActLegalStatusClassPeriodId", periods)
    recalls = builder._children(
        "MHS405CommTreatOrderRecall", "MHActLegalStatusClassPeriodId", periods
    )
    clinicians = builder._children(
        "MHS402RespClinicianAssignment", "MHActLegalStatusClassPeriodId", periods
    )
    recs: dict[str, _Record] = {}
    segments: dict[str, list[_Segment]] = defaultdict(list)
    for key, row in periods.items():
        rec = _Record(_DETENTION)
        try:
            found = _segments(builder, key, row, rec, ctos.get(key, []))
        except _FailedError as failed:
            builder.not_built(
                row, _DETENTION, "MHActLegalStatusClassPeriodId", str(failed), failed.code
            )
            continue
        if not found:
            continue  # informal, or a status with no section: not a detention
        found = _with_recalls(builder, found, recalls.get(key, []), rec)
        recs[key] = rec
        segments[found[0].person].extend(found)
    leave = _ward_rows(builder, "MHS510LeaveOfAbsence")
    absences = _ward_rows(builder, "MHS511AbsenceWithoutLeave")
    for person, items in segments.items():
        chains = _chains(sorted(items, key=lambda s: (s.start, s.row.number)))
        placed = _place(builder, chains, leave.get(person, []), absences.get(person, []))
        for chain, (leaves, gone) in zip(chains, placed, strict=True):
            rec = _Record(_DETENTION)
            for key in dict.fromkeys(
                s.row.get("MHActLegalStatusClassPeriodId") or "" for s in chain
            ):
                rec.findings.extend(recs[key].findings)
            data = _detention(
                builder, chain, rec, clinicians=clinicians, leave=leaves, absences=gone
            )
            _renewal_gaps(data, chain, rec)
            builder.emit(_DETENTION, chain[0].row.location, data, person, rec)
    for by_person in (leave, absences):
        for person, ward_rows in by_person.items():
            if person not in segments:
                for row, _ in ward_rows:
                    builder.note(
                        row.location,
                        codes.ROW_NOT_USED,
                        f"{row.location}: the person has no legal status period; row not used",
                        _DETENTION,
                    )


def _segments(
    builder: _Builder, key: str, row: Row, rec: _Record, ctos: Sequence[Row]
) -> list[_Segment]:
    person = row.get("LocalPatientId")
    code = row.get("LegalStatusCode")
    if person is None:
        raise _FailedError("no LocalPatientId")
    if code is None:
        raise _FailedError("no LegalStatusCode")
    start_map = _mapping(_DETENTION, "$.periods[].start")
    start = builder.instant(row, start_map, rec)
    if start is None:
        raise _FailedError("StartDateMHActLegalStatusClass missing or not a date")
    try:
        section = section_for_code(code, statutory_time.london_date(start))
    except UnknownCodeError:
        raise _FailedError(
            "LegalStatusCode is not a current MHSDS legal status code", codes.CODE_UNKNOWN
        ) from None
    if section is None:
        return []
    end = (
        builder.instant(row, _mapping(_DETENTION, "$.periods[].end"), rec)
        if row.get("EndDateMHActLegalStatusClass")
        else None
    )
    timed_start = row.get("StartTimeMHActLegalStatusClass") is not None
    timed_end = row.get("EndTimeMHActLegalStatusClass") is not None
    expiry = builder.day(
        row, start_map, rec, "ExpiryDateMHActLegalStatusClass", "$.periods[].renewals"
    )
    base = _Segment(
        key, person, section, code, start, timed_start, end, timed_end, False, False, expiry, row
    )
    if not ctos:
        return [base]
    cto_map = _mapping(_DETENTION, "$.periods[].section", "MHS404CommTreatOrder")
    out: list[_Segment] = []
    cursor, cursor_timed, part = start, timed_start, 1
    for cto in sorted(ctos, key=lambda c: (c.get("StartDateCommTreatOrd") or "", c.number)):
        begins = builder.day(cto, cto_map, rec, "StartDateCommTreatOrd")
        if begins is None:
            rec.add(
                codes.VALUE_INVALID,
                f"{cto.location}: StartDateCommTreatOrd missing or not a date; CTO left out",
                "$.periods",
            )
            continue
        cto_start, cto_timed, start_matched = _on_day(begins, start, timed_start)
        ends = builder.day(cto, cto_map, rec, "EndDateCommTreatOrd")
        if ends is None:
            cto_end, end_timed, end_matched = end, timed_end, True
        else:
            cto_end, end_timed, end_matched = _on_day(ends, end, timed_end)
        if not (start_matched and end_matched):
            rec.add(
                codes.TIME_NOT_RECORDED,
                f"{cto.location}: MHS404 carries dates only; where "
                "a CTO does not start or end with its MHS401 period, the start of the "
                "London day is used",
                "$.periods",
            )
        if cto_start > cursor:
            out.append(
                attrs.evolve(
                    base,
                    period_id=_part(key, part),
                    start=cursor,
                    start_timed=cursor_timed,
                    end=cto_start,
                    end_timed=cto_timed,
                )
            )
            part += 1
        reason = cto.get("CommTreatOrdEndReason")
        revoked = reason is not None and any(
            r.end_reason == "revoked" for r in CTO_END_REASONS.versions(reason)
        )
        out.append(
            attrs.evolve(
                base,
                period_id=_part(key, part),
                section=Section.CTO,
                start=cto_start,
                start_timed=cto_timed,
                end=cto_end,
                end_timed=end_timed,
                cto=True,
                revoked=revoked,
                expiry=builder.day(
                    cto, cto_map, rec, "ExpiryDateCommTreatOrd", "$.periods[].renewals"
                ),
            )
        )
        part += 1
        if cto_end is None:
            return out
        cursor, cursor_timed = cto_end, end_timed
    if end is None or cursor < end:
        out.append(
            attrs.evolve(
                base,
                period_id=_part(key, part),
                start=cursor,
                start_timed=cursor_timed,
                expiry=None,
            )
        )
    return out


def _part(key: str, part: int) -> str:
    return key if part == 1 else f"{key}-{part}"


def _on_day(day: date, instant: datetime | None, timed: bool) -> tuple[datetime, bool, bool]:
    """An MHS404 date as an instant: the MHS401 instant when it falls that day (matched),
    otherwise the start of the London day."""
    if instant is not None and statutory_time.london_date(instant) == day:
        return instant, timed, True
    return statutory_time.start_of_day(day), False, False


def _with_recalls(
    builder: _Builder, segments: list[_Segment], rows: Sequence[Row], rec: _Record
) -> list[_Segment]:
    start_map = _mapping(_DETENTION, "$.periods[].recalls[].detained_at")
    end_map = _mapping(_DETENTION, "$.periods[].recalls[].released_at")
    attached: dict[int, list[tuple[datetime, dict[str, Any]]]] = defaultdict(list)
    for row in rows:
        begins = builder.instant(row, start_map, rec, "$.periods[].recalls")
        if begins is None:
            builder.note(
                row.location,
                codes.VALUE_INVALID,
                f"{row.location}: StartDateCommTreatOrdRecall missing or not a date; row not used",
                _DETENTION,
            )
            continue
        ends = (
            builder.instant(row, end_map, rec, "$.periods[].recalls")
            if row.get("EndDateCommTreatOrdRecall")
            else None
        )
        index = next(
            (
                i
                for i, s in enumerate(segments)
                if s.cto and s.start <= begins and (s.end is None or begins < s.end)
            ),
            None,
        )
        if index is None:
            builder.note(
                row.location,
                codes.ROW_NOT_USED,
                f"{row.location}: a recall outside any CTO of its period; row not used",
                _DETENTION,
            )
            continue
        cto = segments[index]
        revoked = cto.revoked and ends is not None and cto.end is not None and ends == cto.end
        attached[index].append(
            (
                begins,
                _drop_none(
                    {
                        "recalled_at": begins.isoformat(),
                        "detained_at": begins.isoformat(),
                        "released_at": None if revoked else _iso(ends),
                        "revoked": True if revoked else None,
                    }
                ),
            )
        )
    return [
        attrs.evolve(s, recalls=tuple(r for _, r in sorted(attached[i], key=lambda p: p[0])))
        if attached.get(i)
        else s
        for i, s in enumerate(segments)
    ]


def _chains(segments: list[_Segment]) -> list[list[_Segment]]:
    chains: list[list[_Segment]] = []
    for segment in segments:
        if chains and _follows(chains[-1][-1], segment):
            chains[-1].append(segment)
        else:
            chains.append([segment])
    return chains


def _follows(previous: _Segment, current: _Segment) -> bool:
    if previous.end is None:
        return False
    if previous.end_timed and current.start_timed:
        return previous.end == current.start
    return statutory_time.london_date(previous.end) == statutory_time.london_date(current.start)


def _ward_rows(builder: _Builder, table: str) -> dict[str, list[tuple[Row, str]]]:
    """Rows of a ward-stay table, by person, each with its table's start field name."""
    out: dict[str, list[tuple[Row, str]]] = defaultdict(list)
    for key, rows in builder._children(table, "WardStayId", builder.ward_stays).items():
        stay = builder.ward_stays[key]
        spell = builder.spells.get(stay.get("HospProvSpellID", "HospProvSpellNum") or "")
        referral = spell.get("ServiceRequestId") if spell is not None else None
        person = builder.person_of_referral(referral) if referral is not None else None
        for row in rows:
            if person is None:
                builder.note(
                    row.location,
                    codes.KEY_BROKEN,
                    f"{row.location}: its ward stay does not lead to a person (through "
                    "MHS502, MHS501 and MHS101); row not used",
                    _DETENTION,
                )
            else:
                out[person].append((row, table))
    return out


_Placed = tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]


def _place(
    builder: _Builder,
    chains: list[list[_Segment]],
    leave: Sequence[tuple[Row, str]],
    absences: Sequence[tuple[Row, str]],
) -> list[_Placed]:
    placed: list[_Placed] = [(defaultdict(list), defaultdict(list)) for _ in chains]
    for rows, path, slot in ((leave, "leave", 0), (absences, "absences", 1)):
        first = "$.periods[].leave[].start" if slot == 0 else "$.periods[].absences[].started_at"
        last = "$.periods[].leave[].end" if slot == 0 else "$.periods[].absences[].returned_at"
        first_map, last_map = _mapping(_DETENTION, first), _mapping(_DETENTION, last)
        for row, _ in rows:
            scratch = _Record(_DETENTION)
            begins = builder.instant(row, first_map, scratch)
            ends = builder.instant(row, last_map, scratch) if row.get(last_map.fields[0]) else None
            where = next(
                (
                    (c, s)
                    for c, chain in enumerate(chains)
                    for s in chain
                    if begins is not None
                    and s.start <= begins
                    and (s.end is None or begins < s.end)
                ),
                None,
            )
            if where is None:
                builder.note(
                    row.location,
                    codes.ROW_NOT_USED,
                    f"{row.location}: {path} outside any legal status period; row not used",
                    _DETENTION,
                )
                continue
            assert begins is not None
            chain_index, segment = where
            names = ("start", "end") if slot == 0 else ("started_at", "returned_at")
            item = _drop_none({names[0]: begins.isoformat(), names[1]: _iso(ends)})
            placed[chain_index][slot][segment.period_id].append(item)
            for finding in scratch.findings:
                builder.notes.append(Note(row.location, finding, _DETENTION))
    return placed


def _detention(
    builder: _Builder,
    chain: list[_Segment],
    rec: _Record,
    *,
    clinicians: Mapping[str, list[Row]],
    leave: Mapping[str, list[dict[str, Any]]],
    absences: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    person = chain[0].person
    periods = []
    for index, segment in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else None
        reason = "revoked" if segment.revoked else ("converted" if following else None)
        periods.append(
            _drop_none(
                {
                    "period_id": segment.period_id,
                    "section": segment.section.value,
                    "start": segment.start.isoformat(),
                    "converted_from": chain[index - 1].period_id if index else None,
                    "leave": sorted(leave.get(segment.period_id, []), key=lambda x: x["start"])
                    or None,
                    "absences": sorted(
                        absences.get(segment.period_id, []), key=lambda x: x["started_at"]
                    )
                    or None,
                    "recalls": list(segment.recalls) or None,
                    "end": _iso(segment.end),
                    "end_reason": reason,
                    "legal_status_code": segment.code,
                }
            )
        )
        if segment.section in _HOLDING_POWERS:
            rec.gaps.add("$.periods[].extension")
        if any(_long_absence(item) for item in absences.get(segment.period_id, [])):
            rec.gaps.add("$.periods[].absences[].report_on")
    return _drop_none(
        {
            "detention_id": chain[0].period_id,
            "person_id": person,
            "nhs_number": builder.nhs(person, rec),
            "responsible_clinician_id": _clinician(builder, chain, rec, clinicians),
            "periods": periods,
        }
    )


def _long_absence(absence: Mapping[str, Any]) -> bool:
    """Whether an absence ended more than 28 days after it began (s21B then decides)."""
    if "returned_at" not in absence:
        return False
    began = datetime.fromisoformat(absence["started_at"])
    ended = datetime.fromisoformat(absence["returned_at"])
    return ended - began > timedelta(days=_S21B_DAYS)


def _clinician(
    builder: _Builder, chain: Sequence[_Segment], rec: _Record, clinicians: Mapping[str, list[Row]]
) -> str | None:
    staff_map = _mapping(_DETENTION, "$.responsible_clinician_id")
    best: tuple[date, date, int, str] | None = None
    for segment in chain:
        for row in clinicians.get(segment.row.get("MHActLegalStatusClassPeriodId") or "", []):
            staff = builder.text(row, staff_map)
            start = builder.day(row, staff_map, rec, "StartDateRespClinAssign") or date.min
            end = builder.day(row, staff_map, rec, "EndDateRespClinAssign") or date.max
            if staff is not None and (best is None or (end, start, row.number) > best[:3]):
                best = (end, start, row.number, staff)
    return best[3] if best is not None else None


def _renewal_gaps(data: Mapping[str, Any], chain: Sequence[_Segment], rec: _Record) -> None:
    """Renewals are not carried; they matter when a period ran, or is recorded to run, past
    its first term (the recorded expiry, or the end, is later than the first term's)."""
    try:
        record = structure(dict(data), MhaDetention)
    except CpaCoreError:
        return  # the audit reports the record as it is
    for period, segment in zip(record.periods, chain, strict=True):
        try:
            first_term = base_expiry(record, period)
        except (CpaCoreError, OverflowError):
            continue
        if first_term is None:
            continue
        last_day = statutory_time.london_date(first_term - timedelta(microseconds=1))
        recorded_later = segment.expiry is not None and segment.expiry > last_day
        ran_later = period.end is not None and period.end > first_term
        if recorded_later or ran_later:
            rec.gaps.add("$.periods[].renewals")


# --- HoNOS assessments ---------------------------------------------------------------------


def _honos_item(code: str) -> tuple[Scale, str] | None:
    for row in HONOS_SNOMED.versions(code):
        if row.item is not None and row.scale in (Scale.HONOS, Scale.HONOS_65):
            return row.scale, row.item.value
    return None


def _build_assessments(builder: _Builder) -> None:
    activities = builder._index("MHS202CareActivity")
    scores = builder._children("MHS607CodedScoreAssessmentAct", "CareActId", activities)
    for key, rows in scores.items():
        honos = [
            (row, found)
            for row in rows
            if (found := _honos_item(row.get("CodedAssToolType") or "")) is not None
        ]
        if not honos:
            continue
        activity = activities[key]
        contact = builder.contacts.get(activity.get("CareContactId") or "")
        rec = _Record(_ASSESSMENT)
        if contact is None:
            builder.not_built(
                honos[0][0],
                _ASSESSMENT,
                "CareActId",
                "its care activity's contact is not in MHS201CareContact",
            )
            continue
        referral = contact.get("ServiceRequestId")
        day = builder.day(contact, _mapping(_ASSESSMENT, "$.assessed_on", "MHS201CareContact"), rec)
        staff = builder.text(activity, _mapping(_ASSESSMENT, "$.staff_id", "MHS202CareActivity"))
        _assessment(
            builder,
            key,
            honos,
            rec,
            referral=referral,
            day=day,
            staff=staff,
            key_field="CareActId",
        )
    _build_referral_assessments(builder)


def _build_referral_assessments(builder: _Builder) -> None:
    groups: dict[tuple[str, str, str], list[tuple[Row, tuple[Scale, str]]]] = defaultdict(list)
    stamp_map = _mapping(_ASSESSMENT, "$.assessed_on", "MHS606CodedScoreAssessmentRefer")
    for referral, rows in builder._children(
        "MHS606CodedScoreAssessmentRefer", "ServiceRequestId", builder.referrals
    ).items():
        for row in rows:
            found = _honos_item(row.get("CodedAssToolType") or "")
            if found is None:
                continue
            stamp = row.get(*stamp_map.fields)
            if stamp is None or read_timestamp(stamp) is None:
                builder.note(
                    row.location,
                    codes.VALUE_INVALID,
                    f"{row.location}: AssToolCompTimestamp missing or not a timestamp; "
                    "row not used",
                    _ASSESSMENT,
                )
                continue
            groups[(referral, stamp, row.get("CareProfLocalId") or "")].append((row, found))
    for (referral, stamp, staff), group in groups.items():
        when = read_timestamp(stamp)
        assert when is not None
        digits = "".join(
            ch for ch in when.astimezone(statutory_time.LONDON).isoformat()[:16] if ch.isdigit()
        )
        rec = _Record(_ASSESSMENT)
        _assessment(
            builder,
            f"{referral}-{digits}",
            group,
            rec,
            referral=referral,
            day=statutory_time.london_date(when),
            staff=staff or None,
            key_field="ServiceRequestId",
        )


def _assessment(
    builder: _Builder,
    key: str,
    rows: Sequence[tuple[Row, tuple[Scale, str]]],
    rec: _Record,
    *,
    referral: str | None,
    day: date | None,
    staff: str | None,
    key_field: str,
) -> None:
    anchor = rows[0][0]
    person = builder.person_of_referral(referral) if referral is not None else None
    scales = {scale for _, (scale, _) in rows}
    reason = (
        "its referral is not in MHS101Referral"
        if person is None
        else "no assessment date"
        if day is None
        else "no staff member (CareProfLocalId)"
        if staff is None
        else "it mixes HoNOS and HoNOS 65+ item codes"
        if len(scales) > 1
        else None
    )
    if reason is not None:
        builder.not_built(anchor, _ASSESSMENT, key_field, reason)
        return
    assert person is not None
    assert day is not None
    ratings = []
    for row, (_, item) in rows:
        score = row.get("PersScore") or ""
        if score not in _SCORES:
            rec.add(
                codes.VALUE_INVALID,
                f"{row.location}: PersScore is not 0 to 4 or 9; the item is left out",
                "$.ratings",
            )
            continue
        ratings.append({"item": item, "rating": int(score)})
    builder.emit(
        _ASSESSMENT,
        anchor.location,
        _drop_none(
            {
                "assessment_id": key,
                "person_id": person,
                "nhs_number": builder.nhs(person, rec),
                "staff_id": staff,
                "assessed_on": day.isoformat(),
                "scale": next(iter(scales)).value,
                "ratings": ratings,
            }
        ),
        person,
        rec,
    )


# --- all kinds -----------------------------------------------------------------------------


def _missing_table_notes(builder: _Builder) -> None:
    for spec in TABLES:
        if spec.name in builder.missing and spec.effective.until is None:
            kinds = ", ".join(spec.feeds)
            builder.note(
                spec.name,
                codes.TABLE_MISSING,
                f"{spec.name} is not in the extract: what it carries is missing from "
                f"every {kinds} record",
            )


_BUILDERS: Mapping[str, Callable[[_Builder, _Episodes], None]] = {
    _EPISODE: _build_episodes,
    _DISCHARGE: _build_discharges,
    _DETENTION: lambda builder, _episodes: _build_detentions(builder),
    _ASSESSMENT: lambda builder, _episodes: _build_assessments(builder),
}


def build_records(
    tables: Tables, options: MhsdsOptions | None = None
) -> tuple[tuple[Built, ...], tuple[Note, ...]]:
    """Every record the extract's rows build, and every note about rows that build none."""
    builder = _Builder(tables, options or MhsdsOptions())
    _missing_table_notes(builder)
    episodes = _Episodes(builder)
    for kind in MAPPED_KINDS:
        _BUILDERS[kind](builder, episodes)
    return tuple(builder.built), (*tables.notes, *builder.notes)
