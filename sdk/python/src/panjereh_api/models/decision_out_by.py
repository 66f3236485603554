from enum import StrEnum


class DecisionOutBy(StrEnum):
    OFFICER = "officer"
    RULES = "rules"
    SLA = "sla"

    def __str__(self) -> str:
        return str(self.value)
