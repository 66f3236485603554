"""Named dependency types every service's routes use."""

from typing import Annotated

from fastapi import Depends, Request

from panjereh.runtime import Runtime


# async: FastAPI runs a sync dependency in a thread pool, a thread hop on every request.
async def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]
