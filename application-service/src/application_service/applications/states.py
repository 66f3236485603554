"""The application state machine: every legal transition, and nothing else (pure)."""

from enum import StrEnum

from panjereh import events
from panjereh.labels import STATE_LABELS


class State(StrEnum):
    SUBMITTED = "submitted"
    COLLECTING_EVIDENCE = "collecting_evidence"
    EVALUATING = "evaluating"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_REVIEW = "needs_review"
    CANCELLED = "cancelled"
    FAILED = "failed"
    AWAITING_APPLICANT = "awaiting_applicant"  # a preview service's (preview.py)


TRANSITIONS: frozenset[tuple[State, State]] = frozenset(
    {
        (State.SUBMITTED, State.COLLECTING_EVIDENCE),
        (State.SUBMITTED, State.EVALUATING),  # a service that needs no evidence
        (State.COLLECTING_EVIDENCE, State.EVALUATING),
        # Preview before use: the applicant confirms (or the window ends) or objects.
        (State.COLLECTING_EVIDENCE, State.AWAITING_APPLICANT),
        (State.AWAITING_APPLICANT, State.EVALUATING),
        (State.AWAITING_APPLICANT, State.NEEDS_REVIEW),
        (State.COLLECTING_EVIDENCE, State.FAILED),  # evidence unavailable past its budget
        (State.EVALUATING, State.APPROVED),
        (State.EVALUATING, State.REJECTED),
        (State.EVALUATING, State.NEEDS_REVIEW),
        (State.NEEDS_REVIEW, State.APPROVED),
        (State.NEEDS_REVIEW, State.REJECTED),
        # Deemed approved past the SLA ("silence is consent", sla.py), before any decision;
        # from evaluating and needs_review the approvals above already allow it.
        (State.SUBMITTED, State.APPROVED),
        (State.COLLECTING_EVIDENCE, State.APPROVED),
        (State.AWAITING_APPLICANT, State.APPROVED),
        (State.SUBMITTED, State.CANCELLED),
        (State.COLLECTING_EVIDENCE, State.CANCELLED),
        (State.AWAITING_APPLICANT, State.CANCELLED),
        (State.EVALUATING, State.CANCELLED),
        (State.NEEDS_REVIEW, State.CANCELLED),
    }
)
FINAL: frozenset[State] = frozenset(State(state) for state in events.FINAL_STATES)

LABELS: dict[State, tuple[str, str]] = {State(code): text for code, text in STATE_LABELS.items()}


class IllegalTransition(Exception):
    def __init__(self, current: State, target: State) -> None:
        super().__init__(f"an application cannot go from {current} to {target}")
        self.current = current
        self.target = target


def check_transition(current: State, target: State) -> None:
    """Raise IllegalTransition unless `current → target` is in the machine."""
    if (current, target) not in TRANSITIONS:
        raise IllegalTransition(current, target)
