from enum import StrEnum


class BasisDetailStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
