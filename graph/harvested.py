"""The ready-made queries a load needs, answered from a harvest instead of the store.

Each function gives what its query (named in its docstring) answers on a store the
:class:`~graph.harvest.Harvest` stands for, in the shape its caller reads, or None where the
harvest cannot give that answer exactly (the caller then runs the query, as before). Used by
:func:`graph.profile.detect`, :func:`graph.index_build.build_index` and
:func:`graph.stats.stats` when :func:`graph.ready.make_ready` hands them a harvest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Literal, URIRef

from graph import queries
from graph.harvest import TYPE, Harvest
from graph.namespaces import MG, RDF, RDFS
from graph.results import QueryResult
from graph.sparql import with_prefixes
from graph.stores._terms import Tagged

__all__ = ["having", "name_rows", "predicate_uses", "stats_answers", "type_rows"]

_NOT_CLASSES = {str(MG.Claim), str(RDF.Statement)}
"""Classes search_types.rq leaves out."""
_ENTITY = b"<%s>" % str(MG.Entity).encode() + b" ."
_LABEL = str(RDFS.label)
_MAX_ROWS = 1000
"""The rows graph.stats reads of each query: a longer answer is left to the query."""


def _iri(predicate: str) -> bytes:
    return b"<" + predicate.encode() + b">"


def _term(rest: bytes) -> bytes | None:
    """The object of a line from its rest (``<o> .``: a harvest whose ``links`` are exact
    read every line so), for an IRI or a blank node; None for a literal."""
    return None if rest.startswith(b'"') else rest[:-2]


def predicate_uses(harvest: Harvest) -> dict[str, int]:
    """profile_predicates.rq: every predicate with its uses, most used first, then by IRI."""
    return {p: -n for n, p in sorted((-n, p[1:-1].decode()) for p, n in harvest.counts.items())}


def having(harvest: Harvest, query: str, candidates: list[str]) -> set[str]:
    """predicates_holding_literals.rq or predicates_linking_iris.rq for ``candidates``."""
    held = {"predicates_holding_literals": harvest.literals,
            "predicates_linking_iris": harvest.iris}[query]
    return {p for p in candidates if _iri(p) in held}


def _kept(harvest: Harvest, predicates: Iterable[str], kept: Iterable[str]) -> bool:
    """Whether the harvest kept the triples of every one of ``predicates`` the data uses."""
    return all(p in kept or not harvest.counts[_iri(p)] for p in predicates)


def name_rows(harvest: Harvest, predicates: Iterable[str]) -> list[tuple[str, str, str]] | None:
    """search_names.rq: (entity, predicate, name) of every name by ``predicates``."""
    from graph.harvest import keeps_names

    wanted = set(predicates)
    if "names" in harvest.inexact or not _kept(harvest, wanted, filter(keeps_names, wanted)):
        return None
    return [row for row in harvest.names if row[1] in wanted]


def type_rows(harvest: Harvest, predicates: Iterable[str]) -> list[tuple[str, str]] | None:
    """search_types.rq: (entity, class) of every IRI with an IRI class by ``predicates``."""
    if "links" in harvest.inexact or not _kept(harvest, predicates, [str(RDF.type)]):
        return None
    if not harvest.counts[TYPE] or str(RDF.type) not in set(predicates):
        return []
    rows: list[tuple[str, str]] = []
    for rest, subjects in harvest.typed.items():
        term = _term(rest)
        if term is None or not term.startswith(b"<"):
            continue
        cls = term[1:-1].decode()
        if cls not in _NOT_CLASSES:
            rows += [(s[1:-1].decode(), cls) for s in subjects if s.startswith(b"<")]
    return rows


def stats_answers(harvest: Harvest) -> dict[str, QueryResult] | None:
    """stats_counts.rq, stats_by_class.rq, stats_by_relation.rq and stats_typed_nodes.rq,
    as :func:`graph.sparql.run` answers them (rows of rdflib terms, the text sent); None
    when any cannot be given exactly (a class or a claim's part that is a literal or a blank
    node where it is sorted or compared, names or links inexact, more rows than read)."""
    if harvest.inexact:
        return None
    classes: dict[bytes, list[bytes]] = {}
    for rest, subjects in harvest.typed.items():
        term = _term(rest)
        if term is None or not term.startswith(b"<"):
            return None
        classes[term] = subjects
    labels: defaultdict[str, list[str]] = defaultdict(list)
    for entity, predicate, name in harvest.names:
        if predicate == _LABEL:
            labels[entity].append(name)
    by_class = _by_class(classes, labels)
    by_relation = _by_relation(harvest, labels)
    sourced = _sourced(harvest)
    if by_class is None or by_relation is None or sourced is None:
        return None
    entity_classes = {s for s, rest in harvest.subclasses if rest == _ENTITY}
    counts: dict[str, object] = {"triples": harvest.lines,
              "entities": len(set().union(*(classes.get(c, ()) for c in entity_classes))),
              "causal_links": sum(m * harvest.counts[p] for p, m in harvest.causal.items()),
              "sourced_causal_links": sourced}
    typed = len(set().union(*classes.values()))
    return {"stats_counts": _answer("stats_counts", [counts]),
            "stats_by_class": _answer("stats_by_class", by_class),
            "stats_by_relation": _answer("stats_by_relation", by_relation),
            "stats_typed_nodes": _answer("stats_typed_nodes", [{"entities": typed}])}


def _by_class(classes: dict[bytes, list[bytes]],
              labels: dict[str, list[str]]) -> list[dict[str, object]] | None:
    counted = [(len(set(subjects)), term[1:-1].decode()) for term, subjects in classes.items()]
    return _labelled("class", counted, labels, {})


def _by_relation(harvest: Harvest,
                 labels: dict[str, list[str]]) -> list[dict[str, object]] | None:
    counted: list[tuple[int, str]] = []
    signs: dict[str, int] = {}
    for relation, times in harvest.causal.items():
        uses = times * harvest.counts[relation]
        if uses:  # joined with its triples: a relation never used has no row
            iri = relation[1:-1].decode()
            counted.append((uses, iri))
            signs[iri] = harvest.signs[relation]
    return _labelled("relation", counted, labels, signs)


def _labelled(key: str, counted: list[tuple[int, str]], labels: dict[str, list[str]],
              signs: dict[str, int]) -> list[dict[str, object]] | None:
    """Rows most counted first, then by IRI: one per label (or one unlabelled), each as
    many times as the IRI has signs (OPTIONAL joins); None past the rows read."""
    rows: list[dict[str, object]] = []
    for count, iri in sorted(counted, key=lambda pair: (-pair[0], pair[1])):
        named: list[str | None] = [*labels.get(iri, [])] or [None]
        for label in named:
            row: dict[str, object] = {key: iri, "count": count}
            if label is not None:
                row["label"] = label
            rows += [row] * max(1, signs.get(iri, 0))
    return rows if len(rows) <= _MAX_ROWS else None


def _sourced(harvest: Harvest) -> int | None:
    """The causal links with a sourced claim: distinct (s, p, o) of a claim with an
    ``mg:source``, ``p`` a causal relation, and the triple itself in the data; None where a
    literal object would be compared as written (the store may write it otherwise)."""
    if _iri(str(RDF.object)) in harvest.literals or any(
            p in harvest.literals for p in harvest.causal):
        return None
    subjects, predicates, objects = harvest.claims
    claims = harvest.sourced & subjects.keys() & predicates.keys() & objects.keys()
    linked = set(zip(map(subjects.__getitem__, claims), map(predicates.__getitem__, claims),
                     map(objects.__getitem__, claims), strict=True))
    return len(linked & harvest.causal_triples)


def _answer(name: str, rows: list[dict[str, object]]) -> QueryResult:
    """A SELECT answer as the runner gives it: rdflib terms, the text it would have sent."""
    def term(key: str, value: object) -> URIRef | Literal:
        if key in ("class", "relation"):
            return URIRef(str(value))
        if isinstance(value, Tagged):
            return Literal(str(value), lang=value.language)
        return Literal(value)

    text = queries.get(name).text
    return QueryResult(form="SELECT", variables=list(rows[0]) if rows else [],
                       rows=[{k: term(k, v) for k, v in row.items()} for row in rows],
                       sparql=with_prefixes(text)[0])
