"""What the notification service's routes read, made once in its lifespan (main.components):
one typed object (panjereh.web.state) in place of loose `app.state` attributes."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from notification_service.sealing import SecretBox
from notification_service.services import UowFactory, UrlCheck
from panjereh.web.state import Slot


@dataclass(frozen=True)
class NotificationState:
    units: UowFactory  # the service's units of work, whose new deliveries wake the dispatcher
    secrets: SecretBox  # seals the webhooks' signing secrets at rest
    check_url: UrlCheck  # the SSRF guard a webhook's URL passes, as the profile sets it


SLOT: Slot[NotificationState] = Slot("notification")
StateDep = Annotated[NotificationState, Depends(SLOT)]
