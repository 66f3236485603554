from enum import StrEnum


class RuleOnFail(StrEnum):
    REFER = "refer"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
