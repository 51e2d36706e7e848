"""The patient's applications to the tribunal (s66).

Rooms: :mod:`~cpa_core.mha.tribunal.models`, :mod:`~cpa_core.mha.tribunal.rules`,
:mod:`~cpa_core.mha.tribunal.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
