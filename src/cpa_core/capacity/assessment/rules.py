"""The rules of an MCA assessment, as data: the two-stage test and the four abilities."""

from __future__ import annotations

import attrs

from cpa_core.capacity.assessment.models import Ability
from cpa_core.capacity.rules import MCA_IN_FORCE, StatuteRow, _mca, _statutes, _table
from cpa_core.provenance import RuleRow, RuleTable

__all__ = ["ABILITIES", "CAPACITY_TEST", "AbilityRow"]


CAPACITY_TEST: RuleTable[str, StatuteRow] = _table(
    "MCA two-stage test",
    (
        *_statutes(
            "section/2",
            (
                "impairment",
                "s2(1)–(2); Explanatory Notes paras 21–23",
                "Stage 1: at the material time the person has an impairment of, or a "
                "disturbance in the functioning of, the mind or brain (permanent or temporary).",
            ),
            (
                "causal-link",
                "s2(1)",
                "The person is unable to make the decision *because of* that impairment or "
                "disturbance.",
            ),
            (
                "decision-and-time-specific",
                "s2(1); Explanatory Notes para 21",
                "Capacity is judged for a particular matter at the material time; it can "
                "differ between matters and fluctuate.",
            ),
            (
                "no-inference-from-status",
                "s2(3)",
                "Lack of capacity cannot be established merely by reference to age, "
                "appearance, a condition or an aspect of behaviour.",
            ),
        ),
        *_statutes(
            "section/3",
            (
                "functional",
                "s3(1)",
                "Stage 2: the person is unable to decide if unable to do any one of the four "
                "abilities.",
            ),
            (
                "appropriate-explanation",
                "s3(2)",
                "A person is not unable to understand if able to understand an explanation "
                "given in a way appropriate to their circumstances.",
            ),
            (
                "brief-retention",
                "s3(3)",
                "Retaining the information only for a short period does not by itself prevent "
                "a person being regarded as able to decide.",
            ),
            (
                "relevant-information",
                "s3(4)",
                "Relevant information includes the reasonably foreseeable consequences of "
                "each choice and of not deciding.",
            ),
        ),
        *_statutes(
            "section/2",
            (
                "balance-of-probabilities",
                "s2(4)",
                "Lack of capacity is decided on the balance of probabilities.",
            ),
        ),
    ),
    "The two-stage test of capacity: the diagnostic stage (s2) and the functional stage (s3).",
)


@attrs.frozen(kw_only=True)
class AbilityRow(RuleRow):
    """One of the four abilities of the functional test.

    Attributes:
        ability: The ability's code.
        statement: What the person must be able to do.
    """

    ability: Ability
    statement: str


ABILITIES: RuleTable[Ability, AbilityRow] = RuleTable(
    "MCA abilities",
    tuple(
        AbilityRow(
            ability=ability,
            statement=statement,
            source=_mca(section, "section/3"),
            effective=MCA_IN_FORCE,
        )
        for ability, section, statement in (
            (
                Ability.UNDERSTAND,
                "s3(1)(a)",
                "Understand the information relevant to the decision.",
            ),
            (Ability.RETAIN, "s3(1)(b)", "Retain that information."),
            (
                Ability.USE_OR_WEIGH,
                "s3(1)(c)",
                "Use or weigh that information as part of the process of deciding.",
            ),
            (
                Ability.COMMUNICATE,
                "s3(1)(d)",
                "Communicate the decision by any means (talking, sign language or any other "
                "means).",
            ),
        )
    ),
    key=lambda r: r.ability,
    description="The four abilities of s3(1): inability to do any one is inability to decide.",
)
