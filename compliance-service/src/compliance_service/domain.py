"""The four criteria and the figures built on them: pure rules, no I/O.

Per application, each criterion is met (True), missed (False) or not known yet (None):
1. no_paper: the agency took no physical document;
2. online_inquiry: every required evidence came online from a registry;
3. automated: decided by the published rules, with no officer (never sent to one);
4. status_available: every state change was visible in the status service within the bound.
A criterion, once missed, stays missed: later events cannot undo that a person was asked for
paper or that an officer had to decide.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from panjereh import events

CRITERIA = ("no_paper", "online_inquiry", "automated", "status_available")
Verdict = bool | None


@dataclass(frozen=True)
class Facts:
    """What happened to one application, as far as the criteria care."""

    submitted: bool = False
    paper_taken: int = 0
    required_evidence: tuple[str, ...] = ()
    evidence: dict[str, Literal["online", "offline"]] = field(default_factory=dict)
    state: str | None = None
    decided_by: str | None = None
    outcome: str | None = None
    # ids of the state changes the applicant must see, and the status service's lag per event
    state_changes: tuple[str, ...] = ()
    freshness_ms: dict[str, float] = field(default_factory=dict)
    # What a missed SLA did (SLA_OUTCOMES), or None while the SLA holds.
    sla: str | None = None
    # Sent to an officer (state needs_review) at any point: by the rules, or by the
    # applicant's objection to the evidence of a preview (docs/compliance.md).
    referred: bool = False


@dataclass(frozen=True)
class Criteria:
    no_paper: Verdict
    online_inquiry: Verdict
    automated: Verdict
    status_available: Verdict

    def as_tuple(self) -> tuple[Verdict, ...]:
        return (self.no_paper, self.online_inquiry, self.automated, self.status_available)


def judge(facts: Facts, *, freshness_bound_ms: float) -> Criteria | None:
    """The four verdicts of an application; None until its submission is known."""
    if not facts.submitted:
        return None
    return Criteria(
        no_paper=facts.paper_taken == 0,
        online_inquiry=_online(facts),
        automated=_automated(facts),
        status_available=_visible(facts, freshness_bound_ms),
    )


def _online(facts: Facts) -> Verdict:
    if "offline" in facts.evidence.values():
        return False
    if all(facts.evidence.get(kind) == "online" for kind in facts.required_evidence):
        return True
    # Failed, or approved by the SLA before its evidence came: it never all came online.
    return False if facts.state == "failed" or facts.decided_by == "sla" else None


def _automated(facts: Facts) -> Verdict:
    # Approved by the SLA ("silence is consent") is no decision by the published rules: the
    # service failed to decide in time, which a smart service does not.
    if facts.decided_by in ("officer", "sla") or facts.outcome == "needs_review":
        return False
    # An objection sends the application to an officer with no decision event: the state
    # says it. The applicant's confirmation and the preview window's end are no one's
    # intervention: they lead to the rules, and count as the rules' decision does.
    if facts.referred:
        return False
    if facts.state == "failed":
        return False
    if facts.decided_by == "rules" and facts.outcome in ("approved", "rejected"):
        return True
    return None


def _visible(facts: Facts, bound_ms: float) -> Verdict:
    lags = [facts.freshness_ms.get(change) for change in facts.state_changes]
    if any(lag is not None and lag > bound_ms for lag in lags):
        return False
    if facts.state in events.FINAL_STATES and None not in lags:
        return True
    return None


# --- applying events to facts (each returns new facts; replays give the same result) ---


def submitted(facts: Facts, *, paper_taken: int, required: tuple[str, ...], change: str) -> Facts:
    return replace(
        facts,
        submitted=True,
        paper_taken=paper_taken,
        required_evidence=required,
        state=facts.state or "submitted",
        state_changes=_with(facts.state_changes, change),
    )


def state_changed(facts: Facts, *, to_state: str, change: str) -> Facts:
    return replace(
        facts,
        state=to_state,
        state_changes=_with(facts.state_changes, change),
        referred=facts.referred or to_state == "needs_review",
    )


def decided(facts: Facts, *, by: str, outcome: str) -> Facts:
    # An officer's (or the SLA's) decision after a referral must not be hidden by the earlier
    # one.
    if facts.decided_by in ("officer", "sla") and by == "rules":
        return facts
    return replace(facts, decided_by=by, outcome=outcome)


# Each later outcome includes the earlier ones (an escalation and a deemed approval are
# breaches too): facts only move up this order, so any replay ends where the first run did.
SLA_OUTCOMES = ("breached", "escalated", "deemed_approved")


def sla_outcome(facts: Facts, outcome: str) -> Facts:
    if facts.sla is not None and SLA_OUTCOMES.index(facts.sla) >= SLA_OUTCOMES.index(outcome):
        return facts
    return replace(facts, sla=outcome)


def evidence(facts: Facts, *, kind: str, online: bool) -> Facts:
    if facts.evidence.get(kind) == "offline":
        return facts
    return replace(facts, evidence={**facts.evidence, kind: "online" if online else "offline"})


def freshness(facts: Facts, *, lags_ms: dict[str, float]) -> Facts:
    """Merge the status service's lags; a change reported twice keeps its longest lag, so
    the result does not depend on which report came first."""
    merged = dict(facts.freshness_ms)
    for change, lag in lags_ms.items():
        merged[change] = max(lag, merged.get(change, lag))
    return replace(facts, freshness_ms=merged)


def _with(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    return items if item in items else (*items, item)


# --- counts: what each application adds to its service's tally for its submission day ---


@dataclass(frozen=True)
class Tally:
    applications: int = 0
    met: tuple[int, int, int, int] = (0, 0, 0, 0)
    missed: tuple[int, int, int, int] = (0, 0, 0, 0)
    # Applications whose SLA was breached, of them escalated, and deemed approved.
    sla: tuple[int, int, int] = (0, 0, 0)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.applications + other.applications,
            _sum4(self.met, other.met),
            _sum4(self.missed, other.missed),
            _sum3(self.sla, other.sla),
        )

    def __neg__(self) -> "Tally":
        return Tally(-self.applications, _neg4(self.met), _neg4(self.missed), _neg3(self.sla))

    @property
    def sla_breached(self) -> int:
        return self.sla[0]

    @property
    def sla_escalated(self) -> int:
        return self.sla[1]

    @property
    def sla_deemed_approved(self) -> int:
        return self.sla[2]

    def share(self, index: int) -> float | None:
        judged = self.met[index] + self.missed[index]
        return self.met[index] / judged if judged else None


def tally_of(criteria: Criteria | None, *, sla: str | None = None) -> Tally:
    """One application's contribution (nothing until it is submitted)."""
    if criteria is None:
        return Tally()
    verdicts = criteria.as_tuple()
    met = tuple(int(v is True) for v in verdicts)
    missed = tuple(int(v is False) for v in verdicts)
    breach = (int(sla is not None), int(sla == "escalated"), int(sla == "deemed_approved"))
    return Tally(1, met, missed, breach)  # type: ignore[arg-type]


