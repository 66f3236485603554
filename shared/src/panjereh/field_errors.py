"""What a field error says to the person who sent the request, in Persian or English; pure.

pydantic's messages are English, and a validator's own message arrives as "Value error, …";
an agency developer with `Accept-Language: fa`, or an applicant's app showing the message,
needs it in Persian, and without the library's prefix. The kit's own validators' messages
are translated here; the common pydantic error types by template (their `ctx` fills it)."""

from typing import Any

from panjereh import text

_PREFIXES = ("Value error, ", "Assertion failed, ")

# The kit's validators (panjereh.identity, panjereh.web.pagination): English → Persian.
KNOWN_FA = {
    "national code must have 10 digits": "کد ملی باید ۱۰ رقم باشد",
    "national code cannot repeat one digit": "کد ملی نمی‌تواند از تکرار یک رقم باشد",
    "national code check digit does not match": "رقم کنترل کد ملی درست نیست",
    "mobile must be an Iranian mobile number (09xxxxxxxxx)": (
        "شماره همراه باید شماره همراه ایرانی باشد (۰۹xxxxxxxxx)"
    ),
    "not an ISO 8601 moment": "زمان باید به قالب ISO 8601 باشد",
    text.MESSAGE: text.MESSAGE_FA,
}

_TYPE_FA = {
    "missing": "این فیلد لازم است",
    "extra_forbidden": "این فیلد شناخته نیست",
    "string_type": "باید متن باشد",
    "string_too_short": "دست‌کم {min_length} نویسه لازم است",
    "string_too_long": "حداکثر {max_length} نویسه مجاز است",
    "string_pattern_mismatch": "قالب این فیلد درست نیست",
    "int_type": "باید عدد صحیح باشد",
    "int_parsing": "باید عدد صحیح باشد",
    "float_parsing": "باید عدد باشد",
    "bool_parsing": "باید true یا false باشد",
    "greater_than": "باید بزرگ‌تر از {gt} باشد",
    "greater_than_equal": "باید دست‌کم {ge} باشد",
    "less_than": "باید کوچک‌تر از {lt} باشد",
    "less_than_equal": "باید حداکثر {le} باشد",
    "literal_error": "باید یکی از این‌ها باشد: {expected}",
    "enum": "باید یکی از این‌ها باشد: {expected}",
    "list_type": "باید فهرست باشد",
    "dict_type": "باید شیء JSON باشد",
    "model_type": "باید شیء JSON باشد",
    "model_attributes_type": "باید شیء JSON باشد",
    "too_short": "دست‌کم {min_length} مورد لازم است",
    "too_long": "حداکثر {max_length} مورد مجاز است",
    "uuid_parsing": "شناسه UUID درست نیست",
    "datetime_parsing": "زمان باید به قالب ISO 8601 باشد",
    "datetime_from_date_parsing": "زمان باید به قالب ISO 8601 باشد",
    "date_parsing": "تاریخ باید به قالب YYYY-MM-DD باشد",
    "date_from_datetime_parsing": "تاریخ باید به قالب YYYY-MM-DD باشد",
    "json_invalid": "بدنه درخواست JSON معتبر نیست (نزدیک نویسه {position})",
}


def field_of(location: tuple[Any, ...]) -> str:
    """The dotted field a pydantic location names: "applicant.national_code", "form.0"."""
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[-1] if location else "")


def describe(error: dict[str, Any], *, persian: bool) -> tuple[str, str]:
    """(field, message) of one pydantic error, in Persian if `persian`."""
    kind = error.get("type", "")
    location = tuple(error.get("loc", ()))
    if kind == "json_invalid":
        return "body", _json_syntax(error, location, persian=persian)
    english = _without_prefix(str(error.get("msg", "")))
    if not persian:
        return field_of(location), english
    return field_of(location), _persian(kind, english, error.get("ctx") or {})


def _json_syntax(error: dict[str, Any], location: tuple[Any, ...], *, persian: bool) -> str:
    # pydantic puts the byte offset where a field name would be: say it as a position.
    position = location[1] if len(location) > 1 else "?"
    if persian:
        return _TYPE_FA["json_invalid"].format(position=position)
    reason = (error.get("ctx") or {}).get("error", "invalid JSON")
    return f"The body is not valid JSON: {reason} (at character {position})"


def _without_prefix(message: str) -> str:
    for prefix in _PREFIXES:
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _persian(kind: str, english: str, ctx: dict[str, Any]) -> str:
    if english in KNOWN_FA:
        return KNOWN_FA[english]
    template = _TYPE_FA.get(kind)
    if template is None:
        return english  # a service's own message: it says itself in both languages
    try:
        return template.format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return english
