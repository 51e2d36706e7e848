"""Golden tests of the retention schedule rows, each citing its source row.

Source of every period: Records Management Code of Practice 2021 (HTML updated 7 August
2023), Appendix II, as restated in the shared reference retention.md section 3.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from cpa_core.exceptions import CpaCoreError
from cpa_core.policy.retention import CombinationChoice, RetentionPolicy
from cpa_core.provenance import Evidence
from cpa_core.retention import (
    CODE_2021,
    RETENTION_SCHEDULE,
    Combination,
    FinalAction,
    RecordClass,
    RetentionRecord,
    Trigger,
    retention_dates,
)

AS_OF = date(2026, 11, 23)


def _review(record: RetentionRecord, policy: RetentionPolicy | None = None) -> date | None:
    return retention_dates(record, AS_OF, policy).earliest_review


def _row(record_class: RecordClass) -> object:
    return RETENTION_SCHEDULE.lookup(record_class, AS_OF)


def test_every_row_is_sourced_dated_and_versioned() -> None:
    assert len(RETENTION_SCHEDULE) == len(RecordClass)
    for row in RETENTION_SCHEDULE:
        assert row.source.locator
        assert row.source.url.startswith("https://")
        assert row.code_version == CODE_2021
        assert row.nation == "England"
        assert row.effective.start == date(2021, 8, 4)
        assert row.limbs
        assert row.period
        assert row.action


def test_verified_rows_are_exactly_those_the_reference_verifies() -> None:
    verified = {row.record_class for row in RETENTION_SCHEDULE if row.verified}
    assert verified == {RecordClass.ADULT_SOCIAL_CARE}
    # The reference verifies these too, but from restatements of the Code (the MDU, a
    # Trust's policy): secondary sources, each saying where its period was read.
    for record_class in (RecordClass.CHILDREN, RecordClass.SERIOUS_INCIDENT, RecordClass.INCIDENT):
        source = RETENTION_SCHEDULE.lookup(record_class, AS_OF).source
        assert source.evidence is Evidence.SECONDARY
        assert source.secondary_reason


def test_a_row_and_its_source_say_the_same_evidence() -> None:
    """The docs once showed "V" beside "unverified" for rows whose source was verified but
    whose limb, action or combination was not; construction now refuses that."""
    row = RETENTION_SCHEDULE.lookup(RecordClass.ADULT_HEALTH, AS_OF)
    assert (row.verified, row.evidence, row.source.evidence_label) == (
        False,
        "U",
        "unverified default — check local policy",
    )
    with pytest.raises(CpaCoreError, match="weakest part U"):
        attrs.evolve(row, source=attrs.evolve(row.source, evidence=Evidence.VERIFIED))


def test_rows_whose_combination_is_unsettled_are_unverified() -> None:
    # retention.md section 4 and the staff/clinical audit rows: "sooner" vs "later" open.
    unsettled = {row.record_class for row in RETENTION_SCHEDULE if row.combination is None}
    assert unsettled == {
        RecordClass.MENTAL_HEALTH,
        RecordClass.ADULT_HEALTH,
        RecordClass.STAFF_RECORD,
        RecordClass.CLINICAL_AUDIT,
    }
    for record_class in unsettled:
        row = RETENTION_SCHEDULE.lookup(record_class, AS_OF)
        assert not row.verified
        assert row.evidence == "U"
        assert "Trust policy" in row.period


# --- verified rows ----------------------------------------------------------------------


def test_adult_health_record_8_years_after_last_contact() -> None:
    """Adult health records not covered elsewhere, spreadsheet row 2 [V]: 8 years."""
    record = RetentionRecord(
        record_id="A", record_class=RecordClass.ADULT_HEALTH, last_contact=date(2017, 5, 10)
    )
    assert _review(record) == date(2025, 5, 10)


def test_adult_social_care_record_8_years_after_last_contact() -> None:
    """Adult social care records, spreadsheet row 3 [V]: 8 years."""
    record = RetentionRecord(
        record_id="S", record_class=RecordClass.ADULT_SOCIAL_CARE, last_contact=date(2019, 1, 31)
    )
    assert _review(record) == date(2027, 1, 31)
    assert _row(RecordClass.ADULT_SOCIAL_CARE).final_action is FinalAction.REVIEW_DESTROY  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("born", "ended", "expected"),
    [
        # Children's records, spreadsheet row 4 [V]: until the 25th birthday ...
        (date(2005, 3, 10), date(2015, 6, 1), date(2030, 3, 10)),
        (date(2005, 3, 10), date(2021, 6, 1), date(2030, 3, 10)),  # aged 16 at the end
        # ... or the 26th if 17 at the conclusion of treatment.
        (date(2005, 3, 10), date(2022, 3, 10), date(2031, 3, 10)),  # 17th birthday
        (date(2005, 3, 10), date(2023, 3, 9), date(2031, 3, 10)),  # last day aged 17
        (date(2005, 3, 10), date(2023, 3, 10), date(2030, 3, 10)),  # 18 that day
    ],
)
def test_children_record_to_25th_or_26th_birthday(born: date, ended: date, expected: date) -> None:
    record = RetentionRecord(
        record_id="C",
        record_class=RecordClass.CHILDREN,
        date_of_birth=born,
        last_contact=ended,
    )
    assert _review(record) == expected


def test_children_record_born_on_29_february_is_kept_to_1_march() -> None:
    # add_months clamps 29 February to the 28th; a minimum is never cut short, so the
    # birthday is taken as 1 March in a common year.
    record = RetentionRecord(
        record_id="C",
        record_class=RecordClass.CHILDREN,
        date_of_birth=date(2004, 2, 29),
        last_contact=date(2012, 1, 1),
    )
    assert _review(record) == date(2029, 3, 1)


def test_serious_incident_20_years_then_consider_place_of_deposit() -> None:
    """Serious incidents [V] (KMPT policy section 10): 20 years from the incident."""
    record = RetentionRecord(
        record_id="SI", record_class=RecordClass.SERIOUS_INCIDENT, incident=date(2004, 8, 19)
    )
    dates = retention_dates(record, AS_OF)
    assert dates.earliest_review == date(2024, 8, 19)
    assert dates.row is not None
    assert dates.row.final_action is FinalAction.REVIEW_POD


def test_incident_10_years() -> None:
    """Incidents (not serious) [V] (KMPT policy section 10): 10 years from the incident."""
    record = RetentionRecord(
        record_id="I", record_class=RecordClass.INCIDENT, incident=date(2015, 10, 2)
    )
    assert _review(record) == date(2025, 10, 2)


# --- rows with verified periods and open questions ---------------------------------------


def _mh(died: date | None) -> RetentionRecord:
    return RetentionRecord(
        record_id="MH",
        record_class=RecordClass.MENTAL_HEALTH,
        last_contact=date(2019, 2, 20),
        died=died,
    )


def test_mental_health_20_years_after_last_contact() -> None:
    """Mental health records, periods [V] (MDU): 20 years."""
    assert _review(_mh(None)) == date(2039, 2, 20)
    dates = retention_dates(_mh(None), AS_OF)
    assert not dates.combination_from_policy  # only one limb applied


def test_mental_health_death_limb_later_by_default_sooner_by_policy() -> None:
    """Mental health records: or 10 years after death [V]; 'if sooner' unconfirmed [U]."""
    died = date(2019, 4, 2)
    assert _review(_mh(died)) == date(2039, 2, 20)  # later of 2039-02-20 and 2029-04-02
    sooner = RetentionPolicy(combine_unsettled="sooner")
    assert _review(_mh(died), sooner) == date(2029, 4, 2)
    per_row = RetentionPolicy(
        combinations=(CombinationChoice(record_class="mental-health", combine="sooner"),)
    )
    dates = retention_dates(_mh(died), AS_OF, per_row)
    assert dates.earliest_review == date(2029, 4, 2)
    assert dates.combination is Combination.SOONER
    assert dates.combination_from_policy


def test_mental_health_death_long_after_contact_is_later_limb() -> None:
    assert _review(_mh(date(2035, 1, 1))) == date(2045, 1, 1)


def test_gp_record_10_years_after_death() -> None:
    """GP records [V] (BMA): 10 years after death."""
    record = RetentionRecord(record_id="GP", record_class=RecordClass.GP, died=date(2016, 7, 1))
    assert _review(record) == date(2026, 7, 1)


def test_maternity_25_years_after_care_ended() -> None:
    """Obstetric / maternity records, period [V] (MDU): 25 years."""
    record = RetentionRecord(
        record_id="M", record_class=RecordClass.MATERNITY, last_contact=date(2001, 12, 1)
    )
    assert _review(record) == date(2026, 12, 1)


def test_adult_health_unverified_death_limb_can_be_switched_off() -> None:
    record = RetentionRecord(
        record_id="A",
        record_class=RecordClass.ADULT_HEALTH,
        last_contact=date(2017, 5, 10),
        died=date(2020, 1, 1),
    )
    assert _review(record) == date(2028, 1, 1)
    assert _review(record, RetentionPolicy(apply_unverified_limbs=False)) == date(2025, 5, 10)


# --- unverified rows: defaults only ---------------------------------------------------------


@pytest.mark.parametrize(("appealed", "expected"), [(False, 2019), (True, 2022)])
def test_foi_request_3_years_or_6_after_appeal(appealed: bool, expected: int) -> None:
    """FOI requests (2016 row [V], 2021 [U]): 3 years; 6 after appeal."""
    record = RetentionRecord(
        record_id="F",
        record_class=RecordClass.FOI_REQUEST,
        closed=date(2016, 4, 1),
        appealed=appealed,
    )
    assert _review(record) == date(expected, 4, 1)


def test_staff_record_75th_birthday_and_summary_limb() -> None:
    """Staff record [U]: 75th birthday; may reduce to 6 years after leaving with a summary."""
    base = RetentionRecord(
        record_id="ST",
        record_class=RecordClass.STAFF_RECORD,
        date_of_birth=date(1960, 5, 1),
        left_employment=date(2015, 3, 31),
    )
    assert _review(base) == date(2035, 5, 1)
    summarised = RetentionRecord(
        record_id="ST",
        record_class=RecordClass.STAFF_RECORD,
        date_of_birth=date(1960, 5, 1),
        left_employment=date(2015, 3, 31),
        summary_made=True,
    )
    assert _review(summarised) == date(2035, 5, 1)  # later (default)
    assert _review(summarised, RetentionPolicy(combine_unsettled="sooner")) == date(2021, 3, 31)


def test_clinical_training_whichever_longer() -> None:
    record = RetentionRecord(
        record_id="T",
        record_class=RecordClass.TRAINING_CLINICAL,
        date_of_birth=date(1950, 1, 1),
        left_employment=date(2024, 6, 30),
    )
    assert _review(record) == date(2030, 6, 30)


def test_clinical_audit_completion_or_creation() -> None:
    record = RetentionRecord(
        record_id="CA",
        record_class=RecordClass.CLINICAL_AUDIT,
        created=date(2018, 1, 10),
        completed=date(2019, 6, 1),
    )
    assert _review(record) == date(2024, 6, 1)
    assert _review(record, RetentionPolicy(combine_unsettled="sooner")) == date(2023, 1, 10)


@pytest.mark.parametrize(
    ("record_class", "created", "expected"),
    [
        # Close of financial year (31 March) + 6 / 10 years [U].
        (RecordClass.DUTY_ROSTER, date(2019, 3, 31), date(2025, 3, 31)),
        (RecordClass.DUTY_ROSTER, date(2019, 4, 1), date(2026, 3, 31)),
        (RecordClass.PALS, date(2016, 12, 1), date(2027, 3, 31)),
        # End of year + 2 years [U].
        (RecordClass.CLINICAL_DIARY, date(2022, 2, 1), date(2024, 12, 31)),
        # Creation + 2 / 3 / 6 years [U].
        (RecordClass.TIMESHEET, date(2025, 1, 6), date(2027, 1, 6)),
        (RecordClass.TELEPHONY_RECORDING, date(2023, 5, 5), date(2026, 5, 5)),
        (RecordClass.RISK_REGISTER, date(2020, 3, 2), date(2026, 3, 2)),
    ],
)
def test_derived_triggers(record_class: RecordClass, created: date, expected: date) -> None:
    record = RetentionRecord(record_id="X", record_class=record_class, created=created)
    assert _review(record) == expected


def test_unverified_rows_say_so() -> None:
    row = RETENTION_SCHEDULE.lookup(RecordClass.STAFF_RECORD, AS_OF)
    assert row.source.evidence is Evidence.UNVERIFIED
    assert row.period.endswith("(unverified)")
    complaint = RETENTION_SCHEDULE.lookup(RecordClass.COMPLAINT, AS_OF)
    # retention.md section 3: "2021 unchanged [U] (also graded [V2])": the weaker grade.
    assert complaint.evidence == "U"


def test_no_row_before_the_2021_code() -> None:
    record = RetentionRecord(
        record_id="X", record_class=RecordClass.INCIDENT, incident=date(2001, 1, 1)
    )
    dates = retention_dates(record, date(2020, 1, 1))
    assert dates.row is None
    assert dates.earliest_review is None


def test_missing_trigger_gives_no_date() -> None:
    record = RetentionRecord(record_id="X", record_class=RecordClass.CHILDREN)
    dates = retention_dates(record, AS_OF)
    assert dates.earliest_review is None
    assert dates.missing == (Trigger.LAST_CONTACT, Trigger.BIRTH)
