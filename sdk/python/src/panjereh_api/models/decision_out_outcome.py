from enum import StrEnum


class DecisionOutOutcome(StrEnum):
    APPROVED = "approved"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
