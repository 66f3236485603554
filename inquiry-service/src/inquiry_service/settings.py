"""Settings of the inquiry service (environment prefix PANJEREH_INQUIRY_)."""

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class InquirySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_INQUIRY_", extra="ignore")

    service_name: str = "inquiry-service"
    database_url: str = "sqlite+aiosqlite:///.data/inquiry.db"
