"""JSON logging with the request id on every line and national codes masked."""

import logging
import re
import sys

from pythonjsonlogger.json import JsonFormatter

from panjereh import context, digits, identity

# Ten digits standing alone are taken for a national code; mobiles start with 09 and are 11.
_NATIONAL_CODE = re.compile(r"(?<!\d)\d{10}(?!\d)")


def mask_identifiers(text: str) -> str:
    """Mask every 10-digit run (a possible national code) but its last four digits."""
    return _NATIONAL_CODE.sub(lambda m: identity.mask(m.group(0)), digits.to_ascii(text))


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get()
        record.msg = mask_identifiers(record.getMessage())
        record.args = None
        return True


def configure(*, service: str, level: str = "INFO", json: bool = True) -> None:
    """Configure root logging once per process (called from a lifespan or CLI, not on import)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ContextFilter())
    if json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                datefmt="%Y-%m-%dT%H:%M:%S%z",
                static_fields={"service": service},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for chatty in ("aiokafka", "httpx", "alembic.runtime.migration"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
