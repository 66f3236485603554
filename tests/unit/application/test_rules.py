"""CEL decision rules: checked against the shareable evidence when written, never raising later."""

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from application_service.catalog import rules

REQUIRED = ("national-id-card", "birth-certificate", "military-service-card", "driving-license")
TODAY = dt.date(2026, 3, 1)

ID_VALID = 'evidence["national-id-card"].valid == true'
MILITARY_OK = (
    'evidence["military-service-card"].status in ["completed", "exempt", "not_applicable"]'
)
ADULT = "applicant.age >= 18"
LICENCE_CURRENT = 'evidence["driving-license"].expires_on > today'
ALIVE = 'evidence["birth-certificate"].alive'


def rule(expression: str, rule_id: str = "r", on_fail: rules.OnFail = "reject") -> rules.Rule:
    return rules.Rule(
        id=rule_id, expression=expression, on_fail=on_fail, reason_fa="دلیل", reason_en="reason"
    )


def data(**overrides: dict[str, Any] | None) -> dict[str, Any]:
    evidence: dict[str, dict[str, Any] | None] = {
        "national-id-card": {"national_code": "0499370899", "valid": True},
        "birth-certificate": {"alive": True, "gender": "male", "death_date": None},
        "military-service-card": {"status": "completed", "issued_on": "2015-06-01"},
        "driving-license": {"expires_on": "2028-01-01", "valid": True, "negative_points": 0},
    }
    evidence.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return rules.variables(
        applicant={"national_code": "0499370899", "mobile": None, "birth_date": "1990-03-21"},
        form={"purpose": "travel"},
        evidence=evidence,
        today=TODAY,
    )


# --- check: accepted at write time -------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        ID_VALID,
        MILITARY_OK,
        ADULT,
        LICENCE_CURRENT,
        ALIVE,
        'found["military-service-card"]',
        'evidence["driving-license"].negative_points < 30 && evidence["driving-license"].valid',
        'evidence["birth-certificate"].gender == "female" || '
        'evidence["military-service-card"].status == "completed"',
        'applicant.national_code == evidence["national-id-card"].national_code',
    ],
)
def test_check_accepts_well_formed_boolean_rules(expression: str) -> None:
    rules.check([rule(expression)], required_evidence=REQUIRED)


def test_check_accepts_no_rules_and_rules_without_evidence() -> None:
    rules.check([], required_evidence=())
    rules.check([rule(ADULT), rule('today >= "2020-01-01"')], required_evidence=())


# --- check: refused with the index of the faulty rule ------------------------------------


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ('evidence["national-id-card"].valid ==', "parse"),
        ("applicant.age &&& true", "parse"),
        ("applicant.age + 1", "true or false"),
        ('evidence["military-service-card"].status', "true or false"),
        ('"yes"', "true or false"),
        ('evidence["national-id-card"].card_serial == "x"', "card_serial"),  # not shareable
        ('evidence["national-id-card"].father_name_fa == "x"', "father_name_fa"),
        ('evidence["military-service-card"].exemption_reason_fa == ""', "exemption_reason_fa"),
        ('evidence["national-id-card"].no_such_field', "no_such_field"),
        ('evidence["education-degree"].verified', "does not require"),
        ('evidence["mobile-ownership"].matches', "does not require"),
        ("unknown_variable == 1", "type-check"),
        ('form.employees >= 1 && applicant.age >= "x"', "type-check"),  # the form is fine
        ('form.purpose == "travel" && form.purpose > 2', "type-check"),  # two types at once
        ("form.employees + 1", "true or false"),
    ],
)
@pytest.mark.parametrize("position", [0, 2])
def test_check_refuses_a_bad_rule_with_its_index(bad: str, words: str, position: int) -> None:
    good = [rule(ID_VALID, "a"), rule(ADULT, "b"), rule(MILITARY_OK, "c")]
    good.insert(position, rule(bad, "bad"))
    with pytest.raises(rules.RuleError) as caught:
        rules.check(good, required_evidence=REQUIRED)
    assert caught.value.index == position
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "expression",
    [
        "form.employees >= 1",  # refused before: the sample form was empty
        'form["employees"] >= 1',
        "1 <= form.employees",
        'form.purpose == "travel" && form.employees > 2.5 && form.urgent',
        "form.name.size() > 2",  # no literal beside it: tried as each JSON type
        "form.urgent || applicant.age >= 18",
        "has(form.employees) && form.employees >= 1",
    ],
)
def test_check_accepts_a_rule_over_the_form_that_has_no_declared_schema(expression: str) -> None:
    rules.check([rule(expression)], required_evidence=REQUIRED)


