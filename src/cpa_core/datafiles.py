"""Reading the data files a Trust supplies: policy, profile tables, frameworks.

TOML and JSON are both accepted. TOML's native dates are turned back into the ISO strings a
JSON file would hold, so one schema and one converter read either.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cpa_core import jsondata
from cpa_core.exceptions import CpaCoreError

__all__ = ["load_mapping", "plain"]


def plain(value: Any, _depth: int = 0) -> Any:
    """``value`` with every date, datetime and time replaced by its ISO 8601 text.

    Below :data:`cpa_core.jsondata.MAX_DEPTH` levels values are left as they are, for the
    JSON guard to refuse, so that no input can exhaust the stack here.
    """
    if _depth > jsondata.MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {k: plain(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, _depth + 1) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _parse(raw: bytes, suffix: str) -> Any:
    """The parsed file; every failure is a CpaCoreError whose message quotes no content."""
    fmt = suffix[1:].upper()
    try:
        if suffix == ".toml":
            return tomllib.loads(raw.decode("utf-8"))
        return jsondata.loads(raw)
    except UnicodeDecodeError:
        reason = "not UTF-8 text"
    except tomllib.TOMLDecodeError as exc:
        # tomllib's messages give a line and column, never the content.
        reason = str(exc)
    except RecursionError:
        reason = "nested too deeply"
    except ValueError:
        reason = (
            "a number too large to read"
            if suffix == ".toml"
            else "broken JSON, NaN or Infinity, or a number out of range"
        )
    raise CpaCoreError(f"not valid {fmt} ({reason})")


def load_mapping(path: str | Path, what: str) -> dict[str, Any]:
    """The table/object at the top of a ``.toml`` or ``.json`` file, dates as ISO text.

    Args:
        path: The file.
        what: What the file holds, for messages ("policy file", "profile table").

    Raises:
        CpaCoreError: The file cannot be read, has another suffix, is not valid TOML or
            JSON, or does not hold a table/object at the top level.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CpaCoreError(f"{path.name}: cannot read the {what} ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise CpaCoreError(f"{path.name}: a {what} must be .toml or .json")
    try:
        data = _parse(raw, suffix)
    except CpaCoreError as exc:
        raise CpaCoreError(f"{path.name}: {exc}") from None
    if not isinstance(data, Mapping):
        raise CpaCoreError(f"{path.name}: the {what} must be a table/object at the top level")
    return dict(plain(data))
