"""Expiries and renewals: whether an authority has expired, is about to, or was renewed in time.

Rooms: :mod:`~cpa_core.mha.expiries.models`, :mod:`~cpa_core.mha.expiries.rules`,
:mod:`~cpa_core.mha.expiries.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
