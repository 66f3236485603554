from enum import StrEnum


class Finding(StrEnum):
    BROKEN_LINK = "broken-link"
    FORGED_CHECKPOINT = "forged-checkpoint"
    MISSING_ENTRY = "missing-entry"
    REWRITTEN = "rewritten"
    TRUNCATED = "truncated"

    def __str__(self) -> str:
        return str(self.value)
