from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.legal_basis_status import LegalBasisStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="LegalBasis")


@_attrs_define
class LegalBasis:
    """The legal-basis office's decision on one evidence type a service requires.

    Attributes:
        evidence_type (str):
        status (LegalBasisStatus):
        law_reference (None | str | Unset):
        decided_at (datetime.datetime | None | Unset):
    """

    evidence_type: str
    status: LegalBasisStatus
    law_reference: None | str | Unset = UNSET
    decided_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        evidence_type = self.evidence_type

        status = self.status.value

        law_reference: None | str | Unset
        if isinstance(self.law_reference, Unset):
            law_reference = UNSET
        else:
            law_reference = self.law_reference

        decided_at: None | str | Unset
        if isinstance(self.decided_at, Unset):
            decided_at = UNSET
        elif isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_type": evidence_type,
                "status": status,
            }
        )
        if law_reference is not UNSET:
            field_dict["law_reference"] = law_reference
        if decided_at is not UNSET:
            field_dict["decided_at"] = decided_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        evidence_type = d.pop("evidence_type")

        status = LegalBasisStatus(d.pop("status"))

        def _parse_law_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        law_reference = _parse_law_reference(d.pop("law_reference", UNSET))

        def _parse_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        decided_at = _parse_decided_at(d.pop("decided_at", UNSET))

        legal_basis = cls(
            evidence_type=evidence_type,
            status=status,
            law_reference=law_reference,
            decided_at=decided_at,
        )

        return legal_basis
