"""DoLS periods (MCA 2005 Schedule A1), the LPS switch, consent records and disclosures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from capacity_factories import consent, dols, treatment_consent
from hypothesis import given
from hypothesis import strategies as st

from cpa_core.capacity import (
    CALDICOTT_PRINCIPLES,
    DEPRIVATION_REGIMES,
    DOLS_PERIODS,
    CapacityBasis,
    CareSetting,
    ConsentDecision,
    ConsentRecord,
    DolsAssessmentKind,
    DolsAuthorisation,
    DolsExtension,
    DolsType,
    InformationElement,
    ProposedDisclosure,
    SharingPurpose,
    consent_audit,
    consent_rules,
    deprivation_regime,
    disclosure_coverage,
    dols_authorisation_audit,
    dols_authorisation_rules,
    dols_last_day,
    dols_maximum_last_day,
)
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.capacity import CapacityPolicy

POLICY = TrustPolicy()
ACCEPT_D7 = TrustPolicy(capacity=CapacityPolicy(dols_urgent_accept_day_8=True))
LPS_ON = TrustPolicy(capacity=CapacityPolicy(lps_enabled=True))


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def urgent(**changes: object) -> DolsAuthorisation:
    values: dict[str, object] = {
        "authorisation_type": DolsType.URGENT,
        "setting": CareSetting.HOSPITAL,
        "given_on": date(2026, 3, 25),
        "expires_on": None,
        "assessments": (),
    }
    values.update(changes)
    return dols(**values)


def codes(record: DolsAuthorisation, policy: TrustPolicy = POLICY) -> list[str]:
    return [f.code for f in dols_authorisation_rules(record, policy)]


# -- DoLS arithmetic (Schedule A1 paras 42, 51, 77–89) -----------------------------------------


def test_periods_are_data() -> None:
    on = date(2026, 1, 1)
    assert (DOLS_PERIODS.lookup("urgent", on).maximum, DOLS_PERIODS.lookup("urgent", on).unit) == (
        7,
        "days",
    )
    assert DOLS_PERIODS.lookup("extension", on).maximum == 7
    assert (
        DOLS_PERIODS.lookup("standard", on).maximum,
        DOLS_PERIODS.lookup("standard", on).unit,
    ) == (12, "months")
    assert DOLS_PERIODS.find("urgent", date(2009, 3, 31)) is None  # before Schedule A1


def test_urgent_default_end_is_day_7_beginning_with_the_day_given() -> None:
    # No stated end: 7 days beginning with 25 March 2026 end with 31 March (across the
    # clock change of 29 March).
    assert dols_last_day(urgent()) == date(2026, 3, 31)
    assert codes(urgent()) == []


def test_urgent_stated_end_capped_at_7_days() -> None:
    assert codes(urgent(expires_on=date(2026, 3, 31))) == []
    # D+7: the counting is not settled by the statute [U] -> a warning, or accepted by policy.
    found = list(dols_authorisation_rules(urgent(expires_on=date(2026, 4, 1)), POLICY))
    assert [(f.code, f.severity) for f in found] == [("DOLS-URGENT-TOO-LONG", Severity.WARNING)]
    assert codes(urgent(expires_on=date(2026, 4, 1)), ACCEPT_D7) == []
    found = list(dols_authorisation_rules(urgent(expires_on=date(2026, 4, 2)), ACCEPT_D7))
    assert [(f.code, f.severity) for f in found] == [("DOLS-URGENT-TOO-LONG", Severity.ERROR)]


def test_one_extension_of_up_to_7_days() -> None:
    ext = DolsExtension(granted_on=date(2026, 3, 30), extended_to=date(2026, 4, 7))
    record = urgent(expires_on=date(2026, 3, 31), extensions=(ext,))
    assert codes(record) == []
    assert dols_last_day(record) == date(2026, 4, 7)
    too_long = urgent(
        expires_on=date(2026, 3, 31), extensions=(attrs.evolve(ext, extended_to=date(2026, 4, 8)),)
    )
    assert codes(too_long) == ["DOLS-EXTENSION-TOO-LONG"]
    backwards = urgent(
        expires_on=date(2026, 3, 31), extensions=(attrs.evolve(ext, extended_to=date(2026, 3, 30)),)
    )
    assert codes(backwards) == ["DOLS-EXTENSION-TOO-LONG"]
    twice = urgent(expires_on=date(2026, 3, 31), extensions=(ext, ext))
    assert codes(twice) == ["DOLS-EXTENSION-REPEATED"]  # para 77: once only


def test_standard_up_to_12_months_or_the_assessors_maximum() -> None:
    # 12 months beginning with 15 January 2026 end with 14 January 2027.
    assert dols_maximum_last_day(dols()) == date(2027, 1, 14)
    assert codes(dols()) == []
    assert codes(dols(expires_on=date(2027, 1, 15))) == ["DOLS-STANDARD-TOO-LONG"]
    assert codes(dols(bia_maximum_until=date(2026, 7, 14))) == ["DOLS-STANDARD-TOO-LONG"]
    later = dols(starts_on=date(2026, 2, 1), expires_on=date(2027, 1, 31))  # paras 52, 63
    assert codes(later) == []
    no_end = dols(expires_on=None)
    assert codes(no_end) == ["DOLS-STANDARD-NO-END"]
    assert dols_last_day(no_end) == date(2027, 1, 14)


def test_standard_anniversary_is_a_warning_later_days_an_error() -> None:
    # Schedule A1 para 42(2): "1 year", with no "beginning with" wording, so the anniversary
    # of the start (15 January 2027) is in doubt [U]; a day later is beyond any reading.
    def found(record: DolsAuthorisation) -> list[tuple[str, Severity]]:
        return [(f.code, f.severity) for f in dols_authorisation_rules(record, POLICY)]

    assert found(dols(expires_on=date(2027, 1, 15))) == [
        ("DOLS-STANDARD-TOO-LONG", Severity.WARNING)
    ]
    assert found(dols(expires_on=date(2027, 1, 16))) == [("DOLS-STANDARD-TOO-LONG", Severity.ERROR)]
    # An assessor's stated maximum is a date: a day past it is an error.
    assessor = dols(bia_maximum_until=date(2026, 7, 14), expires_on=date(2026, 7, 15))
    assert found(assessor) == [("DOLS-STANDARD-TOO-LONG", Severity.ERROR)]


def test_standard_without_stated_end_expires_after_the_strict_year() -> None:
    record = dols(expires_on=None)

    def expiry(day: date) -> list[tuple[str, Severity, object]]:
        return [
            (f.code, f.severity, f.due)
            for f in dols_authorisation_audit(record, CheckContext.at(at(day), POLICY))
        ]

    assert expiry(date(2027, 1, 14)) == [("DOLS-RENEWAL-DUE", Severity.WARNING, date(2027, 1, 14))]
    assert expiry(date(2027, 1, 15)) == [("DOLS-EXPIRED", Severity.WARNING, date(2027, 1, 14))]
    assert expiry(date(2027, 1, 16)) == [("DOLS-EXPIRED", Severity.ERROR, date(2027, 1, 14))]


def test_standard_without_corresponding_date_ends_on_month_end() -> None:
    # 12 months beginning with 29 February 2028: February 2029 has no 29th, so the period
    # ends on its last day, 28 February (cpa_core.statutory_time.months_beginning_with).
    record = dols(given_on=date(2028, 2, 29), expires_on=None)
    assert dols_maximum_last_day(record) == date(2029, 2, 28)


def test_standard_rules() -> None:
    ext = DolsExtension(granted_on=date(2026, 2, 1), extended_to=date(2026, 2, 8))
    assert codes(dols(extensions=(ext,))) == ["DOLS-EXTENSION-ON-STANDARD"]
    missing = dols(
        assessments=tuple(a for a in DolsAssessmentKind if a is not DolsAssessmentKind.NO_REFUSALS)
    )
    assert codes(missing) == ["DOLS-ASSESSMENT-MISSING"]
    assert codes(dols(date_of_birth=date(2009, 1, 16))) == ["DOLS-UNDER-18"]
    assert codes(dols(setting=CareSetting.COMMUNITY)) == ["DOLS-SETTING"]
    assert "DOLS-DATES" in codes(dols(expires_on=date(2026, 1, 14)))
    with pytest.raises(CpaCoreError):
        dols(starts_on=date(2026, 1, 1))


def audit(day: date, policy: TrustPolicy = POLICY) -> list[tuple[str, object]]:
    return [
        (f.code, f.due) for f in dols_authorisation_audit(dols(), CheckContext.at(at(day), policy))
    ]


def test_expiry_and_renewal() -> None:
    # Standard authorisation 15 Jan 2026 to 14 Jan 2027 (inclusive); renewal window 28 days.
    record = dols()
    assert audit(date(2026, 12, 16)) == []
    assert audit(date(2026, 12, 17)) == [("DOLS-RENEWAL-DUE", date(2027, 1, 14))]  # 28 days
    assert audit(date(2027, 1, 14)) == [("DOLS-RENEWAL-DUE", date(2027, 1, 14))]  # last day
    assert audit(date(2027, 1, 15)) == [("DOLS-EXPIRED", date(2027, 1, 14))]
    assert (
        list(
            dols_authorisation_audit(
                attrs.evolve(record, ended_on=date(2026, 6, 1)),
                CheckContext.at(at(date(2027, 2, 1)), POLICY),
            )
        )
        == []
    )
    short = TrustPolicy(capacity=CapacityPolicy(dols_renewal_window_days=7))
    assert audit(date(2026, 12, 17), short) == []


def test_urgent_without_stated_end_expiry_is_in_doubt_on_day_8() -> None:
    # Given 25 March: certainly in force to 31 March (D+6); 1 April (D+7) is in doubt [U].
    record = urgent()
    on_d7 = list(dols_authorisation_audit(record, CheckContext.at(at(date(2026, 4, 1)), POLICY)))
    assert [(f.code, f.severity, f.due) for f in on_d7] == [
        ("DOLS-EXPIRED", Severity.WARNING, date(2026, 3, 31))
    ]
    accepted = [
        f.code
        for f in dols_authorisation_audit(record, CheckContext.at(at(date(2026, 4, 1)), ACCEPT_D7))
    ]
    assert accepted == ["DOLS-URGENT-IN-FORCE"]
    after = list(dols_authorisation_audit(record, CheckContext.at(at(date(2026, 4, 2)), POLICY)))
    assert [(f.code, f.severity) for f in after] == [("DOLS-EXPIRED", Severity.ERROR)]


def test_urgent_audit() -> None:
    record = urgent(expires_on=date(2026, 3, 31))
    assert [
        f.code
        for f in dols_authorisation_audit(record, CheckContext.at(at(date(2026, 3, 31)), POLICY))
    ] == ["DOLS-URGENT-IN-FORCE"]
    found = list(dols_authorisation_audit(record, CheckContext.at(at(date(2026, 4, 1)), POLICY)))
    assert [(f.code, f.severity) for f in found] == [("DOLS-EXPIRED", Severity.ERROR)]


def test_lps_is_not_in_force_and_the_switch_is_off() -> None:
    assert CapacityPolicy().lps_enabled is False
    lps = DEPRIVATION_REGIMES.versions("lps")[0]
    assert lps.effective.start is None
    assert not lps.effective.commenced
    on = date(2026, 11, 23)
    assert deprivation_regime(on, POLICY).code == "dols"
    assert deprivation_regime(on, LPS_ON).code == "dols"  # switched on, still not commenced
    found = [f.code for f in dols_authorisation_audit(dols(), CheckContext.at(at(on), LPS_ON))]
    assert found == ["DOLS-LPS-NOT-COMMENCED"]


def test_lps_applies_only_once_commenced_and_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # What a commencement order would change: a start date on the LPS row, nothing else.
    from cpa_core.capacity.dols import checks
    from cpa_core.provenance import Effective, RuleTable

    commenced = tuple(
        attrs.evolve(row, effective=Effective(date(2030, 4, 1))) if row.code == "lps" else row
        for row in DEPRIVATION_REGIMES
    )
    table = RuleTable("regimes", commenced, key=lambda r: r.code)
    monkeypatch.setattr(checks, "DEPRIVATION_REGIMES", table)
    assert deprivation_regime(date(2030, 4, 1), LPS_ON).code == "lps"
    assert deprivation_regime(date(2030, 3, 31), LPS_ON).code == "dols"
    assert deprivation_regime(date(2030, 4, 1), POLICY).code == "dols"


# -- Consent ---------------------------------------------------------------------------------


def consent_codes(record: ConsentRecord) -> list[str]:
    return [f.code for f in consent_rules(record, POLICY)]


def test_valid_consents_are_clean() -> None:
    assert consent_codes(consent()) == []
    assert consent_codes(treatment_consent()) == []


def test_voluntary_informed_capacity() -> None:
    assert consent_codes(treatment_consent(voluntary=False)) == ["CONSENT-NOT-VOLUNTARY"]
    partial = treatment_consent(informed=(InformationElement.NATURE,))
    assert consent_codes(partial) == ["CONSENT-NOT-INFORMED"] * 4
    assert consent_codes(consent(capacity_basis=CapacityBasis.NOT_RECORDED)) == [
        "CONSENT-CAPACITY-NOT-RECORDED"
    ]
    assert consent_codes(consent(capacity_basis=CapacityBasis.ASSESSED_LACKS_CAPACITY)) == [
        "CONSENT-LACKS-CAPACITY"
    ]
    refused = consent(
        decision=ConsentDecision.REFUSED, capacity_basis=CapacityBasis.ASSESSED_LACKS_CAPACITY
    )
    assert consent_codes(refused) == []


def test_under_16_needs_gillick() -> None:
    child = consent(date_of_birth=date(2011, 1, 1))
    assert consent_codes(child) == ["CONSENT-UNDER-16"]
    assert (
        consent_codes(
            consent(date_of_birth=date(2011, 1, 1), capacity_basis=CapacityBasis.GILLICK_COMPETENT)
        )
        == []
    )
    # 16-17: presumed able to consent (FLRA 1969 s8).
    assert consent_codes(consent(date_of_birth=date(2009, 1, 10))) == []


def test_sharing_scope_and_dates() -> None:
    assert consent_codes(consent(sharing=None)) == ["CONSENT-SHARING-SCOPE-MISSING"]
    assert consent_codes(consent(withdrawn_on=date(2026, 1, 1))) == ["CONSENT-DATES"]
    early = consent(sharing=attrs.evolve(consent().sharing, expires_on=date(2026, 1, 1)))  # type: ignore[misc]
    assert consent_codes(early) == ["CONSENT-DATES"]


def test_consent_expiry_audit() -> None:
    record = consent()
    assert list(consent_audit(record, CheckContext.at(at(date(2026, 12, 1)), POLICY))) == []
    assert [
        f.code for f in consent_audit(record, CheckContext.at(at(date(2026, 12, 17)), POLICY))
    ] == ["CONSENT-EXPIRING"]
    assert [
        f.code for f in consent_audit(record, CheckContext.at(at(date(2027, 1, 1)), POLICY))
    ] == ["CONSENT-EXPIRED"]
    withdrawn = consent(withdrawn_on=date(2026, 6, 1))
    assert list(consent_audit(withdrawn, CheckContext.at(at(date(2027, 1, 1)), POLICY))) == []
    assert (
        list(consent_audit(treatment_consent(), CheckContext.at(at(date(2027, 1, 1)), POLICY)))
        == []
    )
    assert (
        list(
            consent_audit(
                consent(decision=ConsentDecision.REFUSED),
                CheckContext.at(at(date(2027, 1, 1)), POLICY),
            )
        )
        == []
    )


def disclosure(**changes: object) -> ProposedDisclosure:
    values: dict[str, object] = {
        "person_id": "P1",
        "recipient": "GP",
        "purpose": SharingPurpose.DIRECT_CARE,
        "categories": ("care-plan",),
        "on": date(2026, 6, 1),
    }
    values.update(changes)
    return ProposedDisclosure(**values)  # type: ignore[arg-type]


def test_disclosure_covered_as_of_a_date() -> None:
    coverage = disclosure_coverage(disclosure(), [consent()])
    assert coverage.covered
    assert coverage.consent_id == "C1"
    assert coverage.gaps == ()
    assert [p.number for p in coverage.principles] == list(range(1, 9))
    assert list(coverage.findings(disclosure())) == []


@pytest.mark.parametrize(
    ("changes", "consent_changes", "gap"),
    [
        ({"recipient": "EMPLOYER"}, {}, "recipient"),
        ({"purpose": SharingPurpose.RESEARCH}, {}, "purpose"),
        ({"categories": ("care-plan", "forensic-history")}, {}, "category"),
        ({"on": date(2027, 1, 1)}, {}, "expired"),
        ({"on": date(2026, 1, 9)}, {}, "not-yet-given"),
        ({}, {"withdrawn_on": date(2026, 6, 1)}, "withdrawn"),
        ({}, {"decision": ConsentDecision.REFUSED}, "refused"),
    ],
)
def test_disclosure_gaps(
    changes: dict[str, object], consent_changes: dict[str, object], gap: str
) -> None:
    coverage = disclosure_coverage(disclosure(**changes), [consent(**consent_changes)])
    assert not coverage.covered
    assert coverage.gaps == (gap,)
    found = list(coverage.findings(disclosure(**changes)))
    assert [f.code for f in found] == ["CONSENT-DISCLOSURE-NOT-COVERED"]


def test_disclosure_without_any_consent() -> None:
    coverage = disclosure_coverage(disclosure(), [treatment_consent(), consent(person_id="P2")])
    assert coverage.gaps == ("no-consent",)
    assert coverage.consent_id is None
    no_scope = consent(sharing=None)
    assert disclosure_coverage(disclosure(), [no_scope]).gaps == (
        "recipient",
        "purpose",
        "category",
    )
    # The candidate with the fewest gaps is named.
    best = disclosure_coverage(disclosure(recipient="X"), [no_scope, consent(consent_id="C2")])
    assert best.consent_id == "C2"
    first = disclosure_coverage(disclosure(recipient="X"), [consent(consent_id="C2"), no_scope])
    assert first.consent_id == "C2"


def test_caldicott_principles_are_sourced_data() -> None:
    assert len(CALDICOTT_PRINCIPLES.in_force(date(2026, 1, 1))) == 8
    assert CALDICOTT_PRINCIPLES.in_force(date(2020, 12, 7)) == ()
    assert all(p.source.version == "8 December 2020" for p in CALDICOTT_PRINCIPLES)


@given(st.dates(date(2026, 1, 1), date(2027, 6, 1)))
def test_disclosure_covered_only_inside_the_consent_period(on: date) -> None:
    coverage = disclosure_coverage(disclosure(on=on), [consent()])
    assert coverage.covered is (date(2026, 1, 10) <= on <= date(2026, 12, 31))
