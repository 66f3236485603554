"""Must show 1: each criterion on hand-made event sequences (pure rules, no I/O)."""

from collections.abc import Callable

from compliance_service import domain

BOUND_MS = 5000.0
Step = Callable[[domain.Facts], domain.Facts]
REQUIRED = ("national-id-card", "birth-certificate")


def _run(*steps: Step) -> domain.Criteria | None:
    facts = domain.Facts()
    for step in steps:
        facts = step(facts)
    return domain.judge(facts, freshness_bound_ms=BOUND_MS)


def submitted(paper: int = 0) -> Step:
    return lambda f: domain.submitted(f, paper_taken=paper, required=REQUIRED, change="e-sub")


def moved(to_state: str, change: str) -> Step:
    return lambda f: domain.state_changed(f, to_state=to_state, change=change)


def found(kind: str, online: bool = True) -> Step:
    return lambda f: domain.evidence(f, kind=kind, online=online)


def decided(by: str, outcome: str) -> Step:
    return lambda f: domain.decided(f, by=by, outcome=outcome)


def seen(change: str, lag_ms: float) -> Step:
    return lambda f: domain.freshness(f, lags_ms={change: lag_ms})


def all_seen(lag_ms: float = 40.0) -> list[Step]:
    return [seen(change, lag_ms) for change in ("e-sub", "e1", "e2", "e3")]


SMOOTH: list[Step] = [
    submitted(),
    moved("collecting_evidence", "e1"),
    found("national-id-card"),
    found("birth-certificate"),
    moved("evaluating", "e2"),
    decided("rules", "approved"),
    moved("approved", "e3"),
]


def test_a_smooth_automatic_application_meets_all_four() -> None:
    assert _run(*SMOOTH, *all_seen()) == domain.Criteria(True, True, True, True)


def test_nothing_is_judged_before_the_submission_is_known() -> None:
    assert _run(found("national-id-card"), seen("e-sub", 10)) is None


def test_a_paper_document_taken_misses_criterion_one_only() -> None:
    criteria = _run(submitted(paper=2), *SMOOTH[1:], *all_seen())
    assert criteria == domain.Criteria(False, True, True, True)


def test_evidence_unavailable_then_an_officer_misses_criteria_two_and_three() -> None:
    criteria = _run(
        submitted(),
        moved("collecting_evidence", "e1"),
        found("national-id-card"),
        found("birth-certificate", online=False),  # the registry never answered
        moved("needs_review", "e2"),
        decided("rules", "needs_review"),
        decided("officer", "approved"),
        moved("approved", "e3"),
        *all_seen(),
    )
    assert criteria == domain.Criteria(True, False, False, True)


def test_unavailable_evidence_stays_missed_even_if_fetched_later() -> None:
    criteria = _run(
        *SMOOTH[:3], found("birth-certificate", online=False), found("birth-certificate")
    )
    assert criteria is not None and criteria.online_inquiry is False


def test_an_officer_review_misses_criterion_three_whatever_came_after() -> None:
    review = _run(
        *SMOOTH[:5],
        decided("rules", "needs_review"),
        decided("officer", "rejected"),
        decided("rules", "approved"),  # a late replay of an older decision changes nothing
        moved("rejected", "e3"),
        *all_seen(),
    )
    assert review == domain.Criteria(True, True, False, True)


def test_a_failed_application_had_no_online_answer_and_needs_a_person() -> None:
    criteria = _run(*SMOOTH[:3], moved("failed", "e2"))
    assert criteria is not None
    assert (criteria.online_inquiry, criteria.automated) == (False, False)


def test_a_slow_status_update_misses_criterion_four() -> None:
    steps = [*SMOOTH, *all_seen(), seen("e2", BOUND_MS + 2000)]
    assert _run(*steps) == domain.Criteria(True, True, True, False)


def test_status_is_pending_until_every_change_was_seen_and_the_application_ended() -> None:
    pending = _run(*SMOOTH, seen("e-sub", 10), seen("e1", 10), seen("e2", 10))
    in_progress = _run(*SMOOTH[:5], seen("e-sub", 10), seen("e1", 10), seen("e2", 10))
    assert pending is not None and pending.status_available is None
    assert in_progress is not None and in_progress.status_available is None


def test_in_progress_applications_are_not_judged_on_inquiry_or_decision_yet() -> None:
    criteria = _run(*SMOOTH[:3])
    assert criteria == domain.Criteria(True, None, None, None)


def test_a_tally_moves_by_differences_and_its_shares_ignore_pending_verdicts() -> None:
    first = domain.tally_of(domain.Criteria(True, None, None, None))
    later = domain.tally_of(domain.Criteria(True, True, False, None))
    total = first + (later + -first)
    assert total == later
    assert (total.share(0), total.share(1), total.share(2), total.share(3)) == (1, 1, 0, None)
    assert domain.tally_of(None) == domain.Tally()


def _tally(applications: int, missed: int = 0) -> domain.Tally:
    met = applications - missed
    return domain.Tally(applications, (met, met, met, applications), (missed, missed, missed, 0))


def test_smart_needs_all_four_at_full_over_the_minimum_volume() -> None:
    assert domain.smart(_tally(10), by_design=False, minimum=10) == (True, "traffic")
    assert domain.smart(_tally(10, missed=1), by_design=True, minimum=10) == (False, "traffic")


def test_below_the_minimum_a_service_is_smart_by_design_unless_traffic_contradicts_it() -> None:
    assert domain.smart(domain.Tally(), by_design=True, minimum=10) == (True, "design")
    assert domain.smart(domain.Tally(), by_design=False, minimum=10) == (False, "design")
    assert domain.smart(_tally(3, missed=1), by_design=True, minimum=10) == (False, "design")


# Preview before use (issue 17): the applicant's own answer, or its window ending, is no
# human intervention; an objection that sends the application to an officer is.
PREVIEWED = [
    submitted(),
    moved("collecting_evidence", "e1"),
    found("national-id-card"),
    found("birth-certificate"),
    moved("awaiting_applicant", "e4"),
]


def test_a_preview_the_applicant_confirmed_or_let_lapse_stays_automated() -> None:
    # Confirmed and the window's end look alike here: awaiting → evaluating → the rules.
    steps = [*PREVIEWED, moved("evaluating", "e2"), decided("rules", "approved")]
    steps += [moved("approved", "e3"), *all_seen(), seen("e4", 40.0)]
    assert _run(*steps) == domain.Criteria(True, True, True, True)


def test_a_preview_waiting_for_its_applicant_is_not_judged_automated_yet() -> None:
    assert _run(*PREVIEWED).automated is None  # type: ignore[union-attr]


def test_an_objection_sent_to_an_officer_is_not_automated_before_and_after_the_officer() -> None:
    objected = [*PREVIEWED, moved("needs_review", "e5")]
    assert _run(*objected).automated is False  # type: ignore[union-attr]
    approved = [*objected, decided("officer", "approved"), moved("approved", "e3")]
    assert _run(*approved).automated is False  # type: ignore[union-attr]
    # Nor does a later decision by the rules (a replayed or late event) undo the referral.
    assert _run(*objected, decided("rules", "approved")).automated is False  # type: ignore[union-attr]


def test_facts_stored_before_the_referral_flag_read_back_as_never_referred() -> None:
    from compliance_service import repository

    stored = repository.to_json(domain.Facts(submitted=True))
    del stored["referred"]
    assert repository.from_json(stored).referred is False
