"""A broker outage does not flood the log: aiokafka's repeated lines are held back after the
first, one reminder per window says how many were, and the masking still applies."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from panjereh import logging as panjereh_logging
from panjereh.settings import ServiceSettings

WINDOW = 30.0


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def clock() -> _Clock:
    return _Clock()


@pytest.fixture
def seen(clock: _Clock) -> Iterator[_Lines]:
    """What a handler filtered by a RepeatFilter writes, of the aiokafka and other loggers."""
    panjereh_logging.install_scrubber()  # the factory the services run with (it keeps templates)
    handler = _Lines()
    handler.addFilter(panjereh_logging.RepeatFilter(WINDOW, clock=clock))
    loggers = [logging.getLogger(name) for name in ("aiokafka.conn", "aiokafka", "httpx")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)
        logger.propagate = True


def _refused(times: int) -> None:
    for n in range(times):
        logging.getLogger("aiokafka.conn").error(
            "Unable connect to node with id %s: %s", n % 3, f"[Errno 111] attempt {n}"
        )


def test_a_burst_of_one_template_yields_its_first_line_only(seen: _Lines, clock: _Clock) -> None:
    for _ in range(1000):
        _refused(1)
        clock.now += 0.01  # 1000 lines in 10 s: all within the window
    assert seen.lines == ["Unable connect to node with id 0: [Errno 111] attempt 0"]


def test_the_first_line_after_the_window_reports_how_many_were_held_back(
    seen: _Lines, clock: _Clock
) -> None:
    _refused(58)
    clock.now += WINDOW
    _refused(1)
    assert len(seen.lines) == 2
    assert seen.lines[1] == (
        "Unable connect to node with id 0: [Errno 111] attempt 0 (and 57 more like it in 30 s)"
    )
    clock.now += WINDOW
    _refused(1)
    assert seen.lines[2].endswith("attempt 0"), "nothing held back since: no count"


def test_each_template_and_level_gets_its_own_first_line(seen: _Lines) -> None:
    kafka, conn = logging.getLogger("aiokafka"), logging.getLogger("aiokafka.conn")
    for _ in range(100):
        _refused(1)
        kafka.error("Unable to update metadata from %s", "node-1")
        kafka.warning("Unable to update metadata from %s", "node-1")
        conn.error("Coordinator dead: %s", "group g")
    assert len(seen.lines) == 4
    assert {line.split(" ")[0] for line in seen.lines} == {"Unable", "Coordinator"}


def test_other_loggers_pass_untouched(seen: _Lines) -> None:
    for n in range(50):
        logging.getLogger("httpx").error("registry unreachable: %s", n)
    assert len(seen.lines) == 50


def test_records_made_without_the_masking_factory_are_told_apart_by_their_text(
    clock: _Clock,
) -> None:
    repeat = panjereh_logging.RepeatFilter(WINDOW, clock=clock)

    def record(text: str) -> logging.LogRecord:
        return logging.makeLogRecord({"name": "aiokafka.cluster", "levelno": 40, "msg": text})

    assert [repeat.filter(record(t)) for t in ("a", "a", "b", "a")] == [True, False, True, False]


def test_the_services_output_holds_back_repeats_and_still_masks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    panjereh_logging.configure(service="test", level="INFO", json=True, repeat_seconds=WINDOW)
    stream = io.StringIO()
    (handler,) = [
        h for h in logging.getLogger().handlers if type(h).__module__ == "panjereh.logging"
    ]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    for _ in range(1000):
        logging.getLogger("aiokafka.consumer.group_coordinator").error(
            "Error sending JoinGroupRequest for %s: %s", "0499370899", "KafkaConnectionError"
        )
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 1
    assert "0499370899" not in lines[0]["message"] and "0899" in lines[0]["message"]
    assert set(lines[0]) == {"time", "level", "logger", "message", "request_id", "service"}


@pytest.mark.parametrize("seconds", ["0", "-5", "often"])
def test_a_repeat_window_that_is_not_positive_is_refused(seconds: str) -> None:
    with pytest.raises(ValidationError, match="log_repeat_seconds"):
        ServiceSettings(log_repeat_seconds=seconds)