def _sum4(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int, int, int]:
    w, x, y, z = (i + j for i, j in zip(a, b, strict=True))
    return (w, x, y, z)


def _neg4(a: tuple[int, ...]) -> tuple[int, int, int, int]:
    return _sum4((0, 0, 0, 0), _neg(a))


def _sum3(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int, int]:
    x, y, z = (i + j for i, j in zip(a, b, strict=True))
    return (x, y, z)


def _neg3(a: tuple[int, ...]) -> tuple[int, int, int]:
    return _sum3((0, 0, 0), _neg(a))


def _neg(a: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-i for i in a)


# --- an application as the tallies see it: its facts, where it counts, what it added ---

Placement = tuple[str, dt.date]  # the service and the submission day (Tehran)


@dataclass(frozen=True)
class Application:
    application_id: str
    facts: Facts = field(default_factory=Facts)
    placed: Placement | None = None
    counted: Tally = Tally()  # what it last added to its placement's tally


def updated(
    app: Application, facts: Facts, *, freshness_bound_ms: float, placed: Placement | None = None
) -> tuple[Application, list[tuple[Placement, Tally]]]:
    """The application with new facts (and placement), re-judged, and the moves of the
    tallies that keep them equal to the sum of every application's verdicts."""
    where = placed or app.placed
    judged = judge(facts, freshness_bound_ms=freshness_bound_ms)
    tally = tally_of(judged, sla=facts.sla) if where else Tally()
    moves: list[tuple[Placement, Tally]] = []
    if where == app.placed:
        if where is not None and tally != app.counted:
            moves.append((where, tally + -app.counted))
    else:  # placed anew: take back what it counted elsewhere
        if app.placed is not None and app.counted != Tally():
            moves.append((app.placed, -app.counted))
        if where is not None and tally != Tally():
            moves.append((where, tally))
    return replace(app, facts=facts, placed=where, counted=tally), moves


def smart(
    tally: Tally, *, by_design: bool, minimum: int
) -> tuple[bool, Literal["traffic", "design"]]:
    """All four criteria at 100% over at least `minimum` applications; by design below that."""
    if tally.applications >= minimum:
        judged_all = all(tally.met[i] + tally.missed[i] > 0 for i in range(4))
        return judged_all and not any(tally.missed), "traffic"
    return by_design and not any(tally.missed), "design"


def days_left(deadline: dt.date, today: dt.date) -> int:
    return (deadline - today).days
