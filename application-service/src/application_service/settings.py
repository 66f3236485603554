"""Settings of the application service (environment prefix PANJEREH_APPLICATION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class ApplicationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_APPLICATION_", extra="ignore")

    service_name: str = "application-service"
    database_url: str = "sqlite+aiosqlite:///.data/application.db"
    seed_demo_catalogue: bool = True  # only ever in the embedded/dev profiles
    sla_sweep_seconds: float = 60.0
    # How often preview windows that ended unanswered are looked for (applications/preview.py).
    preview_sweep_seconds: float = Field(default=30.0, gt=0)
    # Rules run in worker processes, each within a budget (catalog/rule_budget.py).
    rule_workers: int = Field(default=2, ge=1, le=32)
    rule_budget_seconds: float = Field(default=1.0, gt=0, le=30)
    rule_total_budget_seconds: float = Field(default=3.0, gt=0, le=120)  # one service's rules
    rule_worker_memory_mb: int = Field(default=1024, ge=128)
    decide_poll_seconds: float = Field(default=5.0, gt=0)  # recovery of undecided applications
    decide_batch: int = Field(default=100, ge=1, le=1000)  # applications decided per round
