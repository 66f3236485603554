from enum import StrEnum


class PreviewOutAnswerType0(StrEnum):
    CONFIRMED = "confirmed"
    LAPSED = "lapsed"
    OBJECTED = "objected"

    def __str__(self) -> str:
        return str(self.value)
