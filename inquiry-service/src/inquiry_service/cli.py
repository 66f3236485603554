"""`inquiry-service serve|migrate`."""

from inquiry_service.main import MIGRATIONS
from inquiry_service.settings import InquirySettings
from panjereh import cli


def main() -> None:
    cli.main(
        app_path="inquiry_service.main:create_app",
        settings_factory=InquirySettings,
        migrations_package=MIGRATIONS,
        default_port=8002,
    )
