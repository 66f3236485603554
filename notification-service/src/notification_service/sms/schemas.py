"""API models of the SMS half (the sandbox's sent messages, providers' delivery receipts)."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class SandboxSmsOut(BaseModel):
    mobile: str = Field(examples=["09121000001"])
    text: str
    reference: str = Field(description="The message's id (the provider's reference)")
    sent_at: dt.datetime
    sent_at_jalali: str


class ReceiptIn(BaseModel):
    """A provider's delivery receipt for one message."""

    model_config = ConfigDict(extra="ignore")  # providers add fields of their own

    reference: str = Field(min_length=1, max_length=200, description="Our message id")
    status: Literal["delivered", "failed"]
    at: dt.datetime | None = Field(default=None, description="When it was delivered")


class ReceiptOut(BaseModel):
    id: str
    status: str
