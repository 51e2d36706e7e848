"""The hospital managers' references to the tribunal (s68) and the tribunal calendar.

Rooms: :mod:`~cpa_core.mha.references.models`, :mod:`~cpa_core.mha.references.rules`,
:mod:`~cpa_core.mha.references.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
