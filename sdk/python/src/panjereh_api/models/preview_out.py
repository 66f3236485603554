from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.preview_out_answer_type_0 import PreviewOutAnswerType0

if TYPE_CHECKING:
    from ..models.objection_out import ObjectionOut


T = TypeVar("T", bound="PreviewOut")


@_attrs_define
class PreviewOut:
    """A preview service's wait for its applicant (API.md, Citizens): until when, their
    answer (confirmed, objected, or lapsed: the window ended with none) and any objection.

        Attributes:
            due_at (datetime.datetime):
            due_at_jalali (str):
            answer (None | PreviewOutAnswerType0):
            answered_at (datetime.datetime | None):
            objection (None | ObjectionOut):
    """

    due_at: datetime.datetime
    due_at_jalali: str
    answer: None | PreviewOutAnswerType0
    answered_at: datetime.datetime | None
    objection: None | ObjectionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.objection_out import ObjectionOut  # noqa: PLC0415

        due_at = self.due_at.isoformat()

        due_at_jalali = self.due_at_jalali

        answer: None | str
        if isinstance(self.answer, PreviewOutAnswerType0):
            answer = self.answer.value
        else:
            answer = self.answer

        answered_at: None | str
        if isinstance(self.answered_at, datetime.datetime):
            answered_at = self.answered_at.isoformat()
        else:
            answered_at = self.answered_at

        objection: dict[str, Any] | None
        if isinstance(self.objection, ObjectionOut):
            objection = self.objection.to_dict()
        else:
            objection = self.objection

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due_at": due_at,
                "due_at_jalali": due_at_jalali,
                "answer": answer,
                "answered_at": answered_at,
                "objection": objection,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.objection_out import ObjectionOut  # noqa: PLC0415

        d = dict(src_dict)
        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        due_at_jalali = d.pop("due_at_jalali")

        def _parse_answer(data: object) -> None | PreviewOutAnswerType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                answer_type_0 = PreviewOutAnswerType0(data)

                return answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviewOutAnswerType0, data)

        answer = _parse_answer(d.pop("answer"))

        def _parse_answered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                answered_at_type_0 = datetime.datetime.fromisoformat(data)

                return answered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        answered_at = _parse_answered_at(d.pop("answered_at"))

        def _parse_objection(data: object) -> None | ObjectionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                objection_type_0 = ObjectionOut.from_dict(data)

                return objection_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ObjectionOut, data)

        objection = _parse_objection(d.pop("objection"))

        preview_out = cls(
            due_at=due_at,
            due_at_jalali=due_at_jalali,
            answer=answer,
            answered_at=answered_at,
            objection=objection,
        )

        preview_out.additional_properties = d
        return preview_out

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
