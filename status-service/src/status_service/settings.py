"""Settings of the status service (environment prefix PANJEREH_STATUS_)."""

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class StatusSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_STATUS_", extra="ignore")

    service_name: str = "status-service"
    database_url: str = "sqlite+aiosqlite:///.data/status.db"
