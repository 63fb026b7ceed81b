"""The hostile queries of the no-reach-outside tests (issue 8) and the checks each test makes:
no line of /etc/passwd in any output, and whatever an attempt gave back, answer or error."""

from __future__ import annotations

from collections.abc import Callable

from tests.test_security_support import PASSWD_MARKER, Canary

__all__ = ["QUERIES", "clean", "outcome", "query_text"]

# "CANARY" is replaced by the canary's URL (http://127.0.0.1:PORT) in each test.
QUERIES: dict[str, str] = {
    "service": "SELECT * WHERE { SERVICE <CANARY/sparql> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <CANARY/sparql> { ?s ?p ?o } }",
    "service-nested": ("SELECT * WHERE { SERVICE SILENT <CANARY/a> "
                       "{ SERVICE <CANARY/b> { ?s ?p ?o } } }"),
    "service-in-optional": ("SELECT * WHERE { ?x ?y ?z OPTIONAL "
                            "{ SERVICE SILENT <CANARY/> { ?s ?p ?o } } } LIMIT 1"),
    "service-in-exists": ("SELECT * WHERE { ?x ?y ?z FILTER EXISTS "
                          "{ SERVICE <CANARY/> { ?x ?p ?o } } } LIMIT 1"),
    "service-in-not-exists": "ASK { FILTER NOT EXISTS { SERVICE SILENT <CANARY/> { ?s ?p ?o } } }",
    "service-in-minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-in-subquery": ("SELECT * WHERE { { SELECT ?s WHERE "
                            "{ SERVICE <CANARY/> { ?s ?p ?o } } } }"),
    "service-in-union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-in-graph": "SELECT * WHERE { GRAPH ?g { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-variable": "SELECT * WHERE { BIND(<CANARY/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "service-prefixed": "PREFIX c: <CANARY/>\nSELECT * WHERE { SERVICE c:sparql { ?s ?p ?o } }",
    "service-odd-case": "select * where { sErViCe <CANARY/> { ?s ?p ?o } }",
    "service-unicode-escape": "SELECT * WHERE { \\u0053ERVICE <CANARY/> { ?s ?p ?o } }",
    "service-long-s": "SELECT * WHERE { \u017fERVICE <CANARY/> { ?s ?p ?o } }",
    "service-dotless-i": "SELECT * WHERE { SERV\u0131CE <CANARY/> { ?s ?p ?o } }",
    "service-comment-before-endpoint": "SELECT * WHERE { SERVICE#c\n<CANARY/> { ?s ?p ?o } }",
    "service-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <CANARY/> { ?s ?p ?o } }",
    "service-describe": "DESCRIBE ?s WHERE { SERVICE <CANARY/> { ?s ?p ?o } }",
    "from": "SELECT * FROM <CANARY/g.ttl> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <CANARY/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-passwd": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "from-named-passwd": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ask-from": "ASK FROM <CANARY/g.ttl> { ?s ?p ?o }",
    "construct-from-passwd": ("CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> "
                              "WHERE { ?s ?p ?o }"),
    "load": "LOAD <CANARY/data.ttl>",
    "load-silent-into": "LOAD SILENT <CANARY/data.ttl> INTO GRAPH <urn:ex:g>",
    "load-passwd": "LOAD <file:///etc/passwd>",
}


def query_text(name_or_text: str, canary: Canary) -> str:
    """The query of that name in :data:`QUERIES` (or the text given), naming ``canary``."""
    text = QUERIES.get(name_or_text, name_or_text)
    return text.replace("CANARY", canary.url)


def clean(*outputs: object) -> None:
    """No output shows a line of /etc/passwd."""
    for output in outputs:
        assert PASSWD_MARKER not in str(output), output


def outcome(fn: Callable[[], object]) -> tuple[object, BaseException | None]:
    """What ``fn`` returned, or the error it raised."""
    try:
        return fn(), None
    except Exception as error:  # noqa: BLE001 - the test inspects whatever came out
        return None, error
