from enum import StrEnum


class ServiceSpecSlaBreachAction(StrEnum):
    DEEM_APPROVED = "deem_approved"
    ESCALATE = "escalate"
    NOTIFY = "notify"

    def __str__(self) -> str:
        return str(self.value)
