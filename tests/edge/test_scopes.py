"""The scope table the edge enforces (routing.SCOPE_RULES) is the services' own: every route
of every service, walked through its dependencies to the `auth.require` it declares, needs
exactly the scopes the table names for it. A service that adds or changes a scope fails here
until the table follows."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from application_service.main import create_app as application_app
from compliance_service.main import create_app as compliance_app
from gateway import routing
from inquiry_service.main import create_app as inquiry_app
from notification_service.main import create_app as notification_app
from panjereh import auth
from status_service import history
from status_service.main import create_app as status_app

SERVICES: dict[str, Callable[[], FastAPI]] = {
    "application": application_app,
    "inquiry": inquiry_app,
    "status": status_app,
    "compliance": compliance_app,
    "notification": notification_app,
}


def _required(dependant: Dependant) -> Iterator[frozenset[str]]:
    """Every any-of set of scopes the dependency tree asks for."""
    call = dependant.call
    if call is history._overseer:
        yield history.OVERSIGHT_SCOPES
    elif call is auth._citizen:
        yield frozenset({auth.CITIZEN_SCOPE})
    elif getattr(call, "__qualname__", "") == "require.<locals>.dependency":
        (scope,) = (
            c.cell_contents
            for c in getattr(call, "__closure__", None) or ()
            if isinstance(c.cell_contents, str)
        )
        yield frozenset({scope})
    for child in dependant.dependencies:
        yield from _required(child)


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (the services add theirs unprefixed)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _api_routes(route.original_router.routes)


def _routes() -> Iterator[tuple[str, str, str, frozenset[str]]]:
    for service, factory in SERVICES.items():
        app: FastAPI = factory()
        for route in _api_routes(app.routes):
            needs = set(_required(route.dependant))
            assert len(needs) <= 1, f"{route.path} asks for several scopes at once: {needs}"
            path = re.sub(r"\{[^}]+\}", "p1", route.path_format)
            for method in route.methods or ():
                yield service, method, path, next(iter(needs), frozenset())


ROUTES = list(_routes())


def test_every_service_route_is_found() -> None:
    assert {service for service, *_ in ROUTES} == set(SERVICES)
    assert (
        "application",
        "POST",
        "/v1/applications/p1/review",
        frozenset({"applications:review"}),
    ) in ROUTES


@pytest.mark.parametrize(("service", "method", "path", "needs"), ROUTES)
def test_the_edge_asks_what_the_service_asks(
    service: str, method: str, path: str, needs: frozenset[str]
) -> None:
    if path.startswith("/v1/") or path in ("/track", "/dashboard"):
        assert routing.upstream_for(path) == service, "the gateway would route it elsewhere"
    if routing.is_public(method, path):
        assert not needs, "a public route that needs a scope"
        return
    assert frozenset(routing.scopes_for(method, path)) == needs


def test_every_rule_names_some_service_route() -> None:
    for rule in routing.SCOPE_RULES:
        assert any(rule.matches(method, path) for _, method, path, needs in ROUTES if needs), (
            f"{rule} matches no route that needs a scope"
        )


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("/v1/applications/abc/review", True),
        ("/v1/applications/abc/review/x", False),
        ("/v1/applications//review", False),
        ("/v1/applications/a/b/review", False),
    ],
)
def test_a_brace_is_one_segment(path: str, matches: bool) -> None:
    rule = routing.ScopeRule(("POST",), "/v1/applications/{}/review", ("applications:review",))
    assert rule.matches("POST", path) is matches
    assert rule.matches("GET", path) is False


def test_a_double_star_is_anything_below_never_the_prefix_or_a_longer_name() -> None:
    rule = routing.ScopeRule(routing.ANY, "/v1/compliance/**", ("compliance:read",))
    assert rule.matches("GET", "/v1/compliance/agencies/x/report")
    assert not rule.matches("GET", "/v1/compliance")
    assert not rule.matches("GET", "/v1/complianceX/summary")
