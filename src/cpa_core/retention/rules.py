"""The retention schedule, as data with provenance.

Each :class:`ScheduleRow` is one row of the Records Management Code of Practice 2021,
Appendix II, as the shared domain reference gives it: the record class, its limbs (a period
after a trigger, or a birthday), how the limbs combine, the action at the end, the source
row, the Code version and how well each part is established. Every period is a *minimum*
(Appendix II preamble). Where the reference does not settle how two limbs combine the row's
``combination`` is ``None`` and :class:`~cpa_core.policy.retention.RetentionPolicy` decides,
so the row is unverified.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.exceptions import CpaCoreError
from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.retention.models import RecordClass

__all__ = [
    "CODE_2021",
    "CODE_2021_EFFECTIVE",
    "RETENTION_SCHEDULE",
    "AgeRule",
    "Combination",
    "Condition",
    "FinalAction",
    "Limb",
    "ScheduleRow",
    "Trigger",
]

CODE_2021 = "Records Management Code of Practice 2021 (HTML updated 7 August 2023)"
"""The Code version every row of the schedule belongs to."""

CODE_2021_EFFECTIVE = Effective(date(2021, 8, 4))
"""First published 4 August 2021, replacing the 2016 IGA Code [V]."""

_TITLE = "Records Management Code of Practice, Appendix II retention schedule"
_PUBLISHER = "NHSX / NHS England Transformation Directorate"
_CODE_URL = (
    "https://transform.england.nhs.uk/information-governance/guidance/"
    "records-management-code/records-management-code-of-practice"
)
_MDU = (
    "the period as the Medical Defence Union restates the 2021 Code's schedule "
    "(themdu.com, 'Updated guidance on medical records management'); the Code's own row "
    "has not been read"
)
_KMPT = (
    "the period as Kent and Medway NHS and Social Care Partnership Trust's investigations and "
    "serious incidents policy (section 10, retention of records) restates the Code's row; "
    "the Code's own row has not been read"
)
_BMA = (
    "the period as the BMA's guidance 'Retention of health records' restates the 2021 "
    "Code's row; the Code's own row has not been read"
)


class Trigger(enum.Enum):
    """The event a retention period runs from."""

    LAST_CONTACT = "last-contact"
    DEATH = "death"
    BIRTH = "birth"
    LEFT_EMPLOYMENT = "left-employment"
    INCIDENT = "incident"
    CLOSURE = "closure"
    CREATION = "creation"
    COMPLETION = "completion"
    LAST_ENTRY = "last-entry"
    DESTRUCTION = "destruction"
    FINANCIAL_YEAR_END = "financial-year-end"
    YEAR_END = "year-end"

    @property
    def restarts_on_reuse(self) -> bool:
        """Whether a record coming back into use moves this trigger to the end of reuse.

        Life events (birth, death) and the destruction a certificate documents do not move.
        """
        return self not in _FIXED_EVENTS


_FIXED_EVENTS = frozenset({Trigger.BIRTH, Trigger.DEATH, Trigger.DESTRUCTION})


class Combination(enum.Enum):
    """How the dates of several applicable limbs combine."""

    LATER = "later"
    """Keep until the latest date ("whichever is longer")."""
    SOONER = "sooner"
    """Keep until the earliest date ("whichever is sooner", "if sooner")."""


class Condition(enum.Enum):
    """A fact about the record that a limb needs before it applies."""

    APPEALED = "appealed"
    SUMMARY_MADE = "summary-made"


class FinalAction(enum.Enum):
    """The action at the end of the minimum period (always after an appraisal)."""

    REVIEW_DESTROY = "review-and-if-no-longer-needed-destroy"
    REVIEW_POD = "review-and-consider-transfer-to-pod"
    REVIEW = "review"
    SUMMARY_THEN_REVIEW = "create-summary-then-review"
    OFFER_POD = "offer-to-pod"

    @property
    def wording(self) -> str:
        """The action as the schedule words it."""
        return _WORDING[self]


_WORDING = {
    FinalAction.REVIEW_DESTROY: "Review and if no longer needed destroy",
    FinalAction.REVIEW_POD: "Review and consider transfer to a Place of Deposit",
    FinalAction.REVIEW: "Review (exact wording unverified)",
    FinalAction.SUMMARY_THEN_REVIEW: "Create a staff-record summary, then review",
    FinalAction.OFFER_POD: "Offer to a Place of Deposit",
}


@attrs.frozen(kw_only=True)
class AgeRule:
    """A birthday limb that moves when the person was a given age when the clock started.

    Attributes:
        age: The age (whole years) on the start date that moves the birthday.
        years: The birthday that applies instead.
    """

    age: int
    years: int


@attrs.frozen(kw_only=True)
class Limb:
    """One way a row fixes a date: a period after a trigger, or a birthday.

    Attributes:
        trigger: The event the period runs from (``birth`` for a birthday limb).
        years: Whole years after the trigger (for ``birth``: which birthday).
        months: Further calendar months.
        age_rule: For a birthday limb: the later birthday when the person was a given age
            when the record ceased to be operational.
        condition: A fact the record must have for the limb to apply.
        optional: The limb is skipped, not missing, when its trigger date is unknown
            (e.g. the death limb of a living person).
        evidence: How well this limb is established.
    """

    trigger: Trigger
    years: int
    months: int = 0
    age_rule: AgeRule | None = None
    condition: Condition | None = None
    optional: bool = False
    evidence: Evidence = Evidence.VERIFIED

    def describe(self) -> str:
        """The limb in words: "20 years after last contact", "25th birthday", "8 years after
        death (unverified)"."""
        if self.trigger is Trigger.BIRTH:
            text = f"{_ordinal(self.years)} birthday"
            if self.age_rule is not None:
                text += (
                    f" ({_ordinal(self.age_rule.years)} if aged {self.age_rule.age} "
                    "when the record ceased to be operational)"
                )
        else:
            span = f"{self.years} years" + (f" {self.months} months" if self.months else "")
            text = f"{span} after {_words(self.trigger)}"
        if self.condition is not None:
            text += f" (if {_words(self.condition)})"
        # In words, as the docs and the audit show it to people (not the tags V2 and U).
        if self.evidence is Evidence.UNVERIFIED:
            text += " (unverified)"
        elif self.evidence is Evidence.SECONDARY:
            text += " (secondary source)"
        return text


