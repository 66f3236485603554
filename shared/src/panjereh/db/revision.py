"""`python -m panjereh.db.revision <service_package> "message"`: autogenerate a migration.

It diffs the service's models against a scratch SQLite database migrated to head, so no
server is needed; review the generated file before committing it.
"""

import asyncio
import sys
import tempfile
from importlib import import_module, resources

from alembic import command
from sqlalchemy.engine import Connection

from panjereh.db import engine as db_engine
from panjereh.db import migrations


async def autogenerate(package: str, message: str, revision_id: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        engine = db_engine.create_engine(f"sqlite+aiosqlite:///{scratch}/scratch.db")
        await migrations.upgrade(engine, f"{package}.migrations")
        cfg = migrations.config(f"{package}.migrations")
        import_module(f"{package}.models")

        def run(connection: Connection) -> None:
            cfg.attributes["connection"] = connection
            command.revision(
                cfg,
                message=message,
                autogenerate=True,
                rev_id=revision_id,
                head=migrations.service_head(cfg),
                version_path=str(resources.files(f"{package}.migrations") / "versions"),
            )

        async with engine.begin() as connection:
            await connection.run_sync(run)
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(autogenerate(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
