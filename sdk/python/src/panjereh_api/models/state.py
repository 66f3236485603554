from enum import StrEnum


class State(StrEnum):
    APPROVED = "approved"
    AWAITING_APPLICANT = "awaiting_applicant"
    CANCELLED = "cancelled"
    COLLECTING_EVIDENCE = "collecting_evidence"
    EVALUATING = "evaluating"
    FAILED = "failed"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"
    SUBMITTED = "submitted"

    def __str__(self) -> str:
        return str(self.value)
