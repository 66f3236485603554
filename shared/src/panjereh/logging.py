"""JSON logging with the request id on every line and national codes masked.

National codes reach log text in many spellings: with dashes or spaces, in Persian or
Arabic-Indic digits, percent-encoded in a URL, without their leading zeros, inside an
exception's message or a traceback. The causes are closed where they are (access logs keep
no query string, headers are never logged); what is left is caught here, once for the whole
process: a log record factory masks every record's message, exception text and stack as it
is made, so every handler (ours, uvicorn's, a test runner's) sees the masked text only.

A broker outage makes aiokafka log the same few errors dozens of times a second; the
process's own output lets the first of each through, then one per window with a count of
those it held back (`RepeatFilter`).
"""

import logging
import re
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pythonjsonlogger.json import JsonFormatter

from panjereh import context, digits, identity

# Digits written with separators people and URLs use between them (space, the dashes, an
# underscore, a plus for an encoded space, the zero-width non-joiner of Persian text).
_SEPARATOR = r"[\s\-_+\u200c\u2010-\u2015\u2212]"
# A run of digit groups that stands alone: letters on either side make it part of a word
# (a hexadecimal request id, a token), which is not how a national code is written.
_RUN = re.compile(rf"(?<![0-9A-Za-z])[0-9]+(?:{_SEPARATOR}{{1,3}}[0-9]+)*(?![0-9A-Za-z])")
_GROUP = re.compile(r"[0-9]+")
_ESCAPED_DIGIT = re.compile(r"\\u06f([0-9])|\\u066([0-9])", re.IGNORECASE)
# An ISO date (2026-12-01) is digits split by dashes too, and not a person.
_ISO_DATE = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_PERCENT_ROUNDS = 3  # undoes double and triple encoding (%25DB%25B0)


def _normalise(text: str) -> str:
    """The text as a reader sees it: percent-escapes decoded, every digit ASCII."""
    for _ in range(_PERCENT_ROUNDS):
        if "%" not in text:
            break
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    if "\\u" in text or "\\U" in text:
        text = _ESCAPED_DIGIT.sub(lambda m: m.group(1) or m.group(2), text)
    return digits.to_ascii(text)


def _looks_like_code(number: str, *, contiguous: bool) -> bool:
    # Every lone 10-digit number is masked (it may be a code with a wrong check digit,
    # which a typo makes no less personal); shorter or split ones when they are valid codes.
    if contiguous and len(number) == 10:
        return True
    if len(number) < 8:
        return False
    code = number.zfill(10)  # ASCII digits already: the check itself, without the cleaning
    return len(set(code)) > 1 and identity.national_code_check_digit(code[:9]) == int(code[9])


