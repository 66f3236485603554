"""Conditional requests as RFC 9110 §13.1.2 says: `If-None-Match` holds `*` or a list of
entity tags, compared weakly (`W/"8"` matches `"8"`), so a client or cache that weakened the
tag, or that sends every tag it holds, still gets its 304."""

import re

# One entity-tag of a list: an optional W/, then an opaque tag in quotes (RFC 9110 §8.8.3);
# empty list members before it are ignored, as §5.6.1 asks of recipients.
_TAG = re.compile(r'(?:\s*,)*\s*(?:W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')


def none_match(header: str | None, etag: str) -> bool:
    """Whether `If-None-Match: header` fails for the current `etag` (a valid entity-tag),
    i.e. answer 304."""
    if header is None:
        return False
    value = header.strip()
    if value == "*" or value == etag:
        # "*": there is a current representation (the caller found it). The tag itself, as
        # a polling client sends back what it was given: a match without parsing the list.
        return True
    current = _opaque(etag)
    return current is not None and current in _tags(value)


def _tags(value: str) -> set[str]:
    """The opaque tags of a list; a malformed member (and what follows it) matches nothing."""
    tags, position = set(), 0
    while position < len(value):
        match = _TAG.match(value, position)
        if match is None:
            break
        tags.add(match.group(1))
        position = match.end()
    return tags


def _opaque(etag: str) -> str | None:
    match = _TAG.fullmatch(etag.strip())
    return match.group(1) if match else None
