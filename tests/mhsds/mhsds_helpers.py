"""Small MHSDS extracts for tests: a few rows per table, written as CSV files."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from cpa_core.mhsds import example_extract

Rows = Sequence[Mapping[str, str]]


def write_table(folder: Path, table: str, rows: Rows, header: Sequence[str] = ()) -> Path:
    """``rows`` as ``TABLE.csv`` in ``folder``; the header is every key, in first-seen order."""
    names = list(header)
    for row in rows:
        names.extend(k for k in row if k not in names)
    path = folder / f"{table}.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_extract(folder: Path, tables: Mapping[str, Rows]) -> Path:
    """A folder holding one CSV file per table."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        write_table(folder, table, rows)
    return folder


def copy_example(folder: Path) -> Path:
    """A writable copy of the synthetic example extract."""
    shutil.copytree(example_extract(), folder)
    return folder


HEADER = {"OrgIDProvider": "RXX"}
PERSON = {"LocalPatientId": "P1", "NHSNumber": "9434765919"}


def referral(
    key: str = "R1", person: str = "P1", received: str = "2026-01-05", **more: str
) -> dict[str, str]:
    """An MHS101Referral row."""
    return {
        "ServiceRequestId": key,
        "LocalPatientId": person,
        "ReferralRequestReceivedDate": received,
        **more,
    }


def team(key: str = "R1", code: str = "TEAM-1") -> dict[str, str]:
    """An MHS102ServiceTypeReferredTo row."""
    return {"ServiceRequestId": key, "CareProfTeamLocalId": code}


def community(**extra: Rows) -> dict[str, Rows]:
    """One person with one community referral, plus ``extra`` tables."""
    base: dict[str, Rows] = {
        "MHS000Header": [HEADER],
        "MHS001MPI": [PERSON],
        "MHS101Referral": [referral()],
        "MHS102ServiceTypeReferredTo": [team()],
    }
    return {**base, **extra}
