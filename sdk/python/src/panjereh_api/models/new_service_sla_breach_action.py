from enum import StrEnum


class NewServiceSlaBreachAction(StrEnum):
    DEEM_APPROVED = "deem_approved"
    ESCALATE = "escalate"
    NOTIFY = "notify"

    def __str__(self) -> str:
        return str(self.value)
