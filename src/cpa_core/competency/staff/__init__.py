"""The staff member: supervision, appraisal, DBS, driving, caseload, eligibility, team summary.

Rooms: :mod:`~cpa_core.competency.staff.models` and :mod:`~cpa_core.competency.staff.checks`
(the staff record's own values are Trust settings, :mod:`cpa_core.policy.competency`; the
tables it is judged against belong to the other sub-areas); their public names are
re-exported from :mod:`cpa_core.competency`.
"""
