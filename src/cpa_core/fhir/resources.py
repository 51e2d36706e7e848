"""cpa_core records as FHIR R4 resources (UK Core), written as plain JSON dicts.

One function per record kind; :func:`resources_for` picks the right one. Every resource
declares its UK Core profile in ``meta.profile``; a person is referred to by the
``https://fhir.nhs.uk/Id/nhs-number`` identifier when the record carries an NHS number, and
by the record's own person id otherwise; staff by their staff id. Nothing reads a clock:
a resource's status follows the record (an episode with no discharge is active).

A safety plan is a CarePlan. No RiskAssessment is ever written, so no risk rating can be
read as a prediction (NICE NG225).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs

from cpa_core.capacity import ConsentDecision, ConsentRecord, ConsentType, SharingPurpose
from cpa_core.care import CareEpisode, CarePlanVersion, CoordinatorAssignment, PlanSection
from cpa_core.clustering import ClusterAssessment, Rating, Scale, honos_score, snomed_for
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.fhir import profiles as p
from cpa_core.mha import LegalStatusPeriod, MhaDetention, Section
from cpa_core.risk import RiskHistory, SafetyAssessment

__all__ = [
    "FhirOptions",
    "care_plans",
    "consent",
    "episode_of_care",
    "honos",
    "legal_status",
    "resources_for",
    "safety_plan",
]

Resource = dict[str, Any]

_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "cpa-core:fhir")
_SEPARATE_SECTIONS = (PlanSection.CRISIS_PLAN, PlanSection.CONTINGENCY_PLAN)
_HOLDING_POWERS = frozenset({Section.S135, Section.S136})
_PURPOSES = {SharingPurpose.DIRECT_CARE: "TREAT", SharingPurpose.CARE_PLANNING: "TREAT"}


@attrs.frozen(kw_only=True)
class FhirOptions:
    """The Trust's own systems, for what no national system covers.

    Attributes:
        identifier_system: The URI of the Trust's system for its local identifiers (person,
            staff, episode ids), or ``None`` to write identifiers by value only.
        code_system: The URI of a Trust code system for cpa_core's own concepts (approach,
            plan section, coordinator role), or ``None`` to write them as text only.
    """

    identifier_system: str | None = None
    code_system: str | None = None


_DEFAULT = FhirOptions()


def _id(*parts: str) -> str:
    """A FHIR id from record ids: readable when it fits ``[A-Za-z0-9-.]{1,64}``, else a
    UUID derived from them (the same ids always give the same UUID)."""
    text = "-".join(parts)
    return text if _FHIR_ID.match(text) else str(uuid.uuid5(_ID_NAMESPACE, text))


def _meta(resource: str) -> dict[str, Any]:
    return {"profile": [p.profile_url(resource)]}


def _identifier(value: str, options: FhirOptions) -> dict[str, Any]:
    out = {"value": value}
    if options.identifier_system is not None:
        out = {"system": options.identifier_system, **out}
    return out


def _patient(person_id: str, nhs_number: str | None, options: FhirOptions) -> dict[str, Any]:
    if nhs_number is not None:
        return {"identifier": {"system": p.NHS_NUMBER, "value": nhs_number}}
    return {"identifier": _identifier(person_id, options)}


def _staff(staff_id: str, options: FhirOptions) -> dict[str, Any]:
    return {"type": "Practitioner", "identifier": _identifier(staff_id, options)}


def _concept(code: str, text: str, options: FhirOptions) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text}
    if options.code_system is not None:
        out["coding"] = [{"system": options.code_system, "code": code}]
    return out


def _coded(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _period(start: date | datetime, end: date | datetime | None) -> dict[str, str]:
    out = {"start": start.isoformat()}
    if end is not None:
        out["end"] = end.isoformat()
    return out


# --- care episodes -------------------------------------------------------------------------


def _manager(coordinators: Iterable[CoordinatorAssignment]) -> CoordinatorAssignment | None:
    """The named worker now: the open assignment that started last."""
    current = [a for a in coordinators if a.end is None]
    return max(current, key=lambda a: a.start, default=None)


def episode_of_care(episode: CareEpisode, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """An EpisodeOfCare with its CareTeam of named coordinators (``careManager`` is the one
    whose assignment is open and started last)."""
    team_id = _id(episode.episode_id, "team")
    subject = _patient(episode.person_id, episode.nhs_number, options)
    team: Resource = {
        "resourceType": "CareTeam",
        "id": team_id,
        "meta": _meta("CareTeam"),
        "status": "active" if episode.discharge is None else "inactive",
        "name": episode.team,
        "subject": subject,
        "participant": [
            {
                "role": [_concept(a.role.value, a.role.value.replace("-", " "), options)],
                "member": _staff(a.staff_id, options),
                "period": _period(a.start, a.end),
            }
            for a in episode.coordinators
        ],
    }
    end = episode.discharge.on if episode.discharge is not None else None
    care: Resource = {
        "resourceType": "EpisodeOfCare",
        "id": _id(episode.episode_id),
        "meta": _meta("EpisodeOfCare"),
        "identifier": [_identifier(episode.episode_id, options)],
        "status": "active" if end is None else "finished",
        "type": [_concept(episode.approach.value, episode.approach.value, options)],
        "patient": subject,
        "period": _period(episode.referral.received_on, end),
        "team": [{"reference": f"CareTeam/{team_id}"}],
    }
    manager = _manager(episode.coordinators)
    if manager is not None:
        care["careManager"] = _staff(manager.staff_id, options)
    if not team["participant"]:
        del team["participant"]
    return [care, team]


def _plan(
    episode: CareEpisode,
    plan: CarePlanVersion,
    *,
    status: str,
    options: FhirOptions,
    section: PlanSection | None = None,
) -> Resource:
    ident = _id(
        episode.episode_id, "plan", str(plan.version), *([section.value] if section else [])
    )
    kind = section.value if section is not None else "care-plan"
    out: Resource = {
        "resourceType": "CarePlan",
        "id": ident,
        "meta": _meta("CarePlan"),
        "status": status,
        "intent": "plan",
        "category": [_concept(kind, kind.replace("-", " "), options)],
        "subject": _patient(episode.person_id, episode.nhs_number, options),
        "created": plan.written_on.isoformat(),
        "careTeam": [{"reference": f"CareTeam/{_id(episode.episode_id, 'team')}"}],
    }
    if section is not None:
        out["partOf"] = [
            {"reference": f"CarePlan/{_id(episode.episode_id, 'plan', str(plan.version))}"}
        ]
        return out
    others = [s for s in plan.sections if s not in _SEPARATE_SECTIONS]
    if others:
        out["activity"] = [
            {"detail": {"status": "unknown", "description": s.value.replace("-", " ")}}
            for s in others
        ]
    return out


def care_plans(episode: CareEpisode, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """One CarePlan per version (the latest active while the episode is open), and for each
    version's crisis and contingency sections a CarePlan of their own, ``partOf`` it."""
    out = []
    ordered = sorted(episode.plans, key=lambda v: (v.written_on, v.version))
    for index, plan in enumerate(ordered):
        current = index == len(ordered) - 1 and episode.discharge is None
        status = "active" if current else "completed"
        out.append(_plan(episode, plan, status=status, options=options))
        out.extend(
            _plan(episode, plan, status=status, options=options, section=section)
            for section in _SEPARATE_SECTIONS
            if section in plan.sections
        )
    return out


