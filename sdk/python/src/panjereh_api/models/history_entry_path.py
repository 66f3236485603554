from enum import StrEnum


class HistoryEntryPath(StrEnum):
    APPLICATION = "application"
    DIRECT = "direct"

    def __str__(self) -> str:
        return str(self.value)
