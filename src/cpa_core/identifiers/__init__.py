"""Identifier validators, one module per identifier, each with the same interface.

Each module offers ``normalise``, ``validate``, ``is_valid`` and ``mask`` in the style of
python-stdnum, so callers can treat identifiers uniformly.
"""

from cpa_core.identifiers import nhs_number

__all__ = ["nhs_number"]