# --- HoNOS -----------------------------------------------------------------------------------


_SCALE_NAMES = {Scale.HONOS: "HoNOS", Scale.HONOS_65: "HoNOS 65+", Scale.MHCT: "MHCT"}


def honos(assessment: ClusterAssessment, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """A QuestionnaireResponse of the item ratings and an Observation of the HoNOS total.

    The Observation's components carry each HoNOS item's SNOMED CT concept and rating (a
    rating of 9, not known, as a missing value); its value is the total by NHS England's
    rule, or a missing value when too few items are validly rated.
    """
    name = _SCALE_NAMES[assessment.scale]
    response_id = _id(assessment.assessment_id, "response")
    subject = _patient(assessment.person_id, assessment.nhs_number, options)
    response: Resource = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "meta": _meta("QuestionnaireResponse"),
        "identifier": _identifier(assessment.assessment_id, options),
        "status": "completed",
        "subject": subject,
        "authored": assessment.assessed_on.isoformat(),
        "author": _staff(assessment.staff_id, options),
        "item": [
            {
                "linkId": r.item.value,
                "text": f"{name} item {r.item.value}",
                "answer": [{"valueInteger": int(r.rating)}],
            }
            for r in assessment.ratings
        ],
    }
    if not response["item"]:
        del response["item"]
    total = honos_score(assessment).total
    observation: Resource = {
        "resourceType": "Observation",
        "id": _id(assessment.assessment_id, "total"),
        "meta": _meta("Observation"),
        "status": "final",
        "category": [_coded(p.OBSERVATION_CATEGORY, "survey")],
        "code": _concept("honos-total", f"{name} total score (items 1 to 12)", options),
        "subject": subject,
        "effectiveDateTime": assessment.assessed_on.isoformat(),
        "performer": [_staff(assessment.staff_id, options)],
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{response_id}"}],
    }
    if total is None:
        observation["dataAbsentReason"] = _coded(p.DATA_ABSENT_REASON, "unknown")
    else:
        observation["valueInteger"] = total
    components = []
    for rating in assessment.ratings:
        try:
            code = snomed_for(assessment.scale, rating.item, assessment.assessed_on)
        except UnknownCodeError:
            continue  # items with no published concept (13, A to E) stay in the response only
        component: dict[str, Any] = {"code": _coded(p.SNOMED, code)}
        if rating.rating is Rating.NOT_KNOWN:
            component["dataAbsentReason"] = _coded(p.DATA_ABSENT_REASON, "unknown")
        else:
            component["valueInteger"] = int(rating.rating)
        components.append(component)
    if components:
        observation["component"] = components
    return [response, observation]


