"""What the status service's routes and its fast path read, made once in its lifespan
(main.components): one typed object (panjereh.web.state) in place of loose `app.state`
attributes."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from panjereh.runtime import Runtime
from panjereh.web import long_lived
from panjereh.web.deps import runtime_of
from panjereh.web.state import Slot
from status_service.cache import ViewCache
from status_service.guard import Guard
from status_service.notifier import ChangeNotifier
from status_service.settings import StatusSettings


@dataclass(frozen=True)
class StatusState:
    runtime: Runtime[StatusSettings]
    notifier: ChangeNotifier  # wakes this replica's long-polls and streams on a change
    view_cache: ViewCache  # the views this replica projected or read lately
    guard: Guard  # the lookup's miss limits
    long_lived: long_lived.Admission  # SSE and long-poll slots, per client and in total


SLOT: Slot[StatusState] = Slot("status")
StateDep = Annotated[StatusState, Depends(SLOT)]
# The app's runtime is built from StatusSettings (main.create_app), so its settings are read
# as the service's own, where each use once narrowed them with an assert.
StatusRuntime = Annotated[Runtime[StatusSettings], Depends(runtime_of)]
