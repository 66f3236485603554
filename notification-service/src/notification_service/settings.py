"""Settings of the notification service (environment prefix PANJEREH_NOTIFICATION_).

The webhook dispatcher's and the SMS half's own fields live beside their code
(`webhooks/settings.py`, `sms/settings.py`) and are mixed in here, under the same prefix.
"""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from notification_service.sealing import SecretBox
from notification_service.sms.settings import SmsSettings
from notification_service.webhooks.settings import WebhookSettings
from panjereh.settings import ServiceSettings


class NotificationSettings(WebhookSettings, SmsSettings, ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PANJEREH_NOTIFICATION_", extra="ignore")

    service_name: str = "notification-service"
    database_url: str = "sqlite+aiosqlite:///.data/notification.db"
    # Encrypts the agencies' webhook signing secrets at rest: whoever reads the table
    # without it cannot sign as Panjereh. Production refuses this demo value.
    secret_key: SecretStr = Field(SecretStr("demo-notification-secret-key-dev-only"), min_length=16)
    # Finished deliveries (and their attempts) are kept this long in the log (retention.py).
    deliveries_retention_days: int = Field(30, ge=1)
    # Earlier keys, while their ciphertexts remain (sealing.py: rotating the key).
    secret_keys_retired: list[SecretStr] = Field(default_factory=list)

    def secret_box(self) -> SecretBox:
        return SecretBox(
            self.secret_key.get_secret_value(),
            retired=[key.get_secret_value() for key in self.secret_keys_retired],
        )