# --- consent ---------------------------------------------------------------------------------


def consent(record: ConsentRecord, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """A Consent: a refusal is an active consent with a ``deny`` provision; a withdrawn one
    is inactive. The provision's period runs from the day it was given to its expiry or
    withdrawal."""
    treatment = record.consent_type is ConsentType.TREATMENT
    system, code = p.CONSENT_CATEGORY_TREATMENT if treatment else p.CONSENT_CATEGORY_SHARING
    given = record.decision is ConsentDecision.GIVEN
    ends = record.withdrawn_on or (record.sharing.expires_on if record.sharing else None)
    provision: dict[str, Any] = {
        "type": "permit" if given else "deny",
        "period": _period(record.recorded_on, ends),
    }
    purposes = sorted(
        {
            _PURPOSES[x]
            for x in (record.sharing.purposes if record.sharing else ())
            if x in _PURPOSES
        }
    )
    if purposes:
        provision["purpose"] = [{"system": p.V3_ACT_REASON, "code": x} for x in purposes]
    return [
        {
            "resourceType": "Consent",
            "id": _id(record.consent_id),
            "meta": _meta("Consent"),
            "identifier": [_identifier(record.consent_id, options)],
            "status": "inactive" if record.withdrawn_on is not None else "active",
            "scope": _coded(p.CONSENT_SCOPE, "treatment" if treatment else "patient-privacy"),
            "category": [_coded(system, code)],
            "patient": _patient(record.person_id, record.nhs_number, options),
            "dateTime": record.recorded_on.isoformat(),
            "policyRule": _coded(p.V3_ACT_CODE, "OPTIN" if given else "OPTOUT"),
            "provision": provision,
        }
    ]


# --- Mental Health Act legal status ------------------------------------------------------------


def _stays(detention: MhaDetention) -> list[list[LegalStatusPeriod]]:
    """Runs of periods of detention (a CTO is in the community, so it ends a run)."""
    runs: list[list[LegalStatusPeriod]] = [[]]
    for period in sorted(detention.periods, key=lambda x: x.start):
        if period.section is Section.CTO:
            runs.append([])
        else:
            runs[-1].append(period)
    return [run for run in runs if run]


def _legal_status(context: str, code: str) -> dict[str, Any]:
    return {
        "url": p.LEGAL_STATUS_EXTENSION,
        "extension": [
            {
                "url": "legalStatusContext",
                "valueCodeableConcept": _coded(p.LEGAL_STATUS_CONTEXT, context),
            },
            {
                "url": "legalStatusClassification",
                "valueCodeableConcept": _coded(p.LEGAL_STATUS_CLASSIFICATION, code),
            },
        ],
    }


def legal_status(detention: MhaDetention, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """One Encounter per stay under the Act (periods of detention that follow each other
    with no CTO between), carrying the UK Core LegalStatus extension at admission and, once
    the stay has ended, at discharge.

    A period with no MHSDS legal status code carries none: the extension needs a code.
    """
    out = []
    for number, stay in enumerate(_stays(detention), start=1):
        first, last = stay[0], stay[-1]
        extensions = []
        if first.legal_status_code is not None:
            extensions.append(_legal_status("admission", first.legal_status_code))
        if last.end is not None and last.legal_status_code is not None:
            extensions.append(_legal_status("discharge", last.legal_status_code))
        holding = all(x.section in _HOLDING_POWERS for x in stay)
        encounter: Resource = {
            "resourceType": "Encounter",
            "id": _id(detention.detention_id, "stay", str(number)),
            "meta": _meta("Encounter"),
            "identifier": [_identifier(first.period_id, options)],
            "status": "finished" if last.end is not None else "in-progress",
            "class": {"system": p.V3_ACT_CODE, "code": "EMER" if holding else "IMP"},
            "subject": _patient(detention.person_id, detention.nhs_number, options),
            "period": _period(first.start, last.end),
        }
        if extensions:
            encounter["extension"] = extensions
        out.append(encounter)
    return out


# --- safety plans ------------------------------------------------------------------------------


_PLAN_PARTS = (
    ("warning_signs", "warning sign"),
    ("coping_strategies", "coping strategy"),
    ("people_and_places", "people and places that help"),
    ("professional_contacts", "professional contact"),
    ("means_safety", "making the environment safer"),
)


def safety_plan(assessment: SafetyAssessment, options: FhirOptions = _DEFAULT) -> list[Resource]:
    """The assessment's safety plan as a CarePlan (none when it has no plan). Ratings and
    formulations are not written: a safety plan is what to do, not a prediction."""
    plan = assessment.safety_plan
    if plan is None:
        return []
    activity = [
        {"detail": {"status": "unknown", "description": f"{label}: {text}"}}
        for field, label in _PLAN_PARTS
        for text in getattr(plan, field)
    ]
    out: Resource = {
        "resourceType": "CarePlan",
        "id": _id(assessment.assessment_id, "safety-plan"),
        "meta": _meta("CarePlan"),
        "status": "active",
        "intent": "plan",
        "category": [_concept("safety-plan", "safety plan", options)],
        "subject": _patient(assessment.person_id, assessment.nhs_number, options),
        "created": plan.updated_on.isoformat(),
        "author": _staff(assessment.assessor_staff_id, options),
    }
    if activity:
        out["activity"] = activity
    return [out]


# --- any record ------------------------------------------------------------------------------


def resources_for(record: object, options: FhirOptions | None = None) -> list[Resource]:
    """The FHIR resources of one record: care episodes, HoNOS (and MHCT) assessments,
    consent records, MHA detentions, safety assessments and risk histories.

    Raises:
        CpaCoreError: The record is of a kind with no FHIR mapping.
    """
    options = options or _DEFAULT
    if isinstance(record, CareEpisode):
        return [*episode_of_care(record, options), *care_plans(record, options)]
    if isinstance(record, ClusterAssessment):
        return honos(record, options)
    if isinstance(record, ConsentRecord):
        return consent(record, options)
    if isinstance(record, MhaDetention):
        return legal_status(record, options)
    if isinstance(record, SafetyAssessment):
        return safety_plan(record, options)
    if isinstance(record, RiskHistory):
        return [r for a in record.assessments for r in safety_plan(a, options)]
    raise CpaCoreError(f"no FHIR mapping for a {type(record).__name__} record")
