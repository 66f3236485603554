"""What the gateway's routes and middleware read, made once in its lifespan (gateway.main).

One typed object (panjereh.web.state) in place of loose attributes on `app.state`: a route
takes it as `StateDep`, a middleware (no dependencies there) reads `of(app)`.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends

from gateway import upstream as upstreams
from gateway.clients import ClientRegistry
from gateway.dossier_keys import DossierKeys
from gateway.edge import Edge
from gateway.key_watch import KeyWatch
from gateway.settings import GatewaySettings
from panjereh.web import long_lived
from panjereh.web.state import Slot

if TYPE_CHECKING:
    from gateway.citizen_tokens import Attempts


@dataclass
class GatewayState:
    settings: GatewaySettings
    clients: dict[str, upstreams.Upstream]  # one pooled client per service, by name
    long_lived: long_lived.Admission  # streams and long-polls, per client and in all
    keys: KeyWatch  # the token issuer and the published JWKS, as the key set rotates
    edge: Edge
    oauth_clients: ClientRegistry
    citizen_attempts: "Attempts"
    dossier_keys: DossierKeys = field(default_factory=DossierKeys)
    openapi_cache: dict[str, Any] | None = None  # kept once every service contributed
    redeem_token: tuple[str, float] | None = None  # the gateway's own, and when it expires


SLOT: Slot[GatewayState] = Slot("gateway")
of = SLOT.of
StateDep = Annotated[GatewayState, Depends(SLOT)]
