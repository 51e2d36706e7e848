"""Properties: a review date is never before trigger plus minimum; local policy only lengthens."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cpa_core import statutory_time
from cpa_core.exceptions import PolicyError
from cpa_core.policy.retention import LocalExtension, RetentionPolicy
from cpa_core.retention import (
    RETENTION_SCHEDULE,
    RecordClass,
    RetentionRecord,
    Trigger,
    UsePeriod,
    check_policy,
    retention_dates,
)

AS_OF = date(2026, 11, 23)
_DAY = st.dates(min_value=date(1930, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def _records(draw: st.DrawFn) -> RetentionRecord:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)))

    def after_birth() -> date:
        return statutory_time.add_days(born, draw(st.integers(min_value=0, max_value=30_000)))

    reuse: tuple[UsePeriod, ...] = ()
    last_contact = after_birth()
    if draw(st.booleans()):
        reopened = statutory_time.add_days(last_contact, draw(st.integers(0, 5000)))
        reuse = (UsePeriod(reopened=reopened, closed=statutory_time.add_days(reopened, 200)),)
    return RetentionRecord(
        record_id="R",
        record_class=draw(st.sampled_from(list(RecordClass))),
        date_of_birth=born,
        last_contact=last_contact,
        died=draw(st.one_of(st.none(), st.builds(after_birth))),
        left_employment=after_birth(),
        incident=after_birth(),
        closed=after_birth(),
        created=after_birth(),
        completed=after_birth(),
        last_entry=after_birth(),
        records_destroyed=after_birth(),
        appealed=draw(st.booleans()),
        summary_made=draw(st.booleans()),
        reuse=reuse,
    )


def _policies() -> st.SearchStrategy[RetentionPolicy]:
    return st.builds(
        RetentionPolicy,
        combine_unsettled=st.sampled_from(["later", "sooner"]),
        apply_unverified_limbs=st.booleans(),
    )


@settings(max_examples=300, deadline=None)
@given(_records())
def test_review_date_never_before_any_limb_under_the_default(record: RetentionRecord) -> None:
    """With the default ('later'), every applied limb's trigger plus minimum is respected."""
    dates = retention_dates(record, AS_OF)
    if dates.earliest_review is None:
        assert dates.missing == (Trigger.DEATH,)  # a GP record of a living person
        return
    assert dates.starts_on is not None
    assert dates.earliest_review >= dates.starts_on
    for worked in dates.limbs:
        if worked.applied:
            assert worked.until is not None
            assert worked.anchor is not None
            assert dates.earliest_review >= worked.until
            span = worked.limb.years * 12 + worked.limb.months
            assert worked.until >= statutory_time.add_months(worked.anchor, span)


@settings(max_examples=300, deadline=None)
@given(_records(), _policies())
def test_review_date_never_before_the_settled_minimum(
    record: RetentionRecord, policy: RetentionPolicy
) -> None:
    """Whatever the Trust chooses, the earliest limb of the row is respected, and so is the
    start of retention; rows the reference settles are unaffected by the choice."""
    dates = retention_dates(record, AS_OF, policy)
    if dates.earliest_review is None:
        assert dates.missing
        return
    assert dates.starts_on is not None
    applied = [w.until for w in dates.limbs if w.applied and w.until is not None]
    assert dates.earliest_review >= min(applied)
    assert dates.earliest_review >= dates.starts_on
    row = RETENTION_SCHEDULE.lookup(record.record_class, AS_OF)
    if row.combination is not None and all(limb.evidence.value == "V" for limb in row.limbs):
        assert dates.earliest_review == retention_dates(record, AS_OF).earliest_review


@settings(max_examples=300, deadline=None)
@given(
    _records(),
    st.sampled_from([t.value for t in Trigger]),
    st.integers(min_value=0, max_value=120),
    st.integers(min_value=0, max_value=11),
)
def test_local_policy_can_only_lengthen(
    record: RetentionRecord, trigger: str, years: int, months: int
) -> None:
    extension = LocalExtension(
        record_class=record.record_class.value, trigger=trigger, years=years, months=months
    )
    policy = RetentionPolicy(local_extensions=(extension,))
    national = retention_dates(record, AS_OF).earliest_review
    try:
        check_policy(policy)
    except PolicyError:
        # Refused: it would have been shorter than a national limb with that trigger.
        row = RETENTION_SCHEDULE.lookup(record.record_class, AS_OF)
        shorter = [
            limb
            for limb in row.limbs
            if limb.trigger.value == trigger
            and years * 12 + months
            < max(limb.years, limb.age_rule.years if limb.age_rule else 0) * 12 + limb.months
        ]
        assert shorter
        return
    local = retention_dates(record, AS_OF, policy).earliest_review
    if national is None:
        assert local is None  # a missing trigger is not made up by a local limb
    else:
        assert local is not None
        assert local >= national
