"""The values of rule rows in words, for people who do not read code.

Rule rows hold codes (``days-beginning-with``, ``s68-1-a``, ``Evidence.SECONDARY``); a policy
reader needs words. One function, :func:`words`, turns any value a row holds into the text
of a cell, and :func:`humanise` turns an attribute's name into a column heading.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Mapping
from datetime import date, timedelta

import attrs

from cpa_core.provenance import Evidence, Source

__all__ = ["DASH", "enum_words", "evidence_words", "humanise", "plain_text", "words"]

DASH = "—"
"""Shown for a missing value (``None``, an empty list)."""

# Words that are written in capitals, or in another form, wherever they appear in a code
# ("mha-1983" reads "MHA 1983", "offer-to-pod" reads "offer to Place of Deposit").
_WORDS: Mapping[str, str] = {
    "adrt": "ADRT",
    "amhp": "AMHP",
    "awol": "AWOL",
    "bia": "BIA",
    "cmhf": "CMHF",
    "cpa": "CPA",
    "cstf": "CSTF",
    "cto": "CTO",
    "dbs": "DBS",
    "dols": "DoLS",
    "foi": "FOI",
    "gp": "GP",
    "hcpc": "HCPC",
    "honos": "HoNOS",
    "id": "ID",
    "imca": "IMCA",
    "lpa": "LPA",
    "lssa": "LSSA",
    "mca": "MCA",
    "mha": "MHA",
    "mhct": "MHCT",
    "mhsds": "MHSDS",
    "nhs": "NHS",
    "nmc": "NMC",
    "pals": "PALS",
    "pod": "Place of Deposit",
    "snomed": "SNOMED",
    "swe": "SWE",
    "url": "URL",
}

# The last word of an attribute's name that is its unit: "overall_limit_days" is headed
# "Overall limit (days)".
_UNITS: Mapping[str, str] = {
    "days": "days",
    "hours": "hours",
    "months": "months",
    "percent": "%",
    "weeks": "weeks",
    "years": "years",
}

_EVIDENCE_WORDS: Mapping[Evidence, str] = {
    Evidence.VERIFIED: "verified",
    Evidence.SECONDARY: "secondary source",
    Evidence.UNVERIFIED: "unverified",
}

_SECTION = re.compile(r"s\d+[a-z]?")
_SUBSECTION = re.compile(r"\d+|[a-z]")
_NUMBER = re.compile(r"\d+")
_LETTERED = re.compile(r"(s?\d+)([a-z])")
_LETTERS_DIGITS = re.compile(r"([a-rt-z][a-z]*)(\d+)")
_ROLE = re.compile(r":[\w:+.-]+:`(~?)([^`<]*?)(?:\s*<[^>]*>)?`")
_LITERAL = re.compile(r"``(.+?)``")

# Statutory hour periods in the Mental Health Act run up to 72 hours (s4, s5(2), CTO recall);
# day periods start at 7 days. A duration up to this many hours reads as hours.
_MAX_HOURS_SHOWN_AS_HOURS = 72


def _word(token: str) -> str:
    """One word of a code: "mha" -> "MHA", "s58a" -> "s58A", "4a" -> "4A"."""
    if token in _WORDS:
        return _WORDS[token]
    lettered = _LETTERED.fullmatch(token)
    if lettered:
        return f"{lettered[1]}{lettered[2].upper()}"
    return token


def _code_words(code: str) -> str:
    """A hyphenated code in words.

    A leading section with its subsections reads as the Act writes it ("s68-1-a" ->
    "s68(1)(a)"); a number before a word keeps its hyphen ("72-hour"); other hyphens are
    spaces.
    """
    tokens = code.split("-")
    out: list[str] = []
    start = 0
    if _SECTION.fullmatch(tokens[0]):
        head = _word(tokens[0])
        start = 1
        while start < len(tokens) and _SUBSECTION.fullmatch(tokens[start]):
            head += f"({tokens[start]})"
            start += 1
        out.append(head)
    for token in tokens[start:]:
        if out and _NUMBER.fullmatch(out[-1]) and not _NUMBER.fullmatch(token):
            out[-1] = f"{out[-1]}-{_word(token)}"
        else:
            out.append(_word(token))
    return " ".join(out)


def enum_words(member: enum.Enum) -> str:
    """An enum member in words: its ``label`` where the enum has one (``s5(2)``), the words
    of the evidence tags, and otherwise its value in words ("days beginning with")."""
    if isinstance(member, Evidence):
        return evidence_words(member)
    label = getattr(member, "label", None)
    if isinstance(label, str):
        return label
    return _code_words(str(member.value))


def evidence_words(evidence: Evidence) -> str:
    """An evidence tag in words: "verified", "secondary source", "unverified"."""
    return _EVIDENCE_WORDS[evidence]


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _duration_words(value: timedelta) -> str:
    """A duration as people write it: "72 hours", "28 days", "90 minutes"."""
    seconds = int(value.total_seconds())
    if seconds != value.total_seconds() or seconds < 0:
        return str(value)
    if seconds % 3600 == 0 and seconds // 3600 <= _MAX_HOURS_SHOWN_AS_HOURS:
        return _plural(seconds // 3600, "hour")
    if seconds % 86400 == 0:
        return _plural(seconds // 86400, "day")
    if seconds % 3600 == 0:
        return _plural(seconds // 3600, "hour")
    if seconds % 60 == 0:
        return _plural(seconds // 60, "minute")
    return _plural(seconds, "second")


def _has_own_str(value: object) -> bool:
    # attrs writes __repr__ only; a class that wrote __str__ chose how it reads.
    return type(value).__str__ is not object.__str__


def _object_words(value: object) -> str:
    """A nested record: its own description where it has one, else its fields in words."""
    if isinstance(value, Source):
        return value.cite()
    describe = getattr(value, "describe", None)
    if callable(describe) and not inspect.signature(describe).parameters:
        return str(describe())
    if _has_own_str(value):
        return str(value)
    cls = type(value)
    if not attrs.has(cls):
        return str(value)
    parts = []
    for field in attrs.fields(cls):
        inner = getattr(value, field.name)
        if inner is None or inner in ((), ""):
            continue
        parts.append(f"{humanise(field.name).lower()}: {words(inner)}")
    return "; ".join(parts) or DASH


def words(value: object) -> str:
    """One value of a rule row as the text of a cell.

    ``None`` and empty collections are a dash, booleans "yes" or "no", enums their words
    (:func:`enum_words`), dates ISO 8601, durations "72 hours", whole floats without ".0",
    collections their items joined by commas, and nested records their own description or
    their fields in words.
    """
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return enum_words(value)
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration_words(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(words(v) for v in value)) or DASH
    if isinstance(value, tuple | list):
        return ", ".join(words(v) for v in value) or DASH
    if attrs.has(type(value)):
        return _object_words(value)
    return str(value)


def humanise(name: str, *, number: bool = True) -> str:
    """An attribute's name as a column heading: ``overall_limit_days`` -> "Overall limit
    (days)", ``part4`` -> "Part 4", ``s117`` -> "s117", ``anchor_event`` -> "Anchor event".

    A last word that is a unit is put in brackets only for a ``number`` (``odd_years``, a
    yes or no, reads "Odd years").
    """
    tokens = [t for t in name.split("_") if t]
    unit = _UNITS.get(tokens[-1]) if number and len(tokens) > 1 else None
    if unit is not None:
        tokens.pop()
    parts = []
    for token in tokens:
        split = _LETTERS_DIGITS.fullmatch(token)
        parts.append(f"{split[1]} {split[2]}" if split and token not in _WORDS else _word(token))
    text = " ".join(parts)
    if not _SECTION.match(text):
        text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def plain_text(text: str) -> str:
    """Docstring text (reStructuredText) as plain text: roles become their target's short
    name, literals lose their backquotes, and lines are joined."""
    text = _ROLE.sub(lambda m: m[2].rsplit(".", 1)[-1] if m[1] else m[2], text)
    text = _LITERAL.sub(r"\1", text)
    return " ".join(text.split())
