"""The section catalogue, changes of section and the chain's periods of authority.

Rooms: :mod:`~cpa_core.mha.sections.models`, :mod:`~cpa_core.mha.sections.rules`,
:mod:`~cpa_core.mha.sections.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
