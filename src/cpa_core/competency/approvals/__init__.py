"""Statutory approvals: AMHP approval and Best Interests Assessor eligibility.

Rooms: :mod:`~cpa_core.competency.approvals.models`,
:mod:`~cpa_core.competency.approvals.rules` and :mod:`~cpa_core.competency.approvals.checks`;
their public names are re-exported from :mod:`cpa_core.competency`.
"""
