"""The command line every service shares: `serve` (uvicorn) and `migrate` (Alembic, one-shot)."""

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, TypeVar

import uvicorn

from panjereh import logging as panjereh_logging
from panjereh.db import engine as db_engine
from panjereh.db import migrations
from panjereh.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)  # the service's own settings, as its commands take them


async def _migrate(settings: ServiceSettings, migrations_package: str) -> None:
    engine = db_engine.create_engine(settings.database_url)
    try:
        await migrations.upgrade(engine, migrations_package)
    finally:
        await engine.dispose()


def main(
    *,
    app_path: str,
    settings_factory: Callable[[], S],
    migrations_package: str,
    default_port: int,
    extra_commands: Mapping[str, tuple[str, Callable[[S], Coroutine[Any, Any, int]]]] = {},
    argv: list[str] | None = None,
) -> None:
    """Parse `serve`/`migrate` (or a service's own command) and run it; settings from env only."""
    parser = argparse.ArgumentParser(prog=app_path.split(".")[0].replace("_", "-"))
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the HTTP API and consume events")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=default_port)
    serve.add_argument("--workers", type=int, default=1)
    commands.add_parser("migrate", help="bring the database schema up to date, then exit")
    for name, (help_text, _) in extra_commands.items():
        commands.add_parser(name, help=help_text)
    args = parser.parse_args(argv)

    settings = settings_factory()
    if args.command in extra_commands:
        panjereh_logging.configure(service=settings.service_name, level=settings.log_level)
        sys.exit(asyncio.run(extra_commands[args.command][1](settings)))
    if args.command == "migrate":
        panjereh_logging.configure(service=settings.service_name, level=settings.log_level)
        asyncio.run(_migrate(settings, migrations_package))
        return
    uvicorn.run(
        app_path,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        log_config=None,
        timeout_graceful_shutdown=20,
        # Longer than the gateway's pooled keep-alive (30 s): a server closing an idle
        # connection first makes the gateway open a new one for the next request (uvicorn's
        # default is 5 s, and reconnects showed in the gateway's profile).
        timeout_keep_alive=65,
    )
