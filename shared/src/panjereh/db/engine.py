"""Engines and session factories, made in a lifespan from a URL (never at import time)."""

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Constraint names that Alembic can diff and that read well in a PostgreSQL error.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SessionFactory = async_sessionmaker[AsyncSession]


def make_metadata() -> MetaData:
    """A MetaData with Panjereh's constraint naming conventions; one per service."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the status page read while a writer commits; busy_timeout waits out a writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """Create an async engine for `postgresql+asyncpg://` or `sqlite+aiosqlite://` URLs."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it was a round trip on every checkout (8-15% of a consumer's CPU under
    # load, measured with py-spy). A connection the server dropped fails on first use instead;
    # SQLAlchemy then invalidates the whole pool, the bus retries the message, and an API
    # request answers 503 (panjereh.problems), which clients retry.
    # Twice `pool_size`, all kept once opened, none as overflow: the same ceiling as before,
    # but an overflow connection was closed on its return and opened again on the next
    # burst. py-spy at 25 applications/s put a quarter of the status service's samples in
    # asyncpg's connect, and PostgreSQL forked (and reaped) a backend for each.
    return create_async_engine(
        url,
        echo=echo,
        pool_size=2 * pool_size,
        max_overflow=0,
        pool_recycle=1800,
        connect_args=_loopback_without_tls(url),
    )


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _loopback_without_tls(url: str) -> dict[str, object]:
    """No TLS to a server on this host unless the URL asks for it: asyncpg's default
    ("prefer") encrypts even loopback traffic, which protects nothing there and was a
    visible share of a consumer's CPU in py-spy. Any other host keeps asyncpg's default
    or the URL's own `ssl=`."""
    parsed = make_url(url)
    if parsed.host in _LOOPBACK and "ssl" not in parsed.query and "sslmode" not in parsed.query:
        return {"ssl": False}
    return {}


def session_factory(engine: AsyncEngine) -> SessionFactory:
    """Sessions that keep loaded objects usable after commit (no implicit reloads in async)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment as aware UTC (SQLite hands datetimes back naive; all are stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def maybe_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """`as_utc` for a column that may be empty (a moment that has not happened yet)."""
    return None if moment is None else as_utc(moment)