def test_a_form_rule_errs_at_decision_time_when_the_field_was_not_sent() -> None:
    variables = rules.variables(
        applicant={"national_code": "0018392741"}, form={}, evidence={}, today=TODAY
    )
    assert rules.evaluate_one("form.employees >= 1", variables)[0] == "error"


def test_check_reports_the_first_bad_rule() -> None:
    rule_set = [rule(ADULT), rule("applicant.age"), rule("(")]
    with pytest.raises(rules.RuleError) as caught:
        rules.check(rule_set, required_evidence=REQUIRED)
    assert caught.value.index == 1


def test_check_refuses_evidence_dropped_from_the_required_list() -> None:
    rules.check([rule(LICENCE_CURRENT)], required_evidence=REQUIRED)
    with pytest.raises(rules.RuleError) as caught:
        rules.check([rule(ID_VALID), rule(LICENCE_CURRENT)], required_evidence=REQUIRED[:3])
    assert caught.value.index == 1


def test_check_refuses_a_non_shareable_field_behind_a_short_circuit() -> None:
    expression = 'applicant.age >= 18 || evidence["national-id-card"].card_serial == "x"'
    with pytest.raises(rules.RuleError, match="card_serial"):
        rules.check([rule(expression)], required_evidence=REQUIRED)


@pytest.mark.parametrize(
    "changes",
    [
        {"id": ""},
        {"id": "Has Spaces"},
        {"id": "-leading-dash"},
        {"expression": ""},
        {"on_fail": "ignore"},
        {"reason_fa": ""},
        {"unknown": 1},
    ],
)
def test_a_rule_is_validated(changes: dict[str, Any]) -> None:
    fields = {"id": "ok", "expression": ADULT, "reason_fa": "دلیل", "reason_en": "reason"}
    with pytest.raises(ValidationError):
        rules.Rule(**(fields | changes))


# --- evaluate ----------------------------------------------------------------------------


def test_evaluate_finds_no_failure_when_the_rules_hold() -> None:
    rule_set = [rule(e) for e in (ID_VALID, MILITARY_OK, ADULT, LICENCE_CURRENT, ALIVE)]
    assert rules.evaluate(rule_set, data()) == []


@pytest.mark.parametrize(
    ("expression", "overrides"),
    [
        (ID_VALID, {"national_id_card": {"valid": False}}),
        (MILITARY_OK, {"military_service_card": {"status": "absent"}}),
        (MILITARY_OK, {"military_service_card": {"status": "in_service"}}),
        (LICENCE_CURRENT, {"driving_license": {"expires_on": "2026-03-01"}}),
        (ALIVE, {"birth_certificate": {"alive": False}}),
    ],
)
def test_evaluate_reports_a_false_rule(expression: str, overrides: dict[str, Any]) -> None:
    false_rule = rule(expression, "false-one", on_fail="refer")
    failures = rules.evaluate([rule(ADULT), false_rule], data(**overrides))
    assert failures == [rules.Failure(false_rule, errored=False)]


def test_evaluate_uses_the_age_on_today() -> None:
    def at(birth: str) -> dict[str, Any]:
        return rules.variables(
            applicant={"national_code": "0499370899", "birth_date": birth},
            form={},
            evidence={},
            today=TODAY,
        )

    assert rules.evaluate([rule(ADULT)], at("2008-03-01")) == []  # 18 today
    assert [f.errored for f in rules.evaluate([rule(ADULT)], at("2008-03-02"))] == [False]


@pytest.mark.parametrize(
    ("expression", "overrides"),
    [
        (ID_VALID, {"national_id_card": None}),  # not found in the registry
        (MILITARY_OK, {"military_service_card": None}),
        (ID_VALID, {"national_id_card": {"national_code": "0499370899"}}),  # field missing
        (LICENCE_CURRENT, {"driving_license": {"valid": True}}),
        ('evidence["education-degree"].verified', {}),  # no such evidence at all
        ("applicant.age", {}),  # not a bool at runtime
        ("1 / 0 == 1", {}),
        ("(", {}),  # not even parsable: still no exception
    ],
)
def test_evaluate_reports_an_error_without_raising(
    expression: str, overrides: dict[str, Any]
) -> None:
    broken = rule(expression, "broken")
    failures = rules.evaluate([broken, rule(ADULT)], data(**overrides))
    assert len(failures) == 1
    assert failures[0].rule == broken
    assert failures[0].errored is True
    assert failures[0].detail


