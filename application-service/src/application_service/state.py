"""What the application service's routes read, made once in its lifespan (main.components)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from application_service.dossier.signer import Signer
from application_service.settings import ApplicationSettings
from panjereh.web.state import Slot


@dataclass(frozen=True)
class ApplicationState:
    settings: ApplicationSettings
    dossier_signer: Signer  # signs decided applications' dossiers, publishes their keys


SLOT: Slot[ApplicationState] = Slot("application")
StateDep = Annotated[ApplicationState, Depends(SLOT)]
