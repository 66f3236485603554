from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.step_state import StepState

if TYPE_CHECKING:
    from ..models.step_label import StepLabel
    from ..models.step_reason_type_0 import StepReasonType0


T = TypeVar("T", bound="Step")


@_attrs_define
class Step:
    """
    Attributes:
        state (StepState): The application's state
        at (datetime.datetime):
        at_jalali (str):
        label (StepLabel):
        reason (None | StepReasonType0):
    """

    state: StepState
    at: datetime.datetime
    at_jalali: str
    label: StepLabel
    reason: None | StepReasonType0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.step_reason_type_0 import StepReasonType0  # noqa: PLC0415

        state = self.state.value

        at = self.at.isoformat()

        at_jalali = self.at_jalali

        label = self.label.to_dict()

        reason: dict[str, Any] | None
        if isinstance(self.reason, StepReasonType0):
            reason = self.reason.to_dict()
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "at": at,
                "at_jalali": at_jalali,
                "label": label,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_label import StepLabel  # noqa: PLC0415
        from ..models.step_reason_type_0 import StepReasonType0  # noqa: PLC0415

        d = dict(src_dict)
        state = StepState(d.pop("state"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        at_jalali = d.pop("at_jalali")

        label = StepLabel.from_dict(d.pop("label"))

        def _parse_reason(data: object) -> None | StepReasonType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reason_type_0 = StepReasonType0.from_dict(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StepReasonType0, data)

        reason = _parse_reason(d.pop("reason"))

        step = cls(
            state=state,
            at=at,
            at_jalali=at_jalali,
            label=label,
            reason=reason,
        )

        step.additional_properties = d
        return step

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
