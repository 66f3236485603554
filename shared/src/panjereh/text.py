"""Free text people type (a reason, a note): only what every database stores as text.

PostgreSQL refuses a NUL character in text, and a lone surrogate (U+D800–U+DFFF) is no
character at all; refused as bad input at the edge of the API (a 422 that changes nothing),
alike on SQLite, which would have kept them."""

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "holds a NUL character or a lone surrogate (U+D800–U+DFFF), which is not text"
MESSAGE_FA = "نویسهٔ تهی (NUL) یا نیمهٔ جانشین تنها (U+D800–U+DFFF) دارد که متن نیست"


def storable(value: str) -> str:
    """The value, if a database can store it as text."""
    if _NOT_TEXT.search(value):
        raise PydanticCustomError("text_invalid", MESSAGE)
    return value


# Length and whitespace constraints go before `AfterValidator(storable)` in one Annotated
# (Annotated[str, StringConstraints(...), AfterValidator(storable)]): pydantic applies none
# that come after a validator, nor those on an alias like this one.
StorableText = Annotated[str, AfterValidator(storable)]
