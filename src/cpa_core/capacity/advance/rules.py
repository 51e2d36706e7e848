"""The rules of decisions a person makes in advance, as data.

When a lasting power of attorney gives its attorneys authority (ss9–14), and when an
advance decision to refuse treatment is valid and applicable (ss24–26, with MHA 1983 s58A).
"""

from __future__ import annotations

from cpa_core.capacity.rules import (
    _LPA_URL,
    _S24_URL,
    S58A_IN_FORCE,
    StatuteRow,
    _statutes,
    _table,
)
from cpa_core.provenance import Evidence, RuleTable, Source

__all__ = ["ADRT_RULES", "LPA_RULES"]

_S11_URL = "https://legislation.gov.uk/ukpga/2005/9/section/11/2015-04-01/data.html"
_S25_URL = "http://www.mentalhealthlaw.co.uk/MCA_2005_s25"
_ECT_URL = "http://mentalhealthlaw.co.uk/Additional_safeguards_for_ECT_introduced_in_new_s58A"

LPA_RULES: RuleTable[str, StatuteRow] = _table(
    "LPA validity and scope",
    (
        *_statutes(
            _LPA_URL,
            ("donor-adult", "s9(2)(c)", "The donor was 18 or over when making it."),
            ("donor-capacity", "s9(2)(c)", "The donor had capacity to make it."),
            (
                "registered",
                "s9(2)(b)",
                "It is registered with the Office of the Public Guardian before use.",
            ),
        ),
        # Not in the reference (which lists donor age, capacity, registration and s11
        # scope); kept as an unverified rule until s13 is checked.
        *_statutes(
            _LPA_URL,
            ("not-revoked", "s13", "It has not been revoked or otherwise ended."),
            evidence=Evidence.UNVERIFIED,
        ),
        *_statutes(
            _S11_URL,
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
        # Not in the reference: unverified until s9(4)(b) is checked.
        *_statutes(
            _LPA_URL,
            (
                "treatment-not-excluded",
                "s9(4)(b)",
                "The treatment is not excluded by the instrument's restrictions.",
            ),
            evidence=Evidence.UNVERIFIED,
        ),
        *_statutes(
            _S11_URL,
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
            _S24_URL,
            ("made-adult", "s24(1)", "Made by a person aged 18 or over."),
            ("made-with-capacity", "s24(1)", "Made when the person had capacity to make it."),
        ),
        *_statutes(
            _S25_URL,
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
            (
                "effect",
                "s26(1)",
                "A valid and applicable advance decision has effect as if the person had "
                "refused the treatment at the time.",
            ),
        ),
        *_statutes(
            _S25_URL,
            (
                "pending-court",
                "s26(5)",
                "Life-sustaining or anti-deterioration treatment may be given while the court "
                "decides a question about the advance decision.",
            ),
            evidence=Evidence.UNVERIFIED,
        ),
        *_statutes(
            _ECT_URL,
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
                "mentalhealthlaw.co.uk",
                "s58A; s62",
                "",
                _ECT_URL,
                Evidence.SECONDARY,
            ),
            effective=S58A_IN_FORCE,
        ),
    ),
    "When an advance decision to refuse treatment is valid, and when it applies.",
)
