from enum import StrEnum


class MyAccessEntryFlagsItem(StrEnum):
    DISPUTED = "disputed"
    NO_OPEN_APPLICATION = "no-open-application"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
