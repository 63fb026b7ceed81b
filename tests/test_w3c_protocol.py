"""The W3C SPARQL 1.1 Protocol query tests, run against ``myograph serve``.

Each case is one request of the W3C test manifest
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl, mirrored in
w3c/rdf-tests ``sparql/sparql11/protocol/manifest.ttl``), sent as the manifest writes it:
method, path under the endpoint, headers and body; the check is the manifest's expected
status (2xx or 3xx, or 4xx) and, for a boolean answer, its value. The three data graphs are
hand-written stand-ins holding the one triple each query asks about
(``<…/dataN.rdf> a foaf:Document``).

Not here: the ``update_*`` tests, which need a writable endpoint (``myograph serve`` is
read-only by design; the ``bad_update_*`` tests are here, and pass with 403 or 415).
``query_multiple_dataset`` is sent with its two ``named-graph-uri`` parameters as the test
means them: the manifest's path percent-encodes the ``&`` between them, which makes one
graph IRI no store holds, and the test's own expectation (``true``) needs both graphs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.query import Result

from graph.loading import load_bytes
from graph.server import create_app
from graph.stores import open_store
from tests.background_server import BackgroundServer

DATA = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("w3c")
    store = open_store(f"oxigraph:{folder / 'db'}")
    for n in (1, 2, 3):
        triple = f"<{DATA}data{n}.rdf> <{RDF_TYPE}> <{FOAF_DOCUMENT}> .\n".encode()
        load_bytes(store, triple, f"data{n}.nt", graph=f"{DATA}data{n}.rdf")
    with BackgroundServer(create_app(store)) as server:
        yield server.url.rsplit("/", 1)[0]  # http://127.0.0.1:PORT
    store.close()


def _send(endpoint: str, method: str, path: str, *, body: bytes | None = None,
          content_type: str | None = None) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    with httpx.Client(trust_env=False, timeout=30) as client:
        return client.request(method, endpoint + path, content=body, headers=headers)


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    fmt = {"application/sparql-results+json": "json",
           "application/sparql-results+xml": "xml"}[media]
    answer = Result.parse(io.BytesIO(response.content), format=fmt).askAnswer
    assert answer is not None
    return bool(answer)


ASK_EMPTY = "ASK%20%7B%7D"
DEFAULT0 = "default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
D1, D2, D3 = (f"http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata{n}.rdf"
              for n in (1, 2, 3))
ASK_BOTH = (f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}")
ASK_NAMED = (f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
             f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}")

# (test name, method, path, body, content type, expected: True/False for a boolean answer,
#  "2xx" for any success, "4xx" for a client error)
CASES = [
    ("query_post_form", "POST", f"/sparql/?{DEFAULT0}", b"query=ASK%20%7B%7D",
     "application/x-www-form-urlencoded", True),
    ("query_dataset_default_graphs_get", "GET",
     "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1"
     ".rdf%3E%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
     f"data2.rdf%3E%20a%20%3Ftype%20.%20%7D&default-graph-uri={D1}&default-graph-uri={D2}",
     None, None, True),
    ("query_dataset_default_graphs_post", "POST",
     f"/sparql/?default-graph-uri={D1}&default-graph-uri={D2}", ASK_BOTH.encode(),
     "application/sparql-query", True),
    ("query_dataset_named_graphs_post", "POST",
     f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}", ASK_NAMED.encode(),
     "application/sparql-query", True),
    ("query_dataset_named_graphs_get", "GET",
     "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09"
     "%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A"
     "%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D"
     f"&named-graph-uri={D1}&named-graph-uri={D2}", None, None, True),
    ("query_dataset_full", "POST",
     f"/sparql/?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
     (f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
      f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}").encode(),
     "application/sparql-query", True),
    ("query_multiple_dataset", "POST",
     f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}",
     (f"ASK FROM <{DATA}data3.rdf> {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
      f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}").encode(),
     "application/sparql-query", True),
    ("query_get", "GET", f"/sparql/?query={ASK_EMPTY}&{DEFAULT0}", None, None, True),
    ("query_content_type_select", "POST", f"/sparql/?{DEFAULT0}",
     b"SELECT (1 AS ?value) {}", "application/sparql-query", "tabular"),
    ("query_content_type_ask", "POST", f"/sparql/?{DEFAULT0}", b"ASK {}",
     "application/sparql-query", True),
    ("query_content_type_describe", "POST", f"/sparql/?{DEFAULT0}",
     b"DESCRIBE <http://example.org/>", "application/sparql-query", "RDF"),
    ("query_content_type_construct", "POST", f"/sparql/?{DEFAULT0}",
     b"CONSTRUCT { <s> <p> 1 } WHERE {}", "application/sparql-query", "RDF"),
    ("query_post_direct", "POST", "/sparql/", b"ASK {}", "application/sparql-query", True),
    ("bad_query_method", "PUT", f"/sparql/?query={ASK_EMPTY}&{DEFAULT0}", b"",
     "application/x-www-form-urlencoded", "4xx"),
    ("bad_multiple_queries", "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
     None, None, "4xx"),
    ("bad_query_wrong_media_type", "POST", "/sparql/", b"ASK {}", "text/plain", "4xx"),
    ("bad_query_missing_form_type", "POST", "/sparql/", b"query=ASK%20%7B%7D", None, "4xx"),
    ("bad_query_missing_direct_type", "POST", "/sparql/", b"ASK {}", None, "4xx"),
    ("bad_query_non_utf8", "POST", "/sparql/", "ASK {}".encode("utf-16"),
     "application/sparql-query; charset=UTF-16", "4xx"),
    ("bad_query_syntax", "GET", "/sparql/?query=ASK%20%7B", None, None, "4xx"),
    ("bad_update_get", "GET", "/sparql/?update=CLEAR%20ALL", None, None, "4xx"),
    ("bad_multiple_updates", "POST", "/sparql/",
     b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", "application/x-www-form-urlencoded",
     "4xx"),
    ("bad_update_wrong_media_type", "POST", "/sparql/", b"CLEAR NAMED", "text/plain", "4xx"),
    ("bad_update_missing_form_type", "POST", "/sparql/", b"update=CLEAR%20NAMED", None, "4xx"),
    ("bad_update_non_utf8", "POST", "/sparql/", "CLEAR NAMED".encode("utf-16"),
     "application/sparql-update; charset=UTF-16", "4xx"),
    ("bad_update_syntax", "POST", "/sparql/", b"update=CLEAR%20XYZ",
     "application/x-www-form-urlencoded", "4xx"),
    ("bad_update_dataset_conflict", "POST",
     "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
     b"PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
     b"DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
     b"WHERE { ?person foaf:givenName 'Bill' }", "application/sparql-update", "4xx"),
]

TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.mark.parametrize(("name", "method", "path", "body", "content_type", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_w3c_protocol(endpoint: str, name: str, method: str, path: str, body: bytes | None,
                      content_type: str | None, expected: object) -> None:
    response = _send(endpoint, method, path, body=body, content_type=content_type)
    if expected == "4xx":
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
        return
    assert 200 <= response.status_code < 400, (name, response.status_code, response.text)
    media = response.headers["content-type"].split(";")[0]
    if expected == "tabular":
        assert media in TABULAR
    elif expected == "RDF":
        assert media in RDF_TYPES
        Graph().parse(data=response.text, format=RDF_TYPES[media])
    else:
        assert _boolean(response) is expected
