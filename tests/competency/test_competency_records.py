"""Record kinds of the competency area: examples, schemas, loading, properties."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import statutory_time
from cpa_core.audit import EXAMPLE_AS_OF, example_bundle, read_bundle, run_audit
from cpa_core.competency import (
    DOMAIN,
    FRAMEWORKS,
    TRAINING_SUBJECTS,
    Approval,
    ApprovalKind,
    ApprovalTraining,
    Caseload,
    CompetencyFramework,
    DbsCheck,
    DrivingLicence,
    Profession,
    Registration,
    RegistrationStatus,
    RegulatorBody,
    StaffMember,
    SupervisionKind,
    SupervisionSession,
    TrainingCompletion,
    coordinator_eligibility,
    framework_table,
    load_framework,
    load_role_profile,
    staff_member_audit,
    training_state,
)
from cpa_core.context import CheckContext
from cpa_core.convert import structure, unstructure
from cpa_core.exceptions import CpaCoreError, InvalidRecordError
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.provenance import Effective, Source
from cpa_core.schemas import schema_errors, validator_for
from cpa_core.validation import validate, validate_record

AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=statutory_time.LONDON)
CAST = {"S001", "S002", "S003", "S004", "S005", "S006"}


def _examples() -> list[dict[str, Any]]:
    path = example_bundle() / "staff-member.ndjson"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("data", _examples(), ids=lambda d: d["staff_id"])
def test_example_records_validate(data: dict[str, Any]) -> None:
    report = validate("staff-member", data)
    assert not [f for f in report if f.code.startswith("RECORD-")]
    assert report.ok


def test_examples_fit_the_cast() -> None:
    # CAST.md: S001 compliant; S003 AMHP expiring; S004 revalidation overdue, not eligible;
    # S005 supervises S001-S004.
    staff: dict[str, StaffMember] = {}
    for data in _examples():
        member = validate_record("staff-member", data).record
        assert member is not None
        staff[data["staff_id"]] = member
    assert set(staff) == CAST
    day = EXAMPLE_AS_OF
    assert coordinator_eligibility(staff["S001"], day).eligible
    assert coordinator_eligibility(staff["S002"], day).eligible
    s004 = coordinator_eligibility(staff["S004"], day)
    assert not s004.eligible
    assert "STAFF-REVALIDATION-OVERDUE" in s004.reason_codes
    assert staff["S005"].supervisees == ("S001", "S002", "S003", "S004")
    records = [r for r in read_bundle(example_bundle()) if r.kind == "staff-member"]
    result = run_audit(records, AS_OF)
    by_person = {(f.subject_id, f.code) for f in result.report}
    assert ("S003", "STAFF-APPROVAL-EXPIRING") in by_person
    assert ("S004", "STAFF-COORDINATOR-INELIGIBLE") in by_person
    assert not [f for f in result.report if f.subject_id == "S001"]


def test_kinds_and_schemas() -> None:
    names = [k.name for k in DOMAIN.record_kinds]
    assert names == ["staff-member", "competency-framework", "role-profile"]
    for kind in DOMAIN.record_kinds:
        validator_for(kind.model, kind.name)  # builds


def test_messages_never_echo_values() -> None:
    data = _examples()[0] | {"staff_id": ""}
    report = validate("staff-member", data)
    assert report.codes() == {"RECORD-INVALID"}
    bad = _examples()[0]
    bad["registrations"][0]["registered_on"] = "2030-01-01"  # after its expiry
    [finding] = validate("staff-member", bad)
    assert finding.code == "RECORD-VALUE-INVALID"


@pytest.mark.parametrize(
    "build",
    [
        lambda: TrainingCompletion(
            subject="FIRE", completed_on=date(2026, 1, 2), expires_on=date(2026, 1, 1)
        ),
        lambda: Approval(
            kind=ApprovalKind.AMHP, approved_on=date(2026, 1, 2), expires_on=date(2026, 1, 1)
        ),
        lambda: Approval(
            kind=ApprovalKind.AMHP, approved_on=date(2026, 1, 2), ended_on=date(2026, 1, 1)
        ),
        lambda: attrs.evolve(
            FRAMEWORKS.lookup("KSF", date(2026, 1, 1)),
            competencies=FRAMEWORKS.lookup("KSF", date(2026, 1, 1)).competencies * 2,
        ),
    ],
)
def test_impossible_records_refused(build: Any) -> None:
    with pytest.raises(CpaCoreError):
        build()


_FRAMEWORK = {
    "framework_id": "TRUST-CC",
    "title": "Riverside care coordinator framework",
    "version": "2026",
    "levels": [{"level": 1, "descriptor": "foundation"}, {"level": 2}],
    "competencies": [{"code": "CC1", "title": "Care planning", "core": True}],
    "evidence_types": ["observed practice"],
    "source": {"title": "Riverside Trust framework", "publisher": "Riverside (fictitious)"},
    "effective": {"start": "2026-04-01"},
}

_FRAMEWORK_TOML = """
framework_id = "TRUST-CC"
title = "Riverside care coordinator framework"
evidence_types = ["observed practice"]

