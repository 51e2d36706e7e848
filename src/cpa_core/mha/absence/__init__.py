"""Leave of absence (s17) and absence without leave (s18, s21, s21A, s21B).

Rooms: :mod:`~cpa_core.mha.absence.models`, :mod:`~cpa_core.mha.absence.rules`,
:mod:`~cpa_core.mha.absence.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
