"""FHIR R4 (UK Core) resources written from the example team: each parses with
``fhir.resources`` (R4B models), claims its UK Core profile, and takes codes only from
declared systems; golden files show one of each (see ``golden/README.md``)."""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from cpa_core import audit, registry
from cpa_core.capacity import ConsentDecision, ConsentRecord
from cpa_core.care import CareEpisode
from cpa_core.clustering import HONOS_SNOMED, ClusterAssessment, honos_score
from cpa_core.convert import structure
from cpa_core.exceptions import CpaCoreError
from cpa_core.fhir import (
    CODE_SYSTEMS,
    LEGAL_STATUS_CLASSIFICATION,
    LEGAL_STATUS_CONTEXT,
    LEGAL_STATUS_EXTENSION,
    NHS_NUMBER,
    PROFILES,
    FhirOptions,
    care_plans,
    check_resource,
    consent,
    episode_of_care,
    honos,
    legal_status,
    profile_url,
    resources_for,
    safety_plan,
)
from cpa_core.mha import MhaDetention, Section
from cpa_core.risk import SafetyAssessment

GOLDEN = Path(__file__).parent / "golden"
PLANTED_NAME = "Zebedee Quartermaine"
KINDS = (
    "care-episode",
    "cluster-assessment",
    "consent-record",
    "mha-detention",
    "risk-safety-assessment",
    "risk-history",
)


def _records() -> Iterator[tuple[str, Any]]:
    for item in audit.read_bundle(audit.example_bundle()):
        if item.kind in KINDS:
            model = registry.record_kind(item.kind).model
            yield item.kind, structure(json.loads(item.raw), model)


def _record(kind: str, key: str, value: str) -> Any:
    for found_kind, record in _records():
        if found_kind == kind and getattr(record, key) == value:
            return record
    raise AssertionError(value)


def _written() -> list[dict[str, Any]]:
    return [r for _, record in _records() for r in resources_for(record)]


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_resource_parses_as_fhir_r4b() -> None:
    written = _written()
    for resource in written:
        parsed = check_resource(resource)
        assert parsed.get_resource_type() == resource["resourceType"]
    assert Counter(r["resourceType"] for r in written) == {
        "EpisodeOfCare": 7,
        "CareTeam": 7,
        "CarePlan": 23,
        "QuestionnaireResponse": 6,
        "Observation": 6,
        "Consent": 4,
        "Encounter": 9,
    }


def test_every_resource_claims_its_uk_core_profile() -> None:
    for resource in _written():
        url = profile_url(resource["resourceType"])
        assert resource["meta"]["profile"] == [url]
        assert url.startswith("https://fhir.hl7.org.uk/StructureDefinition/UKCore-")
    declared = {row.resource for row in PROFILES}
    assert {r["resourceType"] for r in _written()} | {"Extension"} == declared


def test_codes_come_only_from_declared_systems() -> None:
    systems = {row.url for row in CODE_SYSTEMS}
    used = {value for r in _written() for key, value in _walk(r) if key == "system"}
    assert used == systems


def test_a_person_is_their_nhs_number() -> None:
    for resource in _written():
        for key, value in _walk(resource):
            if key in ("subject", "patient"):
                assert value == {
                    "identifier": {"system": NHS_NUMBER, "value": value["identifier"]["value"]}
                }
                assert len(value["identifier"]["value"]) == 10


def test_no_risk_assessment_and_no_prediction_is_ever_written() -> None:
    written = _written()
    assert "RiskAssessment" not in {r["resourceType"] for r in written}
    assert not [k for r in written for k, _ in _walk(r) if k in ("prediction", "probability")]


def test_an_episode_names_its_care_manager_and_team() -> None:
    episode: CareEpisode = _record("care-episode", "episode_id", "EP-P007-2026")
    care, team = episode_of_care(episode)
    assert "careManager" not in care  # the key worker's assignment ended 2026-10-31
    assert team["participant"][0]["period"] == {"start": "2026-05-20", "end": "2026-10-31"}
    assert care["team"] == [{"reference": f"CareTeam/{team['id']}"}]
    current: CareEpisode = _record("care-episode", "episode_id", "EP-P002-2019")
    assert episode_of_care(current)[0]["careManager"]["identifier"] == {"value": "S002"}


