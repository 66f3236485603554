"""`notification-service serve|migrate`."""

from notification_service.main import MIGRATIONS
from notification_service.settings import NotificationSettings
from panjereh import cli


def main() -> None:
    cli.main(
        app_path="notification_service.main:create_app",
        settings_factory=NotificationSettings,
        migrations_package=MIGRATIONS,
        default_port=8005,
    )
