"""Tracking codes: 12 random digits and a Luhn check digit, so typos are caught at once."""

import secrets

from panjereh import digits

RANDOM_DIGITS = 12


def luhn_check_digit(payload: str) -> int:
    """The Luhn digit that makes `payload + digit` valid."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def new_tracking_code() -> str:
    """An unguessable tracking code (12 random digits from `secrets` + check digit)."""
    payload = "".join(str(secrets.randbelow(10)) for _ in range(RANDOM_DIGITS))
    return payload + str(luhn_check_digit(payload))


def normalize(code: str) -> str | None:
    """The code in ASCII digits if it is well-formed and its check digit holds, else None."""
    cleaned = digits.to_ascii(code.strip()).replace("-", "").replace(" ", "")
    # isascii: other scripts' digits (fullwidth, superscript) pass isdigit() but are not ours.
    if len(cleaned) != RANDOM_DIGITS + 1 or not (cleaned.isascii() and cleaned.isdigit()):
        return None
    return cleaned if luhn_check_digit(cleaned[:-1]) == int(cleaned[-1]) else None
