"""Fuzzed (issue 8): random input to the query guard, entity resolution, path parameters and
the upload parsers gives the project's own errors only: no other exception, no hang, no crash.

Property-based (hypothesis), bounded: a fixed number of examples per property, a deadline
per example, and a derandomized run so that ``make test`` is repeatable. For a deeper local
run: ``MYOGRAPH_FUZZ_EXAMPLES=5000 MYOGRAPH_FUZZ_RANDOM=1 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph import sparql
from graph.errors import MyographError
from graph.loading import FORMATS, parse_bytes
from graph.paths import ANY, find_paths
from graph.search import resolve, search
from graph.stores import Store, open_store

EXAMPLES = int(os.environ.get("MYOGRAPH_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=5),
    derandomize=not os.environ.get("MYOGRAPH_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
MGE = "https://w3id.org/myograph/entity/"

STORE: Store = open_store("memory")
"""One read-only store for every example (rdflib in memory over data/triples.ttl)."""


def _ours(call: Callable[[], object]) -> None:
    """Call ``call()``; only MyographError subclasses may come out."""
    with contextlib.suppress(MyographError):
        call()


# --- the query guard and runner --------------------------------------------------------

VALID_QUERIES = [
    "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }",
    "ASK { mge:acyclovir mg:hasAdverseEffect mge:acute_kidney_injury }",
    "CONSTRUCT { ?s mg:causes mge:muscle_spasm } WHERE { ?s mg:causes mge:muscle_spasm }",
    "DESCRIBE mge:hypocalcemia",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5",
    'SELECT * WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, "^mus", "i")) } LIMIT 5',
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } } LIMIT 5",
    "SELECT ?x WHERE { VALUES ?x { 1 2 3 } } ORDER BY ?x",
    "PREFIX ex: <urn:ex:>\nSELECT * FROM <urn:ex:g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "INSERT DATA { <urn:ex:a> <urn:ex:b> <urn:ex:c> }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "SELECT (STRLEN(CONCAT(\"a\", \"é\")) AS ?n) WHERE {} # comment\n",
]
PIECES = [*"{}()[]<>\"'#?$.;,*\\:@^_-+|/!=&",
          " ", "\n", "\r", "\t", "\x00", "\u2028", "\ufeff", "\ufffd", "\\u0053", "SERVICE",
          "FROM", "NAMED", "GRAPH", "SILENT", "INSERT", "DELETE", "LOAD", "UNION", "OPTIONAL",
          "FILTER", "EXISTS", "BIND", "VALUES", "SELECT", "WHERE", "LIMIT 0", "OFFSET 99",
          "<http://127.0.0.1:9/>", "<file:///etc/passwd>", "mge:", "mg:causes", "?s", '"""',
          "'''", "^^xsd:integer", "@en", "1e999", "-0", "COUNT(*)", "GROUP BY", "ORDER BY"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str], pieces: list[str]) -> str:
    """A seed with a few random insertions, deletions, replacements and duplications."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.one_of(st.sampled_from(pieces), st.text(max_size=6)))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        elif op == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        else:
            end = draw(st.integers(at, len(text)))
            text = text[:end] + text[at:end] + text[end:]
    return text


QUERY_TEXT = st.one_of(st.text(max_size=300), mutated(VALID_QUERIES, PIECES),
                       st.lists(st.sampled_from(PIECES), max_size=40).map("".join))


@FUZZ
@given(QUERY_TEXT)
def test_the_query_check_gives_only_our_errors(text: str) -> None:
    _ours(lambda: sparql.check(text))
    _ours(lambda: sparql.with_prefixes(text))


def _run_and_serialize(text: str, max_rows: int | None) -> None:
    result = sparql.run(STORE, text, timeout=1, max_rows=max_rows)
    formats = (["turtle", "ntriples", "jsonld", "rdfxml"] if result.is_graph
               else ["table", "json", "xml", "csv", "tsv"])
    for fmt in formats:
        result.serialize(fmt)


@FUZZ
@given(QUERY_TEXT, st.one_of(st.none(), st.integers(-5, 50)))
def test_the_runner_gives_only_our_errors(text: str, max_rows: int | None) -> None:
    _ours(lambda: _run_and_serialize(text, max_rows))


# --- entity resolution -----------------------------------------------------------------

NAMES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["cramp", "HP:0003394", "mge:muscle_spasm", "<" + MGE + "copd>", "COPD",
                     "low potassium", MGE, "mge:", ":", "<>", "http://", "urn:", "%00",
                     "muscle spasm" * 40]),
    mutated(["muscle spasm", "HP:0003394", MGE + "acyclovir", "mge:cramp"],
            [*list("<>:%#?/ \t\n"), "\x00", "́", "ß", "İ"]),
)


@FUZZ
@given(NAMES, st.integers(-3, 2000))
def test_search_and_resolve_give_only_our_errors(name: str, limit: int) -> None:
    _ours(lambda: search(STORE, name, limit=limit))
    _ours(lambda: resolve(STORE, name))


# --- path parameters -------------------------------------------------------------------

ENTITIES = [MGE + n for n in ("acyclovir", "muscle_spasm", "copd", "hypocalcemia",
                              "dehydration", "acute_kidney_injury")]
IRI_LIKE = st.one_of(
    st.sampled_from([*ENTITIES, "urn:x:nothing", "mg:causes", ANY,
                     "https://w3id.org/myograph/vocab#causes", "http://a b", "x", ""]),
    st.text(max_size=40),
)
NUMBERS = st.one_of(st.integers(-3, 12), st.sampled_from([0, 10**9, -(10**9)]), st.booleans(),
                    st.floats(allow_nan=True), st.none(), st.text(max_size=3))


ROUTES = [("acyclovir", "muscle_spasm"), ("copd", "muscle_twitch"), ("hypokalemia", "muscle_spasm"),
          ("thyroidectomy", "hypocalcemia"), ("dehydration", "muscle_spasm"),
          ("acute_kidney_injury", "acyclovir")]
"""Pairs with at least one route (the last only undirected), so ranking and evidence run."""
BAD_NUMBERS = st.one_of(st.sampled_from([0, -1, 2.5, "3", None, True, 10**9, float("nan")]),
                       NUMBERS)
RELATIONS = ["https://w3id.org/myograph/vocab#causes",
             "https://w3id.org/myograph/vocab#hasAdverseEffect",
             "https://w3id.org/myograph/vocab#treats"]
ODD: dict[str, st.SearchStrategy[object]] = {
    "source": IRI_LIKE, "target": IRI_LIKE,
    "max_hops": BAD_NUMBERS, "k": BAD_NUMBERS, "hub_cap": BAD_NUMBERS, "undirected": NUMBERS,
    "relations": st.one_of(st.lists(IRI_LIKE, max_size=4), IRI_LIKE),
    "avoid": st.one_of(st.lists(IRI_LIKE, max_size=4), IRI_LIKE),
}


@st.composite
def path_arguments(draw: st.DrawFn) -> dict[str, object]:
    """Sensible arguments with zero, one or two of them replaced by something odd."""
    source, target = draw(st.sampled_from(ROUTES))
    args: dict[str, object] = {
        "source": MGE + source,
        "target": MGE + target,
        "max_hops": draw(st.integers(1, 5)),
        "k": draw(st.integers(1, 10)),
        "hub_cap": draw(st.integers(1, 200)),
        "undirected": draw(st.booleans()),
        "relations": draw(st.one_of(st.none(), st.just([ANY]), st.lists(
            st.sampled_from(RELATIONS), min_size=1, max_size=3))),
        "avoid": draw(st.lists(st.sampled_from(ENTITIES), max_size=2)),
    }
    keys = sorted(ODD)
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from(keys))
        args[key] = draw(ODD[key])
    return args


def _odd_examples(test: Callable[..., None]) -> Callable[..., None]:
    """Every numeric parameter, and the lists, also get each odd value at least once."""
    base: dict[str, object] = {"source": MGE + "acyclovir", "target": MGE + "muscle_spasm",
                               "max_hops": 3, "k": 3, "hub_cap": 100, "undirected": True,
                               "relations": None, "avoid": []}
    odd: dict[str, list[object]] = {
        "max_hops": [0, -1, 2.5, "3", None], "k": [0, -1, 2.5, "3", None],
        "hub_cap": [0, 2.5, "3", None], "undirected": [None, "yes"],
        "relations": ["mg:causes", [], ["x"], [ANY, RELATIONS[0]]],
        "avoid": [MGE + "acute_kidney_injury", [MGE + "acyclovir"], ["x y"]],
        "source": ["", "acyclovir", "urn:x:nothing"], "target": [MGE + "acyclovir"],
    }
    for key, values in odd.items():
        for value in values:
            test = example({**base, key: value})(test)
    return test


@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))
@given(path_arguments())
@_odd_examples
def test_find_paths_gives_only_our_errors(args: dict[str, object]) -> None:
    # arbitrary values on purpose (the fuzz), not the types find_paths declares
    _ours(lambda: find_paths(STORE, timeout=3, **args))  # type: ignore[arg-type]


# --- the upload parsers ----------------------------------------------------------------

SEEDS: dict[str, bytes] = {
    ".ttl": (b'@prefix ex: <urn:ex:> .\nex:a ex:b "c"@en ; ex:d ( 1 2.5 [ ex:e ex:f ] ) ;\n'
             b'  ex:g """long\nstring"""^^ex:t .\n'),
    ".nt": b'<urn:ex:a> <urn:ex:b> "c\\u00e9"^^<urn:t> .\n_:b <urn:ex:p> <urn:ex:o> .\n',
    ".nq": b'<urn:ex:a> <urn:ex:b> "c" <urn:g> .\n<urn:ex:a> <urn:ex:b> _:x .\n',
    ".trig": b'@prefix ex: <urn:ex:> .\nex:g { ex:a ex:b "c" . }\n{ ex:d ex:e 1 }\n',
    ".n3": b'@prefix ex: <urn:ex:> .\nex:a ex:b { ex:c ex:d ex:e } .\n',
    ".jsonld": (b'{"@context": {"ex": "urn:ex:", "n": {"@id": "ex:n", "@type": "@id"}}, '
                b'"@id": "ex:a", "ex:b": [{"@value": "c", "@language": "en"}, '
                b'{"@id": "ex:d", "n": "ex:z"}], "@graph": [{"@id": "ex:q", "ex:r": 1}]}'),
    ".rdf": (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
             b'syntax-ns#" xmlns:ex="urn:ex:"><rdf:Description rdf:about="urn:ex:a">'
             b'<ex:says xml:lang="en">hi</ex:says><ex:p rdf:resource="urn:ex:b"/><ex:q '
             b'rdf:parseType="Collection"><rdf:Description rdf:about="urn:ex:c"/></ex:q>'
             b'</rdf:Description></rdf:RDF>'),
}
BYTE_PIECES = [b"<", b">", b"\"", b"{", b"}", b"[", b"]", b"(", b")", b".", b";", b",", b"@",
               b"#", b"\\", b"\n", b"\r", b"\x00", b"\xff", b"\xc3", b"&", b"<!DOCTYPE x [",
               b"<!ENTITY e \"x\">", b"&e;", b"\"@context\"", b"_:", b"^^", b"\"\"\""]
SUFFIXES = [*sorted(FORMATS), ".gz", ".txt", "", ".TTL", ".ttl.gz.gz", ".nt.bz2"]


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[bytes, str]:
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[suffix])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "flip"]))
        if op == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(BYTE_PIECES), st.binary(max_size=6)))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif at < len(data):
            data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        return gzip.compress(bytes(data)), f"upload{suffix}.gz"
    return bytes(data), f"upload{suffix}"


FILES = st.one_of(
    mutated_file(),
    st.tuples(st.binary(max_size=400),
              st.sampled_from(SUFFIXES).map(lambda s: "random" + s)),
    st.tuples(st.sampled_from(list(SEEDS.values())),
              st.text(max_size=30)),
)


@FUZZ
@given(FILES, st.one_of(st.none(), st.integers(0, 4096)))
def test_the_upload_parsers_give_only_our_errors(upload: tuple[bytes, str],
                                                 max_bytes: int | None) -> None:
    data, name = upload
    if max_bytes is None:
        _ours(lambda: parse_bytes(data, name))
    else:
        _ours(lambda: parse_bytes(data, name, max_bytes=max_bytes))


# --- found by fuzzing, now fixed: kept as deterministic regression tests ---------------


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{ " * 60 + "?s ?p ?o " + "} " * 60,
    "ASK " + "{ OPTIONAL " * 40 + "{ ?s ?p ?o }" + " }" * 40,
    "SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }",
])
def test_deeply_nested_queries_give_our_error(text: str) -> None:
    _ours(lambda: sparql.run(STORE, text, timeout=2))


@pytest.mark.parametrize("text", ["\\U00110000",
                                  'SELECT * WHERE { ?s ?p "\\U0011FFFF" }'])
def test_an_escape_beyond_unicode_is_a_syntax_error(text: str) -> None:
    _ours(lambda: sparql.check(text))


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "csv-spreadsheet", "tsv", "table"])
def test_a_lone_surrogate_in_an_answer_is_written_or_refused(fmt: str) -> None:
    _ours(lambda: sparql.run(STORE, 'SELECT ("\\uD800" AS ?x) WHERE {}').serialize(fmt))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_a_constructed_iri_no_format_can_write_is_our_error(fmt: str) -> None:
    text = 'CONSTRUCT { ?s <urn:p> 1 } WHERE { BIND(IRI("urn:a b<c>") AS ?s) }'
    _ours(lambda: sparql.run(STORE, text).serialize(fmt))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_an_ask_answer_in_csv_is_our_error(fmt: str) -> None:
    _ours(lambda: sparql.run(STORE, "ASK { ?s ?p ?o }").serialize(fmt))
