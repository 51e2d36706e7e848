"""The publishers whose own pages a rule's source may cite, by web host.

A policy lead signs a rule off against the publisher's own document: the statute on
legislation.gov.uk, NHS England's guidance on its own site, the regulator's standard on the
regulator's site, a Trust's policy on the Trust's site. :data:`PUBLISHERS` lists the hosts
cpa_core's sources use and says who publishes there and what kind of document it is; a source
on any other host (a document mirror, a law firm's summary, a code repository) must say why
it is not the publisher's page (:attr:`~cpa_core.provenance.Source.secondary_reason`), and a
test across every rule table keeps it so.

A host is listed only when the organisation publishes there itself; a mirror of a
publisher's document never is, however faithful.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["PUBLISHED_CODE", "PUBLISHERS", "Publisher", "PublisherKind", "publisher_of"]

PUBLISHED_CODE = (
    "NHS England's published code (a public GitHub repository of its analysts or of a "
    "national service): the rule is stated there and in no document of its own"
)
"""The reason a source on NHS England's GitHub is secondary: national analysts compute the
rule so, but NHS England publishes no document that states it."""


class PublisherKind(enum.Enum):
    """What kind of document a publisher's host holds, in words for a policy reader."""

    STATUTE = "statute"
    CASE_LAW = "case law"
    NATIONAL_GUIDANCE = "national guidance"
    NATIONAL_DATA_STANDARD = "national data standard"
    REGULATOR = "regulator"
    PROFESSIONAL_BODY = "professional body"
    PUBLIC_INQUIRY = "public inquiry"
    TRUST_POLICY = "Trust policy"
    RESEARCH = "research"


@attrs.frozen
class Publisher:
    """An organisation that publishes its own documents on a host.

    Attributes:
        name: The organisation, as a citation names it.
        kind: The kind of document it publishes there.
    """

    name: str
    kind: PublisherKind


_STATUTE = PublisherKind.STATUTE
_GUIDANCE = PublisherKind.NATIONAL_GUIDANCE
_DATA = PublisherKind.NATIONAL_DATA_STANDARD
_REGULATOR = PublisherKind.REGULATOR
_BODY = PublisherKind.PROFESSIONAL_BODY
_TRUST = PublisherKind.TRUST_POLICY
_RESEARCH = PublisherKind.RESEARCH

PUBLISHERS: Mapping[str, Publisher] = MappingProxyType(
    {
        # Statute and case law
        "legislation.gov.uk": Publisher("The National Archives (legislation.gov.uk)", _STATUTE),
        "caselaw.nationalarchives.gov.uk": Publisher(
            "The National Archives (Find Case Law)", PublisherKind.CASE_LAW
        ),
        # National guidance: government, NHS England and its predecessors, NICE
        "gov.uk": Publisher("GOV.UK (UK Government)", _GUIDANCE),
        "webarchive.nationalarchives.gov.uk": Publisher(
            "UK Government Web Archive (The National Archives)", _GUIDANCE
        ),
        "england.nhs.uk": Publisher("NHS England", _GUIDANCE),
        "transform.england.nhs.uk": Publisher("NHS England Transformation Directorate", _GUIDANCE),
        "digital.nhs.uk": Publisher("NHS England (formerly NHS Digital)", _GUIDANCE),
        "nice.org.uk": Publisher("NICE", _GUIDANCE),
        "skillsforhealth.org.uk": Publisher("Skills for Health", _GUIDANCE),
        # National data standards
        "datadictionary.nhs.uk": Publisher("NHS Data Dictionary", _DATA),
        "v2.datadictionary.nhs.uk": Publisher("NHS Data Dictionary (version 2)", _DATA),
        "hl7.org": Publisher("HL7 International (FHIR)", _DATA),
        "fhir.hl7.org.uk": Publisher("HL7 UK (FHIR UK Core)", _DATA),
        # Regulators
        "nmc.org.uk": Publisher("Nursing and Midwifery Council", _REGULATOR),
        "hcpc-uk.org": Publisher("Health and Care Professions Council", _REGULATOR),
        "socialworkengland.org.uk": Publisher("Social Work England", _REGULATOR),
        "cqc.org.uk": Publisher("Care Quality Commission", _REGULATOR),
        # Professional bodies publishing their own standards
        "resus.org.uk": Publisher("Resuscitation Council UK", _BODY),
        "rcn.org.uk": Publisher("Royal College of Nursing", _BODY),
        "rcpsych.ac.uk": Publisher("Royal College of Psychiatrists", _BODY),
        # Public inquiries
        "iicsa.org.uk": Publisher(
            "Independent Inquiry into Child Sexual Abuse", PublisherKind.PUBLIC_INQUIRY
        ),
        # Research: national inquiries and journals' own pages
        "sites.manchester.ac.uk/ncish": Publisher(
            "National Confidential Inquiry into Suicide and Safety in Mental Health (University "
            "of Manchester)",
            _RESEARCH,
        ),
        "pmc.ncbi.nlm.nih.gov": Publisher(
            "PubMed Central (US National Library of Medicine)", _RESEARCH
        ),
        "cambridge.org": Publisher("Cambridge University Press", _RESEARCH),
        "doi.org": Publisher("DOI resolver (to the journal publisher's page)", _RESEARCH),
        "ukri.org": Publisher("UK Research and Innovation", _RESEARCH),
        # Trusts' own published policies
        "rdash.nhs.uk": Publisher(
            "Rotherham Doncaster and South Humber NHS Foundation Trust", _TRUST
        ),
        "sssft.nhs.uk": Publisher(
            "South Staffordshire and Shropshire Healthcare NHS Foundation Trust", _TRUST
        ),
        "kmpt.nhs.uk": Publisher("Kent and Medway NHS and Social Care Partnership Trust", _TRUST),
        "uhliverpool.nhs.uk": Publisher(
            "Liverpool University Hospitals NHS Foundation Trust", _TRUST
        ),
    }
)
"""Every publisher host cpa_core's sources may cite, without a leading ``www.``; a host
shared by several organisations is listed with the first folder of the publisher's own
pages (``sites.manchester.ac.uk/ncish``)."""


def publisher_of(url: str) -> Publisher | None:
    """The publisher whose own pages ``url`` is on, or ``None`` (no URL, or not a publisher).

    The host is matched exactly, after a leading ``www.``: a sub-domain is a different site
    (a staging copy, a proxy) until it is listed.
    """
    # Imported here: every module declares Sources, few ask for their publisher, and
    # urllib.parse brings ipaddress with it.
    from urllib.parse import urlsplit  # noqa: PLC0415

    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    folder = parts.path.strip("/").split("/", 1)[0]
    return PUBLISHERS.get(f"{host}/{folder}") or PUBLISHERS.get(host)
