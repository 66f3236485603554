"""Settings of the compliance service (environment prefix PANJEREH_COMPLIANCE_)."""

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class ComplianceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_COMPLIANCE_", extra="ignore")

    service_name: str = "compliance-service"
    database_url: str = "sqlite+aiosqlite:///.data/compliance.db"
