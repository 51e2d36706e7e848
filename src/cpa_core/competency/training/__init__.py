"""Mandatory training: the CSTF catalogue, refresher periods and learning hours.

Rooms: :mod:`~cpa_core.competency.training.models`,
:mod:`~cpa_core.competency.training.rules` and :mod:`~cpa_core.competency.training.checks`;
their public names are re-exported from :mod:`cpa_core.competency`.
"""
