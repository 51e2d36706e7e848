"""The retention schedule and the national legal holds, as data with provenance.

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

from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.retention.models import HoldOrigin, HoldScope, LegalHold, RecordClass

__all__ = [
    "CODE_2021",
    "CODE_2021_EFFECTIVE",
    "NATIONAL_HOLDS",
    "RETENTION_SCHEDULE",
    "AgeRule",
    "Combination",
    "Condition",
    "FinalAction",
    "Limb",
    "NationalHold",
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
    "https://themdu.com/guidance-and-advice/latest-updates-and-advice/"
    "updated-guidance-on-medical-records-management-and-retention"
)
_KMPT = (
    "https://www.kmpt.nhs.uk/pdf-documents/about-us-documents/publications/policies/"
    "management-of-investigations-and-serious-incidents-policy/10-retention-of-records/"
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
        """The limb in words: "20 years after last-contact", "25th birthday"."""
        if self.trigger is Trigger.BIRTH:
            text = f"{_ordinal(self.years)} birthday"
            if self.age_rule is not None:
                text += (
                    f" ({_ordinal(self.age_rule.years)} if aged {self.age_rule.age} "
                    "when the record ceased to be operational)"
                )
        else:
            span = f"{self.years} years" + (f" {self.months} months" if self.months else "")
            text = f"{span} after {self.trigger.value}"
        if self.condition is not None:
            text += f" [if {self.condition.value}]"
        if self.evidence is not Evidence.VERIFIED:
            text += f" [{self.evidence.value}]"
        return text


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
        source: The source of the row's periods (locator = source row).
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

    @property
    def combination_settled(self) -> bool:
        """Whether the source settles how the limbs combine (or there is only one)."""
        return self.combination is not None or len(self.limbs) == 1

    @property
    def verified(self) -> bool:
        """True only when periods, every limb, the action and the combination are verified."""
        return (
            self.source.verified
            and self.action_evidence is Evidence.VERIFIED
            and all(limb.evidence is Evidence.VERIFIED for limb in self.limbs)
            and self.combination_settled
        )

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
        """The row's evidence tag: ``V`` when verified, else the weakest tag."""
        return "V" if self.verified else _weakest(self).value


def _weakest(row: ScheduleRow) -> Evidence:
    tags = [row.source.evidence, row.action_evidence, *(limb.evidence for limb in row.limbs)]
    if not row.combination_settled or Evidence.UNVERIFIED in tags:
        return Evidence.UNVERIFIED
    return Evidence.SECONDARY


def _code(locator: str, evidence: Evidence = Evidence.VERIFIED, url: str = _CODE_URL) -> Source:
    return Source(
        title=_TITLE,
        publisher=_PUBLISHER,
        locator=locator,
        version=CODE_2021,
        url=url,
        evidence=evidence,
    )


