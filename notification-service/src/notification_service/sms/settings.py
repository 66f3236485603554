"""The SMS half's settings, mixed into `NotificationSettings` (PANJEREH_NOTIFICATION_SMS_*).

The sandbox provider (messages kept in a table, served at GET /v1/sandbox/sms) is the
default of the embedded/dev profiles; production needs the HTTP provider with a base URL.
"""

from enum import StrEnum
from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings

from notification_service.sms import quiet


class SmsProviderKind(StrEnum):
    SANDBOX = "sandbox"
    HTTP = "http"


class SmsSettings(BaseSettings):
    """Fields of the SMS half (provider, templates, quiet hours, the Shahkar inquiry)."""

    sms_provider: SmsProviderKind = SmsProviderKind.SANDBOX
    sms_http_base_url: str | None = None
    sms_http_api_key: SecretStr = SecretStr("demo-sms-provider-key")
    # Receipts (POST /v1/sms/receipts) carry it in X-SMS-Receipt-Secret; production refuses it.
    sms_receipt_secret: SecretStr = SecretStr("demo-sms-receipt-secret")
    sms_timeout_seconds: float = Field(10.0, gt=0)
    # Where applicants open /track (the link in every message).
    sms_public_base_url: str = "http://127.0.0.1:8000"
    sms_quiet_hours: str = "22:00-07:00"  # Asia/Tehran wall clock; equal ends: never quiet
    # The Shahkar match, asked of the inquiry service through the gateway, as a client of
    # its own under the platform's legal basis (service "applicant-notifications").
    sms_inquiry_url: str = "http://127.0.0.1:8000"
    sms_client_id: str = "panjereh-notifications"
    sms_client_secret: SecretStr = SecretStr("demo-notifications-secret")
    sms_purpose_service_id: str = "applicant-notifications"
    sms_sender_poll_seconds: float = Field(2.0, gt=0)
    sms_sender_batch: int = Field(50, ge=1, le=1000)
    sms_sender_concurrency: int = Field(8, ge=1, le=100)

    @field_validator("sms_quiet_hours")
    @classmethod
    def _quiet_hours_parse(cls, value: str) -> str:
        quiet.parse_window(value)
        return value

    @model_validator(mode="after")
    def _production_sends_for_real(self) -> Self:
        if str(getattr(self, "profile", "")) != "production":
            return self
        if self.sms_provider is not SmsProviderKind.HTTP or not self.sms_http_base_url:
            raise ValueError("sms_provider: production needs the http provider and its base URL")
        return self

    @property
    def quiet_hours(self) -> quiet.QuietHours:
        start, end = quiet.parse_window(self.sms_quiet_hours)
        return quiet.QuietHours(start=start, end=end)