def _mask_run(run: str) -> str:
    """`run` with its digits starred but the last four, if any stretch of it spells a code.

    The whole run, not just the stretch: of "2026 0018-392741" masking a wrongly chosen
    stretch could leave the code readable across what is masked and what is not.
    """
    groups = list(_GROUP.finditer(run))
    if not any(_spells_code(run, groups, start) for start in range(len(groups))):
        return run
    total = sum(len(group.group(0)) for group in groups)
    seen = 0

    def star(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return match.group(0) if seen > total - 4 else "*"

    return re.sub(r"[0-9]", star, run)


def _spells_code(run: str, groups: list[re.Match[str]], start: int) -> bool:
    """Whether the groups from `start` on begin with a national code."""
    if _ISO_DATE.match(run, groups[start].start()):
        return False
    number = ""
    for end in range(start, len(groups)):
        number += groups[end].group(0)
        if len(number) > 10:
            return False
        if _looks_like_code(number, contiguous=end == start):
            return True
    return False


def mask_identifiers(text: str) -> str:
    """`text` with every national code in it masked to its last four digits, in any spelling."""
    text = _normalise(text)
    if "-" not in text:
        return _mask_runs(text)
    # A UUID's all-digit groups (…-1234-5678-…) are digits split by dashes, and no person.
    out, last = [], 0
    for uuid in _UUID.finditer(text):
        out += [_mask_runs(text[last : uuid.start()]), uuid.group(0)]
        last = uuid.end()
    out.append(_mask_runs(text[last:]))
    return "".join(out)


def _mask_runs(text: str) -> str:
    return _RUN.sub(lambda m: _mask_run(m.group(0)), text)


def _scrub_record(record: logging.LogRecord) -> None:
    if _is_repetitive(record.name) and isinstance(record.msg, str):
        _TEMPLATES[record] = record.msg  # before the masking formats it away
    if record.name == "uvicorn.access" and isinstance(record.args, tuple):
        # uvicorn's own access formatter (a process that leaves uvicorn's logging as it is,
        # like the registry simulator) unpacks the five arguments: mask them in place.
        _drop_query(record)
        record.args = tuple(
            mask_identifiers(arg) if isinstance(arg, str) else arg for arg in record.args
        )
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: log what was given rather than lose the line
        message = f"{record.msg!r} % {record.args!r}"
    record.msg, record.args = mask_identifiers(_bounded(message)), None
    if record.exc_info and record.exc_info[0] is not None:
        # Formatted now so that no handler formats the raw exception (its text, a
        # traceback's locals) itself; formatters print exc_text when exc_info is unset.
        trace = "".join(traceback.format_exception(*record.exc_info))
        record.exc_text = mask_identifiers(_bounded(trace))
        record.exc_text = record.exc_text.rstrip("\n")
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = mask_identifiers(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_identifiers(record.stack_info)


# A log line is for people: one bigger than this is cut (a caller-chosen path or header
# must not make every handler write, and the masking read, megabytes).
_MAX_CHARS = 64 * 1024


def _bounded(text: str) -> str:
    return text if len(text) <= _MAX_CHARS else text[:_MAX_CHARS] + " …(cut)"


_original_factory: Callable[..., logging.LogRecord] | None = None


def install_scrubber() -> None:
    """Mask national codes in every log record this process makes (idempotent)."""
    global _original_factory
    if _original_factory is not None:
        return
    _original_factory = logging.getLogRecordFactory()
    made_by = _original_factory

    def scrubbed(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = made_by(*args, **kwargs)
        _scrub_record(record)
        return record

    logging.setLogRecordFactory(scrubbed)


class _ContextFilter(logging.Filter):
    """The request id on every line; fields given as `extra` masked like the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        for name, value in list(vars(record).items()):
            if isinstance(value, str) and name not in _STANDARD_FIELDS:
                setattr(record, name, mask_identifiers(value))
        return True


_STANDARD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _drop_query(record: logging.LogRecord) -> None:
    """uvicorn's access line without the query string: queries carry national codes
    (`?national_code=`), and the gateway's own access line names the route template."""
    args = record.args
    if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
        record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])


# Loggers that repeat themselves while a dependency is down (aiokafka retries every few ms).
_REPETITIVE = ("aiokafka",)
# A record's message template ("Unable connect to node with id %s: %s") as logged: the
# masking replaces the message by its formatted text, and records that differ only in their
# arguments (a node id, a correlation id) are the same line to whoever reads the log. Kept
# off the record itself, where the JSON formatter would print it as a field.
_TEMPLATES: "weakref.WeakKeyDictionary[logging.LogRecord, str]" = weakref.WeakKeyDictionary()


def _is_repetitive(logger: str | None) -> bool:
    if not logger:  # logging.makeLogRecord makes the record first and names it after
        return False
    return any(logger == name or logger.startswith(name + ".") for name in _REPETITIVE)


@dataclass
class _Seen:
    since: float  # when the last line of this template went out
    held_back: int = 0


class RepeatFilter(logging.Filter):
    """The first record of each (logger, level, template) of the repetitive loggers, then at
    most one per `window_seconds`, that one saying how many like it were held back.

    Nothing that matters is lost: the first line says what broke, the reminders say it still
    is, and the count says how often. Other loggers pass untouched.
    """

    def __init__(
        self, window_seconds: float = 30.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[tuple[str, int, str], _Seen] = {}
        self._lock = threading.Lock()  # handlers may be called from any thread

    def filter(self, record: logging.LogRecord) -> bool:
        if not _is_repetitive(record.name):
            return True
        key = (record.name, record.levelno, _TEMPLATES.get(record, str(record.msg)))
        now = self._clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                self._seen[key] = _Seen(since=now)
                return True
            if now - seen.since < self._window:
                seen.held_back += 1
                return False
            held_back, elapsed = seen.held_back, now - seen.since
            self._seen[key] = _Seen(since=now)
        if held_back:
            record.msg = f"{record.getMessage()} (and {held_back} more like it in {elapsed:.0f} s)"
            record.args = None
        return True


def _formatter(service: str, json: bool) -> logging.Formatter:
    if json:
        return JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            datefmt="%Y-%m-%dT%H:%M:%S%z",
            static_fields={"service": service},
        )
    return logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")


class _PanjerehHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The process's own output; told apart so that configuring again replaces only it."""


def configure(
    *, service: str, level: str = "INFO", json: bool = True, repeat_seconds: float = 30.0
) -> None:
    """Configure root logging once per process (called from a lifespan or CLI, not on import).

    Handlers others put on the root logger (a test runner's capture, a log file) stay.
    `repeat_seconds` is `RepeatFilter`'s window for the process's own output.
    """
    install_scrubber()
    handler = _PanjerehHandler(sys.stderr)
    handler.addFilter(RepeatFilter(repeat_seconds))
    handler.addFilter(_ContextFilter())
    handler.setFormatter(_formatter(service, json))
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, _PanjerehHandler)]
    root.addHandler(handler)
    root.setLevel(level)
    for chatty in ("aiokafka", "httpx", "alembic.runtime.migration"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
