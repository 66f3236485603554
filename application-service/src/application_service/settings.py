"""Settings of the application service (environment prefix PANJEREH_APPLICATION_)."""

from typing import Self

from pydantic import Field, SecretStr, model_validator
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
    rule_worker_nice: int = Field(default=5, ge=0, le=19)  # see docs/operations.md
    decide_poll_seconds: float = Field(default=5.0, gt=0)  # recovery of undecided applications
    decide_batch: int = Field(default=100, ge=1, le=1000)  # applications decided per round
    # The decision dossiers' key ring (docs/operations.md, "Dossier keys"): the current EC
    # P-256 private key in PEM from the secret store (required outside the demo profiles,
    # which make one beside the SQLite file), and the retired keys' public JWKs (a JSON list)
    # that stay published so the dossiers they signed still verify.
    dossier_signing_key_pem: SecretStr | None = None
    dossier_retired_keys_json: str = "[]"
    # Where people open a dossier's verification link (`<public_base_url>/verify#<jws>`).
    public_base_url: str = "http://127.0.0.1:8000"

    @model_validator(mode="after")
    def _production_signs_dossiers_with_a_real_key(self) -> Self:
        if not self.is_demo and self.dossier_signing_key_pem is None:
            raise ValueError(
                "dossier_signing_key_pem: outside the demo profiles decision dossiers are "
                "signed with a key from the secret store, never one made here"
            )
        return self
