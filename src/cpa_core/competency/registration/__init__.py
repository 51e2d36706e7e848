"""Registration: regulators, registration cycles, NMC revalidation and Social Work England CPD.

Rooms: :mod:`~cpa_core.competency.registration.models`,
:mod:`~cpa_core.competency.registration.rules` and
:mod:`~cpa_core.competency.registration.checks`; their public names are re-exported from
:mod:`cpa_core.competency`.
"""
