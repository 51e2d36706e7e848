"""Tests for cpa_core.identifiers.nhs_number.

Vectors come from the NHS number section (section 3) of the project's data-standards
reference: the Modulus 11 algorithm of the NHS Data Dictionary, worked examples from
``uk-fci/nhs-number``, the older Wikipedia worked example and
https://harold.thimbleby.net/scss/NHSnumbers.html. None is confirmed as an officially
published NHS test number; each was checked against the algorithm.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cpa_core.exceptions import CpaCoreError, InvalidIdentifierError
from cpa_core.identifiers import nhs_number

LENGTH = "NHS number must be 10 digits"
NEVER_ISSUED = "NHS number check digit would be 10: never issued"
MISMATCH = "NHS number check digit does not match"
TEST_RANGE = "test range (9xx): not issued to patients"
PALINDROME = "palindrome: often a test or made-up value"

VALID = [
    ("9434765919", 9),  # sum 299, remainder 2; older Wikipedia worked example
    ("9876543210", 0),  # remainder 0: 11 -> 0 (uk-fci/nhs-number)
    ("4000000632", 2),  # England, Wales & IoM range (uk-fci/nhs-number)
    ("9990000018", 8),  # uk-fci/nhs-number
    ("0607230002", 2),  # leading-zero Scottish CHI (uk-fci/nhs-number)
    ("0101011113", 3),  # CHI, date of birth 01/01/01 (uk-fci/nhs-number)
    ("3462950622", 2),  # Northern Ireland H&C (uk-fci/nhs-number)
    ("8453035113", 3),  # Republic of Ireland IHI (uk-fci/nhs-number)
    ("9234760735", 5),  # synthetic 9xx (uk-fci/nhs-number)
    ("0000000000", 0),  # checksum-valid placeholder (uk-fci/nhs-number issue #44)
    ("4857773457", 7),  # harold.thimbleby.net
]

INVALID = [
    ("9434765918", MISMATCH),  # public test suites
    ("9434765910", MISMATCH),
    ("1234567890", NEVER_ISSUED),  # uk-fci/nhs-number
    ("9876544321", MISMATCH),  # given as an example by current Wikipedia; check digit is 2
    ("4857773456", MISMATCH),  # harold.thimbleby.net
    *((f"000000006{last}", NEVER_ISSUED) for last in "0123456789"),  # uk-fci/nhs-number
]


def _spacings(number: str) -> list[str]:
    return [
        number,
        f"{number[:3]} {number[3:6]} {number[6:]}",
        f"{number[:3]}-{number[3:6]}-{number[6:]}",
        f"  {number}\t\n",
        f" {number[:3]} - {number[3:6]} - {number[6:]} ",
    ]


def _valid_numbers() -> st.SearchStrategy[str]:
    def complete(first_nine: str) -> str | None:
        check = nhs_number.check_digit(first_nine)
        return None if check is None else f"{first_nine}{check}"

    nine = st.text(alphabet="0123456789", min_size=9, max_size=9)
    return nine.map(complete).filter(lambda number: number is not None).map(str)


# ---------------------------------------------------------------------------------------
# Vectors


@pytest.mark.parametrize(("number", "check"), VALID)
def test_valid_vectors(number: str, check: int) -> None:
    assert nhs_number.check_digit(number[:9]) == check
    for spelling in _spacings(number):
        assert nhs_number.is_valid(spelling)
        assert nhs_number.validate(spelling) == number


@pytest.mark.parametrize(("number", "reason"), INVALID)
def test_invalid_vectors(number: str, reason: str) -> None:
    for spelling in _spacings(number):
        assert not nhs_number.is_valid(spelling)
        with pytest.raises(InvalidIdentifierError) as caught:
            nhs_number.validate(spelling)
        assert str(caught.value) == reason


@pytest.mark.parametrize(("number", "check"), VALID)
def test_check_digit_holds_on_the_published_vectors(number: str, check: int) -> None:
    assert nhs_number.check_digit_holds(number)
    wrong = f"{number[:9]}{(check + 1) % 10}"
    assert not nhs_number.check_digit_holds(wrong)


def test_check_digit_holds_never_for_a_check_of_ten() -> None:
    # 123456789 gives 10: no tenth digit completes it.
    assert not any(nhs_number.check_digit_holds(f"123456789{d}") for d in range(10))


def test_check_digit_ten_is_none() -> None:
    assert nhs_number.check_digit("123456789") is None
    assert nhs_number.check_digit("000000006") is None


@pytest.mark.parametrize(
    "bad",
    ["12345678", "1234567890", "12345678a", "１２３４５６７８９", ""],
)
def test_check_digit_needs_nine_ascii_digits(bad: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="nine digits"):
        nhs_number.check_digit(bad)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943476591X",
        "943.476.5919",
        "943_476_5919",
        "+9434765919",
        "９４３４７６５９１９",
        "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits: str.isdigit says yes
    ],
)
def test_malformed_is_length_error(bad: str) -> None:
    with pytest.raises(InvalidIdentifierError) as caught:
        nhs_number.validate(bad)
    assert str(caught.value) == LENGTH
    assert not nhs_number.is_valid(bad)


def test_invalid_identifier_error_is_a_cpa_core_error() -> None:
    with pytest.raises(CpaCoreError):
        nhs_number.validate("123")
    with pytest.raises(ValueError, match="must be 10 digits"):
        nhs_number.validate("123")


# ---------------------------------------------------------------------------------------
# normalise


@pytest.mark.parametrize(
    "spelling", ["943 476 5919", "943-476-5919", " 9434765919 ", "\t943 476-5919\n"]
)
def test_normalise(spelling: str) -> None:
    assert nhs_number.normalise(spelling) == "9434765919"


def test_normalise_does_not_validate() -> None:
    assert nhs_number.normalise(" 12-3 ") == "123"
    assert nhs_number.normalise("abc") == "abc"


@pytest.mark.parametrize("value", [9434765919, None, b"9434765919", ["9434765919"]])
def test_non_strings(value: object) -> None:
    for function in (nhs_number.normalise, nhs_number.validate):
        with pytest.raises(InvalidIdentifierError) as caught:
            function(value)  # type: ignore[arg-type]
        assert str(caught.value) == "NHS number must be a string"
    assert not nhs_number.is_valid(value)
    assert nhs_number.mask(value) == "*** *** ****"  # type: ignore[arg-type]
    assert not nhs_number.is_sentinel(value)  # type: ignore[arg-type]
    assert not nhs_number.is_test_range(value)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# mask


@pytest.mark.parametrize("spelling", _spacings("9434765919"))
def test_mask_valid(spelling: str) -> None:
    assert nhs_number.mask(spelling) == "*** *** 5919"


def test_mask_leading_zeros() -> None:
    assert nhs_number.mask("060 723 0002") == "*** *** 0002"


@pytest.mark.parametrize(
    "value", ["9434765918", "1234567890", "943476591", "94347659190", "", "abcdefghij"]
)
def test_mask_reveals_nothing_of_an_invalid_value(value: str) -> None:
    assert nhs_number.mask(value) == "*** *** ****"


# ---------------------------------------------------------------------------------------
# Sentinels and warnings


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("0000000000", "MPS no match placeholder"),
        ("9999999999", "MPS multiple matches placeholder"),
        ("1111111111", "common example value"),
        ("0123456789", "common example value"),
    ],
)
def test_sentinels_pass_the_check_and_warn(number: str, reason: str) -> None:
    assert nhs_number.SENTINELS[number] == reason
    assert nhs_number.is_valid(number)  # why they are warnings, not errors
    assert nhs_number.is_sentinel(number)
    assert nhs_number.is_sentinel(f"{number[:3]} {number[3:6]} {number[6:]}")
    assert nhs_number.warnings(number) == (reason,)


def test_sentinels_are_read_only() -> None:
    with pytest.raises(TypeError):
        nhs_number.SENTINELS["4000000632"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("9434765919", (TEST_RANGE,)),
        ("923 476 0735", (TEST_RANGE,)),
        ("4000000632", ()),
        ("4857773457", ()),
        ("4000000004", (PALINDROME,)),  # DVE: palindromes suggest a test number
        ("9000000009", (TEST_RANGE, PALINDROME)),
    ],
)
def test_warnings(number: str, expected: tuple[str, ...]) -> None:
    assert nhs_number.is_valid(number)
    assert nhs_number.warnings(number) == expected


def test_warnings_refuses_an_invalid_number() -> None:
    with pytest.raises(InvalidIdentifierError, match="does not match"):
        nhs_number.warnings("9434765918")


def test_is_test_range_and_is_sentinel() -> None:
    assert nhs_number.is_test_range("943 476 5919")
    assert nhs_number.is_test_range("9434765918")  # range only; the check digit is not read
    assert not nhs_number.is_test_range("4000000632")
    assert not nhs_number.is_test_range("943476591")
    assert not nhs_number.is_sentinel("4000000632")
    assert not nhs_number.is_sentinel("000000000")


def test_pattern() -> None:
    assert nhs_number.PATTERN == "^[0-9]{10}$"
    assert re.fullmatch(nhs_number.PATTERN, nhs_number.validate("060 723 0002"))


def test_public_names() -> None:
    from cpa_core import identifiers

    assert identifiers.__all__ == ["nhs_number"]
    assert identifiers.nhs_number is nhs_number
    for name in nhs_number.__all__:
        assert hasattr(nhs_number, name)


# ---------------------------------------------------------------------------------------
# Properties


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_check_digit_holds_is_the_check_digit_compared(number: str) -> None:
    assert nhs_number.check_digit_holds(number) == (
        nhs_number.check_digit(number[:9]) == int(number[9])
    )


@given(_valid_numbers())
def test_generated_valid_numbers_validate(number: str) -> None:
    assert nhs_number.validate(number) == number
    assert re.fullmatch(nhs_number.PATTERN, number)
    assert nhs_number.mask(number) == f"*** *** {number[6:]}"


@given(
    st.one_of(st.just("9434765919"), _valid_numbers()),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_changing_any_single_digit_invalidates(number: str, position: int, shift: int) -> None:
    # Every weight (10..2, and 1 for the check digit) is non-zero modulo the prime 11, so
    # any single-digit change moves the weighted sum off a multiple of 11.
    changed_digit = str((int(number[position]) + shift) % 10)
    changed = f"{number[:position]}{changed_digit}{number[position + 1 :]}"
    assert not nhs_number.is_valid(changed)
    with pytest.raises(InvalidIdentifierError, match="check digit"):
        nhs_number.validate(changed)


@given(_valid_numbers(), st.integers(min_value=0, max_value=8))
def test_swapping_adjacent_digits_invalidates(number: str, position: int) -> None:
    assume(number[position] != number[position + 1])
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert not nhs_number.is_valid(swapped)


def _digit_runs(message: str) -> list[str]:
    return re.findall("[0-9]{3,}", message)


@given(
    st.one_of(
        st.text(alphabet="0123456789", min_size=10, max_size=10),
        st.text(alphabet="0123456789 -", min_size=3, max_size=16),
        st.text(min_size=3, max_size=16),
    )
)
def test_no_error_message_repeats_the_input(value: str) -> None:
    message = ""
    try:
        nhs_number.validate(value)
    except InvalidIdentifierError as error:
        message = str(error)
    # No run of three digits at all, so no fragment of a number can be in the message.
    assert not _digit_runs(message)


@given(st.text(alphabet="0123456789 -", max_size=16))
def test_mask_reveals_only_a_valid_numbers_last_four(value: str) -> None:
    masked = nhs_number.mask(value)
    if nhs_number.is_valid(value):
        assert masked == f"*** *** {nhs_number.normalise(value)[6:]}"
    else:
        assert masked == "*** *** ****"


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(),
        st.binary(),
        st.text(),
        st.lists(st.text(max_size=3), max_size=3),
    )
)
def test_is_valid_never_raises(value: object) -> None:
    assert nhs_number.is_valid(value) in {True, False}
