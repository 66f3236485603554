from enum import StrEnum


class DecisionInDecision(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
