"""The rules of best-interests decisions, as data: the s4 checklist and the IMCA duty.

The IMCA duties, thresholds and exclusions come from ss35–41 of the Act; the discretionary
cases from the expansion regulations.
"""

from __future__ import annotations

import attrs

from cpa_core.capacity.best_interests.models import (
    AccommodationSetting,
    ChecklistItem,
    ImcaDecision,
)
from cpa_core.capacity.rules import _CHECKED, DOLS_IN_FORCE, IMCA_IN_FORCE, MCA_IN_FORCE, _mca
from cpa_core.provenance import RuleRow, RuleTable, Source

__all__ = [
    "BEST_INTERESTS_CHECKLIST",
    "IMCA_DUTIES",
    "IMCA_EXCLUSIONS",
    "IMCA_STAY_THRESHOLDS",
    "ChecklistRow",
    "ImcaDutyRow",
    "ImcaExclusionRow",
    "StayThresholdRow",
]

_DISCRETIONARY_IMCA = Source(
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) (Expansion of Role) "
    "Regulations 2006 (SI 2006/2883)",
    "legislation.gov.uk",
    "regs 3 (accommodation review), 4 (adult protection), 5 (may instruct); England, from "
    "1 April 2007 (reg 1(2)(b))",
    "as made",
    "https://www.legislation.gov.uk/uksi/2006/2883/regulation/5/made",
    checked=_CHECKED,
)


@attrs.frozen(kw_only=True)
class ChecklistRow(RuleRow):
    """One item of the best-interests checklist.

    Attributes:
        item: The item's code.
        statement: What the decision maker must do.
    """

    item: ChecklistItem
    statement: str


BEST_INTERESTS_CHECKLIST: RuleTable[ChecklistItem, ChecklistRow] = RuleTable(
    "Best-interests checklist",
    tuple(
        ChecklistRow(
            item=item,
            statement=statement,
            source=_mca(section, "section/4"),
            effective=MCA_IN_FORCE,
        )
        for item, section, statement in (
            (
                ChecklistItem.NOT_MERELY_APPEARANCE,
                "s4(1)",
                "Do not decide merely on the basis of age, appearance, condition or behaviour.",
            ),
            (
                ChecklistItem.RELEVANT_CIRCUMSTANCES,
                "s4(2)",
                "Consider all the relevant circumstances.",
            ),
            (
                ChecklistItem.REGAINING_CAPACITY,
                "s4(3)",
                "Consider whether, and when, the person is likely to regain capacity.",
            ),
            (
                ChecklistItem.PARTICIPATION,
                "s4(4)",
                "Permit and encourage the person to participate as fully as reasonably "
                "practicable.",
            ),
            (
                ChecklistItem.LIFE_SUSTAINING_MOTIVE,
                "s4(5)",
                "For life-sustaining treatment, do not be motivated by a desire to bring about "
                "the person's death.",
            ),
            (
                ChecklistItem.WISHES_AND_VALUES,
                "s4(6)",
                "Consider the person's past and present wishes and feelings (especially "
                "written statements made with capacity), beliefs and values, and other "
                "factors they would weigh.",
            ),
            (
                ChecklistItem.VIEWS_OF_OTHERS,
                "s4(7)",
                "Take into account the views of anyone named by the person, carers and those "
                "interested in their welfare, any LPA attorney and any deputy.",
            ),
        )
    ),
    key=lambda r: r.item,
    description="The s4 checklist: each item is considered, or recorded as not relevant "
    "with a reason.",
)


@attrs.frozen(kw_only=True)
class ImcaDutyRow(RuleRow):
    """A kind of decision that can bring an IMCA in.

    Attributes:
        decision: The kind of decision.
        mandatory: Whether the instruction is a duty (``False``: a power, discretionary).
        statement: When the duty or power arises.
    """

    decision: ImcaDecision
    mandatory: bool
    statement: str


