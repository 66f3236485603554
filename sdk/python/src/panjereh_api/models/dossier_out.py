from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DossierOut")


@_attrs_define
class DossierOut:
    """
    Attributes:
        dossier (str): The compact JWS (ES256, typ panjereh-dossier+jwt) over the decision: application, service, rules
            digest, legal basis, evidence digests, decision
        kid (str): The signing key's id, published in /.well-known/jwks.json
        verification_url (str): `<public base url>/verify#<jws>`: the dossier rides in the fragment, which a browser
            never sends to a server
        short_verification_url (str): `<public base url>/verify#ref=<reference>`: the link the QR code holds (a whole
            dossier is too long for a QR code a phone reads); the page resolves the reference (POST /v1/dossiers/lookup) and
            verifies the dossier it gets
        qr (str): A QR code of short_verification_url, as a PNG data URL
        signed_at (datetime.datetime):
        signed_at_jalali (str):
        jwks_url (str): Where the verifying keys are published (this origin)
    """

    dossier: str
    kid: str
    verification_url: str
    short_verification_url: str
    qr: str
    signed_at: datetime.datetime
    signed_at_jalali: str
    jwks_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dossier = self.dossier

        kid = self.kid

        verification_url = self.verification_url

        short_verification_url = self.short_verification_url

        qr = self.qr

        signed_at = self.signed_at.isoformat()

        signed_at_jalali = self.signed_at_jalali

        jwks_url = self.jwks_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dossier": dossier,
                "kid": kid,
                "verification_url": verification_url,
                "short_verification_url": short_verification_url,
                "qr": qr,
                "signed_at": signed_at,
                "signed_at_jalali": signed_at_jalali,
                "jwks_url": jwks_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        dossier = d.pop("dossier")

        kid = d.pop("kid")

        verification_url = d.pop("verification_url")

        short_verification_url = d.pop("short_verification_url")

        qr = d.pop("qr")

        signed_at = datetime.datetime.fromisoformat(d.pop("signed_at"))

        signed_at_jalali = d.pop("signed_at_jalali")

        jwks_url = d.pop("jwks_url")

        dossier_out = cls(
            dossier=dossier,
            kid=kid,
            verification_url=verification_url,
            short_verification_url=short_verification_url,
            qr=qr,
            signed_at=signed_at,
            signed_at_jalali=signed_at_jalali,
            jwks_url=jwks_url,
        )

        dossier_out.additional_properties = d
        return dossier_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
