"""A key rotation through a real HAProxy under load (issue 20, Must show 4): clients keep
calling with tokens minted before, during and after two rotations while the edge's key files
are rewritten and HAProxy reloads gracefully (-W, SIGUSR2); no request whose token was valid
when it was sent is refused, and none fails. Afterwards, once the first key's retirement is
over and it left the JWKS, a token it signs is refused even though its own `exp` is ahead."""

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from panjereh import auth
from tests.edge.support import Edge, Keys, running_edge, settings_for, stub_backends

PATH = "/v1/inquiries"  # a service's route: the edge verifies the token and the scope
SCOPE = "inquiries:read"
CLIENTS = 4
PER_PHASE = 60  # requests each phase must see before the next rotation (not a time)


def _jwks(*keys: tuple[ec.EllipticCurvePrivateKey, str]) -> dict[str, Any]:
    return {"keys": [k for key, kid in keys for k in auth.public_jwks(key, kid=kid)["keys"]]}


@dataclass
class Load:
    """Clients calling through the edge; the gateway's current key mints their tokens."""

    edge: Edge
    signing: tuple[ec.EllipticCurvePrivateKey, str]
    tokens: list[str] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)
    sent: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mint(self) -> str:
        key, kid = self.signing
        token = Keys().token(SCOPE, key=key, kid=kid, ttl=600)
        with self.lock:
            self.tokens.append(token)
        return token

    def client(self, seed: int) -> None:
        chance = random.Random(seed)
        with self.edge.client() as http:
            while not self.stop.is_set():
                # Half the requests bring a token minted now, half one minted any time before.
                with self.lock:
                    old = chance.choice(self.tokens) if self.tokens else None
                token = self.mint() if old is None or chance.random() < 0.5 else old
                try:
                    answer = http.get(PATH, headers={"Authorization": f"Bearer {token}"})
                    outcome = str(answer.status_code)
                except httpx.HTTPError as error:
                    outcome = type(error).__name__
                with self.lock:
                    self.sent += 1
                    self.outcomes[outcome] += 1
                    if outcome != "200":
                        self.refused.append(f"{outcome}: {token[:24]}…")

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 120
        while self.sent < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.sent >= count, f"the load stalled at {self.sent} requests"


@pytest.fixture
def backends() -> Iterator[dict[str, str]]:
    with stub_backends() as urls:
        yield urls


def test_no_valid_token_is_refused_during_two_rotations_under_load(
    tmp_path: Path, backends: dict[str, str]
) -> None:
    a, b, c, d = (auth.new_signing_key() for _ in range(4))
    keys = Keys(current=a, next=b)  # the edge starts with kids panjereh-1 (a), panjereh-2 (b)
    settings = settings_for(
        backends, rate_limit_per_client="1000000/minute", rate_limit_per_ip="1000000/minute"
    )
    with running_edge(tmp_path, settings, backends, keys, master_worker=True) as edge:
        load = Load(edge, (a, "panjereh-1"))
        load.mint()  # minted before anything moves
        clients = [threading.Thread(target=load.client, args=(n,)) for n in range(CLIENTS)]
        for thread in clients:
            thread.start()
        try:
            load.wait_for(PER_PHASE)
            # Rotation 1: b signs, c is the new next, a is retired (still verifying).
            edge.take_keys(_jwks((b, "panjereh-2"), (c, "panjereh-3"), (a, "panjereh-1")))
            load.signing = (b, "panjereh-2")
            load.wait_for(load.sent + PER_PHASE)
            # As in production, the next key is published a whole rotation before it signs:
            # the edge has loaded c before the gateway signs with it.
            _eventually_accepted(edge, c, "panjereh-3")
            load.wait_for(load.sent + PER_PHASE)
            # Rotation 2: c signs, d is next, b and a retired.
            edge.take_keys(
                _jwks((c, "panjereh-3"), (d, "panjereh-4"), (b, "panjereh-2"), (a, "panjereh-1"))
            )
            load.signing = (c, "panjereh-3")
            load.wait_for(load.sent + PER_PHASE)
            _eventually_accepted(edge, d, "panjereh-4")
            load.wait_for(load.sent + PER_PHASE)
        finally:
            load.stop.set()
            for thread in clients:
                thread.join(timeout=30)
        print(f"\nedge rotation under load: {load.sent} requests, {dict(load.outcomes)}")
        assert load.refused == [], f"{len(load.refused)} of {load.sent}: {load.refused[:5]}"
        assert load.outcomes["200"] == load.sent >= 5 * PER_PHASE

        # a's retirement is over: the JWKS no longer holds it, and the edge reloads without it.
        edge.take_keys(_jwks((c, "panjereh-3"), (d, "panjereh-4"), (b, "panjereh-2")))
        leaked = Keys().token(SCOPE, key=a, kid="panjereh-1", ttl=600)  # exp 10 minutes ahead
        retired = Keys().token(SCOPE, key=b, kid="panjereh-2", ttl=600)
        with edge.client() as http:
            _eventually_status(http, leaked, 401)
            assert http.get(PATH, headers={"Authorization": f"Bearer {retired}"}).status_code == 200


def _eventually_accepted(edge: Edge, key: ec.EllipticCurvePrivateKey, kid: str) -> None:
    with edge.client() as http:
        _eventually_status(http, Keys().token(SCOPE, key=key, kid=kid), 200)


def _eventually_status(http: httpx.Client, token: str, status: int) -> None:
    """The reload takes a moment: the old workers answer until the new ones listen."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        answer = http.get(PATH, headers={"Authorization": f"Bearer {token}"})
        if answer.status_code == status:
            if status == 401:
                assert answer.headers["content-type"].startswith("application/problem+json")
            return
        time.sleep(0.1)
    raise AssertionError(f"still {answer.status_code}, not {status}, after the reload")