IMCA_DUTIES: RuleTable[ImcaDecision, ImcaDutyRow] = RuleTable(
    "IMCA duties",
    (
        ImcaDutyRow(
            decision=ImcaDecision.SERIOUS_MEDICAL_TREATMENT,
            mandatory=True,
            statement="An NHS body proposes serious medical treatment for a person who lacks "
            "capacity and has no one appropriate to consult other than paid carers.",
            source=_mca("s37", "section/37"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRow(
            decision=ImcaDecision.NHS_ACCOMMODATION,
            mandatory=True,
            statement="An NHS body proposes accommodation in a hospital or care home, not "
            "likely to last less than the applicable period (28 days in hospital, 8 weeks in "
            "a care home), for a person who lacks capacity with no one appropriate to consult.",
            source=_mca("s38", "section/38"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRow(
            decision=ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
            mandatory=True,
            statement="A local authority proposes such accommodation, on the same conditions.",
            source=_mca("s39", "section/39"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRow(
            decision=ImcaDecision.DOLS_STANDARD_REQUEST,
            mandatory=True,
            statement="A DoLS standard authorisation is requested for a person with no one "
            "appropriate to consult.",
            source=_mca("s39A", "section/39A"),
            effective=DOLS_IN_FORCE,
        ),
        ImcaDutyRow(
            decision=ImcaDecision.CARE_REVIEW,
            mandatory=False,
            statement="A review of accommodation arrangements: an IMCA may be instructed.",
            source=_DISCRETIONARY_IMCA,
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRow(
            decision=ImcaDecision.SAFEGUARDING,
            mandatory=False,
            statement="Adult safeguarding proceedings: an IMCA may be instructed (even when "
            "there are people to consult).",
            source=_DISCRETIONARY_IMCA,
            effective=IMCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.decision,
    description="Decisions that bring an IMCA in: duties (ss37–39A) and powers (regulations).",
)


@attrs.frozen(kw_only=True)
class StayThresholdRow(RuleRow):
    """The "applicable period" of an accommodation decision (ss38–39).

    The duty does not arise when the accommodation is likely to be provided for a
    continuous period *less than* this period; a stay likely to last the whole period or
    longer qualifies.

    Attributes:
        decision: The kind of accommodation decision.
        setting: Where the person will stay (``None``: any residential setting).
        threshold_days: The applicable period in days.
        stated_as: The period as the statute states it ("28 days", "8 weeks").
    """

    decision: ImcaDecision
    setting: AccommodationSetting | None
    threshold_days: int
    stated_as: str


IMCA_STAY_THRESHOLDS: RuleTable[
    tuple[ImcaDecision, AccommodationSetting | None], StayThresholdRow
] = RuleTable(
    "IMCA accommodation thresholds",
    tuple(
        StayThresholdRow(
            decision=decision,
            setting=setting,
            threshold_days=days,
            stated_as=stated_as,
            source=source,
            effective=IMCA_IN_FORCE,
        )
        for decision, setting, days, stated_as, source in (
            (
                ImcaDecision.NHS_ACCOMMODATION,
                AccommodationSetting.HOSPITAL,
                28,
                "28 days",
                _mca("s38(3)(a), (4), (9)", "section/38"),
            ),
            (
                ImcaDecision.NHS_ACCOMMODATION,
                AccommodationSetting.CARE_HOME,
                56,
                "8 weeks",
                _mca("s38(3)(a), (4), (9)", "section/38"),
            ),
            (
                ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
                None,
                56,
                "8 weeks",
                _mca("s39(4)(a), (5)", "section/39"),
            ),
        )
    ),
    key=lambda r: (r.decision, r.setting),
    description="Accommodation decisions need an IMCA only for stays likely to last at least "
    "the applicable period.",
)


@attrs.frozen(kw_only=True)
class ImcaExclusionRow(RuleRow):
    """A case in which an IMCA duty does not arise (or need not precede the act).

    Attributes:
        code: The exclusion's code.
        applies_to: The kinds of decision it excludes.
        statement: What it says.
    """

    code: str
    applies_to: tuple[ImcaDecision, ...]
    statement: str


_ACCOMMODATION = (ImcaDecision.NHS_ACCOMMODATION, ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION)

IMCA_EXCLUSIONS: RuleTable[str, ImcaExclusionRow] = RuleTable(
    "IMCA exclusions",
    (
        ImcaExclusionRow(
            code="mha-part-4",
            applies_to=(ImcaDecision.SERIOUS_MEDICAL_TREATMENT,),
            statement="No s37 duty where the treatment is regulated by Part 4 or 4A of the "
            "Mental Health Act 1983.",
            source=_mca("s37(2)", "section/37"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRow(
            code="urgent",
            applies_to=(ImcaDecision.SERIOUS_MEDICAL_TREATMENT,),
            statement="Urgent treatment may be given before an IMCA is instructed.",
            source=_mca("s37(4)", "section/37"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRow(
            code="urgent-accommodation",
            applies_to=_ACCOMMODATION,
            statement="Accommodation arranged as a matter of urgency needs no IMCA first; one "
            "must be instructed if the stay later looks likely to last the applicable period.",
            source=_mca("s38(3)(b), (4); s39(4)(b), (5)", "section/38"),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRow(
            code="mha-residence",
            applies_to=_ACCOMMODATION,
            statement="No s38/s39 duty where the person is required to live there under the "
            "Mental Health Act 1983 (s2, s3, guardianship); s117 accommodation and informal "
            "stays can still qualify.",
            source=_mca("s38(2); s39(3)", "section/38"),
            effective=IMCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="Known cases in which an otherwise qualifying decision needs no IMCA first.",
)
