"""cpa_core's clinical safety hazard log, for the Clinical Safety Officer.

DCB0129 (*Clinical Risk Management: its Application in the Manufacture of Health IT
Systems*) asks the manufacturer of a Health IT System to establish and maintain a Hazard
Log (requirement 3.3.1), to identify and document known and foreseeable hazards to patients
in normal and fault conditions (4.3.1), and to verify each clinical risk control measure
(6.3.2). A system built with cpa_core inherits the hazards the library can cause or
prevent; this package lists them, one :class:`Hazard` each, with the controls in the
library and the tests that verify each control, read from ``hazards.toml`` beside it.

It is an input to that system's Hazard Log, not the log itself: severity, likelihood and
the resulting clinical risk are estimated with the criteria of the system's Clinical Risk
Management Plan (4.4.1), and its Clinical Safety Officer approves each version (3.3.2).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

import attrs

from cpa_core.convert import structure

__all__ = ["DATA_FILE", "Control", "Hazard", "hazards"]

DATA_FILE = "safety/hazards.toml"
"""The hazard log's file, inside the ``cpa_core`` package."""


@attrs.frozen(kw_only=True)
class Control:
    """One control in the library that prevents a hazard or makes it visible.

    Attributes:
        control: What the library does, in words.
        where: The code or rule that does it: modules, functions, finding codes, tables.
        tests: The pytest node ids (``tests/…/test_x.py::test_name``) of the tests that
            verify the control.
    """

    control: str
    where: tuple[str, ...]
    tests: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Hazard:
    """One hazard to patients that a system built with cpa_core could cause.

    Attributes:
        id: The hazard's reference, ``HAZ-01``.
        title: The hazard in a sentence.
        areas: The parts of cpa_core it concerns.
        causes: How the library could bring it about.
        effect: What goes wrong in the care pathway.
        harm: What could happen to a patient.
        controls: The controls in the library, each with its tests.
        for_the_trust: Controls the library cannot carry out, which pass to the
            organisation that builds or deploys a system with it.
    """

    id: str
    title: str
    areas: tuple[str, ...]
    causes: tuple[str, ...]
    effect: str
    harm: str
    controls: tuple[Control, ...]
    for_the_trust: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class _Log:
    hazards: tuple[Hazard, ...]


@functools.cache
def hazards() -> tuple[Hazard, ...]:
    """Every hazard of the log, in its order."""
    text = resources.files("cpa_core").joinpath(DATA_FILE).read_text("utf-8")
    return structure(tomllib.loads(text), _Log, kind="hazard log").hazards
