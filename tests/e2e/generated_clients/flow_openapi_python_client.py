"""The same day with the client openapi-python-client made from the live document (package
`panjereh_opc`, on PYTHONPATH): token (client_secret_basic through its AuthenticatedClient's
prefix), submission, the public status polled until the rules decide, the officer's review.
Prints one JSON line per step for the test to read.

Usage: python flow_openapi_python_client.py BASE_URL CLIENT_ID CLIENT_SECRET SERVICE_ID
NATIONAL_CODE MOBILE"""

import base64
import json
import sys
import time
import uuid

from panjereh_opc import AuthenticatedClient, Client, models
from panjereh_opc.api.application import (
    review_application,
    submit_application,
)
from panjereh_opc.api.authentication import create_token
from panjereh_opc.api.status import get_status

DECIDED = {"approved", "rejected", "needs_review", "failed", "cancelled"}


def main(base: str, client_id: str, secret: str, service_id: str, code: str, mobile: str) -> None:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    with AuthenticatedClient(base_url=base, token=basic, prefix="Basic") as client:
        token = create_token.sync(
            client=client, body=models.CreateTokenBody(grant_type="client_credentials")
        )
    _say("token", type=type(token).__name__, token_type=getattr(token, "token_type", None))
    with (
        AuthenticatedClient(base_url=base, token=token.access_token) as agency,
        Client(base_url=base) as public,
    ):
        submitted = submit_application.sync(
            client=agency,
            idempotency_key=f"openapi-python-client-{uuid.uuid4()}",
            body=models.SubmitIn(
                service_id=service_id,
                applicant=models.ApplicantIn(national_code=code, mobile=mobile),
            ),
        )
        _say("submitted", id=submitted.id, tracking_code=submitted.tracking_code)
        state = _poll(public, submitted.tracking_code, code)
        _say("decided", state=state)
        reviewed = review_application.sync(
            submitted.id,
            client=agency,
            body=models.ReviewIn(
                outcome=models.ReviewInOutcome.APPROVED, reason="مدارک برخط کامل و معتبر است"
            ),
        )
        _say(
            "reviewed",
            type=type(reviewed).__name__,
            state=_value(reviewed.state),
            outcome=_value(reviewed.decision.outcome),
            by=_value(reviewed.decision.by),
        )


def _poll(public: object, tracking_code: str, code: str) -> str:
    deadline = time.monotonic() + 180
    while True:
        status = get_status.sync(tracking_code, client=public, x_national_code=code)
        state = _value(getattr(status, "state", None))
        if state in DECIDED or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


def _value(field: object) -> str:
    """An enum member's value, or the string a generator left as a string."""
    return str(getattr(field, "value", field))


def _say(step: str, **facts: object) -> None:
    print(json.dumps({"step": step, **facts}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:7])
