"""The rules of decisions a person makes in advance, as data.

When a lasting power of attorney gives its attorneys authority (ss9–14), and when an
advance decision to refuse treatment is valid and applicable (ss24–26, with MHA 1983 s58A).
"""

from __future__ import annotations

from cpa_core.capacity.rules import (
    _CHECKED,
    S58A_IN_FORCE,
    StatuteRow,
    _statutes,
    _table,
)
from cpa_core.provenance import Evidence, RuleTable, Source

__all__ = ["ADRT_RULES", "LPA_RULES"]


LPA_RULES: RuleTable[str, StatuteRow] = _table(
    "LPA validity and scope",
    (
        *_statutes(
            "section/9",
            ("donor-adult", "s9(2)(c)", "The donor was 18 or over when making it."),
            ("donor-capacity", "s9(2)(c)", "The donor had capacity to make it."),
            (
                "registered",
                "s9(2)(b)",
                "It is registered with the Office of the Public Guardian before use.",
            ),
        ),
        *_statutes(
            "section/13",
            ("not-revoked", "s13(2)-(6)", "It has not been revoked or otherwise ended."),
        ),
        *_statutes(
            "section/11",
            (
                "health-and-welfare",
                "s11(7)(c)",
                "Only a health and welfare LPA covers consent to or refusal of health care.",
            ),
            (
                "donor-lacks-capacity",
                "s11(7)(a)",
                "Welfare authority operates only when the donor lacks capacity (or the "
                "attorney reasonably believes so).",
            ),
            (
                "life-sustaining-express",
                "s11(8)",
                "Authority over life-sustaining treatment only if the instrument expressly "
                "gives it.",
            ),
        ),
        *_statutes(
            "section/9",
            (
                "treatment-not-excluded",
                "s9(4)(b)",
                "The treatment is not excluded by the instrument's restrictions.",
            ),
        ),
        *_statutes(
            "section/11",
            (
                "subject-to-advance-decision",
                "s11(7)(b); s25(2)(b)",
                "The authority is subject to a valid and applicable advance decision made "
                "after the LPA.",
            ),
        ),
    ),
    "When a health and welfare LPA gives an attorney authority over a decision.",
)

ADRT_RULES: RuleTable[str, StatuteRow] = _table(
    "Advance decision validity and applicability",
    (
        *_statutes(
            "section/24",
            ("made-adult", "s24(1)", "Made by a person aged 18 or over."),
            ("made-with-capacity", "s24(1)", "Made when the person had capacity to make it."),
        ),
        *_statutes(
            "section/25",
            (
                "withdrawn",
                "s25(2)(a); s24(3)–(4)",
                "Invalid if withdrawn while the person had capacity (withdrawal need not be "
                "in writing).",
            ),
            (
                "superseded-by-lpa",
                "s25(2)(b)",
                "Invalid if a later LPA gives an attorney authority over the same treatment.",
            ),
            (
                "inconsistent-conduct",
                "s25(2)(c)",
                "Invalid if the person has done anything else clearly inconsistent with it "
                "remaining their fixed decision.",
            ),
            (
                "person-has-capacity",
                "s25(3)",
                "Not applicable if the person has capacity to give or refuse consent at the time.",
            ),
            (
                "different-treatment",
                "s25(4)(a)",
                "Not applicable to a treatment it does not specify.",
            ),
            (
                "circumstances-absent",
                "s25(4)(b)",
                "Not applicable if the circumstances it specifies are absent.",
            ),
            (
                "unanticipated-circumstances",
                "s25(4)(c)",
                "Not applicable if there are reasonable grounds to believe that unanticipated "
                "circumstances would have affected the decision.",
            ),
            (
                "lst-statement",
                "s25(5)",
                "Life-sustaining treatment: it states that it applies even if life is at risk.",
            ),
            ("lst-in-writing", "s25(6)(a)", "Life-sustaining treatment: it is in writing."),
            (
                "lst-signed",
                "s25(6)(b)",
                "Life-sustaining treatment: signed by the person, or by another in their "
                "presence and by their direction.",
            ),
            (
                "lst-witnessed",
                "s25(6)(c)–(d)",
                "Life-sustaining treatment: the signature is made or acknowledged in the "
                "presence of a witness, who signs in the person's presence.",
            ),
        ),
        *_statutes(
            "section/26",
            (
                "effect",
                "s26(1)",
                "A valid and applicable advance decision has effect as if the person had "
                "refused the treatment at the time.",
            ),
            (
                "pending-court",
                "s26(5)",
                "Life-sustaining or anti-deterioration treatment may be given while the court "
                "decides a question about the advance decision.",
            ),
        ),
        # s28 says the Act authorises no Part 4 treatment; that an advance decision
        # therefore cannot block it is a reading of s28 with MHA 1983 s63, not a text.
        *_statutes(
            "section/28",
            (
                "mha-part-4",
                "s28",
                "An advance decision does not block treatment regulated by Part 4 of the "
                "Mental Health Act 1983.",
            ),
            evidence=Evidence.UNVERIFIED,
        ),
        StatuteRow(
            code="ect-s58a",
            statement="A valid and applicable advance decision refusing ECT binds, except "
            "in a s62 emergency (MHA 1983 s58A).",
            source=Source(
                "Mental Health Act 1983",
                "legislation.gov.uk",
                "s58A(5); s62",
                "",
                "https://www.legislation.gov.uk/ukpga/1983/20/section/58A",
                Evidence.SECONDARY,
                _CHECKED,
                secondary_reason="graded from Mental Health Law Online's account of the ECT "
                "safeguards; the text of s58A and s62 has not been read for this row",
            ),
            effective=S58A_IN_FORCE,
        ),
    ),
    "When an advance decision to refuse treatment is valid, and when it applies.",
)
