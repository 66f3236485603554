"""The dossier endpoints' answer."""

import datetime as dt

from pydantic import BaseModel, Field


class DossierOut(BaseModel):
    dossier: str = Field(
        description="The compact JWS (ES256, typ panjereh-dossier+jwt) over the decision: "
        "application, service, rules digest, legal basis, evidence digests, decision"
    )
    kid: str = Field(description="The signing key's id, published in /.well-known/jwks.json")
    verification_url: str = Field(
        description="`<public base url>/verify#<jws>`: the dossier rides in the fragment, "
        "which a browser never sends to a server"
    )
    short_verification_url: str = Field(
        description="`<public base url>/verify#ref=<reference>`: the link the QR code holds "
        "(a whole dossier is too long for a QR code a phone reads); the page resolves the "
        "reference (POST /v1/dossiers/lookup) and verifies the dossier it gets"
    )
    qr: str = Field(description="A QR code of short_verification_url, as a PNG data URL")
    signed_at: dt.datetime
    signed_at_jalali: str
    jwks_url: str = Field(description="Where the verifying keys are published (this origin)")


REF_LENGTH = 22  # base64url characters of the signature: 132 bits


class LookupIn(BaseModel):
    ref: str = Field(
        pattern=r"^[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$",
        description="The reference of a short verification link: `<application id>.<22>`",
    )


class LookupOut(BaseModel):
    dossier: str
    kid: str