_U = Evidence.UNVERIFIED

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
        source=_code(
            "Adult health records not covered elsewhere (spreadsheet copy row 2)", url=_MDU
        ),
    ),
    ScheduleRow(
        record_class=RecordClass.ADULT_SOCIAL_CARE,
        record_type="Adult social care records",
        starts=Trigger.LAST_CONTACT,
        limbs=(Limb(trigger=Trigger.LAST_CONTACT, years=8),),
        notes="Support ended or person last seen.",
        source=_code("Adult social care records (spreadsheet copy row 3)"),
    ),
    ScheduleRow(
        record_class=RecordClass.CHILDREN,
        record_type="Children's records",
        starts=Trigger.LAST_CONTACT,
        limbs=(Limb(trigger=Trigger.BIRTH, years=25, age_rule=AgeRule(age=17, years=26)),),
        notes="Until the 25th birthday, or the 26th if 17 at the conclusion of treatment. "
        "The 2021 row has no death clause (older Codes had one).",
        source=_code("Children's records (spreadsheet copy row 4)", url=_MDU),
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
        source=_code(
            "Mental health records (periods per MDU and independent-practitioner-today 2023)",
            url=_MDU,
        ),
    ),
    ScheduleRow(
        record_class=RecordClass.MATERNITY,
        record_type="Obstetric and maternity records (ante- and postnatal)",
        starts=Trigger.LAST_CONTACT,
        limbs=(Limb(trigger=Trigger.LAST_CONTACT, years=25),),
        action_evidence=_U,
        notes="Care ended. Also part of the child's record: consider the longer period.",
        source=_code("Obstetric / maternity records", url=_MDU),
    ),
    ScheduleRow(
        record_class=RecordClass.GP,
        record_type="GP records",
        starts=Trigger.DEATH,
        limbs=(Limb(trigger=Trigger.DEATH, years=10),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="England and Wales. De-registered, reason unknown: 100 years (under review).",
        source=Source(
            title="Retention of health records",
            publisher="BMA",
            locator="GP records: 10 years after death",
            version="2021 Code as restated by the BMA",
            url="https://www.bma.org.uk/advice-and-support/ethics/confidentiality-and-health-"
            "records/retention-of-health-records",
        ),
    ),
    ScheduleRow(
        record_class=RecordClass.SERIOUS_INCIDENT,
        record_type="Serious incidents",
        starts=Trigger.INCIDENT,
        limbs=(Limb(trigger=Trigger.INCIDENT, years=20),),
        final_action=FinalAction.REVIEW_POD,
        source=_code("Serious incidents (as restated by KMPT policy section 10)", url=_KMPT),
    ),
    ScheduleRow(
        record_class=RecordClass.INCIDENT,
        record_type="Incidents (not serious)",
        starts=Trigger.INCIDENT,
        limbs=(Limb(trigger=Trigger.INCIDENT, years=10),),
        source=_code("Incidents (as restated by KMPT policy section 10)", url=_KMPT),
    ),
    ScheduleRow(
        record_class=RecordClass.COMPLAINT,
        record_type="Complaints case file",
        starts=Trigger.CLOSURE,
        limbs=(Limb(trigger=Trigger.CLOSURE, years=10),),
        notes="Not closed until every follow-on process, litigation included, has ended. "
        "Keep separate from the patient file. 2016 row verified; that the 2021 row is "
        "unchanged is unverified (also graded [V2]).",
        source=_code("Complaints case file", _U),
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
    ScheduleRow(
        record_class=RecordClass.LITIGATION,
        record_type="Litigation records",
        starts=Trigger.CLOSURE,
        limbs=(Limb(trigger=Trigger.CLOSURE, years=10),),
        final_action=FinalAction.REVIEW_POD,
        notes="Closure of case. 2016 row verified; 2021 unverified.",
        source=_code("Litigation records", _U),
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
    ScheduleRow(
        record_class=RecordClass.TRAINING_STATUTORY,
        record_type="Staff training records: statutory and mandatory",
        starts=Trigger.COMPLETION,
        limbs=(Limb(trigger=Trigger.COMPLETION, years=10),),
        source=_code("Staff training records (statutory/mandatory)", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.TRAINING_OTHER,
        record_type="Staff training records: other",
        starts=Trigger.COMPLETION,
        limbs=(Limb(trigger=Trigger.COMPLETION, years=6),),
        notes="Trigger given as 'completion / leaving'; completion is used.",
        source=_code("Staff training records (other)", _U),
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
    ScheduleRow(
        record_class=RecordClass.DESTRUCTION_CERTIFICATE,
        record_type="Destruction certificates and metadata stubs",
        starts=Trigger.DESTRUCTION,
        limbs=(Limb(trigger=Trigger.DESTRUCTION, years=20),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="The stub requirement is verified (EPR row); the 20 years is not.",
        source=_code("Destruction certificates", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.DUTY_ROSTER,
        record_type="Duty rosters",
        starts=Trigger.FINANCIAL_YEAR_END,
        limbs=(Limb(trigger=Trigger.FINANCIAL_YEAR_END, years=6),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        source=_code("Duty rosters", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.TIMESHEET,
        record_type="Timesheets",
        starts=Trigger.CREATION,
        limbs=(Limb(trigger=Trigger.CREATION, years=2),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        source=_code("Timesheets", _U),
    ),
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
    ScheduleRow(
        record_class=RecordClass.CLINICAL_DIARY,
        record_type="Clinical diaries",
        starts=Trigger.YEAR_END,
        limbs=(Limb(trigger=Trigger.YEAR_END, years=2),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="After transfer of the content to the main record.",
        source=_code("Clinical diaries", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.ACCIDENT_FORM,
        record_type="Accident forms",
        starts=Trigger.LAST_ENTRY,
        limbs=(Limb(trigger=Trigger.LAST_ENTRY, years=3),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="No Code row; RIDDOR and the Social Security (Claims and Payments) Regulations.",
        source=_code("Accident forms (no row; RIDDOR)", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.TELEPHONY_RECORDING,
        record_type="Telephony recordings",
        starts=Trigger.CREATION,
        limbs=(Limb(trigger=Trigger.CREATION, years=3),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="Recordings that form part of the health record are kept as such.",
        source=_code("Telephony recordings", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.CONTROLLED_DRUGS_REGISTER,
        record_type="Controlled drugs registers",
        starts=Trigger.LAST_ENTRY,
        limbs=(Limb(trigger=Trigger.LAST_ENTRY, years=2),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        notes="Misuse of Drugs Regulations 2001 reg 23.",
        source=_code("Controlled drugs registers", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.PALS,
        record_type="Patient Advice and Liaison Service records",
        starts=Trigger.FINANCIAL_YEAR_END,
        limbs=(Limb(trigger=Trigger.FINANCIAL_YEAR_END, years=10),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        source=_code("PALS", _U),
    ),
    ScheduleRow(
        record_class=RecordClass.RISK_REGISTER,
        record_type="Risk registers",
        starts=Trigger.CREATION,
        limbs=(Limb(trigger=Trigger.CREATION, years=6),),
        final_action=FinalAction.REVIEW,
        action_evidence=_U,
        source=_code("Risk registers", _U),
    ),
)

RETENTION_SCHEDULE: RuleTable[RecordClass, ScheduleRow] = RuleTable(
    "retention schedule",
    _ROWS,
    key=lambda row: row.record_class,
    description="Minimum retention periods of the Records Management Code of Practice 2021 "
    "(Appendix II) for the record classes of a mental health Trust.",
)


@attrs.frozen(kw_only=True)
class NationalHold:
    """A legal hold placed nationally (a public inquiry or a national retention request).

    Attributes:
        hold: The hold itself, with its scope.
        status_evidence: How well its *current* status (still in force) is established.
        source: Where the hold comes from.
        effective: When it is in force (the hold's start and end).
    """

    hold: LegalHold
    status_evidence: Evidence
    source: Source
    effective: Effective

    @property
    def hold_id(self) -> str:
        """The hold's identifier."""
        return self.hold.hold_id

    @property
    def title(self) -> str:
        """The hold's short name."""
        return self.hold.title

    @property
    def scope(self) -> str:
        """The hold's scope in words, for the docs."""
        scope = self.hold.scope
        parts = []
        if scope.subject_matter:
            parts.append("subject matter: " + ", ".join(scope.subject_matter))
        if scope.covering_from or scope.covering_until:
            start = scope.covering_from.isoformat() if scope.covering_from else "…"
            end = scope.covering_until.isoformat() if scope.covering_until else "…"
            parts.append(f"records covering {start} to {end}")
        return "; ".join(parts) or "every record"


def _national(hold: LegalHold, status: Evidence, source: Source) -> NationalHold:
    return NationalHold(
        hold=hold,
        status_evidence=status,
        source=source,
        effective=Effective(hold.start, hold.end),
    )


_IICSA_URL = (
    "https://www.iicsa.org.uk/news/chair-of-the-inquiry-issues-guidance-on-destruction-of-documents"
)
_COVID_URL = (
    "https://transform.england.nhs.uk/information-governance/guidance/"
    "preparing-for-the-uk-covid-19-inquiry/"
)
_IBI_URL = "https://www.england.nhs.uk/long-read/infected-blood-inquiry-document-retention/"

NATIONAL_HOLDS: RuleTable[str, NationalHold] = RuleTable(
    "national legal holds",
    (
        _national(
            LegalHold(
                hold_id="iicsa",
                title="Independent Inquiry into Child Sexual Abuse moratorium",
                origin=HoldOrigin.PUBLIC_INQUIRY,
                # The earlier of the two letters to NHS chief executives (23 June and 2 July
                # 2015); the final report (October 2022) did not say the moratorium is lifted.
                start=date(2015, 6, 23),
                scope=HoldScope(
                    subject_matter=(
                        "child-sexual-abuse",
                        "child-protection",
                        "child-in-care",
                    )
                ),
                reference=_IICSA_URL,
                # The facts are verified; whether the moratorium is still in force is not.
                evidence=_U,
            ),
            _U,
            Source(
                title="IICSA: Chair of the Inquiry issues guidance on destruction of documents",
                publisher="Independent Inquiry into Child Sexual Abuse",
                locator="letters of 23 June and 2 July 2015 to NHS chief executives",
                version="2015",
                url=_IICSA_URL,
            ),
        ),
        _national(
            LegalHold(
                hold_id="covid-19-inquiry",
                title="UK Covid-19 Inquiry",
                origin=HoldOrigin.PUBLIC_INQUIRY,
                # The reference gives no date for the instruction: this start is an
                # engineering default (the first day of the period covered), so the hold is
                # graded unverified and a destruction under it is at most a warning. A Trust
                # that knows the date releases this hold and loads its own.
                start=date(2020, 1, 1),
                scope=HoldScope(covering_from=date(2020, 1, 1), covering_until=date(2022, 7, 31)),
                reference=_COVID_URL,
                evidence=_U,
            ),
            Evidence.VERIFIED,
            Source(
                title="Preparing for the UK COVID-19 Inquiry",
                publisher="NHS England Transformation Directorate",
                locator="suspend routine destruction of potentially relevant records; "
                "covered period January 2020 to July 2022 per Derbyshire County Council",
                version="current page",
                url=_COVID_URL,
            ),
        ),
        _national(
            LegalHold(
                hold_id="infected-blood",
                title="Infected Blood Inquiry: retention for the compensation scheme",
                origin=HoldOrigin.RETENTION_REQUEST,
                start=date(2024, 12, 9),
                scope=HoldScope(subject_matter=("infected-blood",)),
                reference=_IBI_URL,
                evidence=Evidence.VERIFIED,
            ),
            Evidence.VERIFIED,
            Source(
                title="Infected Blood Inquiry: document retention",
                publisher="NHS England, DHSC and IBCA",
                locator="letter published 9 December 2024; scheme open to applications until 2031",
                version="9 December 2024",
                url=_IBI_URL,
            ),
        ),
    ),
    key=lambda row: row.hold.hold_id,
    description="Holds placed nationally on the destruction of records (Appendix I: an "
    "active inquiry hold overrides normal destruction).",
)
