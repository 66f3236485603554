"""`inquiry-service serve|migrate|verify-audit`."""

import json

from inquiry_service import audit
from inquiry_service.main import MIGRATIONS
from inquiry_service.settings import InquirySettings
from panjereh import cli
from panjereh.db import engine as db_engine
from panjereh.settings import ServiceSettings


async def verify_audit(settings: ServiceSettings) -> int:
    """Walk the audit chain; print the result and exit 1 if a link is broken."""
    engine = db_engine.create_engine(settings.database_url)
    try:
        result = await audit.verify(engine)
    finally:
        await engine.dispose()
    print(
        json.dumps(
            {
                "entries": result.entries,
                "intact": result.intact,
                "first_broken_seq": result.first_broken_seq,
            }
        )
    )
    return 0 if result.intact else 1


def main() -> None:
    cli.main(
        app_path="inquiry_service.main:create_app",
        settings_factory=InquirySettings,
        migrations_package=MIGRATIONS,
        default_port=8002,
        extra_commands={"verify-audit": ("verify the audit log's hash chain", verify_audit)},
    )
