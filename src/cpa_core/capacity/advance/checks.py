"""The checks of LPAs (MCA 2005 ss9–14) and advance decisions to refuse treatment (ss24–26).

Each record's own rules run when it is validated. That a later registered LPA makes an
advance decision invalid (s25(2)(b)) needs both records: :func:`superseded_advance_decisions`,
which the caseload audit runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from cpa_core.capacity.advance.models import AdvanceDecision, LastingPowerOfAttorney, LpaType
from cpa_core.capacity.advance.rules import ADRT_RULES, LPA_RULES
from cpa_core.capacity.checks import _cited, _under_age
from cpa_core.capacity.rules import MCA_COMMENCED
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import CaseloadCheck, Located, RecordKind, caseload_check

__all__ = [
    "ADVANCE_DECISION_KIND",
    "LPA_KIND",
    "adrt_applicability",
    "adrt_validity",
    "advance_decision_audit",
    "advance_decision_rules",
    "check_advance_decision",
    "check_lpa",
    "lpa_audit",
    "lpa_authority",
    "lpa_rules",
    "superseded_advance_decisions",
]

MCA_LPA_DONOR_UNDER_18 = FindingCode(
    "MCA-LPA-DONOR-UNDER-18",
    Severity.ERROR,
    "The donor of an LPA was under 18 when it was made.",
    _cited(LPA_RULES, "donor-adult"),
)
MCA_LPA_NO_CAPACITY = FindingCode(
    "MCA-LPA-NO-CAPACITY",
    Severity.ERROR,
    "The donor of an LPA lacked capacity to make it.",
    _cited(LPA_RULES, "donor-capacity"),
)
MCA_LPA_NOT_REGISTERED = FindingCode(
    "MCA-LPA-NOT-REGISTERED",
    Severity.WARNING,
    "An LPA is not registered with the Office of the Public Guardian, so it cannot be used.",
    _cited(LPA_RULES, "registered"),
)
MCA_LPA_DATES = FindingCode(
    "MCA-LPA-DATES",
    Severity.ERROR,
    "An LPA is recorded as registered before it was made.",
    _cited(LPA_RULES, "registered"),
)
MCA_ADRT_UNDER_18 = FindingCode(
    "MCA-ADRT-UNDER-18",
    Severity.ERROR,
    "An advance decision was made by a person under 18.",
    _cited(ADRT_RULES, "made-adult"),
)
MCA_ADRT_NO_CAPACITY = FindingCode(
    "MCA-ADRT-NO-CAPACITY",
    Severity.ERROR,
    "An advance decision was made by a person without capacity to make it.",
    _cited(ADRT_RULES, "made-with-capacity"),
)
MCA_ADRT_LST_FORMALITIES = FindingCode(
    "MCA-ADRT-LST-FORMALITIES",
    Severity.ERROR,
    "An advance decision refusing life-sustaining treatment lacks a formality of s25(5)–(6), "
    "so it is not valid for that treatment.",
    _cited(ADRT_RULES, "lst-in-writing"),
)
MCA_ADRT_INCONSISTENT_CONDUCT = FindingCode(
    "MCA-ADRT-INCONSISTENT-CONDUCT",
    Severity.WARNING,
    "The person has acted clearly inconsistently with an advance decision, which makes it invalid.",
    _cited(ADRT_RULES, "inconsistent-conduct"),
)
MCA_ADRT_WITHDRAWN = FindingCode(
    "MCA-ADRT-WITHDRAWN",
    Severity.INFO,
    "An advance decision has been withdrawn and no longer has effect.",
    _cited(ADRT_RULES, "withdrawn"),
)
MCA_ADRT_SUPERSEDED = FindingCode(
    "MCA-ADRT-SUPERSEDED",
    Severity.WARNING,
    "A later LPA gives an attorney authority over a treatment an advance decision refuses, "
    "so the advance decision is not valid for it.",
    _cited(ADRT_RULES, "superseded-by-lpa"),
)

FINDING_CODES: tuple[FindingCode, ...] = (
    MCA_LPA_DONOR_UNDER_18,
    MCA_LPA_NO_CAPACITY,
    MCA_LPA_NOT_REGISTERED,
    MCA_LPA_DATES,
    MCA_ADRT_UNDER_18,
    MCA_ADRT_NO_CAPACITY,
    MCA_ADRT_LST_FORMALITIES,
    MCA_ADRT_INCONSISTENT_CONDUCT,
    MCA_ADRT_WITHDRAWN,
    MCA_ADRT_SUPERSEDED,
)
"""The finding codes of LPAs and advance decisions."""


# -- LPA -------------------------------------------------------------------------------------


def _lpa_covers(lpa: LastingPowerOfAttorney, treatment: str | None, life_sustaining: bool) -> bool:
    return (
        lpa.lpa_type is LpaType.HEALTH_AND_WELFARE
        and (treatment is None or treatment not in lpa.excluded_treatments)
        and (not life_sustaining or lpa.life_sustaining_authority)
    )


def lpa_authority(
    lpa: LastingPowerOfAttorney,
    on: date,
    *,
    donor_lacks_capacity: bool,
    treatment: str | None = None,
    life_sustaining: bool = False,
    advance_decisions: Iterable[AdvanceDecision] = (),
) -> tuple[str, ...]:
    """The rules of :data:`~cpa_core.capacity.advance.rules.LPA_RULES` an LPA fails for a
    decision.

    Empty when the LPA gives its attorneys authority over a health or welfare decision
    about ``treatment`` on ``on``: donor 18+ with capacity when it was made (s9), registered
    by ``on`` (s9(2)(b)), not revoked, health and welfare (s11(7)(c)), the donor lacks
    capacity (s11(7)(a)), express authority for life-sustaining treatment (s11(8)), the
    treatment not excluded, and no later valid advance decision refusing it (s11(7)(b)).
    """
    failed: list[str] = []
    if _under_age("lpa", lpa.donor_date_of_birth, lpa.made_on) is not None:
        failed.append("donor-adult")
    if not lpa.donor_had_capacity:
        failed.append("donor-capacity")
    if lpa.registered_on is None or lpa.registered_on > on:
        failed.append("registered")
    if lpa.revoked_on is not None and lpa.revoked_on <= on:
        failed.append("not-revoked")
    if lpa.lpa_type is not LpaType.HEALTH_AND_WELFARE:
        failed.append("health-and-welfare")
    if not donor_lacks_capacity:
        failed.append("donor-lacks-capacity")
    if life_sustaining and not lpa.life_sustaining_authority:
        failed.append("life-sustaining-express")
    if treatment is not None and treatment in lpa.excluded_treatments:
        failed.append("treatment-not-excluded")
    if treatment is not None:
        for adrt in advance_decisions:
            if (
                adrt.person_id == lpa.person_id
                and adrt.made_on > lpa.made_on
                and treatment in adrt.treatments_refused
                and not adrt_validity(adrt, on)
            ):
                failed.append("subject-to-advance-decision")
                break
    return tuple(failed)


def lpa_rules(record: LastingPowerOfAttorney, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of an LPA record (MCA 2005 s9)."""
    sid = record.lpa_id
    gate = _under_age("lpa", record.donor_date_of_birth, record.made_on)
    if gate is not None:
        yield MCA_LPA_DONOR_UNDER_18.finding(
            f"the donor was under {gate.minimum_age} when the LPA was made",
            path="$.made_on",
            subject_id=sid,
        )
    if not record.donor_had_capacity:
        yield MCA_LPA_NO_CAPACITY.finding(
            "the donor lacked capacity to make the LPA",
            path="$.donor_had_capacity",
            subject_id=sid,
        )
    if record.registered_on is not None and record.registered_on < record.made_on:
        yield MCA_LPA_DATES.finding(
            "registered before it was made", path="$.registered_on", subject_id=sid
        )


