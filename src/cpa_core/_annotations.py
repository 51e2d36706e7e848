"""What a model field's type annotation says, read one way by the JSON Schemas
(:mod:`cpa_core.schemas`), the generated builders and the compiled pass."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

__all__ = ["optional_of"]


def optional_of(t: Any) -> tuple[bool, Any]:
    """``(True, inner)`` for ``inner | None`` (a Union of what is left when that is more
    than one type), else ``(False, t)``."""
    if get_origin(t) in (Union, types.UnionType):
        args = get_args(t)
        if type(None) in args:
            rest = tuple(a for a in args if a is not type(None))
            return True, rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
    return False, t
