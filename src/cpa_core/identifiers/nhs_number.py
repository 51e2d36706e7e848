"""NHS number: normalise, validate (Modulus 11), mask, and warn about placeholder values.

An NHS number is ten digits, conventionally shown 3-3-4 (``943 476 5919``). The tenth digit
is a Modulus 11 check digit over the first nine (NHS Data Dictionary, "NHS Number"
https://v2.datadictionary.nhs.uk/data_dictionary/attributes/n/nhs_number_de.asp):

1. multiply digits 1 to 9 by the weights 10, 9, 8, 7, 6, 5, 4, 3, 2 and add the products;
2. take the remainder of the sum divided by 11;
3. the check digit is 11 minus the remainder, where 11 becomes 0 and 10 means that no
   number with those first nine digits is ever issued.

The interface follows python-stdnum: :func:`normalise`, :func:`validate`,
:func:`is_valid`, plus :func:`mask` for display and :func:`warnings` for numbers that pass
the check digit but are unlikely to belong to a patient.

NHS numbers are personal data. No error message raised here contains the number or any
part of it, and :func:`mask` reveals the last four digits only of a valid number.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from types import MappingProxyType

from cpa_core.exceptions import InvalidIdentifierError

__all__ = [
    "PATTERN",
    "SENTINELS",
    "check_digit",
    "check_digit_holds",
    "is_sentinel",
    "is_test_range",
    "is_valid",
    "mask",
    "normalise",
    "redact",
    "validate",
    "warnings",
]

PATTERN = "^[0-9]{10}$"
"""A normalised NHS number, for use as a JSON Schema ``pattern``.

A string, not an integer: numbers with leading zeros are issued (Scottish CHI numbers).
"""

# ``fullmatch`` with ``[0-9]``: Python's ``\d`` and ``str.isdigit`` accept non-ASCII digits.
_NINE_DIGITS = re.compile("[0-9]{9}")
_TEN_DIGITS = re.compile("[0-9]{10}")

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
# A weighted sum of the digits' character codes over-counts the digits' sum by this much.
_ZEROS = ord("0") * sum(_WEIGHTS)
# The nine weights and weight 1 for the check digit itself (see check_digit_holds).
_WEIGHTS_TEN = (*_WEIGHTS, 1)
_ZEROS_TEN = ord("0") * sum(_WEIGHTS_TEN)

_FULL_MASK = "*** *** ****"

SENTINELS: Mapping[str, str] = MappingProxyType(
    {
        "0000000000": "MPS no match placeholder",
        "9999999999": "MPS multiple matches placeholder",
        "1111111111": "common example value",
        "0123456789": "common example value",
    }
)
"""Checksum-valid numbers used as placeholders rather than issued to a patient.

Each maps to the reason it is suspicious. Source: NHS England Data Validation Engine,
``NHSDigital/data-validation-engine`` ``src/dve/metadata_parser/domain_types.py``,
``NHSNumber.SENTINEL_VALUES`` [V]. All four pass the Modulus 11 check, which is why they
are warnings and not errors.
"""

_TEST_RANGE_WARNING = "test range (9xx): not issued to patients"
_PALINDROME_WARNING = "palindrome: often a test or made-up value"


def normalise(value: str) -> str:
    """Remove the formatting people type around and inside an NHS number.

    Strips surrounding whitespace and removes spaces and hyphens inside, so
    ``"943 476 5919"``, ``"943-476-5919"`` and ``" 9434765919 "`` all become
    ``"9434765919"``. Does not check the result; see :func:`validate`.

    Raises:
        InvalidIdentifierError: ``value`` is not a string.
    """
    checked: object = value
    if not isinstance(checked, str):
        raise InvalidIdentifierError("NHS number must be a string")
    return value.strip().replace(" ", "").replace("-", "")


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for the first nine digits of an NHS number.

    Args:
        first_nine: Exactly nine ASCII digits.

    Returns:
        The check digit, 0 to 9, or ``None`` when the calculation gives 10: no NHS number
        is issued with those first nine digits.

    Raises:
        InvalidIdentifierError: ``first_nine`` is not nine digits.
    """
    checked: object = first_nine
    if not isinstance(checked, str) or _NINE_DIGITS.fullmatch(first_nine) is None:
        raise InvalidIdentifierError("NHS number check digit needs exactly nine digits")
    # Weighted character codes, less the zeros' share: the batch path runs this once per
    # record, and it is several times faster than converting each digit.
    total: int = sum(map(operator.mul, first_nine.encode("ascii"), _WEIGHTS)) - _ZEROS
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def check_digit_holds(ten_digits: str) -> bool:
    """Whether the tenth digit of ``ten_digits`` is the check digit of the first nine.

    For a string already known to be ten ASCII digits (a checked pattern): the same answer
    as comparing :func:`check_digit` with the last digit, in one weighted sum. With weight
    1 for the tenth digit, the sum is a multiple of 11 exactly when the tenth digit is
    11 minus the first nine's remainder, taken modulo 11: 0 when the remainder is 0, and
    never a single digit when the calculation gives 10 (a number never issued).
    """
    total: int = sum(map(operator.mul, ten_digits.encode("ascii"), _WEIGHTS_TEN))
    return (total - _ZEROS_TEN) % 11 == 0


