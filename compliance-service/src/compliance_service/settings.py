"""Settings of the compliance service (environment prefix PANJEREH_COMPLIANCE_)."""

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class ComplianceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_COMPLIANCE_", extra="ignore")

    service_name: str = "compliance-service"
    database_url: str = "sqlite+aiosqlite:///.data/compliance.db"
    # The policy (targets, deadlines, minimum volume); None means the one shipped in the package.
    policy_file: Path | None = None
    # Criterion 4: a state change counts as visible only if the status service showed it
    # within this many seconds of the change. Changing it applies to facts measured after.
    freshness_bound_seconds: float = 5.0
    # How often the Prometheus gauges are recomputed from the database.
    gauges_refresh_seconds: float = 15.0
