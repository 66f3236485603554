from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.finding import Finding

T = TypeVar("T", bound="AuditVerification")


@_attrs_define
class AuditVerification:
    """
    Attributes:
        entries (int): Entries read, up to and including the first broken one
        intact (bool):
        first_broken_seq (int | None): The first entry whose hash or link fails
        checkpoints (int): Signed checkpoints checked (valid signatures)
        rejected_checkpoints (int): Checkpoints whose signature did not hold
        covered_seq (int | None): The last entry a matching checkpoint vouches for
        first_uncovered_seq (int | None): The first seq no matching checkpoint vouches for: it and every entry after it
            are unproven (none: all covered)
        detected (Finding | None): What was found: broken-link, rewritten (chain recomputed), missing-entry (deleted and
            relinked), truncated (tail cut), forged-checkpoint
        checkpoint_seq (int | None): The checkpoint the chain failed to reproduce
    """

    entries: int
    intact: bool
    first_broken_seq: int | None
    checkpoints: int
    rejected_checkpoints: int
    covered_seq: int | None
    first_uncovered_seq: int | None
    detected: Finding | None
    checkpoint_seq: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entries = self.entries

        intact = self.intact

        first_broken_seq: int | None
        first_broken_seq = self.first_broken_seq

        checkpoints = self.checkpoints

        rejected_checkpoints = self.rejected_checkpoints

        covered_seq: int | None
        covered_seq = self.covered_seq

        first_uncovered_seq: int | None
        first_uncovered_seq = self.first_uncovered_seq

        detected: None | str
        if isinstance(self.detected, Finding):
            detected = self.detected.value
        else:
            detected = self.detected

        checkpoint_seq: int | None
        checkpoint_seq = self.checkpoint_seq

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entries": entries,
                "intact": intact,
                "first_broken_seq": first_broken_seq,
                "checkpoints": checkpoints,
                "rejected_checkpoints": rejected_checkpoints,
                "covered_seq": covered_seq,
                "first_uncovered_seq": first_uncovered_seq,
                "detected": detected,
                "checkpoint_seq": checkpoint_seq,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entries = d.pop("entries")

        intact = d.pop("intact")

        def _parse_first_broken_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        first_broken_seq = _parse_first_broken_seq(d.pop("first_broken_seq"))

        checkpoints = d.pop("checkpoints")

        rejected_checkpoints = d.pop("rejected_checkpoints")

        def _parse_covered_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        covered_seq = _parse_covered_seq(d.pop("covered_seq"))

        def _parse_first_uncovered_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        first_uncovered_seq = _parse_first_uncovered_seq(d.pop("first_uncovered_seq"))

        def _parse_detected(data: object) -> Finding | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                detected_type_0 = Finding(data)

                return detected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Finding | None, data)

        detected = _parse_detected(d.pop("detected"))

        def _parse_checkpoint_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        checkpoint_seq = _parse_checkpoint_seq(d.pop("checkpoint_seq"))

        audit_verification = cls(
            entries=entries,
            intact=intact,
            first_broken_seq=first_broken_seq,
            checkpoints=checkpoints,
            rejected_checkpoints=rejected_checkpoints,
            covered_seq=covered_seq,
            first_uncovered_seq=first_uncovered_seq,
            detected=detected,
            checkpoint_seq=checkpoint_seq,
        )

        audit_verification.additional_properties = d
        return audit_verification

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
