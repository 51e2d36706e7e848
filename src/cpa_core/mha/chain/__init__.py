"""The chain of periods: changes of section, where each period counts from, and the MHSDS
legal status codes.

Rooms: :mod:`~cpa_core.mha.chain.models`, :mod:`~cpa_core.mha.chain.rules`,
:mod:`~cpa_core.mha.chain.checks`; their public names are re-exported by :mod:`cpa_core.mha`.
"""
