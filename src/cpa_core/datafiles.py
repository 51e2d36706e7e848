"""Reading the data files a Trust supplies: policy, profile tables, frameworks.

TOML and JSON are both accepted. TOML's native dates are turned back into the ISO strings a
JSON file would hold, so one schema and one converter read either.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cpa_core.exceptions import CpaCoreError

__all__ = ["load_mapping", "plain"]


def plain(value: Any) -> Any:
    """``value`` with every date, datetime and time replaced by its ISO 8601 text."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


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
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(raw.decode("utf-8"))
        elif suffix == ".json":
            data = json.loads(raw)
        else:
            raise CpaCoreError(f"{path.name}: a {what} must be .toml or .json")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        # The parsers' messages give a line and column, never the content.
        raise CpaCoreError(f"{path.name}: not valid {suffix[1:].upper()} ({exc})") from None
    if not isinstance(data, Mapping):
        raise CpaCoreError(f"{path.name}: the {what} must be a table/object at the top level")
    return dict(plain(data))