def lpa_audit(record: LastingPowerOfAttorney, ctx: CheckContext) -> Iterator[Finding]:
    """An LPA not registered by the audit date cannot be used (s9(2)(b))."""
    revoked = record.revoked_on is not None and record.revoked_on <= ctx.day
    if not revoked and (record.registered_on is None or record.registered_on > ctx.day):
        yield MCA_LPA_NOT_REGISTERED.finding(
            "the LPA is not registered and cannot be used yet",
            path="$.registered_on",
            subject_id=record.lpa_id,
        )


# -- Advance decisions -----------------------------------------------------------------------

_LST_FORMALITIES: dict[str, Callable[[AdvanceDecision], bool]] = {
    "lst-statement": lambda a: a.states_even_if_life_at_risk,
    "lst-in-writing": lambda a: a.in_writing,
    "lst-signed": lambda a: a.signed,
    "lst-witnessed": lambda a: a.witnessed,
}


def adrt_validity(
    adrt: AdvanceDecision,
    on: date,
    *,
    lpas: Iterable[LastingPowerOfAttorney] = (),
    treatment: str | None = None,
) -> tuple[str, ...]:
    """The rules of :data:`~cpa_core.capacity.advance.rules.ADRT_RULES` that make an
    advance decision invalid on ``on`` (empty: valid).

    Made at 18+ with capacity (s24(1)); not withdrawn (s25(2)(a)); not superseded by a later
    registered LPA giving authority over the same treatment (s25(2)(b)); no clearly
    inconsistent conduct (s25(2)(c)); and, when it refuses life-sustaining treatment, the
    formalities of s25(5)–(6). ``treatment`` narrows the LPA check to one treatment.
    """
    failed: list[str] = []
    if _under_age("adrt", adrt.date_of_birth, adrt.made_on) is not None:
        failed.append("made-adult")
    if not adrt.had_capacity_when_made:
        failed.append("made-with-capacity")
    if adrt.withdrawn_on is not None and adrt.withdrawn_on <= on:
        failed.append("withdrawn")
    treatments = (treatment,) if treatment is not None else adrt.treatments_refused
    for lpa in lpas:
        later = lpa.person_id == adrt.person_id and lpa.made_on > adrt.made_on
        registered = lpa.registered_on is not None and lpa.registered_on <= on
        if (
            later
            and registered
            and any(
                t in adrt.treatments_refused and _lpa_covers(lpa, t, adrt.life_sustaining)
                for t in treatments
            )
        ):
            failed.append("superseded-by-lpa")
            break
    if adrt.inconsistent_conduct:
        failed.append("inconsistent-conduct")
    if adrt.life_sustaining:
        failed.extend(code for code, ok in _LST_FORMALITIES.items() if not ok(adrt))
    return tuple(failed)


