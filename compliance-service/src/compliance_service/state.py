"""What the compliance service's routes read, made once in its lifespan (main.components)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from compliance_service.policy import PolicySource
from panjereh.web.state import Slot


@dataclass(frozen=True)
class ComplianceState:
    policies: PolicySource  # the targets and deadlines, read again when the file changes


SLOT: Slot[ComplianceState] = Slot("compliance")
StateDep = Annotated[ComplianceState, Depends(SLOT)]
