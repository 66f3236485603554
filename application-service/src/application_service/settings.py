"""Settings of the application service (environment prefix PANJEREH_APPLICATION_)."""

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class ApplicationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_APPLICATION_", extra="ignore")

    service_name: str = "application-service"
    database_url: str = "sqlite+aiosqlite:///.data/application.db"
    seed_demo_catalogue: bool = True  # only ever in the embedded/dev profiles
    sla_sweep_seconds: float = 60.0
