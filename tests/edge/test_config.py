"""The committed deploy/edge/haproxy.cfg is what the generator makes of the routing table and
the default settings (regenerate with `panjereh-gateway edge-config --out
deploy/edge/haproxy.cfg`), and HAProxy itself accepts the generated configuration."""

import os
import subprocess
from pathlib import Path

import pytest

from gateway import edge_config, edge_files, routing
from gateway.settings import GatewaySettings
from tests.edge.support import Keys, haproxy_binary

COMMITTED = Path(__file__).parents[2] / "deploy" / "edge" / "haproxy.cfg"


@pytest.fixture
def default_settings(monkeypatch: pytest.MonkeyPatch) -> GatewaySettings:
    for name in [n for n in os.environ if n.startswith("PANJEREH_GATEWAY_")]:
        monkeypatch.delenv(name)
    return GatewaySettings()


def test_the_committed_config_is_the_generated_one(default_settings: GatewaySettings) -> None:
    generated = edge_config.render(default_settings)
    assert COMMITTED.read_text() == generated, (
        "deploy/edge/haproxy.cfg is stale: run "
        "`.venv/bin/panjereh-gateway edge-config --out deploy/edge/haproxy.cfg`"
    )


def test_the_same_inputs_give_the_same_text(default_settings: GatewaySettings) -> None:
    assert edge_config.render(default_settings) == edge_config.render(default_settings)


def test_settings_reach_the_config(default_settings: GatewaySettings) -> None:
    changed = default_settings.model_copy(
        update={
            "max_body_bytes": 12345,
            "rate_limit_per_ip": "7/second",
            "status_url": "http://s:9",
        }
    )
    text = edge_config.render(changed)
    assert "req.hdr_val(content-length) gt 12345" in text
    assert "sc_http_req_rate(1) gt 7 }" in text and "http_req_rate(1s)" in text
    assert "server status s:9" in text


def test_every_route_and_scope_rule_is_in_the_config(default_settings: GatewaySettings) -> None:
    text = edge_config.render(default_settings)
    for prefix, upstream in routing.ROUTES:
        assert f"str({prefix}) if" in text
        assert f"backend {upstream}\n" in text
    for rule in routing.SCOPE_RULES:
        assert f"{{ path_reg {rule.pattern} }}" in text


def test_haproxy_accepts_the_generated_config(
    tmp_path: Path, default_settings: GatewaySettings
) -> None:
    edge_files.write_keys(Keys().jwks(), tmp_path / "keys")
    layout = edge_config.EdgeLayout(keys_dir=str(tmp_path / "keys"))
    config = tmp_path / "haproxy.cfg"
    config.write_text(edge_config.render(default_settings, layout))
    checked = subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr


def test_key_files_from_a_jwks_without_a_next_key(tmp_path: Path) -> None:
    keys = Keys()
    one = {"keys": keys.jwks()["keys"][:1]}
    files = edge_files.key_files(one)
    assert files["next.pem"] == files["current.pem"]
    assert files["kids.map"] == "panjereh-1 current\n"
    both = edge_files.key_files(keys.jwks())
    assert both["next.pem"] != both["current.pem"]
    assert both["kids.map"] == "panjereh-1 current\npanjereh-2 next\n"


def test_a_jwks_without_keys_is_refused() -> None:
    with pytest.raises(ValueError, match="no key"):
        edge_files.key_files({"keys": []})
