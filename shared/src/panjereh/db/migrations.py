"""Alembic helpers so each service's migration environment is three lines long.

Migrations run on a connection handed in by the caller (the `migrate` command or, in the
embedded and dev profiles, the lifespan), following Alembic's asyncio cookbook.
"""

from importlib import resources

from alembic import command, context, op
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from panjereh import tables

# The platform's revisions after 0001 are named so, which tells them from a service's own.
PLATFORM_REVISION_PREFIX = "platform_"


def config(migrations_package: str) -> Config:
    """An Alembic config for a service's migrations package (shipped inside its wheel).

    Its history starts at the kit's platform revision "0001", found via version_locations;
    later platform revisions ("platform_0002", …) branch off 0001 beside the service's own.
    """
    scripts = resources.files(migrations_package)
    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    cfg.set_main_option(
        "version_locations",
        f"{scripts / 'versions'} {resources.files('panjereh.db.platform_migrations')}",
    )
    cfg.set_main_option("path_separator", "space")
    return cfg


async def upgrade(
    engine: AsyncEngine,
    migrations_package: str,
    revision: str = "heads",
    *,
    downgrade: bool = False,
) -> None:
    """Bring the database behind `engine` up (or, with `downgrade`, down) to `revision`.

    "heads", not "head": the platform's own revisions after 0001 (platform_migrations) are a
    branch beside the service's, so a service's history has two heads.
    """
    cfg = config(migrations_package)

    def run(connection: Connection) -> None:
        cfg.attributes["connection"] = connection
        (command.downgrade if downgrade else command.upgrade)(cfg, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


def service_head(cfg: Config) -> str:
    """The head of the service's own branch (not the platform's), for a new revision."""
    heads = ScriptDirectory.from_config(cfg).get_heads()
    (head,) = [h for h in heads if not h.startswith(PLATFORM_REVISION_PREFIX)] or heads[:1]
    return head


def run_env(target_metadata: MetaData) -> None:
    """Body of a service's `env.py`: migrate on the connection `upgrade` handed in."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations with `<service> migrate`, which supplies the connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def create_platform_tables_v1() -> None:
    """Create the outbox and inbox tables (called by each service's first migration)."""
    tables.PLATFORM.create_all(op.get_bind())


def drop_platform_tables_v1() -> None:
    tables.PLATFORM.drop_all(op.get_bind())


def create_inbox_applied_at_index() -> None:
    """The index the inbox purge reads (0001 already makes it on a database created since)."""
    op.create_index("ix_inbox_applied_at", "inbox", ["applied_at"], if_not_exists=True)


def drop_inbox_applied_at_index() -> None:
    op.drop_index("ix_inbox_applied_at", table_name="inbox", if_exists=True)
