"""`status-service serve|migrate`."""

from panjereh import cli
from status_service.main import MIGRATIONS
from status_service.settings import StatusSettings


def main() -> None:
    cli.main(
        app_path="status_service.main:create_app",
        settings_factory=StatusSettings,
        migrations_package=MIGRATIONS,
        default_port=8003,
    )