[[levels]]
level = 1

[[competencies]]
code = "CC1"
title = "Care planning"

[source]
title = "Riverside Trust framework"
evidence = "U"

[effective]
start = 2026-04-01
"""


def test_load_framework_from_json_and_toml(tmp_path: Path) -> None:
    as_json = tmp_path / "fw.json"
    as_json.write_text(json.dumps(_FRAMEWORK), "utf-8")
    framework = load_framework(as_json)
    assert framework.competency("CC1") is not None
    assert framework.effective == Effective(date(2026, 4, 1))
    as_toml = tmp_path / "fw.toml"
    as_toml.write_text(_FRAMEWORK_TOML, "utf-8")
    from_toml = load_framework(as_toml)
    assert from_toml.source.verified is False
    table = framework_table([framework])
    assert {"KSF", "CC-CORE", "TRUST-CC"} <= set(table.keys())
    assert list(framework_table([framework], replace=True).keys()) == ["TRUST-CC"]


def test_load_framework_refuses_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "fw.json"
    bad.write_text(json.dumps(_FRAMEWORK | {"extra": 1, "levels": [{"level": 99}]}), "utf-8")
    with pytest.raises(InvalidRecordError) as info:
        load_framework(bad)
    paths = {p.path for p in info.value.problems}
    assert {"$.<key 9>", "$.levels[0].level"} <= paths
    broken = tmp_path / "fw.toml"
    broken.write_text("title = ", "utf-8")
    with pytest.raises(CpaCoreError, match="not valid TOML"):
        load_framework(broken)
    (tmp_path / "fw.yaml").write_text("x", "utf-8")
    with pytest.raises(CpaCoreError, match=r"must be \.toml or \.json"):
        load_framework(tmp_path / "fw.yaml")
    with pytest.raises(CpaCoreError, match="cannot read"):
        load_framework(tmp_path / "missing.json")


def test_load_role_profile(tmp_path: Path) -> None:
    path = tmp_path / "profile.json"
    path.write_text(
        json.dumps(
            {
                "code": "B6-CC-NURSE",
                "title": "Band 6 care coordinator (Riverside)",
                "professions": ["mental-health-nurse"],
                "training": ["FIRE", "MHA"],
                "coordinates_care": True,
                "source": {"title": "Riverside policy"},
                "effective": {"start": "2026-01-01"},
            }
        ),
        "utf-8",
    )
    profile = load_role_profile(path)
    assert profile.training == ("FIRE", "MHA")
    assert profile.professions == (Profession.MENTAL_HEALTH_NURSE,)


def test_policy_section_loads_and_refuses() -> None:
    pol = policy_from_mapping(
        {"competency": {"refresher_months": {"FIRE": 12}, "caseload_cap": 30}}
    )
    assert pol.competency.refresher_months == {"FIRE": 12}
    with pytest.raises(CpaCoreError) as info:
        policy_from_mapping({"competency": {"refresher_months": {"fire": 0}}})
    assert "$.competency.refresher_months" in str(info.value)
    from cpa_core.policy.competency import ValuesByCode

    assert ValuesByCode().problem({"A": 1}) is None
    assert ValuesByCode().problem({"a": 1}) is not None
    assert ValuesByCode(maximum=5).problem({"A": 6}) is not None


# --- properties --------------------------------------------------------------------------------

_DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
_SUBJECTS = st.sampled_from([*TRAINING_SUBJECTS.keys(), "LOCAL-X"])


@st.composite
def _registration(draw: st.DrawFn) -> Registration:
    start = draw(st.none() | _DAYS)
    expires = draw(_DAYS)
    if start is not None and start > expires:
        start, expires = expires, start
    body = draw(st.sampled_from(RegulatorBody))
    return Registration(
        body=body,
        profession=draw(st.sampled_from(Profession)),
        registration_number="R1",
        status=draw(st.sampled_from(RegistrationStatus)),
        registered_on=start,
        expires_on=expires,
        revalidation_due=draw(st.none() | _DAYS),
    )


@st.composite
def _approval(draw: st.DrawFn) -> Approval:
    start = draw(_DAYS)
    end = draw(st.none() | st.dates(min_value=start, max_value=date(2031, 12, 31)))
    return Approval(
        kind=draw(st.sampled_from(ApprovalKind)),
        approved_on=start,
        expires_on=end,
        initial_training_on=draw(st.none() | _DAYS),
        training=tuple(
            ApprovalTraining(completed_on=d, hours=h)
            for d, h in draw(st.lists(st.tuples(_DAYS, st.integers(0, 20)), max_size=3))
        ),
    )


@st.composite
def _staff(draw: st.DrawFn) -> StaffMember:
    return StaffMember(
        staff_id="S9",
        band=draw(st.none() | st.integers(1, 9)),
        started_on=draw(st.none() | _DAYS),
        role_profiles=tuple(
            draw(
                st.lists(
                    st.sampled_from(["B6-CC-NURSE", "B6-CC-OT", "B6-CC-SW", "AMHP", "BIA", "X"]),
                    max_size=3,
                )
            )
        ),
        allocated_as_care_coordinator=draw(st.booleans()),
        registrations=tuple(draw(st.lists(_registration(), max_size=2))),
        training=tuple(
            TrainingCompletion(subject=s, completed_on=d, hours=h)
            for s, d, h in draw(
                st.lists(st.tuples(_SUBJECTS, _DAYS, st.none() | st.integers(0, 20)), max_size=8)
            )
        ),
        supervision=tuple(
            SupervisionSession(kind=k, held_on=d)
            for k, d in draw(
                st.lists(st.tuples(st.sampled_from(SupervisionKind), _DAYS), max_size=4)
            )
        ),
        approvals=tuple(draw(st.lists(_approval(), max_size=2))),
        dbs=draw(
            st.none()
            | st.builds(DbsCheck, level=st.sampled_from(["basic", "enhanced"]), issued_on=_DAYS)
        ),
        driving_licence=draw(st.none() | st.builds(DrivingLicence, checked_on=_DAYS)),
        caseload=draw(st.none() | st.builds(Caseload, recorded_on=_DAYS, count=st.integers(0, 60))),
    )


_POLICIES = st.sampled_from(
    [
        TrustPolicy(),
        policy_from_mapping(
            {
                "competency": {
                    "caseload_cap": 25,
                    "refresher_months": {"FIRE": 12, "MHA": 36},
                    "supervision_blocks_eligibility": True,
                    "dbs_recheck_months": 36,
                    "driving_licence_check_months": 12,
                    "amhp_training_hours": 20,
                }
            }
        ),
    ]
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(staff=_staff(), day=_DAYS, pol=_POLICIES)
def test_audit_never_raises_and_round_trips(
    staff: StaffMember, day: date, pol: TrustPolicy
) -> None:
    data = unstructure(staff)
    assert schema_errors(validator_for(StaffMember, "staff-member"), data) == ()
    assert structure(json.loads(json.dumps(data)), StaffMember) == staff
    as_of = statutory_time.start_of_day(day) + timedelta(hours=12)
    findings = list(staff_member_audit(staff, CheckContext.at(as_of, pol)))
    assert all(f.subject_id == "S9" for f in findings)
    decision = coordinator_eligibility(staff, day, pol)
    assert decision.eligible == (not decision.reasons)
    # Unverified (and V2) training periods never produce an error.
    assert not [
        f for f in findings if f.code.startswith("STAFF-TRAINING") and f.severity is Severity.ERROR
    ]
    # No error rests on a V2 or unverified source, and an ineligible allocation is an error
    # only when one of its blocking reasons is.
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert all(f.source is None or f.source.verified for f in errors)
    if "STAFF-COORDINATOR-INELIGIBLE" in {f.code for f in errors}:
        assert any(f.severity is Severity.ERROR for f in decision.reasons)


@given(
    done=_DAYS,
    months=st.integers(1, 60),
    more=st.integers(0, 24),
    code=st.sampled_from(["FIRE", "IG", "LOCAL-X"]),
)
def test_refresher_expiry_is_monotonic(done: date, months: int, more: int, code: str) -> None:
    staff = StaffMember(
        staff_id="S9", training=(TrainingCompletion(subject=code, completed_on=done),)
    )
    day = date(2031, 1, 1)
    short = policy_from_mapping({"competency": {"refresher_months": {code: months}}})
    long = policy_from_mapping({"competency": {"refresher_months": {code: months + more}}})
    first = training_state(staff, code, day, short).expires_on
    second = training_state(staff, code, day, long).expires_on
    assert first is not None
    assert second is not None
    assert done <= first <= second


def test_example_framework_and_profile_records_validate() -> None:
    for framework in FRAMEWORKS:
        data = unstructure(framework)
        assert validate("competency-framework", data).ok
    fw = structure(_FRAMEWORK, CompetencyFramework)
    assert fw.source == Source(
        title="Riverside Trust framework", publisher="Riverside (fictitious)"
    )
