"""The evidence catalogue and the sandbox registries: personas, traits, synthetic records."""

import datetime as dt
import random

import pytest

from inquiry_service.evidence import catalog
from inquiry_service.sandbox import personas, records
from panjereh import digits, evidence, identity

TODAY = dt.date(2025, 6, 15)
TYPES = tuple(catalog.EVIDENCE_TYPES)


def _persona(trait: str) -> personas.Persona:
    return next(p for p in personas.PERSONAS if trait in p.traits)


def _found(evidence_type: str, code: str, mobile: str | None = None) -> dict[str, object]:
    answer = records.lookup(evidence_type, code, mobile=mobile, today=TODAY)
    assert answer.status == "found" and answer.data is not None
    return answer.data


def _date(value: object) -> dt.date:
    assert isinstance(value, str)
    return dt.date.fromisoformat(value)


def _random_codes(n: int) -> list[str]:
    rng = random.Random(1404)
    codes: list[str] = []
    while len(codes) < n:
        nine = f"{rng.randrange(10**9):09d}"
        code = nine + str(identity.national_code_check_digit(nine))
        if identity.is_valid_national_code(code) and personas.persona_for(code) is None:
            codes.append(code)
    return codes


# --- catalogue -------------------------------------------------------------------------------


def test_catalogue_has_the_contract_codes_with_public_view_exactly() -> None:
    required = {
        "national-id-card",
        "birth-certificate",
        "education-degree",
        "military-service-card",
        "driving-license",
        "mobile-ownership",
    }
    assert required <= set(catalog.EVIDENCE_TYPES)
    for kind in catalog.EVIDENCE_TYPES.values():
        view = kind.public_view()
        assert set(view) == {"code", "name_fa", "name_en", "registry", "online"}
        assert view["registry"] in catalog.REGISTRIES and view["online"] is True
        assert "record_model" not in kind.model_dump()


def test_shareable_fields_leave_out_parents_serials_and_exemption_reasons() -> None:
    private = {"father_name_fa", "mother_name_fa", "card_serial", "certificate_serial"}
    private |= {"exemption_reason_fa", "card_number", "license_number", "mobile"}
    for kind in catalog.EVIDENCE_TYPES.values():
        assert set(kind.shareable_fields) <= set(kind.record_model.model_fields)
        assert not private & set(kind.shareable_fields), kind.code


def test_catalogue_lookups() -> None:
    assert catalog.get("driving-license").registry == "traffic-police"
    assert catalog.is_known("birth-certificate") and not catalog.is_known("passport")
    with pytest.raises(KeyError):
        catalog.get("passport")


def test_an_evidence_type_cannot_share_a_field_its_record_lacks() -> None:
    with pytest.raises(ValueError, match="photo"):
        catalog.EvidenceType(
            code="x",
            name_fa="x",
            name_en="x",
            registry="civil-registration",
            online=True,
            record_model=evidence.NationalIdCard,
            shareable_fields=("photo",),
        )


# --- personas --------------------------------------------------------------------------------


def test_every_persona_has_a_valid_unique_national_code() -> None:
    codes = [p.national_code for p in personas.PERSONAS]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert identity.is_valid_national_code(code), code
        assert int(code[9]) == identity.national_code_check_digit(code[:9])


def test_every_trait_has_a_persona_and_no_other_traits_exist() -> None:
    used = {t for p in personas.PERSONAS for t in p.traits}
    assert used == set(personas.TRAITS)
    assert set(personas.TRAITS) == {
        "complete",
        "no-military-card",
        "no-degree",
        "expired-driving-license",
        "deceased",
        "mobile-mismatch",
        "registry-timeout",
        "slow-registry",
    }


def test_persona_for_accepts_persian_digits_and_rejects_others() -> None:
    ali = _persona("complete")
    assert personas.persona_for(digits.to_persian(ali.national_code)) == ali
    assert personas.persona_for("0018392740") is None  # bad check digit
    assert personas.persona_for(_random_codes(1)[0]) is None


def test_complete_persona_has_every_document_found_and_valid() -> None:
    p = _persona("complete")
    code = p.national_code
    birth = _found("birth-certificate", code)
    assert birth["gender"] == "male" and birth["alive"] is True
    assert personas.add_years(_date(birth["birth_date"]), 18) < TODAY
    assert _found("national-id-card", code)["valid"] is True
    assert _found("military-service-card", code)["status"] == "completed"
    assert _found("education-degree", code)["level"] == "bachelor"
    licence = _found("driving-license", code)
    assert licence["license_class"] == "grade3" and licence["valid"] is True
    assert _date(licence["expires_on"]) > TODAY
    assert _found("mobile-ownership", code, mobile=p.mobile)["matches"] is True


def test_no_military_card_is_found_with_status_absent_and_no_card() -> None:
    p = _persona("no-military-card")
    card = _found("military-service-card", p.national_code)
    assert card["status"] == "absent"
    assert card["card_number"] is None and card["issued_on"] is None
    assert _found("birth-certificate", p.national_code)["gender"] == "male"


def test_no_degree_is_not_found() -> None:
    answer = records.lookup("education-degree", _persona("no-degree").national_code, today=TODAY)
    assert answer == records.SandboxAnswer(status="not_found", data=None)


def test_expired_driving_license_expired_before_today() -> None:
    licence = _found("driving-license", _persona("expired-driving-license").national_code)
    assert _date(licence["expires_on"]) < TODAY and licence["valid"] is False


