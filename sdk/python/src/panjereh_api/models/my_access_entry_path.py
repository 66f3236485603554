from enum import StrEnum


class MyAccessEntryPath(StrEnum):
    APPLICATION = "application"
    DIRECT = "direct"

    def __str__(self) -> str:
        return str(self.value)
