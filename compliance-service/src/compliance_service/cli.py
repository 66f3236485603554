"""`compliance-service serve|migrate`."""

from compliance_service.main import MIGRATIONS
from compliance_service.settings import ComplianceSettings
from panjereh import cli


def main() -> None:
    cli.main(
        app_path="compliance_service.main:create_app",
        settings_factory=ComplianceSettings,
        migrations_package=MIGRATIONS,
        default_port=8004,
    )