def test_crisis_and_contingency_plans_are_care_plans_of_their_own() -> None:
    episode: CareEpisode = _record("care-episode", "episode_id", "EP-P002-2019")
    plans = {p["id"]: p for p in care_plans(episode)}
    main = plans["EP-P002-2019-plan-2"]
    crisis = plans["EP-P002-2019-plan-2-crisis-plan"]
    contingency = plans["EP-P002-2019-plan-2-contingency-plan"]
    assert crisis["category"] == [{"text": "crisis plan"}]
    assert contingency["category"] == [{"text": "contingency plan"}]
    for part in (crisis, contingency):
        assert part["partOf"] == [{"reference": "CarePlan/EP-P002-2019-plan-2"}]
    assert [a["detail"]["description"] for a in main["activity"]] == [
        "risk management",
        "relapse indicators",
        "physical health",
    ]
    assert plans["EP-P002-2019-plan-1"]["status"] == "completed"
    assert main["status"] == "active"


def test_honos_total_and_its_coded_items() -> None:
    complete: ClusterAssessment = _record(
        "cluster-assessment", "assessment_id", "HONOS65-P005-2026-05"
    )
    response, total = honos(complete)
    assert total["valueInteger"] == honos_score(complete).total
    codes = {row.code for row in HONOS_SNOMED}
    assert all(c["code"]["coding"][0]["code"] in codes for c in total["component"])
    not_known = [c for c in total["component"] if "dataAbsentReason" in c]
    assert len(not_known) == 1  # item 12 was rated 9
    assert [i["linkId"] for i in response["item"]] == [str(n) for n in range(1, 13)]
    incomplete: ClusterAssessment = _record(
        "cluster-assessment", "assessment_id", "HONOS-P002-2026-10"
    )
    assert "valueInteger" not in honos(incomplete)[1]
    mhct: ClusterAssessment = _record("cluster-assessment", "assessment_id", "MHCT-P003-2026-10")
    assert len(honos(mhct)[1]["component"]) == 12  # items 13 and A to E have no concept


def test_consent_refused_and_withdrawn() -> None:
    given: ConsentRecord = _record("consent-record", "consent_id", "CON-0002")
    (written,) = consent(given)
    assert written["scope"]["coding"][0]["code"] == "treatment"
    assert written["category"][0]["coding"][0] == {"system": "http://loinc.org", "code": "59284-0"}
    refused = consent(attrs.evolve(given, decision=ConsentDecision.REFUSED))[0]
    assert refused["provision"]["type"] == "deny"
    assert refused["policyRule"]["coding"][0]["code"] == "OPTOUT"
    withdrawn = consent(attrs.evolve(given, withdrawn_on=date(2026, 11, 1)))[0]
    assert withdrawn["status"] == "inactive"
    assert withdrawn["provision"]["period"]["end"] == "2026-11-01"


