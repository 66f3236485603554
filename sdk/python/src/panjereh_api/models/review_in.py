from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.review_in_outcome import ReviewInOutcome

T = TypeVar("T", bound="ReviewIn")


@_attrs_define
class ReviewIn:
    """
    Attributes:
        outcome (ReviewInOutcome):
        reason (str):
    """

    outcome: ReviewInOutcome
    reason: str

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = ReviewInOutcome(d.pop("outcome"))

        reason = d.pop("reason")

        review_in = cls(
            outcome=outcome,
            reason=reason,
        )

        return review_in
