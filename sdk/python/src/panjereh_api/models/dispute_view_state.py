from enum import StrEnum


class DisputeViewState(StrEnum):
    OPEN = "open"
    REJECTED = "rejected"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
