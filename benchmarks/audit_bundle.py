"""Generate a bundle of N clones of the example team, each with fresh identifiers.

Used by ``benchmarks/audit_scale.py``; can be run on its own::

    python benchmarks/audit_bundle.py 100 /tmp/bundle-100

Clone ``N`` of the team is the example team with every identifier suffixed ``-tN`` (lower
case, which every identifier pattern accepts): people, staff, episodes, referrals, periods,
teams and every reference between them, so that the clones never meet; and every NHS number
is replaced by a fresh number of the test range (999…) with a valid check digit. Dates are
unchanged, so each clone gives the same findings as the example team on the example's audit
date: the audit of ``N`` clones must give ``N`` times the example's findings, which the
benchmark checks.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Keys whose string values are identifiers of the bundle's own records (or lists of them).
_ID_KEYS = frozenset({"supervisees", "converted_from", "team", "team_code"})
# ...except these, which name entries of catalogues (a rating scale, a competency framework).
_CODE_KEYS = frozenset({"scale_id", "framework_id"})


def _is_id_key(key: str) -> bool:
    return (key.endswith(("_id", "_ids")) or key in _ID_KEYS) and key not in _CODE_KEYS


def _check_digit(nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11


def nhs_numbers() -> Iterator[str]:
    """Valid NHS numbers of the test range (999…), in order, none repeated."""
    for k in itertools.count():
        nine = f"999{k:06d}"
        digit = _check_digit(nine)
        if digit != 10:  # a check digit of 10 means "no valid number"
            yield f"{nine}{digit}"


def _clone(value: Any, suffix: str, numbers: dict[str, str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _clone(v, suffix, numbers, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v, suffix, numbers, key) for v in value]
    if isinstance(value, str):
        if key == "nhs_number":
            return numbers[value]
        if _is_id_key(key):
            return f"{value}{suffix}"
    return value


def _team() -> dict[str, list[Any]]:
    from cpa_core import audit

    out: dict[str, list[Any]] = {}
    for path in sorted(audit.example_bundle().glob("*.ndjson")):
        lines = path.read_text("utf-8").splitlines()
        out[path.name] = [json.loads(line) for line in lines if line.strip()]
    return out


def _numbers_of(records: list[Any]) -> set[str]:
    found: set[str] = set()

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key == "nhs_number" and isinstance(value, str):
            found.add(value)

    walk(records)
    return found


TRUST_WIDE = ("retention-hold.ndjson",)
"""Files of the Trust's, not a team's: written once, from the first clone. A Trust has a few
legal holds whatever its size; cloning them with the teams made every retention record
meet ten thousand times as many holds at 10,000x."""


def write_bundle(clones: int, folder: Path) -> int:
    """Write ``clones`` clones of the example team into ``folder`` (the :data:`TRUST_WIDE`
    files once); returns the record count."""
    folder.mkdir(parents=True, exist_ok=True)
    team = _team()
    originals = sorted(_numbers_of(list(team.values())))
    fresh = nhs_numbers()
    streams = {name: (folder / name).open("w", encoding="utf-8") for name in team}
    written = 0
    try:
        for n in range(1, clones + 1):
            numbers = {old: next(fresh) for old in originals}
            for name, records in team.items():
                if n > 1 and name in TRUST_WIDE:
                    continue
                out = streams[name]
                for record in records:
                    out.write(json.dumps(_clone(record, f"-t{n}", numbers), separators=(",", ":")))
                    out.write("\n")
                    written += 1
    finally:
        for stream in streams.values():
            stream.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("clones", type=int, help="how many copies of the example team")
    parser.add_argument("folder", type=Path, help="where to write the bundle")
    args = parser.parse_args()
    count = write_bundle(args.clones, args.folder)
    print(f"{count:,} records in {args.folder}")


if __name__ == "__main__":
    main()