def _words(code: enum.Enum) -> str:
    return str(code.value).replace("-", " ")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@attrs.frozen(kw_only=True)
class ScheduleRow:
    """One row of the retention schedule.

    Attributes:
        record_class: The record class the row covers.
        record_type: The row's record type, as the schedule names it.
        starts: The event that starts retention (the record ceases to be operational);
            no date computed from the row is earlier than it.
        limbs: The ways the row fixes a date.
        combination: How several applicable limbs combine, or ``None`` when the reference
            does not settle it (the Trust policy decides).
        final_action: The action at the end of the minimum period.
        action_evidence: How well the final action's wording is established.
        notes: What the row says beside the period.
        code_version: The Code version the row belongs to.
        nation: The nation whose Code it is.
        source: The source of the row's periods (locator = source row). Its evidence is
            the row's: no stronger than the weakest of the periods, limbs, action and
            combination, so that the row and its source never disagree.
        effective: When the row is in force.
    """

    record_class: RecordClass
    record_type: str
    starts: Trigger
    limbs: tuple[Limb, ...]
    combination: Combination | None = Combination.LATER
    final_action: FinalAction = FinalAction.REVIEW_DESTROY
    action_evidence: Evidence = Evidence.VERIFIED
    notes: str = ""
    code_version: str = CODE_2021
    nation: str = "England"
    source: Source
    effective: Effective = CODE_2021_EFFECTIVE

    def __attrs_post_init__(self) -> None:
        weakest = _weakest(self)
        if self.source.evidence is not weakest:
            raise CpaCoreError(
                f"retention row {self.record_class.value}: its source says "
                f"{self.source.evidence.value}, the row's weakest part {weakest.value}"
            )

    @property
    def combination_settled(self) -> bool:
        """Whether the source settles how the limbs combine (or there is only one)."""
        return self.combination is not None or len(self.limbs) == 1

    @property
    def verified(self) -> bool:
        """True only when periods, every limb, the action and the combination are verified
        (construction makes the source say the same)."""
        return self.source.verified

    @property
    def source_row(self) -> str:
        """The row's locator in its source."""
        return self.source.locator

    @property
    def period(self) -> str:
        """The row's limbs in words, for the docs."""
        joiner = {
            Combination.LATER: "; whichever is later: ",
            Combination.SOONER: "; whichever is sooner: ",
            None: "; combination set by Trust policy: ",
        }[self.combination]
        texts = [limb.describe() for limb in self.limbs]
        return texts[0] if len(texts) == 1 else joiner.lstrip("; ") + "; ".join(texts)

    @property
    def action(self) -> str:
        """The final action in words, for the docs."""
        return self.final_action.wording

    @property
    def evidence(self) -> str:
        """The row's evidence tag (``V``, ``V2`` or ``U``), the same as its source's."""
        return self.source.evidence.value


