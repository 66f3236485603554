from enum import StrEnum


class ServiceSlaBreachAction(StrEnum):
    DEEM_APPROVED = "deem_approved"
    ESCALATE = "escalate"
    NOTIFY = "notify"

    def __str__(self) -> str:
        return str(self.value)