def test_evaluate_reports_every_failing_rule_in_order() -> None:
    first, second = rule(ID_VALID, "first"), rule(MILITARY_OK, "second")
    failures = rules.evaluate(
        [first, rule(ADULT), second],
        data(national_id_card=None, military_service_card={"status": "absent"}),
    )
    assert [(f.rule.id, f.errored) for f in failures] == [("first", True), ("second", False)]


def test_activation_exposes_found_today_age_and_form() -> None:
    variables = data(national_id_card=None)
    assert rules.evaluate([rule('!found["national-id-card"]')], variables) == []
    assert rules.evaluate([rule('found["birth-certificate"]')], variables) == []
    assert rules.evaluate([rule('today == "2026-03-01"')], variables) == []
    assert rules.evaluate([rule("applicant.age == 35")], variables) == []
    assert rules.evaluate([rule('form.purpose == "travel"')], variables) == []


def test_activation_without_a_birth_date_has_no_age() -> None:
    variables = rules.variables(
        applicant={"national_code": "0499370899"}, form={}, evidence={}, today=TODAY
    )
    assert rules.evaluate([rule("applicant.age == null")], variables) == []
    assert [f.errored for f in rules.evaluate([rule(ADULT)], variables)] == [True]


# --- cost: refused at write time from the parse tree --------------------------------------

TEN = "[0,1,2,3,4,5,6,7,8,9]"


def nested(levels: int, macro: str = "all") -> str:
    expression = "true"
    for level in range(levels):
        expression = f"{TEN}.{macro}(v{level}, {expression})"
    return expression


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        (nested(5), "nests comprehensions"),  # the red team's 159-character rule
        (nested(3), "nests comprehensions"),
        (nested(3, "exists"), "nests comprehensions"),
        (nested(3, "map").replace("true", "1") + ".size() > 0", "nests comprehensions"),
        (f"{TEN}.filter(a, {TEN}.exists_one(b, {TEN}.all(c, true))).size() > 0", "nests"),
        ("(" * 500 + "true" + ")" * 500, "nested too deeply"),
        ("(" * 995 + "true" + ")" * 995, "nested too deeply"),
        ("!" * 1990 + "true", "nested too deeply"),
        ("[" + ",".join(["1"] * 51) + "].size() > 0", "literal list"),
        ("{" + ",".join(f'"k{i}": {i}' for i in range(51)) + "}.size() > 0", "literal list"),
        (" || ".join([f"{TEN}.exists(x, x == {i})" for i in range(11)]), "comprehensions"),
        ('"abc".matches(form.pattern)', "matches()"),
        ('matches("abc", form.pattern)', "matches()"),
        ('"abc".matches("' + "a" * 201 + '")', "matches()"),
    ],
)
def test_check_refuses_a_rule_that_could_run_long(expression: str, words: str) -> None:
    with pytest.raises(rules.RuleError) as caught:
        rules.check([rule(expression)], required_evidence=())
    assert words in str(caught.value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    "expression",
    [
        nested(1),
        nested(2),
        f"{TEN}.map(x, x * 2).filter(y, y > 4).all(z, z > 4)",  # chained: not nested
        "(" * 20 + "true" + ")" * 20,
        '"abc".matches("^a[bc]+$") && matches("abc", "c$")',
        "[" + ",".join(["1"] * 50) + "].size() == 50",
    ],
)
def test_check_accepts_a_rule_of_bounded_cost(expression: str) -> None:
    rules.check([rule(expression)], required_evidence=())


def test_a_compile_error_is_short_and_holds_no_activation() -> None:
    with pytest.raises(rules.RuleError) as caught:
        rules.check([rule("unknown_variable == 1")], required_evidence=REQUIRED)
    message = str(caught.value)
    assert "unknown_variable" in message
    assert "activation" not in message.lower() and "google" not in message
    assert len(message) < 200


def test_an_evidence_field_in_single_quotes_is_checked_too() -> None:
    with pytest.raises(rules.RuleError):
        rules.check(
            [rule("evidence['national-id-card'].card_serial == 'x'")], required_evidence=REQUIRED
        )


def test_evaluate_reports_a_rule_too_deep_to_evaluate_without_raising() -> None:
    # Stored before the limits existed: decisions still never raise.
    [failure] = rules.evaluate([rule("(" * 300 + "true" + ")" * 300)], data())
    assert failure.errored is True
