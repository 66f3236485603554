"""Settings of the status service (environment prefix PANJEREH_STATUS_)."""

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class StatusSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_STATUS_", extra="ignore")

    service_name: str = "status-service"
    database_url: str = "sqlite+aiosqlite:///.data/status.db"
    # Keys the hash under which applicants' national codes are kept (the lookup's second factor).
    subject_key: SecretStr = SecretStr("demo-status-subject-key")
    poll_interval_seconds: int = 5  # suggested to polling clients
    # Rendered views are kept this long; other replicas' changes show within this bound.
    view_cache_seconds: float = 1.0
    # Enumeration defence (status_service.guard): failed lookups allowed per client (its real
    # address), per client and tracking code, and per tracking code (normalised). The code's
    # budget never refuses the right national code, so others cannot lock an applicant out.
    misses_per_client: str = "20/minute"
    misses_per_client_code: str = "10/hour"
    misses_per_code: str = "10/hour"
    # A well-formed lookup that finds nothing waits this long for a projection in flight (a
    # poll right after the 202), and every such miss takes this long (no timing oracle).
    projection_wait_seconds: float = 1.0
