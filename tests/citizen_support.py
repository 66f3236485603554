"""Logging in as a citizen through the gateway, the way a person does (issue 17).

`await citizen_login(http, national_code=..., mobile=...)` asks for a one-time code
(`POST /v1/citizen/otp`), reads it from the sandbox SMS (`GET /v1/sandbox/sms`, embedded and
dev profiles), redeems it (`POST /v1/citizen/token`) and returns the bearer token. `http` is
an httpx.AsyncClient whose base URL is the gateway (the embedded app served, or its ASGI
transport). The sandbox personas' mobiles are in `PERSONA_MOBILES`.
"""

import re

import httpx

from panjereh import digits
from tests.support import eventually

COMPLETE = ("0018392741", "09121000001")  # the `complete` persona: (national code, mobile)
MOBILE_MISMATCH = ("0063927187", "09121000006")  # Shahkar never confirms their mobile
_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


async def sandbox_texts(http: httpx.AsyncClient, mobile: str) -> list[str]:
    """Every SMS the sandbox provider sent to `mobile`, oldest first."""
    texts: list[str] = []
    cursor: str | None = None
    while True:
        params = {"mobile": mobile, "limit": "500", **({"cursor": cursor} if cursor else {})}
        page = await http.get("/v1/sandbox/sms", params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        texts += [item["text"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return texts


def code_in(text: str) -> str | None:
    """The one-time code a login SMS carries (its Persian digits read as ASCII), or None."""
    if "کد ورود" not in text:
        return None
    found = _CODE.search(digits.to_ascii(text))
    return found.group(1) if found else None


async def sandbox_codes(http: httpx.AsyncClient, mobile: str) -> list[str]:
    """The one-time codes sent to `mobile`, oldest first."""
    return [code for text in await sandbox_texts(http, mobile) if (code := code_in(text))]


async def request_code(
    http: httpx.AsyncClient, *, national_code: str, mobile: str, within: float = 60.0
) -> str:
    """Ask for a code and wait for its SMS; the code."""
    before = len(await sandbox_codes(http, mobile))
    asked = await http.post(
        "/v1/citizen/otp", json={"national_code": national_code, "mobile": mobile}
    )
    assert asked.status_code == 202, asked.text
    codes: list[str] = []

    async def arrived() -> bool:
        codes[:] = await sandbox_codes(http, mobile)
        return len(codes) > before

    await eventually(arrived, within=within, what="the one-time code's SMS")
    return codes[-1]


async def redeem(http: httpx.AsyncClient, *, national_code: str, code: str) -> httpx.Response:
    return await http.post("/v1/citizen/token", json={"national_code": national_code, "code": code})


async def citizen_login(
    http: httpx.AsyncClient, *, national_code: str = COMPLETE[0], mobile: str = COMPLETE[1]
) -> str:
    """A citizen token for the person, by their one-time code read from the sandbox SMS."""
    code = await request_code(http, national_code=national_code, mobile=mobile)
    answer = await redeem(http, national_code=national_code, code=code)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


async def citizen_headers(http: httpx.AsyncClient, **person: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await citizen_login(http, **person)}"}
