"""Building records from MHSDS rows: each join and derivation of the mapping, and every way a
row can fail to build one (always a finding naming the table and row)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mhsds_helpers import HEADER, PERSON, Rows, community, referral, team, write_extract

from cpa_core import statutory_time
from cpa_core.care import FOLLOW_UP_RULES, CareApproach
from cpa_core.clustering import HONOS_SNOMED, Scale
from cpa_core.mhsds import (
    Built,
    Extract,
    MhsdsOptions,
    audit_extract,
    read_extract,
)
from cpa_core.mhsds.values import local_instant

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)


def _read(tmp_path: Path, tables: dict[str, Rows], options: MhsdsOptions | None = None) -> Extract:
    return read_extract(write_extract(tmp_path / "x", tables), options)


def _one(extract: Extract, kind: str) -> Built:
    (found,) = [r for r in extract.records if r.kind == kind]
    return found


def _problems(extract: Extract) -> list[tuple[str, str]]:
    """The notes other than the tables a small test extract leaves out."""
    return [
        (n.location, n.finding.code)
        for n in extract.notes
        if n.finding.code != "MHSDS-TABLE-MISSING"
    ]


def _honos_code(scale: Scale, item: str) -> str:
    for row in HONOS_SNOMED:
        if row.scale is scale and row.item is not None and row.item.value == item:
            return row.code
    raise AssertionError(item)


# --- care episodes -------------------------------------------------------------------------


def test_a_referral_builds_a_care_episode(tmp_path: Path) -> None:
    extract = _read(tmp_path, community())
    episode = _one(extract, "care-episode")
    assert dict(episode.data) == {
        "episode_id": "R1",
        "person_id": "P1",
        "nhs_number": "9434765919",
        "team": "TEAM-1",
        "approach": "cmhf",
        "referral": {"referral_id": "R1", "received_on": "2026-01-05"},
        "coordinators": [],
        "plans": [],
    }
    assert episode.location == "MHS101Referral:1"
    assert episode.person == "P1"
    assert [f.code for f in episode.findings] == ["MHSDS-APPROACH-DEFAULTED"]
    assert "$.reviews" in episode.gaps
    assert "$.assessment" in episode.gaps


def test_the_trusts_non_cpa_approach_is_used(tmp_path: Path) -> None:
    options = MhsdsOptions(non_cpa_approach=CareApproach.STANDARD)
    episode = _one(_read(tmp_path, community(), options), "care-episode")
    assert episode.data["approach"] == "standard-care"


def test_a_cpa_episode_makes_the_referral_cpa_and_carries_its_reviews(tmp_path: Path) -> None:
    extract = _read(
        tmp_path,
        community(
            MHS701CPACareEpisode=[
                {"CPAEpisodeId": "C1", "LocalPatientId": "P1", "StartDateCPA": "2026-01-10"}
            ],
            MHS702CPAReview=[
                {"CPAEpisodeId": "C1", "CPAReviewDate": "2026-06-01"},
                {"CPAEpisodeId": "C9", "CPAReviewDate": "2026-06-01"},
            ],
            MHS006MHCareCoord=[
                {
                    "LocalPatientId": "P1",
                    "CareProfLocalId": "S1",
                    "StartDateAssCareCoord": "2026-01-10",
                }
            ],
        ),
    )
    episode = _one(extract, "care-episode")
    assert episode.data["approach"] == "cpa"
    assert episode.data["reviews"] == [{"on": "2026-06-01"}]
    assert episode.data["coordinators"] == [
        {"staff_id": "S1", "role": "care-coordinator", "start": "2026-01-10"}
    ]
    assert "$.reviews" not in episode.gaps
    assert _problems(extract) == [("MHS702CPAReview:2", "MHSDS-KEY-BROKEN")]


def test_person_level_rows_go_to_the_latest_referral_before_them(tmp_path: Path) -> None:
    extract = _read(
        tmp_path,
        {
            **community(),
            "MHS101Referral": [
                referral("R1", received="2026-01-05"),
                referral("R2", received="2026-06-01"),
            ],
            "MHS102ServiceTypeReferredTo": [team("R1"), team("R2")],
            "MHS006MHCareCoord": [
                {
                    "LocalPatientId": "P1",
                    "CareProfLocalId": "S1",
                    "StartDateAssCareCoord": "2026-02-01",
                    "EndDateAssCareCoord": "2026-05-31",
                },
                {
                    "LocalPatientId": "P1",
                    "CareProfLocalId": "S2",
                    "StartDateAssCareCoord": "2026-06-02",
                },
                {
                    "LocalPatientId": "P1",
                    "CareProfLocalId": "S3",
                    "StartDateAssCareCoord": "2025-12-01",
                },
            ],
            "MHS008CarePlanType": [
                {
                    "CarePlanID": "A",
                    "LocalPatientId": "P1",
                    "CarePlanTypeMH": "10",
                    "CarePlanCreatDate": "2026-03-01",
                },
                {
                    "CarePlanID": "A-C",
                    "LocalPatientId": "P1",
                    "CarePlanTypeMH": "12",
                    "CarePlanCreatDate": "2026-03-01",
                },
                {
                    "CarePlanID": "B",
                    "LocalPatientId": "P1",
                    "CarePlanTypeMH": "10",
                    "CarePlanCreatDate": "2026-02-01",
                },
                {
                    "CarePlanID": "Z",
                    "LocalPatientId": "P1",
                    "CarePlanTypeMH": "77",
                    "CarePlanCreatDate": "2026-02-01",
                },
            ],
            "MHS009CarePlanAgreement": [
                {"CarePlanID": "A", "CarePlanContentAgreedDate": "2026-03-09"},
                {"CarePlanID": "A", "CarePlanContentAgreedDate": "2026-03-04"},
            ],
        },
    )
    by_id = {r.data["episode_id"]: r for r in extract.records}
    first, second = by_id["R1"], by_id["R2"]
    assert [c["staff_id"] for c in first.data["coordinators"]] == ["S1"]
    assert [c["staff_id"] for c in second.data["coordinators"]] == ["S2"]
    assert first.data["plans"] == [
        {"version": 1, "written_on": "2026-02-01"},
        {
            "version": 2,
            "written_on": "2026-03-01",
            "sections": ["crisis-plan"],
            "agreed_on": "2026-03-04",
        },
    ]
    assert [f.code for f in first.findings if f.code != "MHSDS-APPROACH-DEFAULTED"] == [
        "MHSDS-CODE-UNKNOWN"
    ]
    assert _problems(extract) == [("MHS006MHCareCoord:3", "MHSDS-ROW-NOT-USED")]


def test_a_discharged_referral_and_its_discharge_plan(tmp_path: Path) -> None:
    extract = _read(
        tmp_path,
        community(
            MHS101Referral=[
                referral(ServDischDate="2026-05-01", DischPlanCreationDate="2026-04-20")
            ]
        ),
    )
    assert _one(extract, "care-episode").data["discharge"] == {
        "on": "2026-05-01",
        "discharge_plan": True,
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"LocalPatientId": ""}, "no LocalPatientId"),
        ({"ReferralRequestReceivedDate": "05/01/2026"}, "ReferralRequestReceivedDate"),
    ],
)
def test_a_referral_that_cannot_build_an_episode_is_reported(
    tmp_path: Path, change: dict[str, str], reason: str
) -> None:
    extract = _read(tmp_path, community(MHS101Referral=[{**referral(), **change}]))
    assert not extract.records
    (note,) = [n for n in extract.notes if n.finding.code == "MHSDS-RECORD-NOT-BUILT"]
    assert note.location == "MHS101Referral:1"
    assert reason in note.finding.message
    assert "(R1)" in note.finding.message  # the key, a well-formed identifier


def test_an_episode_without_a_team_is_not_built(tmp_path: Path) -> None:
    extract = _read(tmp_path, community(MHS102ServiceTypeReferredTo=[]))
    assert not extract.records
    assert "no team" in extract.notes[-1].finding.message


def test_duplicate_and_missing_keys_are_reported(tmp_path: Path) -> None:
    extract = _read(
        tmp_path,
        community(
            MHS101Referral=[
                referral("R1"),
                referral("R1", received="2026-02-02"),
                referral(""),
            ]
        ),
    )
    assert sorted(_problems(extract)) == [
        ("MHS101Referral:2", "MHSDS-KEY-DUPLICATE"),
        ("MHS101Referral:3", "MHSDS-KEY-BROKEN"),
    ]
    assert _one(extract, "care-episode").data["referral"]["received_on"] == "2026-01-05"


def test_a_bad_nhs_number_is_left_out_and_reported(tmp_path: Path) -> None:
    extract = _read(tmp_path, community(MHS001MPI=[{**PERSON, "NHSNumber": "9434765918"}]))
    episode = _one(extract, "care-episode")
    assert "nhs_number" not in episode.data
    assert "MHSDS-VALUE-INVALID" in [f.code for f in episode.findings]


def test_a_missing_table_is_reported_and_its_checks_withheld(tmp_path: Path) -> None:
    tables = community(
        MHS008CarePlanType=[
            {
                "CarePlanID": "A",
                "LocalPatientId": "P1",
                "CarePlanTypeMH": "10",
                "CarePlanCreatDate": "2026-03-01",
            }
        ]
    )
    extract = _read(tmp_path, tables)
    notes = {n.location for n in extract.notes if n.finding.code == "MHSDS-TABLE-MISSING"}
    assert "MHS009CarePlanAgreement" in notes
    assert "MHS701CPACareEpisode" not in notes  # legacy tables are optional
    episode = _one(extract, "care-episode")
    assert "$.plans[].agreed_on" in episode.gaps
    assert "CARE-PLAN-NOT-AGREED" in extract.withheld_codes(episode)
    codes = [e.finding.code for e in audit_extract(extract, AS_OF).entries]
    assert "CARE-PLAN-NOT-AGREED" not in codes
    assert "MHSDS-NOT-CHECKED" in codes


# --- inpatient discharges ------------------------------------------------------------------


def _inpatient(**extra: Rows) -> dict[str, Rows]:
    spell = {
        "HospProvSpellID": "H1",
        "ServiceRequestId": "IP1",
        "StartDateHospProvSpell": "2026-07-01",
        "StartTimeHospProvSpell": "09:00",
        "DischDateHospProvSpell": "2026-07-10",
        "DischTimeHospProvSpell": "10:00",
        "MethOfDischMHHospProvSpell": "1",
        "DestOfDischHospProvSpell": "19",
    }
    return {
        **community(),
        "MHS101Referral": [referral(), referral("IP1", received="2026-07-01")],
        "MHS501HospProvSpell": [spell],
        "MHS502WardStay": [
            {
                "WardStayId": "W1",
                "HospProvSpellID": "H1",
                "StartDateWardStay": "2026-07-01",
                "MHAdmittedPatientClass": "201",
            },
            {
                "WardStayId": "W2",
                "HospProvSpellID": "H1",
                "StartDateWardStay": "2026-07-05",
                "MHAdmittedPatientClass": "200",
            },
        ],
        **extra,
    }


def _contact(
    key: str, day: str, clock: str = "10:00", attend: str = "5", **more: str
) -> dict[str, str]:
    return {
        "CareContactId": key,
        "ServiceRequestId": "R1",
        "CareContDate": day,
        "CareContTime": clock,
        "AttendStatus": attend,
        "ConsMechanismMH": "01",
        **more,
    }


def test_a_discharged_spell_builds_an_inpatient_discharge(tmp_path: Path) -> None:
    extract = _read(
        tmp_path,
        _inpatient(
            MHS201CareContact=[
                _contact("C0", "2026-07-10", "09:00"),
                _contact("C1", "2026-07-11"),
                _contact("C2", "2026-07-12", attend="3"),
                _contact("C3", "2026-07-13", clock=""),
                _contact("C4", "2026-07-30"),
                _contact("C5", "2026-07-12", attend="8"),
            ],
            MHS204IndirectActivity=[
                {
                    "ServiceRequestId": "R1",
                    "IndirectActDate": "2026-07-11",
                    "IndirectActTime": "08:00",
                }
            ],
        ),
    )
    discharge = _one(extract, "care-inpatient-discharge")
    data = dict(discharge.data)
    follow_ups = data.pop("follow_ups")
    assert data == {
        "discharge_id": "H1",
        "person_id": "P1",
        "nhs_number": "9434765919",
        "episode_id": "R1",
        "provider": "RXX",
        "discharged_at": "2026-07-10T10:00:00+01:00",
        "bed_class": "200",
        "method": "1",
        "destination": "19",
    }
    assert [(e["kind"], e["at"][:10], e.get("attended")) for e in follow_ups] == [
        ("indirect", "2026-07-11", None),
        ("contact", "2026-07-11", True),
        ("contact", "2026-07-12", False),
        ("contact", "2026-07-12", False),
        ("contact", "2026-07-13", True),
    ]
    assert [f.code for f in discharge.findings] == ["MHSDS-CODE-UNKNOWN"]
    # the referral with the spell builds the discharge, not a care episode
    assert [r.data["episode_id"] for r in extract.records if r.kind == "care-episode"] == ["R1"]


def test_v5_field_names_are_read(tmp_path: Path) -> None:
    tables = _inpatient(
        MHS201CareContact=[{**_contact("C1", "2026-07-11", attend=""), "AttendOrDNACode": "6"}]
    )
    tables["MHS502WardStay"] = [
        {"WardStayId": "W1", "HospProvSpellNum": "H1", "HospitalBedTypeMH": "10"}
    ]
    discharge = _one(_read(tmp_path, tables), "care-inpatient-discharge")
    assert discharge.data["bed_class"] == "10"
    assert discharge.data["follow_ups"][0]["attended"] is True


def test_onward_referral_readmission_and_death(tmp_path: Path) -> None:
    tables = _inpatient(
        MHS105OnwardReferral=[
            {"ServiceRequestId": "IP1", "OnwardReferDate": "2026-07-08", "OrgIDReceiving": "RYYAB"},
            {"ServiceRequestId": "IP1", "OnwardReferDate": "2026-08-08", "OrgIDReceiving": "RZZ"},
        ]
    )
    tables["MHS001MPI"] = [{**PERSON, "PersDeathDate": "2026-07-12"}]
    tables["MHS101Referral"] = [*tables["MHS101Referral"], referral("IP2", received="2026-07-12")]
    tables["MHS501HospProvSpell"] = [
        *tables["MHS501HospProvSpell"],
        {
            "HospProvSpellID": "H2",
            "ServiceRequestId": "IP2",
            "StartDateHospProvSpell": "2026-07-12",
            "StartTimeHospProvSpell": "20:00",
        },
    ]
    discharge = _one(_read(tmp_path, tables), "care-inpatient-discharge")
    assert discharge.data["onward_provider"] == "RYY"  # a site code read as its trust
    assert discharge.data["died_on"] == "2026-07-12"
    assert discharge.data["follow_ups"][-1]["kind"] == "readmission"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"MHS502WardStay": []}, "no ward stay"),
        ({"MHS000Header": []}, "no provider"),
        (
            {
                "MHS501HospProvSpell": [
                    {
                        "HospProvSpellID": "H1",
                        "ServiceRequestId": "IP1",
                        "DischDateHospProvSpell": "2026-13-01",
                    }
                ]
            },
            "not a date",
        ),
    ],
)
def test_a_spell_that_cannot_build_a_discharge_is_reported(
    tmp_path: Path, change: dict[str, Rows], reason: str
) -> None:
    extract = _read(tmp_path, {**_inpatient(), **change})
    assert not [r for r in extract.records if r.kind == "care-inpatient-discharge"]
    (note,) = [n for n in extract.notes if n.finding.code == "MHSDS-RECORD-NOT-BUILT"]
    assert note.location == "MHS501HospProvSpell:1"
    assert reason in note.finding.message


def test_a_spell_whose_referral_is_missing_is_reported_once(tmp_path: Path) -> None:
    tables = _inpatient()
    tables["MHS101Referral"] = [referral()]
    extract = _read(tmp_path, tables)
    assert _problems(extract) == [("MHS501HospProvSpell:1", "MHSDS-KEY-BROKEN")]


# --- Mental Health Act ---------------------------------------------------------------------


def _period(key: str, code: str, start: str, end: str = "", **more: str) -> dict[str, str]:
    row = {
        "MHActLegalStatusClassPeriodId": key,
        "LocalPatientId": "P1",
        "StartDateMHActLegalStatusClass": start[:10],
        "StartTimeMHActLegalStatusClass": start[11:],
        "EndDateMHActLegalStatusClass": end[:10],
        "EndTimeMHActLegalStatusClass": end[11:],
        "LegalStatusCode": code,
    }
    return {**row, **more}


def _detentions(tmp_path: Path, **tables: Rows) -> Extract:
    return _read(tmp_path, {"MHS000Header": [HEADER], "MHS001MPI": [PERSON], **tables})


def test_periods_that_follow_each_other_make_one_detention(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path,
        MHS401MHActPeriod=[
            _period("A", "04", "2026-03-01 22:00", "2026-03-02 09:00"),
            _period("B", "02", "2026-03-02 09:00", "2026-03-20 10:00"),
            _period("C", "01", "2026-03-20 10:00"),
            _period("D", "03", "2026-06-01 10:00"),
        ],
        MHS402RespClinicianAssignment=[
            {
                "MHActLegalStatusClassPeriodId": "B",
                "CareProfLocalId": "S9",
                "StartDateRespClinAssign": "2026-03-02",
            }
        ],
    )
    first, second = [r for r in extract.records if r.kind == "mha-detention"]
    assert first.data["detention_id"] == "A"
    assert first.data["responsible_clinician_id"] == "S9"
    assert [
        (p["period_id"], p["section"], p.get("converted_from"), p.get("end_reason"))
        for p in first.data["periods"]
    ] == [("A", "s4", None, "converted"), ("B", "s2", "A", None)]
    assert second.data["periods"][0]["start"] == "2026-06-01T10:00:00+01:00"


def test_a_cto_recorded_as_its_own_period_and_its_recalls(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path,
        MHS401MHActPeriod=[
            _period("S3", "03", "2026-01-05 10:00", "2026-03-01 12:00"),
            _period("CTO", "03", "2026-03-01 12:00", "2026-06-01 11:00"),
            _period("S3R", "03", "2026-06-01 11:00"),
        ],
        MHS404CommTreatOrder=[
            {
                "MHActLegalStatusClassPeriodId": "CTO",
                "StartDateCommTreatOrd": "2026-03-01",
                "EndDateCommTreatOrd": "2026-06-01",
                "CommTreatOrdEndReason": "02",
            }
        ],
        MHS405CommTreatOrderRecall=[
            {
                "MHActLegalStatusClassPeriodId": "CTO",
                "StartDateCommTreatOrdRecall": "2026-04-01",
                "StartTimeCommTreatOrdRecall": "10:00",
                "EndDateCommTreatOrdRecall": "2026-04-02",
                "EndTimeCommTreatOrdRecall": "09:00",
            },
            {
                "MHActLegalStatusClassPeriodId": "CTO",
                "StartDateCommTreatOrdRecall": "2026-05-30",
                "StartTimeCommTreatOrdRecall": "10:00",
                "EndDateCommTreatOrdRecall": "2026-06-01",
                "EndTimeCommTreatOrdRecall": "11:00",
            },
            {"MHActLegalStatusClassPeriodId": "S3", "StartDateCommTreatOrdRecall": "2026-02-01"},
        ],
    )
    detention = _one(extract, "mha-detention")
    periods = detention.data["periods"]
    assert [(p["section"], p.get("end_reason")) for p in periods] == [
        ("s3", "converted"),
        ("s17a", "revoked"),
        ("s3", None),
    ]
    assert periods[1]["recalls"] == [
        {
            "recalled_at": "2026-04-01T10:00:00+01:00",
            "detained_at": "2026-04-01T10:00:00+01:00",
            "released_at": "2026-04-02T09:00:00+01:00",
        },
        {
            "recalled_at": "2026-05-30T10:00:00+01:00",
            "detained_at": "2026-05-30T10:00:00+01:00",
            "revoked": True,
        },
    ]
    assert _problems(extract) == [("MHS405CommTreatOrderRecall:3", "MHSDS-ROW-NOT-USED")]


def test_a_cto_within_a_longer_period_splits_it(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path,
        MHS401MHActPeriod=[_period("S3", "03", "2026-01-05 10:00")],
        MHS404CommTreatOrder=[
            {
                "MHActLegalStatusClassPeriodId": "S3",
                "StartDateCommTreatOrd": "2026-03-01",
                "EndDateCommTreatOrd": "2026-04-01",
                "CommTreatOrdEndReason": "02",
            }
        ],
    )
    detention = _one(extract, "mha-detention")
    assert [
        (p["period_id"], p["section"], p["start"][:10], p.get("end", "")[:10])
        for p in detention.data["periods"]
    ] == [
        ("S3", "s3", "2026-01-05", "2026-03-01"),
        ("S3-2", "s17a", "2026-03-01", "2026-04-01"),
        ("S3-3", "s3", "2026-04-01", ""),
    ]
    assert "MHSDS-TIME-NOT-RECORDED" in [f.code for f in detention.findings]


def test_leave_and_absence_join_through_ward_stay_spell_and_referral(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path,
        MHS101Referral=[referral("IP1")],
        MHS501HospProvSpell=[{"HospProvSpellID": "H1", "ServiceRequestId": "IP1"}],
        MHS502WardStay=[{"WardStayId": "W1", "HospProvSpellID": "H1"}],
        MHS401MHActPeriod=[_period("S3", "03", "2026-01-05 10:00")],
        MHS510LeaveOfAbsence=[
            {
                "WardStayId": "W1",
                "StartDateMHLeaveAbs": "2026-02-01",
                "StartTimeMHLeaveAbs": "10:00",
                "EndDateMHLeaveAbs": "2026-02-02",
                "EndTimeMHLeaveAbs": "18:00",
            },
            {"WardStayId": "W1", "StartDateMHLeaveAbs": "2025-12-01"},
        ],
        MHS511AbsenceWithoutLeave=[
            {
                "WardStayId": "W1",
                "StartDateMHAbsWOLeave": "2026-03-01",
                "StartTimeMHAbsWOLeave": "20:00",
                "EndDateMHAbsWOLeave": "2026-04-15",
                "EndTimeMHAbsWOLeave": "10:00",
            }
        ],
    )
    detention = _one(extract, "mha-detention")
    period = detention.data["periods"][0]
    assert period["leave"] == [
        {"start": "2026-02-01T10:00:00Z".replace("Z", "+00:00"), "end": "2026-02-02T18:00:00+00:00"}
    ]
    assert period["absences"][0]["returned_at"] == "2026-04-15T10:00:00+01:00"
    # a return after more than 28 days: the s21B report decides the expiry; not carried
    assert "$.periods[].absences[].report_on" in detention.gaps
    assert "MHA-RENEWAL-DUE" in Extract(extract.records, ()).withheld_codes(detention)
    assert _problems(extract) == [("MHS510LeaveOfAbsence:2", "MHSDS-ROW-NOT-USED")]


def test_a_renewal_the_expiry_shows_makes_expiry_checks_unanswerable(tmp_path: Path) -> None:
    renewed = _detentions(
        tmp_path / "a",
        MHS401MHActPeriod=[
            _period("S3", "03", "2026-01-05 10:00", ExpiryDateMHActLegalStatusClass="2027-01-04")
        ],
    )
    plain = _detentions(
        tmp_path / "b",
        MHS401MHActPeriod=[
            _period("S3", "03", "2026-01-05 10:00", ExpiryDateMHActLegalStatusClass="2026-07-04")
        ],
    )
    assert "$.periods[].renewals" in _one(renewed, "mha-detention").gaps
    assert "$.periods[].renewals" not in _one(plain, "mha-detention").gaps


def test_a_place_of_safety_period_lacks_its_extension(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path, MHS401MHActPeriod=[_period("P", "20", "2026-05-01 20:00", "2026-05-02 08:00")]
    )
    assert "$.periods[].extension" in _one(extract, "mha-detention").gaps


def test_unknown_and_informal_legal_statuses(tmp_path: Path) -> None:
    extract = _detentions(
        tmp_path,
        MHS401MHActPeriod=[
            _period("I", "01", "2026-05-01 10:00"),
            _period("X", "44", "2026-05-01 10:00"),
            {**_period("Y", "03", "2026-05-01 10:00"), "LegalStatusCode": ""},
        ],
    )
    assert not extract.records
    assert _problems(extract) == [
        ("MHS401MHActPeriod:2", "MHSDS-CODE-UNKNOWN"),
        ("MHS401MHActPeriod:3", "MHSDS-RECORD-NOT-BUILT"),
    ]


# --- HoNOS ---------------------------------------------------------------------------------


def test_honos_scores_of_a_care_activity(tmp_path: Path) -> None:
    scores = [
        {
            "CareActId": "ACT1",
            "CodedAssToolType": _honos_code(Scale.HONOS, str(i)),
            "PersScore": str(i % 5),
        }
        for i in range(1, 13)
    ]
    scores[2]["PersScore"] = "seven"
    scores.append({"CareActId": "ACT1", "CodedAssToolType": "123456", "PersScore": "3"})
    extract = _read(
        tmp_path,
        community(
            MHS201CareContact=[_contact("C1", "2026-03-03")],
            MHS202CareActivity=[
                {"CareActId": "ACT1", "CareContactId": "C1", "CareProfLocalId": "S1"}
            ],
            MHS607CodedScoreAssessmentAct=scores,
        ),
    )
    honos = _one(extract, "cluster-assessment")
    assert honos.data["assessment_id"] == "ACT1"
    assert honos.data["scale"] == "honos"
    assert honos.data["assessed_on"] == "2026-03-03"
    assert honos.data["staff_id"] == "S1"
    assert len(honos.data["ratings"]) == 11
    assert [f.code for f in honos.findings] == ["MHSDS-VALUE-INVALID"]


def test_honos_65_scores_against_a_referral(tmp_path: Path) -> None:
    scores = [
        {
            "ServiceRequestId": "R1",
            "CodedAssToolType": _honos_code(Scale.HONOS_65, str(i)),
            "PersScore": "1",
            "AssToolCompTimestamp": "2026-03-03T10:30:00",
            "CareProfLocalId": "S2",
        }
        for i in range(1, 13)
    ]
    honos = _one(
        _read(tmp_path, community(MHS606CodedScoreAssessmentRefer=scores)), "cluster-assessment"
    )
    assert honos.data["assessment_id"] == "R1-202603031030"
    assert honos.data["scale"] == "honos-65"


def test_mixed_scales_are_not_built(tmp_path: Path) -> None:
    scores = [
        {"CareActId": "ACT1", "CodedAssToolType": _honos_code(Scale.HONOS, "1"), "PersScore": "1"},
        {
            "CareActId": "ACT1",
            "CodedAssToolType": _honos_code(Scale.HONOS_65, "2"),
            "PersScore": "1",
        },
    ]
    extract = _read(
        tmp_path,
        community(
            MHS201CareContact=[_contact("C1", "2026-03-03")],
            MHS202CareActivity=[
                {"CareActId": "ACT1", "CareContactId": "C1", "CareProfLocalId": "S1"}
            ],
            MHS607CodedScoreAssessmentAct=scores,
        ),
    )
    assert not [r for r in extract.records if r.kind == "cluster-assessment"]
    assert _problems(extract) == [("MHS607CodedScoreAssessmentAct:1", "MHSDS-RECORD-NOT-BUILT")]
    assert "mixes HoNOS and HoNOS 65+" in extract.notes[-1].finding.message


def test_a_built_record_is_one_ndjson_line(tmp_path: Path) -> None:
    record = _one(_read(tmp_path, community()), "care-episode")
    assert record.raw.endswith(b"\n")
    assert record.raw.count(b"\n") == 1


def test_the_audit_runs_the_built_records(tmp_path: Path) -> None:
    extract = _read(tmp_path, community())
    result = audit_extract(extract, AS_OF)
    assert result.records == {"care-episode": 1}
    assert result.as_of == AS_OF
    assert all(not e.finding.message.count("9434765919") for e in result.entries)
    assert statutory_time.london_date(AS_OF).isoformat() == "2026-11-23"


def test_empty_rows_do_not_count(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x", community())
    path = folder / "MHS101Referral.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,\n\n", encoding="utf-8")
    assert len(read_extract(folder).records) == 1


def test_the_registry_collects_the_mhsds_codes() -> None:
    import importlib

    from cpa_core import registry

    codes = registry.finding_codes()
    for code in importlib.import_module("cpa_core.mhsds").FINDING_CODES:
        assert codes[code.code] is code
        assert code.area == "MHSDS"


@pytest.mark.parametrize("name", ["cpa_core.mhsds", "cpa_core.fhir"])
def test_public_names_exist_and_are_sorted(name: str) -> None:
    import importlib

    module = importlib.import_module(name)
    assert all(hasattr(module, exported) for exported in module.__all__)
    assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n))


@settings(max_examples=25, deadline=None)
@given(
    discharged=st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 20)),
    offsets=st.lists(st.integers(-48 * 60, 12 * 24 * 60), max_size=6),
)
def test_follow_up_events_are_those_after_the_discharge_within_the_longest_window(
    discharged: datetime, offsets: list[int]
) -> None:
    """Property: a contact is an event exactly when it falls after the discharge instant and
    on or before the discharge date plus the longest follow-up window, in London time (each
    instant as the reader reads the wall-clock time written)."""
    at = local_instant(discharged.date(), discharged.time().replace(second=0, microsecond=0))
    local = at.instant.astimezone(statutory_time.LONDON)
    contacts, read_back = [], []
    for n, minutes in enumerate(offsets):
        when = (at.instant + timedelta(minutes=minutes)).astimezone(statutory_time.LONDON)
        clock = when.time().replace(second=0, microsecond=0)
        contacts.append(_contact(f"C{n}", when.date().isoformat(), clock.strftime("%H:%M")))
        read_back.append(local_instant(when.date(), clock).instant)
    tables = _inpatient(MHS201CareContact=contacts)
    tables["MHS501HospProvSpell"] = [
        {
            **tables["MHS501HospProvSpell"][0],
            "DischDateHospProvSpell": local.date().isoformat(),
            "DischTimeHospProvSpell": local.strftime("%H:%M"),
        }
    ]
    with tempfile.TemporaryDirectory() as scratch:
        discharge = _one(
            read_extract(write_extract(Path(scratch), tables)), "care-inpatient-discharge"
        )
    limit = statutory_time.add_days(local.date(), max(row.days for row in FOLLOW_UP_RULES))
    expected = sorted(
        when.astimezone(UTC)
        for when in read_back
        if when > at.instant and statutory_time.london_date(when) <= limit
    )
    found = sorted(
        datetime.fromisoformat(e["at"]).astimezone(UTC) for e in discharge.data["follow_ups"]
    )
    assert found == expected
