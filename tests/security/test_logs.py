"""Finding 6: no national code reaches a log line in full, in any spelling.

The probes are the review's: codes with dashes or spaces, in Persian digits (raw and
percent-encoded), without their leading zeros, in a header, and inside an exception's text
and traceback. Every log record the process makes while the platform serves them is caught
and read by the independent detector of tests/security/_logs.py.
"""

import base64
import json
import logging

import pytest

from tests.security import _logs
from tests.security.conftest import COMPLETE_PERSON, PASSPORT, Window

PERSIAN = "۰۰۱۸۳۹۲۷۴۱"
ARABIC = "٠٠١٨٣٩٢٧٤١"
SPELLINGS = [
    "0018-392741",
    "0018 392741",
    "001-839274-1",
    "%DB%B0%DB%B0%DB%B1%DB%B8392741",  # Persian digits, percent-encoded as a URL carries them
    PERSIAN,
    ARABIC,
    "18392741",  # leading zeros dropped, as older cards print it
    COMPLETE_PERSON,
]


def _cursor(position: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


def _findings(captured: _logs.Everything) -> list[_logs.Finding]:
    return _logs.scan(captured.lines, "the platform's log")


@pytest.mark.asyncio
async def test_no_log_line_holds_a_national_code_in_any_spelling(
    window: Window, captured: _logs.Everything
) -> None:
    agency = await window.auth(PASSPORT)
    for spelling in SPELLINGS:
        url = f"/v1/inquiries/access-log?national_code={spelling}"
        response = await window.http.get(url, headers=agency)
        assert response.status_code in (200, 422), response.text
        await window.http.get(
            "/v1/status/123456789012", headers={"X-National-Code": spelling.encode()}
        )
        await window.http.get("/v1/status/123456789012", headers={"X-Request-ID": COMPLETE_PERSON})
    assert captured.lines, "the platform logged nothing: the capture is broken"
    findings = _findings(captured)
    assert not findings, "\n".join(f"{f.code}: {f.line}" for f in findings[:20])


@pytest.mark.asyncio
async def test_no_national_code_in_exception_text_or_tracebacks(
    window: Window, captured: _logs.Everything
) -> None:
    agency = await window.auth(PASSPORT)
    # Cursors and dates that carry a code into the parsers' error messages
    # ("Invalid isoformat string: '0018392741'").
    probes = [
        f"/v1/applications?cursor={_cursor({'at': COMPLETE_PERSON, 'id': COMPLETE_PERSON})}",
        f"/v1/inquiries/access-log?national_code={COMPLETE_PERSON}"
        f"&cursor={_cursor({'seq': COMPLETE_PERSON})}",
        f"/v1/catalog/services?cursor={_cursor({'id': 10 * [COMPLETE_PERSON]})}",
    ]
    statuses = [(await window.http.get(url, headers=agency)).status_code for url in probes]
    findings = _findings(captured)
    assert not findings, "\n".join(f"{f.code}: {f.line}" for f in findings[:20])
    assert all(status < 500 for status in statuses), statuses


@pytest.mark.asyncio
async def test_the_safety_net_masks_what_reaches_a_log_anyway(
    window: Window, captured: _logs.Everything
) -> None:
    """What no cause-level fix could foresee (an exception's message, a traceback's source
    line) is masked by the process-wide net the running platform sets, for every handler
    of the process (this test's own included), not only the platform's."""
    assert (await window.http.get("/health/live")).status_code == 200
    log = logging.getLogger("tests.security.probe")
    try:
        raise ValueError(f"Invalid isoformat string: '{COMPLETE_PERSON}' ({PERSIAN})")
    except ValueError:
        log.exception("parsing 0018-392741 and %s failed", "18392741")
    log.warning("stack", stack_info=True)
    text = "\n".join(captured.lines)
    assert "Invalid isoformat string" in text and "2741" in text
    findings = _findings(captured)
    assert not findings, "\n".join(f"{f.code}: {f.line}" for f in findings[:20])
