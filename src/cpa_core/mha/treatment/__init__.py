"""Consent to treatment: the s58 and Part 4A certificates.

Rooms: :mod:`~cpa_core.mha.treatment.models`, :mod:`~cpa_core.mha.treatment.rules`,
:mod:`~cpa_core.mha.treatment.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
