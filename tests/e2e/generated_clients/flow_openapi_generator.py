"""An agency backend's day with the client openapi-generator's Python generator made from the
live document (package `panjereh_generated`, on PYTHONPATH): a token by client credentials
(client_secret_basic), a submission, the public status polled until the rules decide, and an
officer's review of the referral. Prints one JSON line per step for the test to read.

Usage: python flow_openapi_generator.py BASE_URL CLIENT_ID CLIENT_SECRET SERVICE_ID
NATIONAL_CODE MOBILE"""

import json
import sys
import time
import uuid

import panjereh_generated as generated

DECIDED = {"approved", "rejected", "needs_review", "failed", "cancelled"}


def main(base: str, client_id: str, secret: str, service_id: str, code: str, mobile: str) -> None:
    # The token endpoint's clientBasic scheme: the generated configuration's username/password.
    config = generated.Configuration(host=base, username=client_id, password=secret)
    with generated.ApiClient(config) as api:
        token = generated.AuthenticationApi(api).create_token(grant_type="client_credentials")
        _say("token", type=type(token).__name__, token_type=token.token_type)
        config.access_token = token.access_token  # the bearer scheme from now on
        applications = generated.ApplicationApi(api)
        submitted = applications.submit_application(
            idempotency_key=f"openapi-generator-{uuid.uuid4()}",
            submit_in=generated.SubmitIn(
                service_id=service_id,
                applicant=generated.ApplicantIn(national_code=code, mobile=mobile),
            ),
        )
        _say("submitted", id=submitted.id, tracking_code=submitted.tracking_code)
        state = _poll(generated.StatusApi(api), submitted.tracking_code, code)
        _say("decided", state=state)
        reviewed = applications.review_application(
            submitted.id,
            generated.ReviewIn(outcome="approved", reason="مدارک برخط کامل و معتبر است"),
        )
        _say(
            "reviewed",
            type=type(reviewed).__name__,
            state=_value(reviewed.state),
            outcome=_value(reviewed.decision.outcome),
            by=_value(reviewed.decision.by),
        )


def _poll(status_api: object, tracking_code: str, code: str) -> str:
    deadline = time.monotonic() + 180
    while True:
        status = status_api.get_status(tracking_code, x_national_code=code)
        state = _value(status.state)
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
