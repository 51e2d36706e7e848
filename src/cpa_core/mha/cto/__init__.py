"""Community treatment orders: their conditions (s17B), extensions (s20A) and recalls (s17E, s17F).

Rooms: :mod:`~cpa_core.mha.cto.models`, :mod:`~cpa_core.mha.cto.rules`,
:mod:`~cpa_core.mha.cto.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
