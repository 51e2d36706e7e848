"""The risk area's data: risk domains and per-domain rating scales, with their sources.

Both are *data*, extensible by the Trust through :class:`~cpa_core.policy.risk.RiskPolicy`:
``extra_domains`` adds domains and ``rating_scales`` adds the scales of the tools the Trust
licenses. cpa_core ships only a generic ordinal scale and a synthetic example scale; it
carries no proprietary wording (FACE is (c) Imosphere).

The windows of the change and timeliness rules are policy settings, not rows here: no
national document fixes them.
"""

from __future__ import annotations

import functools
from datetime import date

import attrs

from cpa_core.exceptions import CpaCoreError, PolicyError
from cpa_core.policy import TrustPolicy
from cpa_core.policy.risk import RiskPolicy, ScaleLevel
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "DESCRIPTIVE_NOT_PREDICTIVE",
    "NCISH_2018",
    "NG225",
    "NHSE_STAYING_SAFE",
    "RATING_SCALES",
    "RISK_DOMAINS",
    "RatingScaleRow",
    "RiskDomainRow",
    "rating_scales",
    "risk_domains",
]

NG225 = Source(
    title="Self-harm: assessment, management and preventing recurrence (NICE guideline NG225)",
    publisher="NICE",
    locator="recommendations on risk assessment tools and scales; risk formulation",
    version="7 September 2022",
    url="https://www.nice.org.uk/guidance/ng225",
    evidence=Evidence.SECONDARY,
    checked=date(2026, 12, 6),
    secondary_reason="the guideline and its date are NICE's own page; its wording on tools, "
    "global stratification and formulation was read only as NHS England (2025) and others "
    "quote it, and the recommendation numbers are not confirmed",
)
"""NICE NG225: no risk tools or global stratification to predict or to allocate care."""

NCISH_2018 = Source(
    title="The assessment of clinical risk in mental health services",
    publisher="National Confidential Inquiry into Suicide and Safety in Mental Health",
    locator="key messages",
    version="October 2018",
    url="https://sites.manchester.ac.uk/ncish/reports/the-assessment-of-clinical-risk-in-mental-health-services/",
)
"""NCISH 2018: "risk is not a number"; treatment decisions not determined by a score."""

NHSE_STAYING_SAFE = Source(
    title="Staying safe from suicide",
    publisher="NHS England",
    locator="safety assessment, safety formulation, safety management and planning",
    version="2025",
    url="https://www.england.nhs.uk/long-read/staying-safe-from-suicide",
)
"""NHS England 2025: safety assessment, formulation and a collaborative safety plan."""

DESCRIPTIVE_NOT_PREDICTIVE = "descriptive, not predictive (NICE NG225; NCISH 2018)"
"""The label to show beside any per-domain rating."""

# Domain-structured assessment is framed nationally by the DH's 2007 guidance (its
# Appendix 1 lists the structured tools); the categories themselves are data, not rules.
_DOMAINS_FROM = Effective(date(2007, 6, 14))

_GRIST = Source(
    title="GRiST: how cloud computing software helps to reduce suicide risks",
    publisher="UKRI (ESRC research outcome)",
    locator="domains: suicide, self-harm, harm to others, self-neglect, vulnerability",
    version="2016",
    url="https://www.ukri.org/who-we-are/how-we-are-doing/research-outcomes-and-impact/esrc/how-cloud-computing-software-helps-to-reduce-suicide-risks/",
    evidence=Evidence.SECONDARY,
    secondary_reason="a research funder's account of one risk tool, used to name common risk "
    "domains: no national list of domains exists",
)
_FACE_DOMAINS = Source(
    title="FACE adult risk profile domains (as reported; wording not reproduced)",
    publisher="Imosphere",
    locator="accidental self-harm domain",
    url="https://imosphere.com/care-and-support-tools/risk-assessment-toolset/nice-self-harm-guidelines",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="the vendor's page about its own proprietary tool; the tool's domain "
    "list itself is not public",
)
_ENGINEERING = Source(
    title="cpa_core generic scales",
    publisher="cpa_core",
    locator="no national per-domain scale exists; Trusts supply their tools' scales",
    evidence=Evidence.UNVERIFIED,
)


def _trust(what: str, setting: str) -> Source:
    """The source of rows a Trust supplies in its policy file."""
    return Source(
        title=f"Trust-supplied {what}",
        publisher="the Trust's policy file",
        locator=setting,
        evidence=Evidence.SECONDARY,
        secondary_reason="the Trust supplies these rows in its policy file; cpa_core cannot "
        "grade them",
    )


_TRUST_SUPPLIED = _trust("rating scale", "risk.rating_scales")
_TRUST_DOMAIN = _trust("risk domain", "risk.extra_domains")
# The shipped generic scales and the Trust's own rows have no date of their own.
_UNDATED = Effective.unknown_start()


@attrs.frozen(kw_only=True)
class RiskDomainRow(RuleRow):
    """A risk domain an assessment may observe (and a clinician may rate on its own).

    Attributes:
        code: The domain's code, as observations name it.
        label: The domain's name.
    """

    code: str
    label: str


