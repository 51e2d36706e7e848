"""Where the MHSDS facts used by :mod:`cpa_core.mhsds` come from.

NHS England's own analytical code names the tables and fields it reads. NHS England
publishes it as code, not as a document, so each such source is graded secondary with that
reason (:data:`~cpa_core.publishers.PUBLISHED_CODE`). Where the code joins on the derived
``Uniq…`` identifiers rather than the local identifiers a Trust's own extract carries, the
field list of an integrated care board's one-to-one copy of the national tables corroborates
the local name (also secondary).
"""

from __future__ import annotations

from cpa_core.provenance import Evidence, Source
from cpa_core.publishers import PUBLISHED_CODE

__all__ = [
    "ACTIVITY_PREP",
    "AWT_PREP",
    "CMH_DASHBOARD",
    "CPA_REVIEWS",
    "DB_MHS001",
    "DB_MHS101_MHS501",
    "DB_MHS401_MHS701",
    "FOLLOW_UP_72H",
    "MAPPING_DECISION",
    "MHA_PREP",
    "MHSDS_ASSESSMENTS",
    "MHSDS_HEADER",
    "NCL_RAW",
    "V6_VALID_CODES",
    "ncl",
]

_MHMS = "https://github.com/NHSDigital/mental-health-monthly-statistics"
_MHSDS = "https://github.com/nhsengland/MHSDS"
_NCL = "https://github.com/ncl-icb-analytics/dbt-ncl-analytics"
_NCL_REASON = (
    "an integrated care board's analytics code copying the national tables one to one; "
    "NHS England's own column lists join on derived identifiers instead"
)

