from enum import StrEnum


class InquiryOutStatus(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
