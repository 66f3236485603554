"""The application state machine: every legal transition passes, every other one is refused."""

import itertools
from collections import deque
from typing import get_args

import pytest

from application_service.applications import states
from application_service.applications.states import (
    FINAL,
    LABELS,
    TRANSITIONS,
    IllegalTransition,
    State,
    check_transition,
)
from panjereh.events import catalog as event_catalog

ALL_PAIRS = list(itertools.product(State, State))
LEGAL = sorted(TRANSITIONS)
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in TRANSITIONS]


def _ids(pair: tuple[State, State]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


def _reachable(start: State) -> set[State]:
    seen = {start}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for source, target in TRANSITIONS:
            if source is current and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def test_the_table_has_20_legal_and_61_illegal_pairs() -> None:
    # Fails if a transition is silently added to or removed from the machine.
    assert len(State) == 9
    assert len(ALL_PAIRS) == 81
    assert len(LEGAL) == 20
    assert len(ILLEGAL) == 61


def test_the_legal_transitions_are_exactly_the_documented_ones() -> None:
    s = State
    assert {(a.value, b.value) for a, b in TRANSITIONS} == {
        (s.SUBMITTED, s.COLLECTING_EVIDENCE),
        (s.SUBMITTED, s.EVALUATING),
        (s.COLLECTING_EVIDENCE, s.EVALUATING),
        (s.COLLECTING_EVIDENCE, s.FAILED),
        (s.EVALUATING, s.APPROVED),
        (s.EVALUATING, s.REJECTED),
        (s.EVALUATING, s.NEEDS_REVIEW),
        (s.NEEDS_REVIEW, s.APPROVED),
        (s.NEEDS_REVIEW, s.REJECTED),
        (s.SUBMITTED, s.APPROVED),  # deemed approved past the SLA
        (s.COLLECTING_EVIDENCE, s.APPROVED),  # deemed approved past the SLA
        (s.SUBMITTED, s.CANCELLED),
        (s.COLLECTING_EVIDENCE, s.CANCELLED),
        (s.EVALUATING, s.CANCELLED),
        (s.NEEDS_REVIEW, s.CANCELLED),
        (s.COLLECTING_EVIDENCE, s.AWAITING_APPLICANT),  # a preview service's evidence is in
        (s.AWAITING_APPLICANT, s.EVALUATING),  # confirmed, or the window ended
        (s.AWAITING_APPLICANT, s.NEEDS_REVIEW),  # the applicant objected
        (s.AWAITING_APPLICANT, s.APPROVED),  # deemed approved past the SLA
        (s.AWAITING_APPLICANT, s.CANCELLED),
    }


@pytest.mark.parametrize("pair", LEGAL, ids=_ids)
def test_every_legal_transition_passes(pair: tuple[State, State]) -> None:
    assert check_transition(*pair) is None


@pytest.mark.parametrize("pair", ILLEGAL, ids=_ids)
def test_every_illegal_transition_is_refused(pair: tuple[State, State]) -> None:
    current, target = pair
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    assert caught.value.current is current
    assert caught.value.target is target
    assert current.value in str(caught.value)
    assert target.value in str(caught.value)


def test_no_state_goes_to_itself() -> None:
    for state in State:
        with pytest.raises(IllegalTransition):
            check_transition(state, state)


def test_nothing_goes_back_to_submitted() -> None:
    assert not [pair for pair in TRANSITIONS if pair[1] is State.SUBMITTED]


def test_the_final_states_are_the_four_outcomes() -> None:
    assert {
        State.APPROVED,
        State.REJECTED,
        State.CANCELLED,
        State.FAILED,
    } == FINAL


@pytest.mark.parametrize("final", sorted(FINAL), ids=str)
def test_no_transition_leaves_a_final_state(final: State) -> None:
    assert [pair for pair in TRANSITIONS if pair[0] is final] == []
    for target in State:
        with pytest.raises(IllegalTransition):
            check_transition(final, target)


@pytest.mark.parametrize("state", sorted(set(State) - FINAL), ids=str)
def test_every_non_final_state_has_a_way_out_and_reaches_a_final_state(state: State) -> None:
    assert any(source is state for source, _ in TRANSITIONS)
    assert _reachable(state) & FINAL


@pytest.mark.parametrize("outcome", sorted(FINAL), ids=str)
def test_submitted_reaches_every_final_state(outcome: State) -> None:
    assert outcome in _reachable(State.SUBMITTED)


def test_every_state_is_reachable_from_submitted() -> None:
    assert _reachable(State.SUBMITTED) == set(State)


def test_needs_review_reaches_only_approved_rejected_or_cancelled() -> None:
    assert _reachable(State.NEEDS_REVIEW) - {State.NEEDS_REVIEW} == {
        State.APPROVED,
        State.REJECTED,
        State.CANCELLED,
    }


def test_awaiting_applicant_goes_on_to_the_rules_or_an_officer_and_never_decides_itself() -> None:
    onward = {target for source, target in TRANSITIONS if source is State.AWAITING_APPLICANT}
    assert onward == {State.EVALUATING, State.NEEDS_REVIEW, State.APPROVED, State.CANCELLED}
    for outcome in (State.REJECTED, State.FAILED, State.COLLECTING_EVIDENCE):
        with pytest.raises(IllegalTransition):
            check_transition(State.AWAITING_APPLICANT, outcome)


@pytest.mark.parametrize("state", list(State), ids=str)
def test_every_state_has_a_persian_and_an_english_label(state: State) -> None:
    fa, en = LABELS[state]
    assert fa.strip() and en.strip()
    assert any("\u0600" <= char <= "\u06ff" for char in fa), "the fa label is not Persian"
    assert en.isascii()
    assert fa != en


def test_labels_cover_exactly_the_states_and_are_distinct() -> None:
    assert set(LABELS) == set(State)
    assert len({fa for fa, _ in LABELS.values()}) == len(State)
    assert len({en for _, en in LABELS.values()}) == len(State)


def test_state_values_match_the_event_contract() -> None:
    assert {state.value for state in State} == set(get_args(event_catalog.ApplicationState))
    assert states.State("needs_review") is State.NEEDS_REVIEW


def test_the_final_states_are_the_contracts_and_no_transition_leaves_them() -> None:
    assert {state.value for state in states.FINAL} == set(event_catalog.FINAL_STATES)
    assert not any(source in states.FINAL for source, _ in states.TRANSITIONS)
    assert all(
        state in states.FINAL or any(s == state for s, _ in states.TRANSITIONS) for state in State
    )
