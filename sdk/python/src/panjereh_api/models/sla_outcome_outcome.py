from enum import StrEnum


class SlaOutcomeOutcome(StrEnum):
    BREACHED = "breached"
    DEEMED_APPROVED = "deemed_approved"
    ESCALATED = "escalated"

    def __str__(self) -> str:
        return str(self.value)
