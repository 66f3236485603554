"""The read-only reader: the one way outside a unit of work to the database, for reads alone.

A lookup of one statement (the status page, a citizen's views, the audit chain's walk) needs
no unit of work: it writes nothing and emits nothing, and BEGIN and ROLLBACK around it would
cost two round trips more than the query (the status path's profile showed them as much time
as the queries). The reader's connections are in autocommit on the service's pool. Nothing
read through it is ever written: writes go through the unit of work, which alone commits.
"""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class Reader:
    """`async with reader.connection() as connection:` then execute SELECTs on it."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    def connection(self) -> AsyncConnection:
        """A pooled connection in autocommit (itself the `async with` block: no wrapper, so
        the status fast path pays nothing for going through the reader)."""
        return self._engine.connect()
