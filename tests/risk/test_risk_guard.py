"""The NICE NG225 guard: cpa_core.risk offers no global level, score or total.

NICE NG225 (7 Sept 2022) says global low/medium/high risk stratification must not be used to
predict suicide or repeat self-harm or to decide who is offered treatment or discharged;
NCISH (2018) says "risk is not a number". So no public name, model field or function return
of ``cpa_core.risk`` may summarise a person's domains as one level, score or number. The
detector is itself tested against a module that breaks the rule, so this test cannot pass
by finding nothing.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

import cpa_core.policy.risk as risk_policy
from cpa_core import risk
from cpa_core.records import RecordKind

MODULES = (
    "cpa_core.risk",
    "cpa_core.risk.models",
    "cpa_core.risk.rules",
    "cpa_core.risk.checks",
    "cpa_core.policy.risk",
)

# Words that summarise across domains. "level" is allowed only as the level of one domain
# on one scale (the exact names below); "score" is refused everywhere.
FORBIDDEN = re.compile(
    r"total|overall|global|aggregat|combined|composite|cumulative|summed|sum_|_sum|score"
    r"|worst|highest|max_|maximum|stratif|tier|band|category|risk_level|riskLevel",
    re.IGNORECASE,
)
LEVEL = re.compile(r"level", re.IGNORECASE)
PER_DOMAIN_LEVEL_NAMES = frozenset({"level", "levels", "level_labels", "ScaleLevel"})

# A field or member named for a level, rating or grade is a per-domain value only on the
# per-domain classes; anywhere else (an assessment, a history, a plan) it would rate the
# whole person. ``rating_scales`` is the table of scales in the Trust's policy.
RATED = re.compile(r"level|rating|grade|rank", re.IGNORECASE)
PER_DOMAIN_CLASSES = frozenset(
    {"DomainObservation", "DomainRating", "RatingScaleRow", "ScaleLevel", "TrustRatingScale"}
)
NOT_A_RATING = frozenset({"rating_scales"})

# Two or more of these as an enum's members or a Literal's values are a low/medium/high
# stratification, which NICE NG225 rules out whatever the type's name.
STRATA = frozenset({"low", "medium", "moderate", "high", "severe", "imminent", "very-high"})

NUMERIC = (int, float, complex, Decimal, Fraction)


def offending_name(name: str) -> str | None:
    """Why ``name`` offers a cross-domain summary, or ``None``."""
    if FORBIDDEN.search(name):
        return f"{name}: summarising word"
    if LEVEL.search(name) and name not in PER_DOMAIN_LEVEL_NAMES:
        return f"{name}: a level that is not one domain's"
    return None


def member_offence(owner: str, name: str) -> str | None:
    """Why a field or member ``name`` of class ``owner`` offers a summary, or ``None``."""
    if (why := offending_name(name)) is not None:
        return why
    if RATED.search(name) and owner not in PER_DOMAIN_CLASSES and name not in NOT_A_RATING:
        return f"{name}: a level or rating outside a per-domain class"
    return None


def _stratifies(values: Any) -> bool:
    return len({str(v).lower().replace("_", "-") for v in values} & STRATA) >= 2


def _is_numeric(annotation: Any) -> bool:
    """Whether a return annotation is one number, an ordinal enum or a low/medium/high
    stratum per call."""
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum) and (
            _stratifies(m.name for m in annotation) or _stratifies(m.value for m in annotation)
        ):
            return True
        return issubclass(annotation, (*NUMERIC, enum.IntEnum)) and annotation is not bool
    if typing.get_origin(annotation) is typing.Literal:
        return _stratifies(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_numeric(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def public_names(module: types.ModuleType) -> Iterator[tuple[str, Any]]:
    """The names in ``__all__`` and every other public name the module itself defines (a
    name left out of ``__all__`` is still importable)."""
    names = list(getattr(module, "__all__", ()))
    for name, obj in vars(module).items():
        if name[0] == "_" or name in names or isinstance(obj, types.ModuleType):
            continue
        if getattr(obj, "__module__", module.__name__) == module.__name__:
            names.append(name)
    for name in names:
        yield name, getattr(module, name)


def _callables(obj: Any) -> Iterator[tuple[str, Any]]:
    if inspect.isfunction(obj):
        yield obj.__qualname__, obj
    elif inspect.isclass(obj):
        for name, member in vars(obj).items():
            if name.startswith("_"):
                continue
            if isinstance(member, property) and member.fget is not None:
                yield f"{obj.__qualname__}.{name}", member.fget
            elif inspect.isfunction(member):
                yield f"{obj.__qualname__}.{name}", member
            elif isinstance(member, staticmethod | classmethod):
                yield f"{obj.__qualname__}.{name}", member.__func__


def violations(modules: tuple[types.ModuleType, ...]) -> list[str]:
    """Every cross-domain summary offered by ``modules``: names, fields, numeric returns."""
    found: list[str] = []
    seen: set[int] = set()
    for module in modules:
        for name, obj in public_names(module):
            if (why := offending_name(name)) is not None:
                found.append(f"{module.__name__}.{why}")
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if inspect.isclass(obj) and attrs.has(obj):
                for field in attrs.fields(obj):
                    if (why := member_offence(obj.__name__, field.name)) is not None:
                        found.append(f"{obj.__qualname__}.{why}")
            if inspect.isclass(obj) and issubclass(obj, enum.Enum):
                for member in obj:
                    if (why := member_offence(obj.__name__, member.name)) is not None:
                        found.append(f"{obj.__qualname__}.{why}")
                if _stratifies(m.name for m in obj) or _stratifies(m.value for m in obj):
                    found.append(f"{obj.__qualname__}: members stratify low/medium/high")
            for qualname, func in _callables(obj):
                owner = qualname.split(".")[0] if "." in qualname else ""
                why = member_offence(owner, func.__name__) if owner else None
                if why is not None or (why := offending_name(func.__name__)) is not None:
                    found.append(f"{qualname}: {why}")
                hints = typing.get_type_hints(func)
                if _is_numeric(hints.get("return")):
                    found.append(f"{qualname}: returns a number or a stratum")
    return found


def _reachable_models() -> Iterator[type]:
    """Every attrs class a risk record kind or the risk policy section can hold."""
    todo: list[Any] = [k.model for k in risk.DOMAIN.record_kinds] + [risk_policy.RiskPolicy]
    seen: set[type] = set()
    while todo:
        t = todo.pop()
        if isinstance(t, type) and attrs.has(t):
            if t in seen:
                continue
            seen.add(t)
            yield t
            todo.extend(typing.get_type_hints(t).values())
        todo.extend(typing.get_args(t))


def test_no_public_name_field_or_function_offers_a_global_level_or_total() -> None:
    """NICE NG225 (2022): no global risk stratification; NCISH (2018): risk is not a number."""
    modules = tuple(importlib.import_module(name) for name in MODULES)
    assert violations(modules) == []


@pytest.mark.parametrize("model", list(_reachable_models()), ids=lambda m: m.__name__)
def test_no_model_field_summarises_domains(model: type) -> None:
    """NICE NG225: every field of every record and policy model is checked, nested ones too."""
    offending = [w for f in attrs.fields(model) if (w := member_offence(model.__name__, f.name))]
    assert offending == []


def test_every_record_kind_model_is_checked() -> None:
    models = set(_reachable_models())
    for kind in risk.DOMAIN.record_kinds:
        assert isinstance(kind, RecordKind)
        assert kind.model in models
    assert risk.DomainRating in models
    assert risk.SafetyPlan in models


@attrs.frozen
class _BadAssessment:
    overall_risk: str
    level: int


@attrs.frozen
class _BadHistory:
    current_rating: str


class _GlobalBand(enum.IntEnum):
    LOW = 1
    HIGH = 3


class _Concern(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def _concern_of(assessment: _BadAssessment) -> _Concern:
    return _Concern.LOW


def _band_of(assessment: _BadAssessment) -> typing.Literal["low", "medium", "high"]:
    return "low"


def _unlisted(assessment: _BadAssessment) -> float:
    return 0.0


def _person_number(assessment: _BadAssessment) -> int:
    return assessment.level


def _summary_of(assessment: _BadAssessment) -> _GlobalBand | None:
    return None


def _risk_level_for(assessment: _BadAssessment) -> str:
    return "high"


class _Helper:
    @property
    def sum_of_domains(self) -> float:
        return 0.0


def _bad_module() -> types.ModuleType:
    """A module that breaks the guard every way it can be broken."""
    module = types.ModuleType("bad_risk")
    module.__all__ = [  # type: ignore[attr-defined]
        "Assessment",
        "GlobalBand",
        "Helper",
        "TOTAL_SCORE",
        "person_number",
        "risk_level_for",
        "summary_of",
    ]
    module.Assessment = _BadAssessment  # type: ignore[attr-defined]
    module.GlobalBand = _GlobalBand  # type: ignore[attr-defined]
    module.person_number = _person_number  # type: ignore[attr-defined]
    module.summary_of = _summary_of  # type: ignore[attr-defined]
    module.risk_level_for = _risk_level_for  # type: ignore[attr-defined]
    module.Helper = _Helper  # type: ignore[attr-defined]
    module.TOTAL_SCORE = 0  # type: ignore[attr-defined]
    module.History = _BadHistory  # type: ignore[attr-defined]
    module.Concern = _Concern  # type: ignore[attr-defined]
    module.concern_of = _concern_of  # type: ignore[attr-defined]
    module.band_of = _band_of  # type: ignore[attr-defined]
    module.__all__ += ["History", "Concern", "band_of", "concern_of"]  # type: ignore[attr-defined]
    # Public but left out of __all__: still importable, so still checked.
    _unlisted.__module__ = module.__name__
    module.unlisted = _unlisted  # type: ignore[attr-defined]
    return module


def test_the_guard_catches_each_kind_of_global_summary() -> None:
    found = violations((_bad_module(),))
    text = "\n".join(found)
    assert "overall_risk" in text  # a model field
    assert "GlobalBand" in text  # a class name
    assert "_person_number: returns a number or a stratum" in text  # one number per person
    assert "_summary_of: returns a number or a stratum" in text  # an ordinal enum per person
    assert "risk_level_for" in text  # a function name
    assert "sum_of_domains" in text  # a property
    assert "TOTAL_SCORE" in text  # a constant
    assert "HIGH" not in text  # enum members are checked by name, and these are fine
    # A level or rating on a whole assessment or history rates the person, not a domain.
    assert "_BadAssessment.level: a level or rating outside a per-domain class" in found
    assert "_BadHistory.current_rating: a level or rating outside a per-domain class" in found
    # A low/medium/high stratification, whatever its type is called.
    assert "_Concern: members stratify low/medium/high" in found
    assert "_concern_of: returns a number or a stratum" in text
    assert "_band_of: returns a number or a stratum" in text
    assert "_unlisted: returns a number or a stratum" in text  # public even though not in __all__


def test_the_guard_fails_on_the_real_package_when_it_offers_a_global_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guard run on cpa_core.risk itself (not only on a made-up module) turns red when
    the package gains a global level, score or total, listed in __all__ or not."""
    modules = tuple(importlib.import_module(name) for name in MODULES)
    assert violations(modules) == []
    checks = importlib.import_module("cpa_core.risk.checks")

    def person_total(history: risk.RiskHistory) -> int:
        return 0

    def summary(history: risk.RiskHistory) -> _Concern:
        return _Concern.LOW

    for func in (person_total, summary):
        func.__module__ = checks.__name__
    monkeypatch.setattr(checks, "person_total", person_total, raising=False)
    monkeypatch.setattr(checks, "summary", summary, raising=False)
    found = violations(modules)
    assert any("person_total: summarising word" in line for line in found)
    assert any("person_total: returns a number or a stratum" in line for line in found)
    assert any("summary: returns a number or a stratum" in line for line in found)

    monkeypatch.setattr(
        risk,
        "DOMAIN",
        attrs.evolve(
            risk.DOMAIN,
            record_kinds=(
                *risk.DOMAIN.record_kinds,
                RecordKind(
                    name="bad-assessment",
                    domain="risk",
                    model=_BadAssessment,
                    description="A model that breaks the guard.",
                ),
            ),
        ),
    )
    assert _BadAssessment in set(_reachable_models())
    with pytest.raises(AssertionError):
        test_no_model_field_summarises_domains(_BadAssessment)


