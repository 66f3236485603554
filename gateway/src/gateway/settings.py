"""Gateway settings (environment prefix PANJEREH_GATEWAY_)."""

import json
from typing import Annotated, ClassVar, Self

from pydantic import BeforeValidator, Field, SecretStr, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from gateway.forwarded import Network, parse_networks
from panjereh.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_GATEWAY_", extra="ignore")

    uses_database: ClassVar[bool] = False

    service_name: str = "gateway"
    application_url: str = "http://127.0.0.1:8001"
    inquiry_url: str = "http://127.0.0.1:8002"
    status_url: str = "http://127.0.0.1:8003"
    compliance_url: str = "http://127.0.0.1:8004"
    notification_url: str = "http://127.0.0.1:8005"
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 35.0  # above the status long-poll's 30 s
    upstream_pool_size: int = 200
    # Long-lived requests (SSE streams, ?wait= long-polls) have their own pool of this many
    # connections, and no more of them are admitted (429), so they can never take the
    # connections short lookups need; each client (its real address) may hold this many.
    long_lived_pool_size: int = Field(default=1000, ge=1)
    long_lived_per_client: int = Field(default=10, ge=1)
    # A streamed answer whose client takes no bytes for this long is dropped (a reader that
    # stops reading would otherwise hold its slot and the service's stream for ever).
    stream_send_timeout: float = Field(default=30.0, gt=0)

    # Tokens: an EC P-256 private key in PEM (production); the demo profiles make one per process.
    signing_key_pem: SecretStr | None = None
    signing_key_id: str = "panjereh-1"
    # Or a key set (current, next, retired: gateway.signing_keys) in a mounted file, read again
    # when it changes (looked at this often) or on SIGHUP: rotation without a restart.
    signing_keys_file: str | None = None
    signing_keys_check_seconds: float = Field(default=5.0, gt=0)
    token_ttl_seconds: int = 900
    # Clients as JSON: [{"client_id", "secret_hash" (argon2), "agency_id", "scopes": [...]}].
    clients_json: SecretStr | None = None

    rate_limit_storage: str = "async+memory://"  # async+redis://redis:6379/0 when distributed
    rate_limit_per_client: str = "1200/minute"
    rate_limit_per_ip: str = "600/minute"
    token_attempts_per_ip: str = "30/minute"  # noqa: S105 — a rate, not a secret
    # The citizen's token (POST /v1/citizen/token): one-time codes redeemed per client (its
    # real address), and the token's life (at most 15 minutes, API.md).
    citizen_token_attempts_per_ip: str = "20/minute"  # noqa: S105 — a rate, not a secret
    citizen_token_ttl_seconds: int = Field(default=900, ge=60, le=900)
    max_body_bytes: int = 1_048_576
    cors_origins: str = ""  # comma-separated origins allowed to call the public status API
    # The public port's /metrics needs a compliance:read token (API.md: not public). For
    # Prometheus, the same figures on a port of their own, which only it may reach (the
    # NetworkPolicies); unset (the embedded default): no such port.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str = "127.0.0.1"
    # Comma-separated CIDRs of the proxies in front of the gateway (the ingress controller's
    # pods) whose X-Forwarded-For entries are believed; none by default: the TCP peer is the
    # client, whatever the request says (gateway.forwarded).
    trusted_proxies: Annotated[tuple[Network, ...], NoDecode, BeforeValidator(parse_networks)] = ()

    def upstream_urls(self) -> dict[str, str]:
        return {
            "application": self.application_url,
            "inquiry": self.inquiry_url,
            "status": self.status_url,
            "compliance": self.compliance_url,
            "notification": self.notification_url,
        }

    def client_records(self) -> list[dict[str, object]]:
        return json.loads(self.clients_json.get_secret_value()) if self.clients_json else []

    @model_validator(mode="after")
    def _production_has_its_own_keys(self) -> Self:
        keys = self.signing_key_pem is not None or self.signing_keys_file is not None
        if not self.is_demo and (not keys or self.clients_json is None):
            raise ValueError(
                "production needs signing_keys_file (or signing_key_pem) and clients_json"
                " from its secret store"
            )
        return self
