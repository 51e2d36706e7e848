"""The legal holds placed nationally, as data with provenance.

Records Management Code of Practice, Appendix I: an active public inquiry hold overrides the
normal destruction of the records it covers. Each hold here carries its source and how well
its *current* status (still in force) is established.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.retention.holds.models import HoldOrigin, HoldScope, LegalHold

__all__ = [
    "NATIONAL_HOLDS",
    "NationalHoldRow",
]

_U = Evidence.UNVERIFIED

APPENDIX_I = Source(
    title="Records Management Code of Practice, Appendix I public and statutory inquiries",
    publisher="NHSX / NHS England",
    locator="an active inquiry hold overrides normal destruction",
    version="2021 (HTML updated 7 August 2023)",
    url="https://transform.england.nhs.uk/information-governance/guidance/"
    "records-management-code/records-management-code-of-practice",
)
"""The rule every hold applies: an active inquiry hold overrides normal destruction."""


@attrs.frozen(kw_only=True)
class NationalHoldRow:
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


def _national(hold: LegalHold, status: Evidence, source: Source) -> NationalHoldRow:
    return NationalHoldRow(
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

NATIONAL_HOLDS: RuleTable[str, NationalHoldRow] = RuleTable(
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
