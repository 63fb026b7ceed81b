"""Content negotiation over HTTP: defaults, wildcards, q-values, the 406 that lists what the
endpoint can give, and a bad query told first whatever the Accept header."""

from __future__ import annotations

import httpx
import pytest

from graph.server import negotiate
from tests.background_server import BackgroundServer
from tests.server.support import ASK, CONSTRUCT, SELECT
from tests.server.support import error_body as _error


@pytest.mark.parametrize(("accept", "table", "graph"), [
    (None, "application/sparql-results+json", "text/turtle"),
    ("*/*", "application/sparql-results+json", "text/turtle"),
    ("application/*", "application/sparql-results+json", "application/n-triples"),
    ("text/*;q=0.9, */*;q=0.1", "text/csv", "text/turtle"),
    ("application/json", "application/json", None),
])
def test_defaults_and_wildcards(server: BackgroundServer, http: httpx.Client,
                                accept: str | None, table: str, graph: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    select = http.get(server.url, params={"query": SELECT}, headers=headers)
    assert select.headers["content-type"].split(";")[0] == table
    construct = http.get(server.url, params={"query": CONSTRUCT}, headers=headers)
    if graph is None:
        assert construct.status_code == 406
    else:
        assert construct.headers["content-type"].split(";")[0] == graph


def test_q_values_pick_the_format() -> None:
    offers = [("json", "application/sparql-results+json"), ("csv", "text/csv")]
    assert negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.2", offers) == offers[1]
    assert negotiate("application/*;q=0.1, text/csv;q=0", offers) == offers[0]
    assert negotiate("text/csv;q=0", offers) is None


def test_not_acceptable_lists_what_it_can_give(server: BackgroundServer,
                                               http: httpx.Client) -> None:
    response = http.get(server.url, params={"query": ASK}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in _error(response)["message"]  # type: ignore[operator]
    response = http.get(server.url, params={"query": SELECT}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in _error(response)["message"]  # type: ignore[operator]


def test_a_bad_query_is_400_whatever_the_accept_header(server: BackgroundServer,
                                                        http: httpx.Client) -> None:
    # text/plain fits no answer, but the query's own fault is told first (as documented)
    bad = http.post(server.url, data={"query": "SELEC"}, headers={"Accept": "text/plain"})
    assert bad.status_code == 400
    assert bad.text.startswith("400 QuerySyntaxError: syntax error at line 1")
    good = http.post(server.url, data={"query": ASK}, headers={"Accept": "text/plain"})
    assert good.status_code == 406
