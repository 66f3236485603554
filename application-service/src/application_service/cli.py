"""`application-service serve|migrate`."""

from application_service.main import MIGRATIONS
from application_service.settings import ApplicationSettings
from panjereh import cli


def main() -> None:
    cli.main(
        app_path="application_service.main:create_app",
        settings_factory=ApplicationSettings,
        migrations_package=MIGRATIONS,
        default_port=8001,
    )
