"""The miss guard's keys: every spelling of one tracking code, and every address of one
subscriber, is one budget (issue #14, finding 4)."""

import asyncio

import pytest

from panjereh import tracking
from panjereh.problems import ProblemError
from panjereh.web.long_lived import client_key
from status_service import guard
from status_service.guard import Guard, code_key
from status_service.settings import StatusSettings

CODE = "1234567890128"  # Luhn-valid


def test_the_fixture_code_is_a_valid_tracking_code() -> None:
    assert tracking.normalize(CODE) == CODE


@pytest.mark.parametrize(
    "spelling",
    [
        CODE,
        "1234-5678-9012-8",
        "1234 5678 9012 8",
        " 1234567890128 ",
        "۱۲۳۴۵۶۷۸۹۰۱۲۸",  # Persian digits
        "١٢٣٤٥٦٧٨٩٠١٢٨",  # Arabic-Indic digits
        "۱۲۳۴-5678 ٩٠١٢-8",  # mixed scripts and separators
        "1234\t5678\u200c9012_8",  # a tab, a zero-width non-joiner, an underscore
        "１２３４５６７８９０１２８",  # fullwidth digits: not a code, but not a fresh budget either
    ],
)
def test_every_spelling_of_a_code_is_one_key(spelling: str) -> None:
    assert code_key(spelling) == CODE


def test_keys_of_garbage_are_bounded() -> None:
    assert len(code_key("9" * 10_000)) <= 32
    assert code_key("no digits at all") == ""


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),  # same subscriber's /64
        ("unknown", "unknown"),
    ],
)
def test_an_address_key_is_the_ipv4_address_or_the_ipv6_64(address: str, key: str) -> None:
    assert client_key(address) == key  # the kit's one key for a client address


def _guard(**limits: str) -> Guard:
    return Guard(StatusSettings(**limits))


async def _outcome(guard: Guard, client: str, code: str, *, right: bool) -> int:
    """What find() answers: admit, then 200 for the right pair or a counted miss."""
    try:
        await guard.admit(client, code)
        if right:
            return 200
        await guard.miss(client, code)
    except ProblemError as problem:
        return problem.status
    return 404


def test_others_guesses_spend_the_code_but_never_lock_out_the_right_national_code() -> None:
    async def scenario() -> tuple[list[int], int, int]:
        guard = _guard(misses_per_code="3/hour")
        others = [await _outcome(guard, f"10.0.0.{n}", CODE, right=False) for n in range(5)]
        applicant = await _outcome(guard, "192.0.2.1", "1234-5678-9012-8", right=True)
        stranger = await _outcome(guard, "192.0.2.2", CODE, right=False)
        return others, applicant, stranger

    others, applicant, stranger = asyncio.run(scenario())
    assert others == [404, 404, 404, 429, 429]
    assert applicant == 200
    assert stranger == 429


def test_a_client_that_spent_its_own_budget_is_refused_even_the_right_pair() -> None:
    async def scenario() -> list[int]:
        guard = _guard(misses_per_client_code="2/hour")
        wrong = [await _outcome(guard, "10.0.0.1", CODE, right=False) for _ in range(2)]
        return [*wrong, await _outcome(guard, "10.0.0.1", CODE, right=True)]

    assert asyncio.run(scenario()) == [404, 404, 429]


@pytest.mark.parametrize(
    ("forwarded_for", "peer", "client"),
    [
        (["203.0.113.9"], "10.0.0.2", "203.0.113.9"),
        (["1.1.1.1, 203.0.113.9"], "10.0.0.2", "203.0.113.9"),  # what a client wrote is left
        (["1.1.1.1", "203.0.113.9 "], "10.0.0.2", "203.0.113.9"),  # two header lines
        ([], "10.0.0.2", "10.0.0.2"),
        ([""], "10.0.0.2", "10.0.0.2"),
        ([], None, "unknown"),
    ],
)
def test_the_client_is_the_rightmost_forwarded_entry_else_the_peer(
    forwarded_for: list[str], peer: str | None, client: str
) -> None:
    """One reading for the route (client_of) and the fast path, which had its own copy."""
    assert guard.client_from(forwarded_for, peer) == client