def test_legal_status_on_each_stay_in_hospital() -> None:
    detention: MhaDetention = _record("mha-detention", "detention_id", "MHA-P002-2025")
    stays = legal_status(detention)
    assert len(stays) == 2  # s3, then a CTO, then s3 after revocation, then a CTO
    for stay in stays:
        for extension in stay["extension"]:
            assert extension["url"] == LEGAL_STATUS_EXTENSION
            context, classification = extension["extension"]
            assert context["url"] == "legalStatusContext"
            assert context["valueCodeableConcept"]["coding"][0]["system"] == LEGAL_STATUS_CONTEXT
            assert classification["url"] == "legalStatusClassification"
            coding = classification["valueCodeableConcept"]["coding"][0]
            assert coding == {"system": LEGAL_STATUS_CLASSIFICATION, "code": "03"}
    place_of_safety: MhaDetention = _record("mha-detention", "detention_id", "MHA-P007-2026")
    assert legal_status(place_of_safety)[0]["class"]["code"] == "EMER"
    open_stay: MhaDetention = _record("mha-detention", "detention_id", "MHA-P004-2026")
    (stay,) = legal_status(open_stay)
    assert stay["status"] == "in-progress"
    assert [
        e["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] for e in stay["extension"]
    ] == ["admission"]
    uncoded = attrs.evolve(
        open_stay, periods=(attrs.evolve(open_stay.periods[0], legal_status_code=None),)
    )
    assert "extension" not in legal_status(uncoded)[0]
    assert all(p.section is not Section.CTO for p in open_stay.periods)


def test_a_safety_plan_is_a_care_plan() -> None:
    assessment: SafetyAssessment = _record(
        "risk-safety-assessment", "assessment_id", "RA-P001-2026-09"
    )
    (plan,) = safety_plan(assessment)
    assert plan["category"] == [{"text": "safety plan"}]
    assert plan["activity"][0]["detail"]["description"].startswith("warning sign: ")
    without = attrs.evolve(assessment, safety_plan=None)
    assert safety_plan(without) == []


def test_trust_systems_add_codings_and_identifier_systems() -> None:
    options = FhirOptions(
        identifier_system="https://example.nhs.uk/Id/local",
        code_system="https://example.nhs.uk/CodeSystem/cpa",
    )
    episode: CareEpisode = _record("care-episode", "episode_id", "EP-P001-2025")
    care, team = episode_of_care(episode, options)
    assert care["identifier"] == [
        {"system": "https://example.nhs.uk/Id/local", "value": "EP-P001-2025"}
    ]
    assert care["type"][0]["coding"] == [
        {"system": "https://example.nhs.uk/CodeSystem/cpa", "code": "cmhf"}
    ]
    for resource in (care, team):
        check_resource(resource)


def test_an_id_that_is_not_a_fhir_id_becomes_a_stable_uuid() -> None:
    episode: CareEpisode = _record("care-episode", "episode_id", "EP-P001-2025")
    odd = attrs.evolve(episode, episode_id="EP:P001/2025")
    first, second = episode_of_care(odd)[0]["id"], episode_of_care(odd)[0]["id"]
    assert first == second
    assert len(first) == 36
    check_resource(episode_of_care(odd)[0])


def test_a_record_with_no_mapping_is_refused() -> None:
    with pytest.raises(CpaCoreError, match="no FHIR mapping"):
        resources_for(object())


def test_check_resource_names_elements_never_values() -> None:
    bad = {"resourceType": "Consent", "status": PLANTED_NAME, "scope": {"text": 3}}
    with pytest.raises(CpaCoreError) as caught:
        check_resource(bad)
    assert "Quartermaine" not in str(caught.value)
    assert "scope.text" in str(caught.value)
    with pytest.raises(CpaCoreError, match="not a FHIR R4B resource type"):
        check_resource({"resourceType": PLANTED_NAME})


def test_check_resource_needs_the_fhir_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> Any:
        if name.startswith("fhir.resources"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(CpaCoreError, match=r"cpa-core\[fhir\]"):
        check_resource({"resourceType": "Consent"})


GOLDEN_SOURCES = {
    "EpisodeOfCare.json": lambda: episode_of_care(
        _record("care-episode", "episode_id", "EP-P002-2019")
    )[0],
    "CareTeam.json": lambda: episode_of_care(_record("care-episode", "episode_id", "EP-P002-2019"))[
        1
    ],
    "CarePlan.json": lambda: care_plans(_record("care-episode", "episode_id", "EP-P002-2019"))[3],
    "CarePlan-crisis-plan.json": lambda: care_plans(
        _record("care-episode", "episode_id", "EP-P002-2019")
    )[4],
    "CarePlan-safety-plan.json": lambda: safety_plan(
        _record("risk-safety-assessment", "assessment_id", "RA-P001-2026-09")
    )[0],
    "QuestionnaireResponse.json": lambda: honos(
        _record("cluster-assessment", "assessment_id", "HONOS65-P005-2026-05")
    )[0],
    "Observation.json": lambda: honos(
        _record("cluster-assessment", "assessment_id", "HONOS65-P005-2026-05")
    )[1],
    "Consent.json": lambda: consent(_record("consent-record", "consent_id", "CON-0001"))[0],
    "Encounter.json": lambda: legal_status(
        _record("mha-detention", "detention_id", "MHA-P003-2026")
    )[0],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_SOURCES))
def test_golden_files(name: str) -> None:
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    written = GOLDEN_SOURCES[name]()
    assert written == expected
    check_resource(written)


def test_every_golden_file_is_checked() -> None:
    assert {p.name for p in GOLDEN.glob("*.json")} == set(GOLDEN_SOURCES)
