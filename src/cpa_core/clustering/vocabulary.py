"""Data-set vocabulary: map MHSDS and Data Dictionary codes to and from the models.

For ETL: cluster codes as the Data Dictionary writes them ('0' or '00' to '21'), MHCT item
codes in either numbering (A to E, or 14 to 18), and the SNOMED CT concepts MHSDS uses for
HoNOS item scores.
"""

from __future__ import annotations

import re
from datetime import date

from cpa_core.clustering.models import MhctItem, Scale
from cpa_core.clustering.rules import CLUSTERS, HONOS_SNOMED, SnomedRow
from cpa_core.exceptions import UnknownCodeError
from cpa_core.policy import TrustPolicy

__all__ = [
    "cluster_from_code",
    "cluster_to_code",
    "item_for_snomed",
    "mhct_item",
    "snomed_for",
]

_DEFAULT_POLICY = TrustPolicy()
_CLUSTER_CODE = re.compile(r"[0-9]{1,2}")
_NUMBERED_FROM = 14


def cluster_from_code(code: str) -> int:
    """The cluster of a Data Dictionary code: '0' or '00' to '21' (surrounding spaces allowed).

    MHSDS accepts one- or two-digit values in ``AMHCareClustCodeFin``.

    Raises:
        UnknownCodeError: The code is not one of the cluster codes.
    """
    text = code.strip()
    if _CLUSTER_CODE.fullmatch(text) is None or not CLUSTERS.versions(int(text)):
        raise UnknownCodeError(CLUSTERS.name, "code in an unknown form")
    return int(text)


def cluster_to_code(cluster: int) -> str:
    """The Data Dictionary code of a cluster, zero-padded to two characters ('03').

    Raises:
        UnknownCodeError: ``cluster`` is not 0 to 21.
    """
    if not CLUSTERS.versions(cluster):
        raise UnknownCodeError(CLUSTERS.name, cluster)
    return f"{cluster:02d}"


def mhct_item(code: str, *, policy: TrustPolicy | None = None) -> MhctItem:
    """The MHCT item named by ``code``: "1" to "13", "A" to "E", or "14" to "18".

    The numbers 14 to 18 are read through the Trust policy's
    ``clustering.historical_item_numbers`` (by default A to E in order, which is
    unverified). Letters may be lower case; surrounding spaces are ignored.

    Raises:
        UnknownCodeError: ``code`` names no MHCT item.
    """
    policy = policy or _DEFAULT_POLICY
    text = code.strip().upper()
    letters = policy.clustering.historical_item_numbers
    if text.isdigit() and text.isascii():
        index = int(text) - _NUMBERED_FROM
        text = letters[index] if 0 <= index < len(letters) else str(int(text))
    try:
        return MhctItem(text)
    except ValueError:
        raise UnknownCodeError("MHCT items", "code in an unknown form") from None


def snomed_for(scale: Scale, item: MhctItem, on: date) -> str:
    """The SNOMED CT concept MHSDS uses for ``item`` of ``scale`` on a date.

    Raises:
        UnknownCodeError: There is no known concept for that item of that scale (the MHCT
            SARN concepts are known only as a set, not item by item).
    """
    # The MHCT's items 1-12 are the working-age HoNOS items.
    wanted = Scale.HONOS if scale is Scale.MHCT else scale
    for row in HONOS_SNOMED.in_force(on):
        if row.scale is wanted and row.item is item:
            return row.code
    raise UnknownCodeError(HONOS_SNOMED.name, f"{scale.value} item {item.value}")


def item_for_snomed(code: str, on: date) -> SnomedRow:
    """The scale and item a SNOMED CT concept scores (item none for the SARN concepts).

    Raises:
        UnknownCodeError: The concept is not one of the known HoNOS or MHCT concepts.
    """
    return HONOS_SNOMED.lookup(code.strip(), on)
