"""The status service's dependency types: its runtime, whose settings are StatusSettings."""

from typing import Annotated

from fastapi import Depends

from panjereh.runtime import Runtime
from panjereh.web.deps import runtime_of
from status_service.settings import StatusSettings

# The app's runtime is built from StatusSettings (main.create_app), so its settings are read
# as the service's own, where each use once narrowed them with an assert.
StatusRuntime = Annotated[Runtime[StatusSettings], Depends(runtime_of)]
