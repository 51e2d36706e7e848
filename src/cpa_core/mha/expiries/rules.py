"""Expiry and renewal as rules: where the end of a renewed authority is unsettled.

The periods themselves (s20, s20A, the court's remands) are the section catalogue's rows;
what absence without leave does to them, the statutory periods of s18 and s21. What is
here is the reference's caution about renewals counted in months [U].
"""

from __future__ import annotations

from cpa_core.provenance import Evidence, Source

__all__: list[str] = []

RENEWAL_READINGS = Source(
    title="cpa_core shared reference, mental-health-act.md",
    publisher="cpa_core",
    locator="section 10: renewal end unsettled (readings A, B, C)",
    url="https://forum.mentalhealthlaw.co.uk/t/section-3-expiry-date/1329",
    secondary_reason="practitioners disagree on how a renewal period is counted (a "
    "mental health law forum's discussion); no court or national guidance settles it",
    evidence=Evidence.UNVERIFIED,
)
"""Where a renewal period ends is unsettled near month ends: three readings [U]."""

VERIFY_FROM_DAY = 29
"""Reference section 10: flag renewals of admissions on the 29th to the 31st [U]
(:data:`RENEWAL_READINGS`)."""
