"""Settings of the status service (environment prefix PANJEREH_STATUS_)."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from panjereh import identity
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
    # A change shown to the applicant later than this after its event is reported at once (a
    # StatusFreshness with final=False), not only with the application's final report;
    # compliance's default freshness bound.
    freshness_alarm_ms: float = Field(default=5000.0, gt=0)
    # Long-lived requests (SSE streams and ?wait= long-polls), bounded per client (its real
    # address, as lookups key it) and in total: past either, 429 with Retry-After.
    long_lived_per_client: int = Field(default=10, ge=1)
    long_lived_total: int = Field(default=1000, ge=1)
    # A stream ends after this long (the browser's EventSource reconnects by itself, with
    # Last-Event-ID), so no stream holds its slot for ever; it sends a comment line this
    # often so proxies keep it open, and gives up on a client that takes longer than
    # `stream_send_timeout_seconds` to take a message.
    stream_max_seconds: float = Field(default=300.0, gt=0)
    stream_heartbeat_seconds: float = Field(default=15.0, gt=0)
    stream_send_timeout_seconds: float = Field(default=30.0, gt=0)
    # The citizen's one-time login codes (status_service.citizen.login_*). The key under
    # which codes (and the person's row key) are kept as HMACs: whoever reads the table
    # without it can neither recover nor try codes. Production refuses this demo value.
    otp_key: SecretStr = SecretStr("demo-status-otp-key")
    # Requests for a code per person (their national code): past it a request changes
    # nothing, and is answered the same 202. Per client (its real address): past it 429,
    # which says nothing of anyone's code.
    otp_requests_per_person: str = "5/hour"
    otp_requests_per_client: str = "10/minute"
    # The hand-over to the notification service's internal endpoint, with the status
    # service's own token from the gateway (client credentials, scope otp:send).
    otp_notification_url: str = "http://127.0.0.1:8005"
    otp_gateway_url: str = "http://127.0.0.1:8000"
    otp_client_id: str = "panjereh-status"
    otp_client_secret: SecretStr = SecretStr("demo-status-otp-client-secret")
    otp_handover_timeout_seconds: float = Field(default=20.0, gt=0)
    otp_sender_poll_seconds: float = Field(default=1.0, gt=0)

    def subject_of(self, national_code: str) -> str:
        """The keyed hash under which this person's rows are kept (a normalised code)."""
        return identity.subject_key(self.subject_key.get_secret_value().encode(), national_code)