def _weakest(row: ScheduleRow) -> Evidence:
    """The weakest grade among the row's parts; an unsettled combination is unverified."""
    tags = [row.source.evidence, row.action_evidence, *(limb.evidence for limb in row.limbs)]
    if not row.combination_settled or Evidence.UNVERIFIED in tags:
        return Evidence.UNVERIFIED
    return Evidence.SECONDARY if Evidence.SECONDARY in tags else Evidence.VERIFIED


def _code(locator: str, evidence: Evidence = Evidence.VERIFIED, read_in: str = "") -> Source:
    """A row of the Code's schedule; ``read_in`` says where the period was read when it was
    not the Code itself."""
    return Source(
        title=_TITLE,
        publisher=_PUBLISHER,
        locator=locator,
        version=CODE_2021,
        url=_CODE_URL,
        evidence=evidence,
        secondary_reason=read_in,
    )


_U = Evidence.UNVERIFIED


def _after(
    record_class: RecordClass,
    record_type: str,
    years: int,
    trigger: Trigger,
    source: Source,
    *,
    final_action: FinalAction = FinalAction.REVIEW_DESTROY,
    action_evidence: Evidence = Evidence.VERIFIED,
    notes: str = "",
) -> ScheduleRow:
    """A row of one limb: ``years`` after ``trigger``, the event that also starts retention."""
    return ScheduleRow(
        record_class=record_class,
        record_type=record_type,
        starts=trigger,
        limbs=(Limb(trigger=trigger, years=years),),
        final_action=final_action,
        action_evidence=action_evidence,
        notes=notes,
        source=source,
    )


def _review(
    record_class: RecordClass,
    record_type: str,
    years: int,
    trigger: Trigger,
    notes: str = "",
    *,
    locator: str = "",
) -> ScheduleRow:
    """A row of one limb whose period and source row (``locator``, by default the record
    type) are unverified, and whose action is "review" in wording that is unverified too."""
    source = _code(locator or record_type, _U)
    row = _after(record_class, record_type, years, trigger, source, notes=notes)
    return attrs.evolve(row, final_action=FinalAction.REVIEW, action_evidence=_U)


