"""Parsing written resources with ``fhir.resources`` (the ``cpa-core[fhir]`` extra).

``fhir.resources`` has no R4 models; its R4B models are the nearest, and R4B changed none of
the elements cpa_core writes. Parsing checks structure and types, not UK Core profile
rules (those need the HL7 validator with the UK Core package).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from cpa_core.exceptions import CpaCoreError

__all__ = ["check_resource"]

_MOST_SHOWN = 5


def check_resource(resource: Mapping[str, Any]) -> Any:
    """The resource parsed as its ``fhir.resources`` R4B model.

    Raises:
        CpaCoreError: ``fhir.resources`` is not installed, the resource type is unknown, or
            the resource does not parse; the message names the elements, never their values.
    """
    try:
        r4b = importlib.import_module("fhir.resources.R4B")
    except ImportError:
        raise CpaCoreError(
            "checking FHIR resources needs fhir.resources: pip install 'cpa-core[fhir]'"
        ) from None
    kind = resource.get("resourceType")
    try:
        model = r4b.get_fhir_model_class(kind)
    except (KeyError, ValueError, TypeError):
        raise CpaCoreError("not a FHIR R4B resource type") from None
    try:
        return model.model_validate(dict(resource))
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
        where = ", ".join(".".join(str(x) for x in e.get("loc", ())) for e in errors[:_MOST_SHOWN])
        raise CpaCoreError(f"{kind}: not valid FHIR R4B ({where or 'structure'})") from None
