"""A service's typed lifespan state: one object on `app.state`, read by a typed dependency.

The lifespan makes the object (a dataclass of what the routes use) and `put`s it; routes take
it as `Annotated[TheState, Depends(slot)]` and a middleware, which has no dependencies, reads
`slot.of(app)`. In place of loose attributes on `app.state`, each typed only where it is read.
"""

from typing import Generic, TypeVar

from fastapi import FastAPI, Request

T = TypeVar("T")


class Slot(Generic[T]):
    def __init__(self, name: str) -> None:
        self._name = name

    def put(self, app: FastAPI, value: T) -> None:
        setattr(app.state, self._name, value)

    def of(self, app: FastAPI) -> T:
        """The state its lifespan put (nothing is served before the lifespan has run)."""
        value: T = getattr(app.state, self._name)
        return value

    def find(self, app: FastAPI) -> T | None:
        """The state, or None before the lifespan put it (a fast path runs before any route
        could, on a request the server takes while starting)."""
        value: T | None = getattr(app.state, self._name, None)
        return value

    # async: FastAPI runs a sync dependency in a thread pool, a thread hop on every request.
    async def __call__(self, request: Request) -> T:
        return self.of(request.app)