def adrt_applicability(
    adrt: AdvanceDecision,
    treatment: str,
    *,
    person_has_capacity: bool,
    circumstances_present: bool = True,
    unanticipated_circumstances: bool = False,
) -> tuple[str, ...]:
    """The rules of s25(3)–(4) that make an advance decision not applicable (empty:
    applicable): the person has capacity now, the treatment is not one it specifies, its
    circumstances are absent, or unanticipated circumstances would have changed it."""
    failed: list[str] = []
    if person_has_capacity:
        failed.append("person-has-capacity")
    if treatment not in adrt.treatments_refused:
        failed.append("different-treatment")
    if not circumstances_present:
        failed.append("circumstances-absent")
    if unanticipated_circumstances:
        failed.append("unanticipated-circumstances")
    return tuple(failed)


def advance_decision_rules(record: AdvanceDecision, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency and formal validity of an advance decision (MCA 2005 ss24–25)."""
    sid = record.adrt_id
    gate = _under_age("adrt", record.date_of_birth, record.made_on)
    if gate is not None:
        yield MCA_ADRT_UNDER_18.finding(
            f"made by a person under {gate.minimum_age}", path="$.made_on", subject_id=sid
        )
    if not record.had_capacity_when_made:
        yield MCA_ADRT_NO_CAPACITY.finding(
            "made without capacity", path="$.had_capacity_when_made", subject_id=sid
        )
    if record.life_sustaining:
        on = max(record.made_on, MCA_COMMENCED)
        for code, ok in _LST_FORMALITIES.items():
            if not ok(record):
                yield MCA_ADRT_LST_FORMALITIES.finding(
                    f"life-sustaining treatment refused without formality '{code}'",
                    path="$",
                    subject_id=sid,
                    source=ADRT_RULES.lookup(code, on).source,
                )
    if record.inconsistent_conduct:
        yield MCA_ADRT_INCONSISTENT_CONDUCT.finding(
            "conduct clearly inconsistent with the advance decision is recorded",
            path="$.inconsistent_conduct",
            subject_id=sid,
        )


def advance_decision_audit(record: AdvanceDecision, ctx: CheckContext) -> Iterator[Finding]:
    """A withdrawn advance decision, as of the audit date."""
    if record.withdrawn_on is not None and record.withdrawn_on <= ctx.day:
        yield MCA_ADRT_WITHDRAWN.finding(
            "the advance decision has been withdrawn",
            path="$.withdrawn_on",
            subject_id=record.adrt_id,
        )


@caseload_check("mca-lpa", "mca-advance-decision", group_by="person_id")
def superseded_advance_decisions(
    records: Mapping[str, Sequence[Located[Any]]], ctx: CheckContext
) -> Iterator[tuple[Located[Any], Finding]]:
    """The caseload audit's check across records: an advance decision that a later
    registered LPA over the same treatment has made invalid by the audit's day (s25(2)(b)).

    The LPA is another record, so neither record's own audit can see it.
    """
    lpas: dict[str, list[LastingPowerOfAttorney]] = {}
    for located in records.get(LPA_KIND.name, ()):
        if isinstance(located.record, LastingPowerOfAttorney):
            lpas.setdefault(located.record.person_id, []).append(located.record)
    for located in records.get(ADVANCE_DECISION_KIND.name, ()):
        adrt = located.record
        if not isinstance(adrt, AdvanceDecision) or adrt.person_id not in lpas:
            continue
        if "superseded-by-lpa" in adrt_validity(adrt, ctx.day, lpas=lpas[adrt.person_id]):
            yield (
                located,
                MCA_ADRT_SUPERSEDED.finding(
                    "a later registered LPA covers a treatment this advance decision refuses",
                    path="$.treatments_refused",
                    subject_id=adrt.adrt_id,
                ),
            )


# -- Entry points and record kinds -----------------------------------------------------------


def check_lpa(
    record: LastingPowerOfAttorney, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one LPA: its own rules and whether it can be used on ``as_of``.
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return LPA_KIND.check(record, as_of, policy)


def check_advance_decision(
    record: AdvanceDecision, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one advance decision: its own rules and whether it has been
    withdrawn by ``as_of`` (a later LPA over the same treatment:
    :func:`superseded_advance_decisions`). The same report as
    :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return ADVANCE_DECISION_KIND.check(record, as_of, policy)


LPA_KIND: RecordKind[LastingPowerOfAttorney] = RecordKind(
    name="mca-lpa",
    domain="capacity",
    model=LastingPowerOfAttorney,
    description="A lasting power of attorney under the Mental Capacity Act 2005 ss9–14.",
    rules=lpa_rules,
    audit=lpa_audit,
)
ADVANCE_DECISION_KIND: RecordKind[AdvanceDecision] = RecordKind(
    name="mca-advance-decision",
    domain="capacity",
    model=AdvanceDecision,
    description="An advance decision to refuse treatment under the Mental Capacity Act 2005 "
    "ss24–26.",
    rules=advance_decision_rules,
    audit=advance_decision_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (LPA_KIND, ADVANCE_DECISION_KIND)
"""The record kinds of LPAs and advance decisions."""
CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (superseded_advance_decisions,)
"""The check across records of LPAs and advance decisions."""
