"""Identifiers of people: the Iranian national code (کد ملی) and mobile numbers.

Both accept what people actually type: Persian or Arabic-Indic digits, spaces and dashes.
"""

import functools
import hashlib
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from panjereh import digits

_SEPARATORS = re.compile(r"[\s\-‌_]")
# ASCII: a str pattern's \d matches any script's digits (fullwidth ９), which are not ours.
_MOBILE = re.compile(r"^(?:\+98|0098|98|0)?(9\d{9})$", re.ASCII)


class InvalidNationalCode(ValueError):
    """The value is not a valid national code."""


class InvalidMobile(ValueError):
    """The value is not an Iranian mobile number."""


def _clean(value: str) -> str:
    return _SEPARATORS.sub("", digits.to_ascii(_from_header(value).strip()))


def _from_header(value: str) -> str:
    """`value` as the UTF-8 it was sent in, when it came from an HTTP header.

    ASGI servers and Starlette read header bytes as latin-1, so Persian digits sent as UTF-8
    in X-National-Code arrive as mojibake (۰ as "Û°"); no valid code holds those letters.
    """
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def national_code_check_digit(first_nine: str) -> int:
    """Return the check digit of a national code from its first nine digits (mod 11)."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return remainder if remainder < 2 else 11 - remainder


def normalize_national_code(value: str) -> str:
    """Return the 10 ASCII digits of a valid national code or raise InvalidNationalCode."""
    # Ten ASCII digits (what apps send) are already clean: no regex or translation to run.
    plain = len(value) == 10 and value.isascii() and value.isdigit()
    code = value if plain else _clean(value)
    # isascii: other scripts' digits (fullwidth, mathematical) pass isdigit() and int(), and
    # would be stored as another person's code than the same digits typed in ASCII.
    if not (code.isascii() and code.isdigit()) or not 8 <= len(code) <= 10:
        raise InvalidNationalCode("national code must have 10 digits")
    # Older cards print codes without their leading zeros.
    code = code.zfill(10)
    if len(set(code)) == 1:
        raise InvalidNationalCode("national code cannot repeat one digit")
    if national_code_check_digit(code[:9]) != int(code[9]):
        raise InvalidNationalCode("national code check digit does not match")
    return code


def is_valid_national_code(value: str) -> bool:
    """Tell whether `value` is a valid national code."""
    try:
        normalize_national_code(value)
    except InvalidNationalCode:
        return False
    return True


def normalize_mobile(value: str) -> str:
    """Return an Iranian mobile number as 09xxxxxxxxx or raise InvalidMobile."""
    match = _MOBILE.match(_clean(value))
    if match is None:
        raise InvalidMobile("mobile must be an Iranian mobile number (09xxxxxxxxx)")
    return "0" + match.group(1)


def mask(code: str) -> str:
    """Mask all but the last four digits of an identifier, for logs."""
    return "*" * max(len(code) - 4, 0) + code[-4:]


def _as_str(value: object) -> object:
    return str(value) if isinstance(value, int) else value


NationalCode = Annotated[str, BeforeValidator(_as_str), AfterValidator(normalize_national_code)]
"""A pydantic field type: validated and normalised national code."""

Mobile = Annotated[str, BeforeValidator(_as_str), AfterValidator(normalize_mobile)]
"""A pydantic field type: normalised Iranian mobile number."""


def subject_key(secret: bytes, national_code: str) -> str:
    """A keyed hash (HMAC-SHA256) of a national code: rows and logs can be searched by
    person, but whoever reads them without the key reads no one's code."""
    # RFC 2104 over the key's two padded blocks hashed once (_pads): the same bytes as
    # hmac.new(...).hexdigest() at about a third of its cost, which every status lookup
    # pays (8 µs for hmac's one-shot digest on a loaded core, 3 µs this way).
    inner, outer = _pads(secret)
    inner, outer = inner.copy(), outer.copy()
    inner.update(national_code.encode())
    outer.update(inner.digest())
    return outer.hexdigest()


@functools.lru_cache(maxsize=8)  # a process holds a key or two (current, retired)
def _pads(secret: bytes) -> "tuple[hashlib._Hash, hashlib._Hash]":
    """SHA-256 states after the HMAC inner and outer pads of `secret` (RFC 2104)."""
    block = hashlib.sha256().block_size
    key = hashlib.sha256(secret).digest() if len(secret) > block else secret
    key = key.ljust(block, b"\0")
    return (
        hashlib.sha256(bytes(b ^ 0x36 for b in key)),
        hashlib.sha256(bytes(b ^ 0x5C for b in key)),
    )
