"""What the inquiry service's routes read, made once in its lifespan (main.components)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from inquiry_service.anchoring import keys
from inquiry_service.anchoring.signer import CheckpointSigner
from inquiry_service.registries.resilient import ResilientConnector
from inquiry_service.services import Inquirer
from inquiry_service.worker import EvidenceWorker
from panjereh.web.state import Slot


@dataclass(frozen=True)
class InquiryState:
    inquirer: Inquirer
    connector: ResilientConnector  # the registries, behind timeouts, retries and a breaker
    evidence_worker: EvidenceWorker  # fetches the applications' queued evidence requests
    audit_signing_key: keys.SigningKey  # signs the audit chain's checkpoints
    checkpoint_signer: CheckpointSigner


SLOT: Slot[InquiryState] = Slot("inquiry")
StateDep = Annotated[InquiryState, Depends(SLOT)]
