from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApplicantIn")


@_attrs_define
class ApplicantIn:
    """
    Attributes:
        national_code (str):
        mobile (None | str | Unset):
        birth_date (datetime.date | None | Unset): ISO (1990-03-21) or Jalali (1369/01/01)
    """

    national_code: str
    mobile: None | str | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        national_code = self.national_code

        mobile: None | str | Unset
        if isinstance(self.mobile, Unset):
            mobile = UNSET
        else:
            mobile = self.mobile

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "national_code": national_code,
            }
        )
        if mobile is not UNSET:
            field_dict["mobile"] = mobile
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        national_code = d.pop("national_code")

        def _parse_mobile(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mobile = _parse_mobile(d.pop("mobile", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        applicant_in = cls(
            national_code=national_code,
            mobile=mobile,
            birth_date=birth_date,
        )

        return applicant_in