_ROWS: tuple[ScheduleRow, ...] = (
    ScheduleRow(
        record_class=RecordClass.ADULT_HEALTH,
        record_type="Adult health records not covered elsewhere",
        starts=Trigger.LAST_CONTACT,
        limbs=(
            Limb(trigger=Trigger.LAST_CONTACT, years=8),
            Limb(trigger=Trigger.DEATH, years=8, optional=True, evidence=_U),
        ),
        combination=None,
        notes="Support ended or person last seen. Check other involvements and serious-"
        "incident retentions before destruction. The death limb (patient died: 8 years) "
        "is unverified.",
        source=_code("Adult health records not covered elsewhere", _U, _MDU),
    ),
    _after(
        RecordClass.ADULT_SOCIAL_CARE,
        "Adult social care records",
        8,
        Trigger.LAST_CONTACT,
        _code("Adult social care records"),
        notes="Support ended or person last seen.",
    ),
    ScheduleRow(
        record_class=RecordClass.CHILDREN,
        record_type="Children's records",
        starts=Trigger.LAST_CONTACT,
        limbs=(Limb(trigger=Trigger.BIRTH, years=25, age_rule=AgeRule(age=17, years=26)),),
        notes="Until the 25th birthday, or the 26th if 17 at the conclusion of treatment. "
        "The 2021 row has no death clause (older Codes had one).",
        source=_code("Children's records", Evidence.SECONDARY, _MDU),
    ),
    ScheduleRow(
        record_class=RecordClass.MENTAL_HEALTH,
        record_type="Mental health records (including psychology)",
        starts=Trigger.LAST_CONTACT,
        limbs=(
            Limb(trigger=Trigger.LAST_CONTACT, years=20),
            Limb(trigger=Trigger.DEATH, years=10, optional=True),
        ),
        combination=None,
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="20 years, or 10 years after death (2016 Code: 8 years after death). Whether "
        "the death limb applies 'if sooner' is not confirmed for 2021. Includes records of "
        "detained and CTO patients (no separate row found).",
        source=_code("Mental health records (including psychology)", _U, _MDU),
    ),
    _after(
        RecordClass.MATERNITY,
        "Obstetric and maternity records (ante- and postnatal)",
        25,
        Trigger.LAST_CONTACT,
        _code("Obstetric / maternity records", _U, _MDU),
        action_evidence=_U,
        notes="Care ended. Also part of the child's record: consider the longer period.",
    ),
    _after(
        RecordClass.GP,
        "GP records",
        10,
        Trigger.DEATH,
        _code("GP records", _U, _BMA),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="England and Wales. De-registered, reason unknown: 100 years (under review).",
    ),
    _after(
        RecordClass.SERIOUS_INCIDENT,
        "Serious incidents",
        20,
        Trigger.INCIDENT,
        _code("Serious incidents", Evidence.SECONDARY, _KMPT),
        final_action=FinalAction.REVIEW_POD,
    ),
    _after(
        RecordClass.INCIDENT,
        "Incidents (not serious)",
        10,
        Trigger.INCIDENT,
        _code("Incidents", Evidence.SECONDARY, _KMPT),
    ),
    _after(
        RecordClass.COMPLAINT,
        "Complaints case file",
        10,
        Trigger.CLOSURE,
        _code("Complaints case file", _U),
        notes="Not closed until every follow-on process, litigation included, has ended. "
        "Keep separate from the patient file. 2016 row verified; that the 2021 row is "
        "unchanged is unverified (also graded [V2]).",
    ),
    ScheduleRow(
        record_class=RecordClass.FOI_REQUEST,
        record_type="Freedom of Information requests",
        starts=Trigger.CLOSURE,
        limbs=(
            Limb(trigger=Trigger.CLOSURE, years=3),
            Limb(trigger=Trigger.CLOSURE, years=6, condition=Condition.APPEALED),
        ),
        notes="3 years; 6 years after an appeal. 2016 row verified; 2021 unverified.",
        source=_code("FOI requests", _U),
    ),
    _after(
        RecordClass.LITIGATION,
        "Litigation records",
        10,
        Trigger.CLOSURE,
        _code("Litigation records", _U),
        final_action=FinalAction.REVIEW_POD,
        notes="Closure of case. 2016 row verified; 2021 unverified.",
    ),
    ScheduleRow(
        record_class=RecordClass.SUBJECT_ACCESS_REQUEST,
        record_type="Subject access requests",
        starts=Trigger.CLOSURE,
        limbs=(
            Limb(trigger=Trigger.CLOSURE, years=3),
            Limb(trigger=Trigger.CLOSURE, years=6, condition=Condition.APPEALED),
        ),
        notes="Closure of the request; 6 years after an appeal.",
        source=_code("Subject access requests", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.STAFF_RECORD,
        record_type="Staff record (personnel file)",
        starts=Trigger.LEFT_EMPLOYMENT,
        limbs=(
            Limb(trigger=Trigger.BIRTH, years=75),
            Limb(
                trigger=Trigger.LEFT_EMPLOYMENT,
                years=6,
                condition=Condition.SUMMARY_MADE,
                evidence=_U,
            ),
        ),
        combination=None,
        final_action=FinalAction.SUMMARY_THEN_REVIEW,
        notes="Until the 75th birthday; may reduce to 6 years after leaving if a staff-"
        "record summary is made. 'Whichever is sooner' in one account; unsettled. Offer "
        "summaries to a Place of Deposit. High priority to verify.",
        source=_code("Staff record (personnel file)", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.STAFF_RECORD_SUMMARY,
        record_type="Staff record summary",
        starts=Trigger.LEFT_EMPLOYMENT,
        limbs=(Limb(trigger=Trigger.BIRTH, years=75),),
        final_action=FinalAction.OFFER_POD,
        source=_code("Staff record summary", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.TRAINING_CLINICAL,
        record_type="Staff training records: clinical",
        starts=Trigger.LEFT_EMPLOYMENT,
        limbs=(
            Limb(trigger=Trigger.BIRTH, years=75),
            Limb(trigger=Trigger.LEFT_EMPLOYMENT, years=6),
        ),
        notes="75th birthday or 6 years after leaving, whichever is longer.",
        source=_code("Staff training records (clinical)", _U),
    ),
    _after(
        RecordClass.TRAINING_STATUTORY,
        "Staff training records: statutory and mandatory",
        10,
        Trigger.COMPLETION,
        _code("Staff training records (statutory/mandatory)", _U),
    ),
    _after(
        RecordClass.TRAINING_OTHER,
        "Staff training records: other",
        6,
        Trigger.COMPLETION,
        _code("Staff training records (other)", _U),
        notes="Trigger given as 'completion / leaving'; completion is used.",
    ),
    ScheduleRow(
        record_class=RecordClass.CLINICAL_AUDIT,
        record_type="Clinical audit",
        starts=Trigger.CREATION,
        limbs=(
            Limb(trigger=Trigger.COMPLETION, years=5, optional=True),
            Limb(trigger=Trigger.CREATION, years=5),
        ),
        combination=None,
        notes="Accounts differ on the trigger: audit completed, or creation.",
        source=_code("Clinical audit", _U),
    ),
    _review(
        RecordClass.DESTRUCTION_CERTIFICATE,
        "Destruction certificates and metadata stubs",
        20,
        Trigger.DESTRUCTION,
        "The stub requirement is verified (EPR row); the 20 years is not.",
        locator="Destruction certificates",
    ),
    _review(RecordClass.DUTY_ROSTER, "Duty rosters", 6, Trigger.FINANCIAL_YEAR_END),
    _review(RecordClass.TIMESHEET, "Timesheets", 2, Trigger.CREATION),
    ScheduleRow(
        record_class=RecordClass.OCCUPATIONAL_HEALTH,
        record_type="Occupational health records of staff under health surveillance",
        starts=Trigger.LEFT_EMPLOYMENT,
        limbs=(Limb(trigger=Trigger.BIRTH, years=75),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="Radiation dose records (50 years from the last entry or 75th birthday, "
        "whichever is longer) and exposure monitoring are not encoded.",
        source=_code("Occupational health (under surveillance)", _U),
    ),
    _review(
        RecordClass.CLINICAL_DIARY,
        "Clinical diaries",
        2,
        Trigger.YEAR_END,
        "After transfer of the content to the main record.",
    ),
    _review(
        RecordClass.ACCIDENT_FORM,
        "Accident forms",
        3,
        Trigger.LAST_ENTRY,
        "No Code row; RIDDOR and the Social Security (Claims and Payments) Regulations.",
        locator="Accident forms (no row; RIDDOR)",
    ),
    _review(
        RecordClass.TELEPHONY_RECORDING,
        "Telephony recordings",
        3,
        Trigger.CREATION,
        "Recordings that form part of the health record are kept as such.",
    ),
    _review(
        RecordClass.CONTROLLED_DRUGS_REGISTER,
        "Controlled drugs registers",
        2,
        Trigger.LAST_ENTRY,
        "Misuse of Drugs Regulations 2001 reg 23.",
    ),
    _review(
        RecordClass.PALS,
        "Patient Advice and Liaison Service records",
        10,
        Trigger.FINANCIAL_YEAR_END,
        locator="PALS",
    ),
    _review(RecordClass.RISK_REGISTER, "Risk registers", 6, Trigger.CREATION),
)

RETENTION_SCHEDULE: RuleTable[RecordClass, ScheduleRow] = RuleTable(
    "retention schedule",
    _ROWS,
    key=lambda row: row.record_class,
    description="Minimum retention periods of the Records Management Code of Practice 2021 "
    "(Appendix II) for the record classes of a mental health Trust.",
)
