"""Tracking codes: 13 digits whose Luhn check digit catches every single typo and swap."""

import random

import pytest

from panjereh import tracking

ASCII_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ASCII_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SAMPLE = [tracking.new_tracking_code() for _ in range(300)]


def _luhn_valid(number: str) -> bool:
    """An independent Luhn check (sum of the digits, every second one from the right doubled)."""
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@pytest.mark.parametrize(
    ("payload", "digit"),
    [
        ("7992739871", 3),  # the textbook example
        ("0", 0),
        ("1", 8),
        ("123456789012", 8),
        ("000000000000", 0),
        ("4992739871", 6),
        ("37828224631000", 5),  # 378282246310005, a test card number
        ("411111111111111", 1),  # 4111111111111111
    ],
)
def test_known_luhn_vectors(payload: str, digit: int) -> None:
    assert tracking.luhn_check_digit(payload) == digit
    assert _luhn_valid(payload + str(digit))


def test_the_check_digit_agrees_with_an_independent_luhn_check() -> None:
    rng = random.Random(1404)
    for _ in range(500):
        payload = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
        digit = tracking.luhn_check_digit(payload)
        assert 0 <= digit <= 9
        assert _luhn_valid(payload + str(digit))
        assert [d for d in range(10) if _luhn_valid(payload + str(d))] == [digit]


def test_generated_codes_are_13_ascii_digits_and_valid() -> None:
    for code in SAMPLE:
        assert len(code) == tracking.RANDOM_DIGITS + 1 == 13
        assert code.isascii() and code.isdigit()
        assert _luhn_valid(code)
        assert tracking.normalize(code) == code


def test_ten_thousand_generated_codes_are_all_distinct() -> None:
    codes = {tracking.new_tracking_code() for _ in range(10_000)}
    assert len(codes) == 10_000


def test_generated_codes_use_every_digit_in_every_random_position() -> None:
    # A constant or biased position would make codes guessable.
    codes = [tracking.new_tracking_code() for _ in range(2_000)]
    for position in range(tracking.RANDOM_DIGITS):
        assert {code[position] for code in codes} == set("0123456789")


def test_changing_any_single_digit_is_caught() -> None:
    for code in SAMPLE:
        for position, original in enumerate(code):
            for replacement in "0123456789":
                if replacement == original:
                    continue
                typo = code[:position] + replacement + code[position + 1 :]
                assert tracking.normalize(typo) is None, (code, typo)


def test_swapping_two_adjacent_different_digits_is_caught_except_09_and_90() -> None:
    # Luhn's one known blind spot: swapping "09" ↔ "90" keeps the sum.
    for code in SAMPLE:
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a == b or {a, b} == {"0", "9"}:
                continue
            swapped = code[:position] + b + a + code[position + 2 :]
            assert tracking.normalize(swapped) is None, (code, swapped)


def test_the_09_swap_is_luhn_s_only_adjacent_blind_spot() -> None:
    code = "0900000000000"
    code = code[:-1] + str(tracking.luhn_check_digit(code[:-1]))
    swapped = "9" + "0" + code[2:]
    assert tracking.normalize(code) == code
    assert tracking.normalize(swapped) == swapped


def test_persian_digits_are_accepted_and_returned_as_ascii() -> None:
    for code in SAMPLE[:50]:
        assert tracking.normalize(code.translate(ASCII_TO_PERSIAN)) == code


def test_arabic_indic_digits_and_mixed_digits_are_accepted() -> None:
    code = SAMPLE[0]
    mixed = code[:4].translate(ASCII_TO_PERSIAN) + code[4:8].translate(ASCII_TO_ARABIC) + code[8:]
    assert tracking.normalize(code.translate(ASCII_TO_ARABIC)) == code
    assert tracking.normalize(mixed) == code


def test_spaces_dashes_and_surrounding_whitespace_are_ignored() -> None:
    code = SAMPLE[1]
    assert tracking.normalize(f"  {code}\n") == code
    assert tracking.normalize(f"{code[:4]}-{code[4:8]}-{code[8:]}") == code
    assert tracking.normalize(f"{code[:4]} {code[4:8]} {code[8:]}") == code
    persian = code.translate(ASCII_TO_PERSIAN)
    assert tracking.normalize(f"{persian[:6]}-{persian[6:]}") == code


def test_a_persian_typo_is_caught_too() -> None:
    code = SAMPLE[2]
    wrong = str((int(code[5]) + 1) % 10)
    assert tracking.normalize((code[:5] + wrong + code[6:]).translate(ASCII_TO_PERSIAN)) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "123456789012",  # 12 digits: check digit missing
        "12345678901280",  # 14 digits
        "123456789012a",
        "12345678901.8",
        "abcdefghijklm",
        "+123456789012",
        "-------------",
    ],
)
def test_malformed_input_is_refused(text: str) -> None:
    assert tracking.normalize(text) is None


def test_superscript_digits_are_refused_not_raised() -> None:
    code = SAMPLE[3]
    assert tracking.normalize(code[:5] + "²" + code[6:]) is None


@pytest.mark.parametrize("offset", [0xFF10, 0x0966], ids=["fullwidth", "devanagari"])
def test_other_unicode_digits_are_refused_or_converted(offset: int) -> None:
    code = SAMPLE[4]
    foreign = "".join(chr(offset + int(char)) for char in code)
    result = tracking.normalize(foreign)
    assert result is None or result == code