def validate(value: str) -> str:
    """Normalise ``value`` and check that it is a well-formed NHS number.

    Returns:
        The normalised ten-digit number.

    Raises:
        InvalidIdentifierError: With one of these reasons, never the number itself:
            "NHS number must be a string", "NHS number must be 10 digits",
            "NHS number check digit would be 10: never issued",
            "NHS number check digit does not match".
    """
    number = normalise(value)
    if _TEN_DIGITS.fullmatch(number) is None:
        raise InvalidIdentifierError("NHS number must be 10 digits")
    expected = check_digit(number[:9])
    if expected is None:
        raise InvalidIdentifierError("NHS number check digit would be 10: never issued")
    if expected != int(number[9]):
        raise InvalidIdentifierError("NHS number check digit does not match")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a string that :func:`validate` accepts. Never raises."""
    if not isinstance(value, str):
        return False
    try:
        validate(value)
    except InvalidIdentifierError:
        return False
    return True


def mask(value: str) -> str:
    """A display form that hides all but the last four digits: ``"*** *** 5919"``.

    Only a valid NHS number (in any spacing) shows its last four digits. Anything else,
    including a ten-digit number with a wrong check digit, which may be a mistyped real
    number, gives ``"*** *** ****"``. Never raises, so it is safe inside error handling.
    """
    if not is_valid(value):
        return _FULL_MASK
    return f"*** *** {normalise(value)[6:]}"


_STANDALONE_TEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{10}(?![0-9])")
_TEN_DIGITS_ANYWHERE = re.compile(r"[0-9]{10}")  # twice as fast to rule text out
_REDACTED: dict[str, str] = {}  # most messages recur word for word; a look-up is cheaper
_REDACTED_LIMIT = 4096


def redact(text: str) -> str:
    """``text`` with every run of exactly ten digits masked by :func:`mask`.

    For text that will be shown (a finding's message, the identifier of the record it is
    about): an NHS number put in an identifier field, or quoted by mistake, never reaches a
    report whole.
    """
    done = _REDACTED.get(text)
    if done is not None:
        return done
    if _TEN_DIGITS_ANYWHERE.search(text):
        done = _STANDALONE_TEN_DIGITS.sub(lambda match: mask(match.group()), text)
    else:
        done = text
    if len(_REDACTED) < _REDACTED_LIMIT:
        _REDACTED[text] = done
    return done


def _well_formed(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    number = normalise(value)
    return number if _TEN_DIGITS.fullmatch(number) else None


def is_sentinel(value: str) -> bool:
    """Whether ``value`` normalises to one of the placeholder :data:`SENTINELS`.

    Never raises; a non-string is not a sentinel.
    """
    number = _well_formed(value)
    return number is not None and number in SENTINELS


def is_test_range(value: str) -> bool:
    """Whether ``value`` normalises to ten digits in the range 9000000000 to 9999999999.

    That range is "not to be issued" to patients and is used for synthetic and test
    patients (PDS): ``uk-fci/nhs-number`` ``nhs_number/constants.py`` [V]. The check digit
    is not checked here. Never raises.
    """
    number = _well_formed(value)
    return number is not None and number.startswith("9")


def warnings(value: str) -> tuple[str, ...]:
    """Reasons to doubt that a valid NHS number belongs to a real patient.

    These are warnings, not errors: the number passes the check digit. The rules follow the
    NHS England Data Validation Engine's ``NHSNumber`` type
    (``NHSDigital/data-validation-engine`` ``src/dve/metadata_parser/domain_types.py``) [V]:

    * a placeholder in :data:`SENTINELS` gives its reason, and nothing else, since that
      reason already says what the number is;
    * otherwise a number in the 9xx test range gives
      ``"test range (9xx): not issued to patients"``;
    * and a palindrome gives ``"palindrome: often a test or made-up value"``.

    Returns:
        The warnings in that order; empty for an unremarkable number. No message contains
        the number.

    Raises:
        InvalidIdentifierError: ``value`` is not a valid NHS number (see :func:`validate`).
    """
    number = validate(value)
    sentinel = SENTINELS.get(number)
    if sentinel is not None:
        return (sentinel,)
    found: list[str] = []
    if is_test_range(number):
        found.append(_TEST_RANGE_WARNING)
    if number == number[::-1]:
        found.append(_PALINDROME_WARNING)
    return tuple(found)
