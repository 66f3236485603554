from enum import StrEnum


class EvidenceOutStatus(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    PENDING = "pending"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
