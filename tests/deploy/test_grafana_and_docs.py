"""The Grafana dashboard queries only metrics the code exposes; the operations guide lists
every setting.
"""

import json
import re
from typing import Any

from tests.deploy.kustomize import (
    DASHBOARD,
    OPERATIONS,
    SERVICES,
    SOURCES,
    settings_class,
)

# --- Grafana -------------------------------------------------------------------------------

PROMQL_WORDS = {
    "sum",
    "max",
    "min",
    "avg",
    "count",
    "rate",
    "irate",
    "increase",
    "histogram_quantile",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "clamp_min",
    "clamp_max",
    "vector",
    "topk",
    "bottomk",
}
METRIC_CALL = re.compile(
    r"""\b(Counter|Histogram|Gauge)\(\s*"(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)"\s*,\s*"""
    r"""(?:"[^"]*"\s*)+(?:,\s*\[(?P<labels>[^\]]*)\])?""",
    re.DOTALL,
)


def metrics_in_the_code() -> dict[str, tuple[str, set[str]]]:
    """Exposed name -> (type, labels), grepped from the services' and the kit's source."""
    found: dict[str, tuple[str, set[str]]] = {}
    for source in SOURCES:
        for path in source.rglob("*.py"):
            for match in METRIC_CALL.finditer(path.read_text(encoding="utf-8")):
                kind, name = match[1], match["name"]
                labels = set(re.findall(r'"([^"]+)"', match["labels"] or ""))
                if kind == "Counter":
                    found[name.removesuffix("_total") + "_total"] = (kind, labels)
                elif kind == "Histogram":
                    for suffix in ("_bucket", "_sum", "_count"):
                        found[name + suffix] = (
                            kind,
                            labels | ({"le"} if suffix == "_bucket" else set()),
                        )
                else:
                    found[name] = (kind, labels)
    return found


def _panels(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = []
    for panel in panels:
        flat.append(panel)
        flat += _panels(panel.get("panels", []))
    return flat


def promql_names(expr: str) -> tuple[set[str], set[str]]:
    """(metric names, label names) an expression uses."""
    labels: set[str] = set()
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings carry no names
    for matchers in re.findall(r"\{([^}]*)\}", text):
        labels |= set(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", matchers))
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges, $__rate_interval
    for grouping in re.findall(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)", text):
        labels |= {label.strip() for label in grouping.split(",") if label.strip()}
    text = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", " ", text)
    words = set(re.findall(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", text))
    return words - PROMQL_WORDS, labels


def test_the_dashboard_loads_and_queries_only_metrics_the_code_exposes() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert 36 <= dashboard["schemaVersion"] <= 41
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["DS_PROMETHEUS"]["type"] == "datasource"
    assert variables["DS_PROMETHEUS"]["query"] == "prometheus"
    known = metrics_in_the_code()
    assert "panjereh_gateway_request_seconds_bucket" in known  # the grep itself works
    used: set[str] = set()
    panels = [p for p in _panels(dashboard["panels"]) if p["type"] != "row"]
    ids = [p["id"] for p in _panels(dashboard["panels"])]
    assert len(ids) == len(set(ids))
    for panel in panels:
        assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${DS_PROMETHEUS}", panel["title"]
            names, labels = promql_names(target["expr"])
            assert names, target["expr"]
            unknown = names - set(known)
            assert not unknown, f"{panel['title']}: {unknown} are no metrics of the code"
            allowed = set().union(*(known[name][1] for name in names))
            assert labels <= allowed, f"{panel['title']}: no labels {labels - allowed}"
            used |= {re.sub(r"_(bucket|sum|count)$", "", name) for name in names}
    # The panels the operations guide promises.
    for metric in (
        "panjereh_gateway_requests_total",
        "panjereh_gateway_request_seconds",
        "panjereh_status_freshness_seconds",
        "panjereh_outbox_relay_lag_seconds",
        "panjereh_outbox_errors_total",
        "panjereh_compliance_share",
        "panjereh_compliance_target_on_track",
        "panjereh_compliance_target_days_left",
    ):
        assert metric in used, metric
    exprs = " ".join(t["expr"] for p in panels for t in p["targets"])
    assert "histogram_quantile(0.99, sum by (route, le)" in exprs
    assert "histogram_quantile(0.5, sum by (route, le)" in exprs


# --- the operations guide ------------------------------------------------------------------


def test_the_operations_guide_lists_every_setting() -> None:
    guide = OPERATIONS.read_text(encoding="utf-8")
    for name, service in SERVICES.items():
        assert service.prefix in guide, name
        for field in settings_class(service).model_fields:
            assert f"`{field.upper()}`" in guide, f"docs/operations.md: {name} {field.upper()}"
    for command in (
        "kubectl apply -k deploy/k8s/overlays/production",
        "deploy/compose.yml",
        "make up",
        "make down",
        "make infra-up",
        "pg_dump",
        "verify-audit",
        "compliance-rebuild",
        "deploy/grafana/panjereh.json",
    ):
        assert command in guide, command
