"""The synchronous inquiry API: legal basis, audit chain, bad input, per-agency isolation."""

import httpx
import pytest
import sqlalchemy as sa

from inquiry_service import audit
from inquiry_service.sandbox import personas
from panjereh.bus.memory import InMemoryBus
from panjereh.db.reader import Reader
from tests.integration.inquiry.conftest import (
    AGENCY_A,
    AGENCY_B,
    SERVICE_A,
    SERVICE_B,
    bearer,
    inquiry_settings,
    publish,
    running,
)
from tests.support import ISSUER

pytestmark = pytest.mark.asyncio
COMPLETE = next(p for p in personas.PERSONAS if "complete" in p.traits)


def _body(
    evidence_type: str, service_id: str, code: str = COMPLETE.national_code
) -> dict[str, object]:
    return {
        "evidence_type": evidence_type,
        "national_code": code,
        "purpose": {"service_id": service_id},
    }


async def _audit_rows(client: httpx.AsyncClient) -> list[sa.Row[object]]:
    engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
    async with engine.connect() as connection:
        return list(
            (await connection.execute(sa.text("SELECT * FROM audit_log ORDER BY seq"))).all()
        )


async def _count(client: httpx.AsyncClient, table: str) -> int:
    engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
    async with engine.connect() as connection:
        return int(
            (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one()
        )


@pytest.fixture
def catalogue_bus() -> InMemoryBus:
    return InMemoryBus()


async def test_legal_basis_matrix(
    database_url: str, simulator: httpx.AsyncClient, catalogue_bus: InMemoryBus
) -> None:
    settings = inquiry_settings(database_url, str(simulator.base_url))
    await catalogue_bus.start()
    async with running(settings, bus=catalogue_bus) as client:
        await publish(catalogue_bus, SERVICE_A, SERVICE_B)
        cases = [
            # (agency, evidence type, purpose service) → expected status, audited outcome
            (AGENCY_A, "national-id-card", SERVICE_A.service_id, 200, "found"),
            (
                AGENCY_A,
                "national-id-card",
                SERVICE_B.service_id,
                403,
                "refused",
            ),  # other agency's service
            (AGENCY_A, "driving-license", SERVICE_A.service_id, 403, "refused"),  # not required
            (AGENCY_B, "driving-license", SERVICE_B.service_id, 200, "found"),
            (AGENCY_B, "birth-certificate", "svc-unknown", 403, "refused"),  # no such service
        ]
        for agency, evidence_type, service_id, status, _ in cases:
            response = await client.post(
                "/v1/inquiries", json=_body(evidence_type, service_id), headers=bearer(agency)
            )
            assert response.status_code == status, (
                agency,
                evidence_type,
                service_id,
                response.text,
            )
            if status == 403:
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["type"].startswith(
                    "https://panjereh.ir/problems/no-legal-basis/"
                )
        rows = await _audit_rows(client)
        assert [(r.agency_id, r.evidence_type, r.service_id, r.outcome) for r in rows] == [
            (a, e, s, outcome) for a, e, s, _, outcome in cases
        ]
        assert [r.reason for r in rows if r.outcome == "refused"] == [
            "not-your-service",
            "not-required",
            "unknown-purpose",
        ]
        assert all(COMPLETE.national_code not in str(tuple(r)) for r in rows), (
            "no national code in clear"
        )
    await catalogue_bus.stop()


async def test_inquiry_answers_and_can_be_read_back_by_its_agency_only(
    database_url: str, simulator: httpx.AsyncClient, catalogue_bus: InMemoryBus
) -> None:
    await catalogue_bus.start()
    async with running(
        inquiry_settings(database_url, str(simulator.base_url)), bus=catalogue_bus
    ) as client:
        await publish(catalogue_bus, SERVICE_A)
        typed = _body(
            "birth-certificate", SERVICE_A.service_id, code="۰۰۱۸۳۹۲۷۴۱"
        )  # Persian digits
        response = await client.post("/v1/inquiries", json=typed, headers=bearer(AGENCY_A))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "found" and body["source"] == "civil-registration"
        assert body["data"]["national_code"] == COMPLETE.national_code == "0018392741"
        assert body["retrieved_at_jalali"].startswith("14")

        mine = await client.get(f"/v1/inquiries/{body['id']}", headers=bearer(AGENCY_A))
        assert mine.status_code == 200 and mine.json()["data"] == body["data"]
        theirs = await client.get(f"/v1/inquiries/{body['id']}", headers=bearer(AGENCY_B))
        assert theirs.status_code == 404

        log = await client.get(
            "/v1/inquiries/access-log",
            params={"national_code": COMPLETE.national_code},
            headers=bearer(AGENCY_A),
        )
        assert [(e["evidence_type"], e["outcome"]) for e in log.json()["items"]] == [
            ("birth-certificate", "found")
        ]
        other = await client.get(
            "/v1/inquiries/access-log",
            params={"national_code": COMPLETE.national_code},
            headers=bearer(AGENCY_B),
        )
        assert other.json()["items"] == []
        # A client of no agency is refused, not served as the agency "" (or None).
        token = ISSUER.issue(client_id="ops", agency_id=None, scopes=["inquiries:read"])
        nobody = {"Authorization": f"Bearer {token}"}
        for refused in (
            await client.get(
                "/v1/inquiries/access-log",
                params={"national_code": COMPLETE.national_code},
                headers=nobody,
            ),
            await client.get(f"/v1/inquiries/{body['id']}", headers=nobody),
        ):
            assert refused.status_code == 403
            assert refused.json()["type"].endswith("/agency-required")
    await catalogue_bus.stop()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "evidence_type": "national-id-card",
                "national_code": "0018392742",
                "purpose": {"service_id": "s"},
            },
            "national_code",
        ),
        (
            {
                "evidence_type": "national-id-card",
                "national_code": "1111111111",
                "purpose": {"service_id": "s"},
            },
            "national_code",
        ),
        (
            {
                "evidence_type": "passport-photo",
                "national_code": "0018392741",
                "purpose": {"service_id": "s"},
            },
            "evidence_type",
        ),
        ({"evidence_type": "national-id-card", "national_code": "0018392741"}, "purpose"),
        (
            {
                "evidence_type": "national-id-card",
                "national_code": "0018392741",
                "purpose": {"service_id": "s"},
                "x": 1,
            },
            "x",
        ),
    ],
    ids=["check-digit", "same-digit", "unknown-type", "no-purpose", "extra-field"],
)
async def test_bad_input_is_422_and_writes_nothing(
    sqlite_url: str, simulator: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    async with running(inquiry_settings(sqlite_url, str(simulator.base_url))) as client:
        response = await client.post("/v1/inquiries", json=body, headers=bearer(AGENCY_A))
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert field in {e["field"] for e in response.json()["errors"]}
        malformed = await client.post(
            "/v1/inquiries",
            content=b"{not json",
            headers=bearer(AGENCY_A) | {"content-type": "application/json"},
        )
        assert malformed.status_code == 422
        assert await _count(client, "audit_log") == await _count(client, "inquiries") == 0
        assert (await simulator.get("/_stats")).json()["requests"] == {}


async def test_without_a_token_nothing_is_asked(
    sqlite_url: str, simulator: httpx.AsyncClient
) -> None:
    async with running(inquiry_settings(sqlite_url, str(simulator.base_url))) as client:
        anonymous = await client.post("/v1/inquiries", json=_body("national-id-card", "s"))
        wrong_scope = await client.post(
            "/v1/inquiries",
            json=_body("national-id-card", "s"),
            headers=bearer(AGENCY_A, "applications:read"),
        )
        assert (anonymous.status_code, wrong_scope.status_code) == (401, 403)
        assert await _count(client, "audit_log") == 0


async def test_audit_chain_verifies_and_names_the_altered_entry(
    database_url: str, simulator: httpx.AsyncClient, catalogue_bus: InMemoryBus
) -> None:
    await catalogue_bus.start()
    async with running(
        inquiry_settings(database_url, str(simulator.base_url)), bus=catalogue_bus
    ) as client:
        await publish(catalogue_bus, SERVICE_A)
        for evidence_type in [
            "national-id-card",
            "birth-certificate",
            "driving-license",
            "military-service-card",
        ]:
            await client.post(
                "/v1/inquiries",
                json=_body(evidence_type, SERVICE_A.service_id),
                headers=bearer(AGENCY_A),
            )
        ops = bearer("ops", "compliance:read")
        intact = await client.get("/v1/inquiries/audit/verify", headers=ops)
        verified = intact.json()
        assert (verified["entries"], verified["intact"], verified["detected"]) == (4, True, None)
        assert (verified["first_broken_seq"], verified["rejected_checkpoints"]) == (None, 0)

        rows = await _audit_rows(client)
        engine = client.service_app.state.runtime.engine  # type: ignore[attr-defined]
        async with engine.begin() as connection:  # someone edits the log behind the service's back
            await connection.execute(
                sa.text("UPDATE audit_log SET outcome = 'found' WHERE seq = :seq"),
                {"seq": rows[2].seq},
            )
        broken = (await client.get("/v1/inquiries/audit/verify", headers=ops)).json()
        assert (broken["entries"], broken["intact"]) == (3, False)
        assert (broken["first_broken_seq"], broken["detected"]) == (rows[2].seq, "broken-link")
        assert (await audit.verify(Reader(engine))).first_broken_seq == rows[2].seq
        refused = await client.get("/v1/inquiries/audit/verify", headers=bearer(AGENCY_A))
        assert refused.status_code == 403
    await catalogue_bus.stop()
