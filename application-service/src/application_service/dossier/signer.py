"""The dossier key ring (from the settings) and the sealing step of the unit of work.

Every path that decides an application (the rules, an officer, the SLA's deemed approval,
and whatever decides next) emits `ApplicationDecided` in a unit of work: at that unit of
work's flush, each final decision it emitted is signed and stored beside the application, so
a decision never commits without its dossier, nor a dossier without its decision.
"""

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from application_service.dossier import payload
from application_service.dossier.repository import Dossier
from application_service.settings import ApplicationSettings
from panjereh import dossier, events, keyring

if TYPE_CHECKING:
    from application_service.uow import ApplicationUnitOfWork


@dataclass(frozen=True)
class Signer:
    ring: keyring.KeyRing

    @property
    def jwks(self) -> dict[str, Any]:
        return self.ring.jwks

    def sign(self, claims: dict[str, object]) -> str:
        return self.ring.sign_jws(claims, typ=dossier.TYPE)


def load(settings: ApplicationSettings) -> Signer:
    """The configured key ring; the demo profiles make (and keep) one beside the SQLite file."""
    retired = keyring.retired_jwks(
        json.loads(settings.dossier_retired_keys_json), prefix=dossier.KID_PREFIX
    )
    if settings.dossier_signing_key_pem is not None:
        private = keyring.parse_private(
            settings.dossier_signing_key_pem.get_secret_value().encode(),
            what="dossier_signing_key_pem",
        )
        return Signer(keyring.ring(private, published=retired, prefix=dossier.KID_PREFIX))
    if not settings.is_demo:
        raise keyring.KeyRingError(
            "dossier_signing_key_pem: outside the demo profiles dossiers are signed with a key "
            "from the secret store"
        )
    key_dir = keyring.dev_key_dir(
        settings.database_url, suffix="dossier-keys", fallback="application-dossier-keys"
    )
    demo = keyring.demo_ring(key_dir, prefix=dossier.KID_PREFIX)
    published = [*retired, *demo.jwks["keys"]]
    return Signer(keyring.ring(demo.private, published=published, prefix=dossier.KID_PREFIX))


async def seal(
    uow: "ApplicationUnitOfWork", signer: Signer, decided: Sequence[events.ApplicationDecided]
) -> list[str]:
    """Sign and store a dossier for each final decision among `decided` (after the
    applications' rows are written: a new application decided at once is read back); the
    applications sealed."""
    final = [fact for fact in decided if fact.outcome in ("approved", "rejected")]
    if not final:
        return []
    await uow.applications.load([fact.application_id for fact in final])
    apps = [await uow.applications.get(fact.application_id) for fact in final]
    await uow.catalogue.load(
        {application.service_id for application in apps if application is not None}
    )
    now = dt.datetime.now(dt.UTC)
    sealed = []
    for application in apps:
        if application is None or not payload.needs_dossier(application):
            continue
        service = await uow.catalogue.get(application.service_id)
        assert service is not None  # an application's service is never deleted
        claims = payload.build(application, service, kid=signer.ring.kid, now=now)
        uow.dossiers.add(Dossier(application.id, signer.ring.kid, signer.sign(claims), now))
        sealed.append(application.id)
    return sealed
