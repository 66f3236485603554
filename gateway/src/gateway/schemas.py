"""The gateway's own API models: OAuth tokens (agencies' and citizens'), the RFC 8414
metadata, and the sandbox's demo clients (the services' models live in each service)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from panjereh import auth, identity


class TokenOut(BaseModel):
    # What the demo's passport-police-backend gets for `scope=applications:read
    # applications:write` (the signature here is not a real one).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": (
                        "eyJhbGciOiJFUzI1NiIsImtpZCI6InBhbmplcmVoLTEiLCJ0eXAiOiJKV1Qi"
                        "fQ.eyJzdWIiOiJwYXNzcG9ydC1wb2xpY2UtYmFja2VuZCIsImFnZW5jeV9pZ"
                        "CI6InBhc3Nwb3J0LXBvbGljZSIsInNjb3BlIjoiYXBwbGljYXRpb25zOnJlY"
                        "WQgYXBwbGljYXRpb25zOndyaXRlIn0.bm90LWEtcmVhbC1zaWduYXR1cmU"
                    ),
                    "token_type": "Bearer",
                    "expires_in": 900,
                    "scope": "applications:read applications:write",
                }
            ]
        }
    )

    access_token: str
    token_type: str = "Bearer"  # noqa: S105 — RFC 6749 token type
    expires_in: int
    scope: str


class DemoClient(BaseModel):
    client_id: str
    client_secret: str
    agency_id: str | None
    scopes: list[str]


class AuthorizationServer(BaseModel):
    """RFC 8414 metadata: where integrators' OAuth libraries find the token endpoint."""

    issuer: str
    token_endpoint: str
    jwks_uri: str
    grant_types_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    scopes_supported: list[str]
    response_types_supported: list[str]
    service_documentation: str


class CitizenTokenRequest(BaseModel):
    national_code: identity.NationalCode = Field(description="Persian digits accepted")
    code: Annotated[str, Field(min_length=1, max_length=20, description="The SMS's 6 digits")]


class CitizenToken(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 — RFC 6749 token type
    expires_in: int
    scope: str = auth.CITIZEN_SCOPE
