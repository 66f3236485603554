"""panjereh.text: free text a database can store, refused otherwise (a 422, never a 500)."""

import pytest
from pydantic import BaseModel, ValidationError

from panjereh import field_errors
from panjereh.text import StorableText, storable


class Said(BaseModel):
    text: StorableText


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x\ud800", "\udfff"])
def test_nul_and_lone_surrogates_are_not_text(value: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Said(text=value)
    (error,) = raised.value.errors()
    assert error["type"] == "text_invalid"
    _, persian = field_errors.describe(error, persian=True)
    assert "NUL" in persian and any("\u0600" <= ch <= "\u06ff" for ch in persian)


@pytest.mark.parametrize("value", ["", "نادرست است", "tab\tand\nnewline", "😀 emoji"])
def test_every_other_text_passes_unchanged(value: str) -> None:
    assert Said(text=value).text == value == storable(value)
