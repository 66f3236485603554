"""An independent detector of national codes in log text (finding 6).

Written apart from panjereh.logging on purpose: it checks that code's output, so it shares
none of it. A line is read as a person would read it (percent-escapes decoded, JSON's
\\u escapes and Persian or Arabic-Indic digits turned into ASCII ones); then every stretch
of 8 to 10 digits, whole or split by dashes, spaces, dots or underscores, is a finding if it
is a valid national code once its dropped leading zeros are back, or a persona's code.
"""

import contextlib
import logging
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from inquiry_service.sandbox import personas

PERSONA_CODES = frozenset(p.national_code for p in personas.PERSONAS)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)
_JSON_DIGIT = re.compile(r"\\u0(?:6f|66)([0-9])", re.IGNORECASE)
_NUMBER = re.compile(r"[0-9]+")
_GAP = re.compile(r"[\s\-_+\u200c\u2010-\u2015\u2212]{1,3}")
# Not people: a UUID's digit groups, an ISO date and time, a dotted address or version.
_NOT_PEOPLE = re.compile(
    r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?"
    r"|(?:[0-9]+\.){2,}[0-9]+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    where: str
    code: str
    line: str


def _check_digit_ok(code: str) -> bool:
    if len(code) != 10 or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return int(code[9]) == (total if total < 2 else 11 - total)


def readable(line: str) -> str:
    """The line as a reader sees it: escapes undone, every digit ASCII."""
    for _ in range(3):
        decoded = urllib.parse.unquote(line)
        if decoded == line:
            break
        line = decoded
    return _JSON_DIGIT.sub(r"\1", line).translate(_DIGITS)


def codes_in(line: str) -> list[str]:
    """The national codes `line` holds, in whatever spelling."""
    text = _NOT_PEOPLE.sub(" ", readable(line))
    numbers = [m for m in _NUMBER.finditer(text) if _stands_alone(text, m)]
    found: list[str] = []
    for start in range(len(numbers)):
        digits = ""
        for later in range(start, len(numbers)):
            gap = text[numbers[later - 1].end() : numbers[later].start()] if later > start else ""
            if later > start and not _GAP.fullmatch(gap):
                break
            digits += numbers[later].group(0)
            if len(digits) > 10:
                break
            code = digits.zfill(10)
            if len(digits) >= 8 and (_check_digit_ok(code) or code in PERSONA_CODES):
                found.append(code)
    return found


def _stands_alone(text: str, number: re.Match[str]) -> bool:
    # Digits glued to letters are part of a word (a hexadecimal id, a token, a hash).
    before = text[number.start() - 1] if number.start() else " "
    after = text[number.end()] if number.end() < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def _may_hold_a_code(line: str) -> bool:
    # Cheap first look: a code needs eight digits (any script) or an escape to hide them.
    return "%" in line or "\\u" in line or sum(c.isdigit() for c in line) >= 8


def scan(lines: Iterable[str], where: str) -> list[Finding]:
    return [
        Finding(where, code, line.rstrip())
        for line in lines
        if _may_hold_a_code(line)
        for code in codes_in(line)
    ]


def scan_files(paths: Iterable[Path]) -> list[Finding]:
    findings: list[Finding] = []
    for path in paths:
        if path.is_file():
            with path.open(errors="replace") as lines:
                findings += scan(lines, str(path))
    return findings


class LogCheck:
    """At the end of a test session: no national code in any log line the session wrote
    (pytest's log file, and the services' own logs under the session's temporary folder).
    Findings fail the run and are printed, at most a screenful of them."""

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self.findings: list[Finding] = []

    def _paths(self) -> list[Path]:
        paths = []
        log_file = self._config.getini("log_file")
        if log_file:
            paths.append(Path(log_file).resolve())
        factory = getattr(self._config, "_tmp_path_factory", None)
        basetemp = getattr(factory, "_basetemp", None) if factory else None
        if basetemp is not None and Path(basetemp).is_dir():
            paths += sorted(Path(basetemp).rglob("*.log"))
        return paths

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.findings = scan_files(self._paths())
        if self.findings:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.findings:
            terminalreporter.write_sep("-", "logs: no national code in any log line")
            return
        count = len(self.findings)
        terminalreporter.write_sep(
            "!", f"logs: {count} national code{'s' * (count != 1)} in full (the run fails)"
        )
        for finding in self.findings[:40]:
            terminalreporter.write_line(f"{finding.where}: {finding.code}: {finding.line[:300]}")


class Everything(logging.Handler):
    """Every record of the process, formatted with its exception and stack."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines += self.format(record).splitlines()


@contextlib.contextmanager
def capturing() -> Iterator[Everything]:
    """Every log line the process writes while inside (the `captured` fixture)."""
    handler = Everything()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
