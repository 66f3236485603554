"""The landing page through a real HAProxy running the generated configuration: `/` (GET and
HEAD, with ?lang=en) and its assets reach the Python gateway with no token, as unowned paths
do; the prefixes that look alike stay their services'."""

from collections.abc import Iterator

import pytest

from gateway import routing
from tests.edge.support import Edge, Keys, running_edge, settings_for, stub_backends


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    with stub_backends() as backends:
        settings = settings_for(backends)
        with running_edge(tmp_path_factory.mktemp("edge"), settings, backends, Keys()) as edge:
            yield edge


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/static/landing.css", "/static/favicon.svg"])
def test_the_landing_page_reaches_the_gateway_without_a_token(edge: Edge, path: str) -> None:
    with edge.client() as client:
        got = client.get(path)
        head = client.head(path)
    assert got.status_code == 200 and got.json()["backend"] == routing.GATEWAY
    assert head.status_code == 200


@pytest.mark.parametrize(("path", "owner"), [("/track", "status"), ("/dashboard", "compliance")])
def test_the_pages_it_links_stay_their_services(edge: Edge, path: str, owner: str) -> None:
    with edge.client() as client:
        assert client.get(path).json()["backend"] == owner
