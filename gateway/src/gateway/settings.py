"""Gateway settings (environment prefix PANJEREH_GATEWAY_)."""

from pydantic_settings import SettingsConfigDict

from panjereh.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    application_url: str = "http://127.0.0.1:8001"
    inquiry_url: str = "http://127.0.0.1:8002"
    status_url: str = "http://127.0.0.1:8003"
    compliance_url: str = "http://127.0.0.1:8004"
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 35.0  # above the status long-poll's 30 s
    upstream_pool_size: int = 200

    def upstream_urls(self) -> dict[str, str]:
        return {
            "application": self.application_url,
            "inquiry": self.inquiry_url,
            "status": self.status_url,
            "compliance": self.compliance_url,
        }
