from enum import StrEnum


class OversightDisputeState(StrEnum):
    OPEN = "open"
    REJECTED = "rejected"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