def test_deceased_persona_is_dead_and_their_id_card_invalid() -> None:
    code = _persona("deceased").national_code
    birth = _found("birth-certificate", code)
    assert birth["alive"] is False
    died = _date(birth["death_date"])
    assert _date(birth["birth_date"]) < died < TODAY
    card = _found("national-id-card", code)
    assert card["valid"] is False and _date(card["issued_on"]) < died


def test_mobile_mismatch_never_matches() -> None:
    p = _persona("mobile-mismatch")
    assert _found("mobile-ownership", p.national_code, mobile=p.mobile)["matches"] is False
    assert _found("mobile-ownership", p.national_code)["matches"] is False


def test_registry_behaviour_follows_traits() -> None:
    timeout = _persona("registry-timeout").national_code
    assert records.behaviour_for(timeout) is records.RegistryBehaviour.TIMEOUT
    slow = _persona("slow-registry").national_code
    assert records.behaviour_for(slow) is records.RegistryBehaviour.SLOW
    assert (
        records.behaviour_for(_persona("complete").national_code)
        is records.RegistryBehaviour.NORMAL
    )
    assert records.behaviour_for(_random_codes(1)[0]) is records.RegistryBehaviour.NORMAL


# --- synthetic records -----------------------------------------------------------------------


def test_lookup_is_deterministic_and_one_person_across_documents() -> None:
    for code in _random_codes(5):
        for kind in TYPES:
            assert records.lookup(kind, code, today=TODAY) == records.lookup(
                kind, code, today=TODAY
            )
        card = _found("national-id-card", code)
        birth = _found("birth-certificate", code)
        for key in ("first_name_fa", "last_name_fa", "father_name_fa", "birth_date"):
            assert card[key] == birth[key]


def test_records_stay_the_same_all_year() -> None:
    code = _random_codes(1)[0]
    for kind in TYPES:
        early = records.lookup(kind, code, today=dt.date(2025, 1, 1))
        late = records.lookup(kind, code, today=dt.date(2025, 12, 31))
        assert early == late


def test_different_people_get_different_records() -> None:
    a, b = _random_codes(2)
    assert _found("driving-license", a) != _found("driving-license", b)


@pytest.mark.parametrize("code", _random_codes(150))
def test_synthetic_records_validate_and_dates_are_consistent(code: str) -> None:
    data = {kind: _found(kind, code) for kind in TYPES}
    for kind, record in data.items():
        catalog.get(kind).record_model.model_validate(record)
    birth = data["birth-certificate"]
    born = _date(birth["birth_date"])
    adult = personas.add_years(born, 18)
    assert personas.add_years(TODAY, -71) < born and adult <= TODAY
    assert birth["alive"] is True and birth["death_date"] is None
    degree = data["education-degree"]
    assert adult <= _date(degree["graduation_date"]) <= TODAY
    licence = data["driving-license"]
    assert adult <= _date(licence["issued_on"]) <= TODAY < _date(licence["expires_on"])
    assert licence["valid"] is True
    card = data["national-id-card"]
    assert _date(card["issued_on"]) <= TODAY < _date(card["expires_on"]) and card["valid"]
    _assert_military_consistent(data["military-service-card"], birth["gender"], adult)


def _assert_military_consistent(card: dict[str, object], gender: object, adult: dt.date) -> None:
    if gender == "female":
        assert card["status"] == "not_applicable" and card["card_number"] is None
        return
    assert card["status"] in ("completed", "exempt", "in_service")
    if card["status"] == "in_service":
        assert card["issued_on"] is None
    else:
        assert adult <= _date(card["issued_on"]) <= TODAY and card["card_number"]
    assert (card["exemption_reason_fa"] is not None) == (card["status"] == "exempt")


def test_about_half_of_synthetic_people_are_women() -> None:
    genders = [_found("birth-certificate", c)["gender"] for c in _random_codes(300)]
    assert 0.35 < genders.count("female") / len(genders) < 0.65


def test_synthetic_mobile_ownership_matches_only_the_registered_mobile() -> None:
    code = _random_codes(1)[0]
    registered = _found("mobile-ownership", code)
    assert registered["matches"] is True
    mobile = registered["mobile"]
    assert isinstance(mobile, str) and identity.normalize_mobile(mobile) == mobile
    assert _found("mobile-ownership", code, mobile=mobile)["matches"] is True
    other = "09990000000" if mobile != "09990000000" else "09990000001"
    given = _found("mobile-ownership", code, mobile=other)
    assert given == {"national_code": code, "mobile": other, "matches": False}


def test_persian_digit_codes_give_the_same_records() -> None:
    code = _random_codes(1)[0]
    persian = digits.to_persian(code)
    assert records.lookup("birth-certificate", persian, today=TODAY) == records.lookup(
        "birth-certificate", code, today=TODAY
    )


@pytest.mark.parametrize("code", ["0018392740", "123", "1111111111", "abcdefghij", ""])
def test_invalid_national_code_raises(code: str) -> None:
    with pytest.raises(ValueError):
        records.lookup("birth-certificate", code, today=TODAY)


def test_unknown_evidence_type_and_bad_mobile_raise() -> None:
    code = _persona("complete").national_code
    with pytest.raises(ValueError, match="passport"):
        records.lookup("passport", code, today=TODAY)
    with pytest.raises(ValueError):
        records.lookup("mobile-ownership", code, mobile="12345", today=TODAY)
