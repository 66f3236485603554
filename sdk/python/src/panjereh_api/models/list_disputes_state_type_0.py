from enum import StrEnum


class ListDisputesStateType0(StrEnum):
    OPEN = "open"
    REJECTED = "rejected"
    UPHELD = "upheld"

    def __str__(self) -> str:
        return str(self.value)
