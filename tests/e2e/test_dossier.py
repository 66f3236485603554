"""Must show 4 (issue 17): the decision dossier, signed by the application service when it
decides, served to the agency and the applicant, verified offline by the CLI from a saved
JWKS; one changed byte, or a changed evidence digest, fails; a dossier signed by a key since
rotated out still verifies with the published JWKS; a key never published fails. Through the
embedded window's gateway (SQLite, the in-process bus)."""

import copy
import io
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy.ext.asyncio import create_async_engine

from application_service.models import applications
from panjereh import auth, dossier, keyring
from tests.e2e import dossier_support as support

pytestmark = pytest.mark.asyncio


async def _stored_evidence(data: Path, application_id: str) -> dict[str, dict[str, object]]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{data / 'application'}.db")
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                applications.select().where(applications.c.id == application_id)
            )
        ).one()
    await engine.dispose()
    evidence: dict[str, dict[str, object]] = row.evidence
    return evidence


async def test_the_cli_verifies_a_real_dossier_offline_and_refuses_a_changed_one(
    tmp_path: Path,
) -> None:
    key = auth.new_signing_key()
    data = tmp_path / "data"
    async with support.window(data, key) as client:
        police = await support.agency(client, "passport-police-backend")
        app = await support.decided(client, police)
        answer = await client.get(f"/v1/applications/{app['id']}/dossier", headers=police)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        raw = await client.get(
            f"/v1/applications/{app['id']}/dossier",
            headers={**police, "Accept": "application/jose"},
        )
        assert raw.headers["content-type"].startswith("application/jose")
        assert raw.text == body["dossier"]
        jwks_file = tmp_path / "jwks.json"
        jwks = await support.saved_jwks(client, jwks_file)
        stored = await _stored_evidence(data, app["id"])

    jws = body["dossier"]
    assert body["verification_url"] == f"http://127.0.0.1:8000/verify#{jws}"
    assert body["kid"].startswith(dossier.KID_PREFIX)
    assert body["kid"] in {k["kid"] for k in jwks["keys"]}, "published beside the token keys"
    payload = support.claims(jws)
    assert payload["application_id"] == app["id"]
    assert payload["tracking_code"] == app["tracking_code"]
    assert payload["decision"] == {"outcome": "approved", "by": "rules", "reasons": []}
    assert {b["evidence_type"] for b in payload["legal_basis"]} == set(stored)
    assert all(b["law_reference"] for b in payload["legal_basis"])
    # Each digest is the SHA-256 of the record exactly as the registry's answer carried it.
    for item in payload["evidence"]:
        assert item["digest"] == dossier.digest(stored[item["type"]]["data"])
        assert item["registry"] == stored[item["type"]]["source"]

    # Offline: the service is gone, only the saved JWKS file is left.
    code, out = await support.cli(jwks_file, jws, tmp_path)
    assert code == 0, out
    assert "پذیرفته شد" in out and "approved" in out and app["tracking_code"] in out
    code, out = await support.cli(jwks_file, body["verification_url"], tmp_path)
    assert code == 0, "the verification link is read too"

    header, signed, signature = jws.split(".")
    for index in (0, len(signed) // 2, len(signed) - 2):  # one character of the payload
        flipped = "A" if signed[index] != "A" else "B"
        tampered = ".".join([header, signed[:index] + flipped + signed[index + 1 :], signature])
        code, out = await support.cli(jwks_file, tampered, tmp_path)
        assert code == 1 and "NOT a valid" in out, (index, out)

    forged = copy.deepcopy(payload)
    forged["evidence"][0]["digest"] = dossier.digest({"a": "different record"})
    code, out = await support.cli(jwks_file, support.with_claims(jws, forged), tmp_path)
    assert code == 1 and "NOT a valid" in out
    forged = copy.deepcopy(payload)
    forged["decision"]["outcome"] = "rejected"
    code, _ = await support.cli(jwks_file, support.with_claims(jws, forged), tmp_path)
    assert code == 1

    # A key never published: the same payload, signed by someone else under a dossier kid.
    stranger = keyring.ring(
        keyring.parse_private(keyring.private_pem(auth.new_signing_key()), what="k"),
        prefix=dossier.KID_PREFIX,
    )
    code, out = await support.cli(
        jwks_file, stranger.sign_jws({**payload, "kid": stranger.kid}, typ=dossier.TYPE), tmp_path
    )
    assert code == 1 and "not published" in out


async def test_a_dossier_signed_by_a_rotated_out_key_still_verifies(tmp_path: Path) -> None:
    key = auth.new_signing_key()
    data = tmp_path / "data"
    async with support.window(data, key) as client:  # the demo profile's own key
        police = await support.agency(client, "passport-police-backend")
        before = await support.decided(client, police)
        old = (await client.get(f"/v1/applications/{before['id']}/dossier", headers=police)).json()
        old_jwks = await support.saved_jwks(client, tmp_path / "before.json")

    # Rotation (docs/operations.md): a new current key from the secret store, the old one's
    # public half listed as retired.
    new_key = auth.new_signing_key()
    retired = [k for k in old_jwks["keys"] if k["kid"] == old["kid"]]
    with pytest.MonkeyPatch.context() as env:
        env.setenv(
            "PANJEREH_APPLICATION_DOSSIER_SIGNING_KEY_PEM", keyring.private_pem(new_key).decode()
        )
        env.setenv("PANJEREH_APPLICATION_DOSSIER_RETIRED_KEYS_JSON", json.dumps(retired))
        async with support.window(data, key) as client:
            police = await support.agency(client, "passport-police-backend")
            kept = await client.get(f"/v1/applications/{before['id']}/dossier", headers=police)
            after = await support.decided(client, police)
            new = (
                await client.get(f"/v1/applications/{after['id']}/dossier", headers=police)
            ).json()
            jwks_file = tmp_path / "after.json"
            jwks = await support.saved_jwks(client, jwks_file)

    assert kept.json()["dossier"] == old["dossier"], "a stored dossier never changes"
    assert new["kid"] == keyring.public_jwk(new_key.public_key(), prefix=dossier.KID_PREFIX)["kid"]
    assert new["kid"] != old["kid"]
    assert {old["kid"], new["kid"]} <= {k["kid"] for k in jwks["keys"]}
    for held in (old, new):
        code, out = await support.cli(jwks_file, held["dossier"], tmp_path)
        assert code == 0, out
    # Had the old key not stayed published, its dossiers would no longer verify.
    unpublished = {"keys": [k for k in jwks["keys"] if k["kid"] != old["kid"]]}
    (tmp_path / "without-old.json").write_text(json.dumps(unpublished))
    code, _ = await support.cli(tmp_path / "without-old.json", old["dossier"], tmp_path)
    assert code == 1


async def test_the_applicant_holds_the_dossier_and_its_qr_code_links_to_it(
    tmp_path: Path,
) -> None:
    key = auth.new_signing_key()
    async with support.window(tmp_path / "data", key) as client:
        police = await support.agency(client, "passport-police-backend")
        app = await support.decided(client, police)
        path = f"/v1/citizen/applications/{app['id']}/dossier"
        mine = await client.get(path, headers=support.citizen(key, support.COMPLETE))
        assert mine.status_code == 200, mine.text
        png = await client.get(f"{path}/qr", headers=support.citizen(key, support.COMPLETE))
        someone_else = await client.get(path, headers=support.citizen(key, "0000000000"))
        with_agency_token = await client.get(path, headers=police)
        traffic = await support.agency(client, "traffic-police-backend")
        other_agency = await client.get(f"/v1/applications/{app['id']}/dossier", headers=traffic)
        unknown = await client.get(
            "/v1/citizen/applications/00000000-0000-0000-0000-000000000000/dossier",
            headers=support.citizen(key, support.COMPLETE),
        )
        page = await client.get("/verify")
        ref = mine.json()["short_verification_url"].split("#ref=", 1)[1]
        looked_up = await client.post("/v1/dossiers/lookup", json={"ref": ref})
        wrong = await client.post("/v1/dossiers/lookup", json={"ref": ref[:-1] + "x"})
        malformed = await client.post("/v1/dossiers/lookup", json={"ref": "../../etc"})

    link = mine.json()["short_verification_url"]
    assert link == f"http://127.0.0.1:8000/verify#ref={ref}" and len(link) < 100
    assert looked_up.status_code == 200 and looked_up.json()["dossier"] == mine.json()["dossier"]
    assert wrong.status_code == 404 and malformed.status_code == 422
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    for image in (png.content, _data_url(mine.json()["qr"])):
        (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))
        assert decoded.text == link
    assert someone_else.status_code == 404, "another person's application does not exist"
    assert with_agency_token.status_code == 403
    assert other_agency.status_code == 404
    assert unknown.status_code == 404
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/verify/verify.js" in page.text and "<script>" not in page.text


async def test_no_dossier_before_a_final_decision(tmp_path: Path) -> None:
    key = auth.new_signing_key()
    async with support.window(tmp_path / "data", key) as client:
        labour = await support.agency(client, "passport-police-backend")
        manual = "exit-permit-review"  # decision: manual (the demo catalogue)
        app = await support.decided(client, labour, service_id=manual, final=("needs_review",))
        waiting = await client.get(f"/v1/applications/{app['id']}/dossier", headers=labour)
        reviewed = await client.post(
            f"/v1/applications/{app['id']}/review",
            headers=labour,
            json={"outcome": "rejected", "reason": "مدارک کافی نیست"},
        )
        assert reviewed.status_code == 200, reviewed.text
        signed = await client.get(f"/v1/applications/{app['id']}/dossier", headers=labour)
    assert waiting.status_code == 409 and waiting.json()["type"].endswith("not-decided")
    assert signed.status_code == 200
    decision = support.claims(signed.json()["dossier"])["decision"]
    assert decision["outcome"] == "rejected" and decision["by"] == "officer"


def _data_url(url: str) -> bytes:
    import base64

    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url.removeprefix(prefix))
