import hashlib
import hmac

import pytest
from pydantic import BaseModel, ValidationError

from panjereh import identity


def _with_check_digit(first_nine: str) -> str:
    return first_nine + str(identity.national_code_check_digit(first_nine))


@pytest.mark.parametrize("code", ["0499370899", "0790419904", "0084575948", "0013542419"])
def test_valid_national_codes_pass_unchanged(code: str) -> None:
    assert identity.normalize_national_code(code) == code


@pytest.mark.parametrize(
    "code",
    [
        _with_check_digit("123456789"),
        _with_check_digit("987654321"),
        _with_check_digit("000000001"),
    ],
)
def test_generated_codes_with_their_check_digit_are_valid(code: str) -> None:
    assert identity.is_valid_national_code(code)


@pytest.mark.parametrize("code", ["0499370898", "0790419900", "0084575941"])
def test_a_wrong_check_digit_is_rejected(code: str) -> None:
    with pytest.raises(identity.InvalidNationalCode, match="check digit"):
        identity.normalize_national_code(code)


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digit_codes_are_rejected_even_when_the_checksum_fits(digit: str) -> None:
    code = digit * 10
    with pytest.raises(identity.InvalidNationalCode, match="repeat"):
        identity.normalize_national_code(code)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),  # Persian digits
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),  # Arabic-Indic digits
        ("۰۴۹-۹۳۷۰۸۹-۹", "0499370899"),  # as printed on the card, with dashes
        (" 049 937 0899 ", "0499370899"),
        ("84575948", "0084575948"),  # leading zeros dropped by a spreadsheet
    ],
)
def test_what_people_type_is_normalised(typed: str, expected: str) -> None:
    assert identity.normalize_national_code(typed) == expected


@pytest.mark.parametrize(
    "code",
    [
        "",
        "abc",
        "04993708",
        "04993708991",
        "۰۴۹۹۳۷۰۸۹x",
        "1234567",
        "０４９９３７０８９９",  # fullwidth digits: not normalised, so refused (fault campaign)
        "𝟎𝟒𝟗𝟗𝟑𝟕𝟎𝟖𝟗𝟗",  # mathematical bold digits
    ],
)
def test_malformed_codes_are_rejected(code: str) -> None:
    assert not identity.is_valid_national_code(code)


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "0912 123 4567",
    ],
)
def test_mobiles_are_normalised(typed: str) -> None:
    assert identity.normalize_mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    "typed", ["0212345678", "08121234567", "0912123456", "+44912123456", "０９１２１２３４５６７"]
)
def test_non_mobiles_are_rejected(typed: str) -> None:
    with pytest.raises(identity.InvalidMobile):
        identity.normalize_mobile(typed)


def test_mask_keeps_only_the_last_four_digits() -> None:
    assert identity.mask("0499370899") == "******0899"


class _Applicant(BaseModel):
    national_code: identity.NationalCode
    mobile: identity.Mobile


def test_pydantic_types_normalise_and_reject() -> None:
    applicant = _Applicant(national_code="۰۴۹۹۳۷۰۸۹۹", mobile="+98 912 123 4567")
    assert (applicant.national_code, applicant.mobile) == ("0499370899", "09121234567")
    with pytest.raises(ValidationError) as error:
        _Applicant(national_code="0499370898", mobile="09121234567")
    assert error.value.errors()[0]["loc"] == ("national_code",)


@pytest.mark.parametrize("key_length", [0, 1, 32, 63, 64, 65, 200])  # a key past a block is hashed
def test_subject_key_is_hmac_sha256(key_length: int) -> None:
    """The pads hashed once (identity._pads) give what the standard library's HMAC gives."""
    secret = bytes(range(256))[:key_length]
    for code in ("0018392741", "", "۰۰۱۸۳۹۲۷۴۱", "x" * 300):
        expected = hmac.new(secret, code.encode(), hashlib.sha256).hexdigest()
        assert identity.subject_key(secret, code) == expected
    assert identity.subject_key(secret, "0018392741") != identity.subject_key(
        secret + b"!", "0018392741"
    )