DB_MHS001 = Source(
    title="mental-health-monthly-statistics: MHS001MPI_latest_month_data",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_analysis/schemas/00_DB/db_upgrade_6.py",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The MHS001MPI column list (LocalPatientId, NHSNumber, ...)."""

DB_MHS101_MHS501 = Source(
    title="mental-health-monthly-statistics: referral and hospital spell tables",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_analysis/schemas/00_DB/db_upgrade_12.py "
    "(tmp_mhmab_mhs101referral_open_end_rp, tmp_mhmab_mhs501hospprovspell_latest_month_data)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The MHS101Referral and MHS501HospProvSpell column lists."""

DB_MHS401_MHS701 = Source(
    title="mental-health-monthly-statistics: MHA period and CPA episode tables",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_analysis/schemas/00_DB/db_upgrade_9.py "
    "(MHS401MHActPeriod_GRD_open_end_rp, MHS701CPACareEpisode_latest)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The MHS401MHActPeriod and MHS701CPACareEpisode column lists."""

MHA_PREP = Source(
    title="mental-health-monthly-statistics: Mental Health Act measures",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_bbrb/notebooks/02_Specific_Prepare/"
    "10_mha/mha_prep.py (MHA_MHS404CTO_Latest, MHA_MHS405CTO_Recall_Latest, "
    "MHA_Revoked_CTO, where CommTreatOrdEndReason is 02)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""MHS404 and MHS405 fields, and end reason 02 for a revoked CTO."""

FOLLOW_UP_72H = Source(
    title="mental-health-monthly-statistics: 72-hour follow-up (MHS78-MHS80)",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_publications/notebooks/02_72HOURS/"
    "01_Prepare/PrepViews.py (MHS201 AttendStatus in 5, 6; ConsMechanismMH; MHS204 "
    "IndirectActDate; MHS502 MHAdmittedPatientClass; MHS501 MethOfDisch, DestOfDisch; "
    "MHS105 OrgIDReceiving; MHS001 PersDeathDate; MHS000Header OrgIDProvider)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""How NHS England reads discharges and follow-up contacts for the 72-hour measure."""

V6_VALID_CODES = Source(
    title="mental-health-monthly-statistics: data quality valid codes",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_dq/notebooks/00.common_objects/"
    "00_version_change_tables.py (MHAdmittedPatientClass 200-213 and 300-311 from month "
    "1489; HospitalBedTypeMH 10-40 to month 1488)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""Which bed-class field and codes apply before and from MHSDS v6 (April 2024)."""

ACTIVITY_PREP = Source(
    title="mental-health-monthly-statistics: NHS England pre-processed activity",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_bbrb/notebooks/01_Generic_Prepare/"
    "05_nhse_pre_processing_tables_static.py (MHS201 CareContDate, CareContTime, "
    "AttendStatus, ConsMechanismMH; MHS204 IndirectActDate, IndirectActTime)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""Contact and indirect activity dates and times, as NHS England reads them."""

AWT_PREP = Source(
    title="mental-health-monthly-statistics: access and waiting times preparation",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_analysis/notebooks/v4_code_DO_NOT_DELETE/"
    "notebooks/01_Prepare/2.AWT_prep.py (MHS006MHCareCoord StartDateAssCareCoord, "
    "EndDateAssCareCoord)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The dates of a care coordinator assignment."""

CPA_REVIEWS = Source(
    title="mental-health-monthly-statistics: CPA review measures (before v6)",
    publisher="NHS England (NHS Digital)",
    locator="Mental_Health_Monthly_Statistics/menh_analysis/notebooks/v4_code_DO_NOT_DELETE/"
    "notebooks/02_Aggregate/1.Main_monthly_agg/2.CCG/Outpatient-Other measures.py "
    "(MHS702CPAReview CPAReviewDate)",
    url=_MHMS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The date of a CPA review."""

CMH_DASHBOARD = Source(
    title="MHSDS: Community Mental Health dashboard",
    publisher="NHS England",
    locator="CMH Dashboard/NCDR/CMHDashboard (MHS008CarePlanType CarePlanTypeMH 10-14, "
    "CarePlanCreatDate, CarePlanLastUpdateDate; MHS009CarePlanAgreement "
    "CarePlanContentAgreedDate; MHS201 AttendOrDNACode 5, 6 attended)",
    url=_MHSDS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""Care plan types and agreement dates, and attendance codes, as NHS England reads them."""

MHSDS_ASSESSMENTS = Source(
    title="MHSDS pre-processing: assessments",
    publisher="NHS England",
    locator="PreProcessing/NCDR/PreProcessing - 4 Assessments.sql (MHS607 CodedAssToolType, "
    "PersScore, dated by MHS201 CareContDate; MHS606 AssToolCompTimestamp)",
    url=_MHSDS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""How NHS England reads coded assessment scores and dates them."""

MHSDS_HEADER = Source(
    title="MHSDS pre-processing: header and table row counts",
    publisher="NHS England",
    locator="PreProcessing/PreProc 1 - Header (the v6 table names)",
    url=_MHSDS,
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
"""The names of the MHSDS tables a submission holds."""

NCL_RAW = Source(
    title="dbt-ncl-analytics: raw MHSDS models (one-to-one copies of the national tables)",
    publisher="NHS North Central London ICB",
    locator="models/raw/commissioning/raw_mhsds_*.sql",
    url=_NCL,
    evidence=Evidence.SECONDARY,
    secondary_reason=_NCL_REASON,
)
"""The full column list of each table as NHS England delivers it (secondary)."""


def ncl(table: str) -> Source:
    """The secondary source for one table's column list."""
    return Source(
        title=NCL_RAW.title,
        publisher=NCL_RAW.publisher,
        locator=f"models/raw/commissioning/raw_mhsds_{table.lower()}.sql",
        url=_NCL,
        evidence=Evidence.SECONDARY,
    )


MAPPING_DECISION = Source(
    title="cpa_core MHSDS mapping",
    publisher="cpa_core",
    locator="a mapping choice where MHSDS carries no direct field; see the Interoperability page",
    evidence=Evidence.UNVERIFIED,
)
"""A choice cpa_core makes to join or derive what MHSDS does not say outright."""
