"""Decisions, reuse, legal holds, appraisal, the disposal-review list and the policy floor."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from cpa_core.exceptions import PolicyError
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.policy.retention import CombinationChoice, LocalExtension, RetentionPolicy
from cpa_core.retention import (
    NATIONAL_HOLDS,
    Appraisal,
    AppraisalOutcome,
    DecisionStatus,
    HoldScope,
    LegalHold,
    RecordClass,
    RetentionRecord,
    UsePeriod,
    blocking_holds,
    check_policy,
    decide,
    disposal_review,
    retention_dates,
)

AS_OF = date(2026, 11, 23)


def _incident(**extra: object) -> RetentionRecord:
    fields: dict[str, object] = {
        "record_id": "I1",
        "record_class": RecordClass.INCIDENT,
        "incident": date(2015, 10, 2),
    }
    fields.update(extra)
    return RetentionRecord(**fields)  # type: ignore[arg-type]


def _destroy(on: date) -> Appraisal:
    return Appraisal(appraised_on=on, staff_id="S005", outcome=AppraisalOutcome.DESTROY)


# --- reuse (Appendix II preamble [V]: the period restarts after a second period of use) ---


def test_clock_restarts_from_the_end_of_reuse() -> None:
    record = RetentionRecord(
        record_id="MH",
        record_class=RecordClass.MENTAL_HEALTH,
        last_contact=date(1999, 11, 12),
        reuse=(UsePeriod(reopened=date(2003, 2, 1), closed=date(2006, 3, 31)),),
    )
    dates = retention_dates(record, AS_OF)
    assert dates.starts_on == date(2006, 3, 31)
    assert dates.earliest_review == date(2026, 3, 31)


def test_reuse_restarts_a_childs_birthday_rule() -> None:
    # Support ended at 15, reopened and closed at 17: the 26th birthday now applies.
    record = RetentionRecord(
        record_id="C",
        record_class=RecordClass.CHILDREN,
        date_of_birth=date(2005, 3, 10),
        last_contact=date(2020, 6, 1),
        reuse=(UsePeriod(reopened=date(2022, 1, 5), closed=date(2022, 9, 1)),),
    )
    assert retention_dates(record, AS_OF).earliest_review == date(2031, 3, 10)


def test_open_reuse_means_in_use() -> None:
    record = _incident(reuse=(UsePeriod(reopened=date(2024, 1, 10)),))
    decision = decide(record, AS_OF)
    assert decision.status is DecisionStatus.IN_USE
    assert not decision.disposal_approved


def test_appraisal_before_reuse_no_longer_stands() -> None:
    record = _incident(
        reuse=(UsePeriod(reopened=date(2016, 1, 1), closed=date(2016, 2, 1)),),
        appraisal=_destroy(date(2015, 12, 1)),
    )
    assert decide(record, AS_OF).status is DecisionStatus.REVIEW_DUE


# --- appraisal: no automatic destruction ---------------------------------------------------


def test_minimum_reached_without_appraisal_needs_review_not_destruction() -> None:
    decision = decide(_incident(), AS_OF)
    assert decision.status is DecisionStatus.REVIEW_DUE
    assert not decision.disposal_approved
    assert decision.earliest_review == date(2025, 10, 2)
    assert any("appraisal is needed" in line for line in decision.explanation)


def test_recorded_destroy_appraisal_approves_disposal() -> None:
    decision = decide(_incident(appraisal=_destroy(date(2026, 1, 15))), AS_OF)
    assert decision.status is DecisionStatus.DISPOSAL_APPROVED
    assert decision.disposal_approved
    # The incident row's period was read in a Trust's restatement of the Code: secondary.
    assert not decision.verified


def test_appraisal_before_minimum_does_not_approve() -> None:
    decision = decide(_incident(appraisal=_destroy(date(2025, 1, 1))), AS_OF)
    assert decision.status is DecisionStatus.REVIEW_DUE


def test_retain_appraisal_keeps_until_its_date() -> None:
    keep = Appraisal(
        appraised_on=date(2026, 1, 1),
        staff_id="S005",
        outcome=AppraisalOutcome.RETAIN,
        retain_until=date(2027, 1, 1),
    )
    assert decide(_incident(appraisal=keep), AS_OF).status is DecisionStatus.KEEP_APPRAISED
    assert decide(_incident(appraisal=keep), date(2027, 1, 2)).status is (DecisionStatus.REVIEW_DUE)


def test_permanent_preservation_is_kept() -> None:
    keep = Appraisal(
        appraised_on=date(2026, 1, 1), staff_id="S005", outcome=AppraisalOutcome.PERMANENT
    )
    assert decide(_incident(appraisal=keep), AS_OF).status is DecisionStatus.KEEP_APPRAISED


def test_before_minimum_is_retain_and_missing_is_undetermined() -> None:
    assert decide(_incident(), date(2025, 10, 1)).status is DecisionStatus.RETAIN
    missing = RetentionRecord(record_id="X", record_class=RecordClass.INCIDENT)
    assert decide(missing, AS_OF).status is DecisionStatus.UNDETERMINED


def test_destroyed_record_is_disposed() -> None:
    decision = decide(_incident(destroyed_on=date(2026, 2, 1)), AS_OF)
    assert decision.status is DecisionStatus.DISPOSED


# --- legal holds (Appendix I [V]; reference section 5) -----------------------------------


def test_national_holds_are_sourced() -> None:
    ids = {row.hold_id for row in NATIONAL_HOLDS}
    assert ids == {"iicsa", "covid-19-inquiry", "infected-blood"}
    for row in NATIONAL_HOLDS:
        assert row.source.url.startswith("https://")
        assert row.effective.start == row.hold.start
        assert row.scope
        assert row.title


def test_iicsa_hold_blocks_disposal_of_child_protection_records() -> None:
    record = RetentionRecord(
        record_id="SI",
        record_class=RecordClass.SERIOUS_INCIDENT,
        incident=date(2004, 8, 19),
        subject_matter=("child-protection",),
        appraisal=_destroy(date(2025, 1, 1)),
    )
    decision = decide(record, AS_OF)
    assert decision.status is DecisionStatus.HELD
    assert not decision.disposal_approved
    assert [h.hold_id for h in decision.holds] == ["iicsa"]


def test_released_national_hold_no_longer_blocks() -> None:
    record = RetentionRecord(
        record_id="SI",
        record_class=RecordClass.SERIOUS_INCIDENT,
        incident=date(2004, 8, 19),
        subject_matter=("child-protection",),
    )
    policy = RetentionPolicy(released_holds=("iicsa",))
    assert decide(record, AS_OF, policy).status is DecisionStatus.REVIEW_DUE


def test_covid_hold_covers_records_spanning_2020_to_2022() -> None:
    covered = RetentionRecord(
        record_id="RR", record_class=RecordClass.RISK_REGISTER, created=date(2020, 3, 2)
    )
    assert [h.hold_id for h in blocking_holds(covered, AS_OF)] == ["covid-19-inquiry"]
    before = RetentionRecord(
        record_id="I", record_class=RecordClass.INCIDENT, incident=date(2015, 10, 2)
    )
    assert blocking_holds(before, AS_OF) == ()
    after = RetentionRecord(
        record_id="T", record_class=RecordClass.TIMESHEET, created=date(2023, 1, 2)
    )
    assert blocking_holds(after, AS_OF) == ()


def test_infected_blood_hold_starts_9_december_2024() -> None:
    record = _incident(subject_matter=("infected-blood",))
    assert blocking_holds(record, date(2024, 12, 8)) == ()
    assert [h.hold_id for h in blocking_holds(record, date(2024, 12, 9))] == ["infected-blood"]


def test_trust_hold_scope_and_dates() -> None:
    hold = LegalHold(
        hold_id="trust-claim",
        title="Claim",
        start=date(2026, 2, 10),
        end=date(2027, 1, 1),
        scope=HoldScope(record_classes=(RecordClass.INCIDENT,), subject_matter=("claim-1",)),
    )
    tagged = _incident(subject_matter=("claim-1",))
    assert decide(tagged, AS_OF, holds=(hold,)).status is DecisionStatus.HELD
    assert decide(tagged, date(2027, 1, 1), holds=(hold,)).status is DecisionStatus.REVIEW_DUE
    assert decide(tagged, date(2026, 2, 9), holds=(hold,)).status is DecisionStatus.REVIEW_DUE
    untagged = _incident()
    assert decide(untagged, AS_OF, holds=(hold,)).status is DecisionStatus.REVIEW_DUE
    other_class = RetentionRecord(
        record_id="C",
        record_class=RecordClass.COMPLAINT,
        closed=date(2010, 1, 1),
        subject_matter=("claim-1",),
    )
    assert blocking_holds(other_class, AS_OF, holds=(hold,)) == ()


def test_hold_named_on_the_record_blocks_even_when_undefined() -> None:
    record = _incident(holds=("trust-claim-9",))
    decision = decide(record, AS_OF)
    assert decision.status is DecisionStatus.HELD
    assert decision.holds[0].hold_id == "trust-claim-9"


def test_hold_named_on_the_record_and_defined_uses_its_dates() -> None:
    hold = LegalHold(hold_id="h", title="H", start=date(2020, 1, 1), end=date(2021, 1, 1))
    record = _incident(holds=("h",))
    assert blocking_holds(record, AS_OF, holds=(hold,)) == ()
    assert blocking_holds(record, date(2020, 6, 1), holds=(hold,)) == (hold,)


def test_hold_date_range_matches_by_overlap() -> None:
    hold = LegalHold(
        hold_id="h",
        title="H",
        start=date(2020, 1, 1),
        scope=HoldScope(covering_from=date(2010, 1, 1), covering_until=date(2012, 12, 31)),
    )
    inside = RetentionRecord(
        record_id="A",
        record_class=RecordClass.ADULT_HEALTH,
        opened=date(2005, 1, 1),
        last_contact=date(2011, 1, 1),
    )
    later = RetentionRecord(
        record_id="B",
        record_class=RecordClass.ADULT_HEALTH,
        opened=date(2013, 1, 1),
        last_contact=date(2014, 1, 1),
    )
    undated = RetentionRecord(record_id="C", record_class=RecordClass.ADULT_HEALTH)
    still_open = RetentionRecord(
        record_id="D",
        record_class=RecordClass.ADULT_HEALTH,
        opened=date(2001, 1, 1),
        last_contact=date(2002, 1, 1),
        reuse=(UsePeriod(reopened=date(2015, 1, 1)),),
    )
    assert blocking_holds(inside, AS_OF, holds=(hold,)) == (hold,)
    assert blocking_holds(later, AS_OF, holds=(hold,)) == ()
    # Undated and re-opened records have no known end: every date-range hold covers them,
    # the Covid-19 Inquiry hold included.
    assert hold in blocking_holds(undated, AS_OF, holds=(hold,))
    assert hold in blocking_holds(still_open, AS_OF, holds=(hold,))


# --- the disposal-review list -----------------------------------------------------------


def test_disposal_review_lists_due_held_approved_and_soon_in_date_order() -> None:
    records = [
        _incident(record_id="due"),
        _incident(record_id="approved", appraisal=_destroy(date(2026, 1, 15))),
        _incident(record_id="held", holds=("trust-x",)),
        _incident(record_id="soon", incident=date(2017, 1, 10)),
        _incident(record_id="later", incident=date(2020, 1, 10)),
        _incident(record_id="gone", destroyed_on=date(2026, 1, 20)),
        RetentionRecord(record_id="unknown", record_class=RecordClass.INCIDENT),
    ]
    listed = disposal_review(records, AS_OF, TrustPolicy())
    assert [d.record_id for d in listed] == ["approved", "due", "held", "soon"]
    assert [d.status for d in listed] == [
        DecisionStatus.DISPOSAL_APPROVED,
        DecisionStatus.REVIEW_DUE,
        DecisionStatus.HELD,
        DecisionStatus.RETAIN,
    ]
    narrow = disposal_review(records, AS_OF, RetentionPolicy(review_window_days=0))
    assert "soon" not in [d.record_id for d in narrow]


# --- the policy floor: a Trust may only lengthen ----------------------------------------


def test_local_extension_lengthens() -> None:
    # Tavistock & Portman [V]: children's MH records 30 years after last contact (local).
    policy = RetentionPolicy(
        local_extensions=(
            LocalExtension(record_class="children", trigger="last-contact", years=30),
        )
    )
    record = RetentionRecord(
        record_id="C",
        record_class=RecordClass.CHILDREN,
        date_of_birth=date(2005, 3, 10),
        last_contact=date(2015, 6, 1),
    )
    dates = retention_dates(record, AS_OF, policy)
    assert dates.earliest_review == date(2045, 6, 1)
    assert any(w.local for w in dates.limbs)


def test_local_extension_shorter_than_national_is_a_policy_error() -> None:
    policy = RetentionPolicy(
        local_extensions=(
            LocalExtension(record_class="mental-health", trigger="last-contact", years=8),
        )
    )
    with pytest.raises(PolicyError, match="would shorten the national minimum") as info:
        check_policy(policy)
    assert info.value.problems[0].path == "$.retention.local_extensions[0]"
    record = RetentionRecord(
        record_id="M", record_class=RecordClass.MENTAL_HEALTH, last_contact=date(2000, 1, 1)
    )
    with pytest.raises(PolicyError):
        decide(record, AS_OF, TrustPolicy(retention=policy))


def test_local_extension_is_measured_against_the_unconditional_limb() -> None:
    # FOI row (2016 Code, retention.md section 3): 3 years after closure, 6 after an appeal.
    # A local 4 years lengthens the 3; the appeal limb still applies beside it.
    policy = RetentionPolicy(
        local_extensions=(LocalExtension(record_class="foi-request", trigger="closure", years=4),)
    )
    check_policy(policy)
    closed = date(2020, 5, 1)
    plain = RetentionRecord(record_id="F", record_class=RecordClass.FOI_REQUEST, closed=closed)
    appealed = attrs.evolve(plain, appealed=True)
    assert retention_dates(plain, AS_OF, policy).earliest_review == date(2024, 5, 1)
    assert retention_dates(appealed, AS_OF, policy).earliest_review == date(2026, 5, 1)
    shorter = RetentionPolicy(
        local_extensions=(LocalExtension(record_class="foi-request", trigger="closure", years=2),)
    )
    with pytest.raises(PolicyError, match="would shorten the national minimum"):
        check_policy(shorter)


def test_local_birthday_below_the_26th_is_refused() -> None:
    policy = RetentionPolicy(
        local_extensions=(LocalExtension(record_class="children", trigger="birth", years=25),)
    )
    with pytest.raises(PolicyError):
        check_policy(policy)


def test_unknown_names_and_settled_combinations_are_refused() -> None:
    policy = RetentionPolicy(
        combinations=(
            CombinationChoice(record_class="no-such-class", combine="later"),
            CombinationChoice(record_class="training-clinical", combine="sooner"),
            CombinationChoice(record_class="mental-health", combine="later"),
            CombinationChoice(record_class="mental-health", combine="sooner"),
        ),
        local_extensions=(
            LocalExtension(record_class="no-such-class", trigger="birth", years=90),
            LocalExtension(record_class="incident", trigger="no-such-trigger", years=90),
        ),
    )
    with pytest.raises(PolicyError) as info:
        check_policy(TrustPolicy(retention=policy))
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 5
    assert any("settles how this row combines" in m for m in messages)
    assert any("chosen twice" in m for m in messages)


def test_default_policy_is_accepted() -> None:
    check_policy(None)
    check_policy(TrustPolicy())


def test_policy_file_round_trip_then_floor_check() -> None:
    policy = policy_from_mapping(
        {
            "retention": {
                "combine_unsettled": "sooner",
                "local_extensions": [
                    {"record_class": "incident", "trigger": "incident", "years": 5}
                ],
            }
        }
    )
    assert policy.retention.combine_unsettled == "sooner"
    with pytest.raises(PolicyError, match="would shorten"):
        check_policy(policy)
    with pytest.raises(PolicyError):
        policy_from_mapping({"retention": {"combine_unsettled": "whenever"}})