@attrs.frozen(kw_only=True)
class RatingScaleRow:
    """A named, versioned per-domain rating scale: levels with labels, ascending concern.

    A scale orders the levels of *one* domain. It has no thresholds, no cut-offs and no
    way to combine domains.

    Attributes:
        scale_id: The scale's identifier, as ratings name it.
        version: The scale's version, as ratings name it.
        title: The scale's name.
        levels: The levels in ascending order of concern.
        example: True for synthetic scales that exist only for tests and docs.
        source: Who supplies the scale.
        effective: When the scale may be used.
    """

    scale_id: str
    version: str
    title: str
    levels: tuple[ScaleLevel, ...]
    example: bool = False
    source: Source
    effective: Effective

    def __attrs_post_init__(self) -> None:
        values = [level.value for level in self.levels]
        if len(values) < 2 or len(set(values)) != len(values):
            raise CpaCoreError(
                f"rating scale {self.scale_id!r}: needs two or more levels, each value once"
            )

    @property
    def key(self) -> tuple[str, str]:
        """``(scale_id, version)``, the key ratings look the scale up by."""
        return (self.scale_id, self.version)

    @property
    def level_labels(self) -> str:
        """The levels as ``value: label`` pairs in ascending order, for docs and reports."""
        return "; ".join(f"{level.value}: {level.label}" for level in self.levels)

    def label_of(self, value: int) -> str | None:
        """The label of level ``value``, or ``None`` when the scale has no such level."""
        for level in self.levels:
            if level.value == value:
                return level.label
        return None

    def rises(self, before: int, after: int) -> bool:
        """Whether ``after`` is a higher level than ``before`` on this scale.

        Both must be levels of the scale; otherwise the answer is ``False`` (an off-scale
        level is reported by its own rule, not guessed at here).
        """
        order = [level.value for level in self.levels]
        if before not in order or after not in order:
            return False
        return order.index(after) > order.index(before)


RISK_DOMAINS: RuleTable[str, RiskDomainRow] = RuleTable(
    "risk domains",
    tuple(
        RiskDomainRow(code=code, label=label, source=source, effective=_DOMAINS_FROM)
        for code, label, source in (
            ("suicide", "Suicide", _GRIST),
            ("self-harm", "Self-harm", _GRIST),
            ("harm-to-others", "Harm to others", _GRIST),
            ("self-neglect", "Self-neglect", _GRIST),
            ("exploitation-or-vulnerability", "Exploitation or vulnerability", _GRIST),
            ("accidental-harm", "Accidental harm", _FACE_DOMAINS),
        )
    ),
    key=lambda row: row.code,
    description="The built-in risk domains; a Trust adds its own in risk.extra_domains.",
)

RATING_SCALES: RuleTable[tuple[str, str], RatingScaleRow] = RuleTable(
    "rating scales",
    (
        RatingScaleRow(
            scale_id="generic-ordinal",
            version="1",
            title="Generic ordinal scale (order only, no wording of any tool)",
            levels=tuple(
                ScaleLevel(value=n, label=text)
                for n, text in (
                    (0, "0 (lowest on this scale)"),
                    (1, "1"),
                    (2, "2"),
                    (3, "3"),
                    (4, "4 (highest on this scale)"),
                )
            ),
            source=_ENGINEERING,
            effective=_UNDATED,
        ),
        RatingScaleRow(
            scale_id="example-synthetic",
            version="0",
            title="Synthetic example scale, for tests and documentation only",
            levels=(
                ScaleLevel(value=1, label="example level A (synthetic)"),
                ScaleLevel(value=2, label="example level B (synthetic)"),
                ScaleLevel(value=3, label="example level C (synthetic)"),
            ),
            example=True,
            source=_ENGINEERING,
            effective=_UNDATED,
        ),
    ),
    key=lambda row: row.key,
    description="Per-domain rating scales shipped with cpa_core; Trusts add their tools' "
    "scales in risk.rating_scales.",
)


@functools.lru_cache(maxsize=16)
def _domains(section: RiskPolicy) -> RuleTable[str, RiskDomainRow]:
    extra = tuple(
        RiskDomainRow(code=d.code, label=d.label, source=_TRUST_DOMAIN, effective=_UNDATED)
        for d in section.extra_domains
    )
    clashes = sorted({d.code for d in extra} & set(RISK_DOMAINS.keys()))
    if clashes or len({d.code for d in extra}) != len(extra):
        raise PolicyError(f"risk.extra_domains: codes repeated or built in: {clashes}")
    return RuleTable(
        RISK_DOMAINS.name,
        RISK_DOMAINS.rows + extra,
        key=lambda row: row.code,
        description=RISK_DOMAINS.description,
    )


@functools.lru_cache(maxsize=16)
def _scales(section: RiskPolicy) -> RuleTable[tuple[str, str], RatingScaleRow]:
    try:
        extra = tuple(
            RatingScaleRow(
                scale_id=s.scale_id,
                version=s.version,
                title=s.title,
                levels=s.levels,
                source=_TRUST_SUPPLIED,
                effective=_UNDATED,
            )
            for s in section.rating_scales
        )
        return RuleTable(
            RATING_SCALES.name,
            RATING_SCALES.rows + extra,
            key=lambda row: row.key,
            description=RATING_SCALES.description,
        )
    except CpaCoreError as exc:
        raise PolicyError(f"risk.rating_scales: {exc}") from None


def risk_domains(policy: TrustPolicy) -> RuleTable[str, RiskDomainRow]:
    """The built-in risk domains and the Trust's ``extra_domains``, as one table.

    Raises:
        PolicyError: A Trust domain repeats a code or reuses a built-in one.
    """
    return _domains(policy.risk)


def rating_scales(policy: TrustPolicy) -> RuleTable[tuple[str, str], RatingScaleRow]:
    """The shipped rating scales and the Trust's ``rating_scales``, as one table.

    Raises:
        PolicyError: A Trust scale repeats a level value, has fewer than two levels, or
            reuses the identifier and version of another scale.
    """
    return _scales(policy.risk)