@pytest.mark.parametrize(
    ("name", "offends"),
    [
        ("overall_level", True),
        ("risk_level", True),
        ("highest_level", True),
        ("level", False),
        ("levels", False),
        ("domain", False),
        ("RATING_ROSE", False),
        ("change_review_days", False),
    ],
)
def test_name_rule(name: str, offends: bool) -> None:
    assert (offending_name(name) is not None) is offends


@pytest.mark.parametrize(
    ("owner", "name", "offends"),
    [
        ("DomainRating", "level", False),
        ("DomainObservation", "rating", False),
        ("RiskPolicy", "rating_scales", False),
        ("SafetyAssessment", "level", True),
        ("SafetyAssessment", "rating", True),
        ("RiskHistory", "current_grade", True),
        ("SafetyPlan", "rank", True),
    ],
)
def test_member_rule(owner: str, name: str, offends: bool) -> None:
    assert (member_offence(owner, name) is not None) is offends


def test_ratings_are_labelled_descriptive_not_predictive() -> None:
    """NICE NG225; NCISH 2018: any rating shown must say it is descriptive, not predictive."""
    assert "not predictive" in risk.DESCRIPTIVE_NOT_PREDICTIVE
    assert "NG225" in risk.DESCRIPTIVE_NOT_PREDICTIVE
