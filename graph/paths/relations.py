"""The causal relations a graph declares (sub-properties of ``mg:causalRelation``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Literal, URIRef

from graph import queries
from graph.paths.model import Relation, Sign
from graph.results import QueryResult, Term, short
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["causal_relations", "relations_from"]


def _sign(value: Term | None) -> Sign:
    text = str(value) if value is not None else "?"
    if text == "+":
        return "+"
    if text == "-":
        return "-"
    return "?"


def _label_rank(label: Literal) -> tuple[int, str]:
    lang = (label.language or "").lower()
    return (0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2, str(label))


def _best_label(values: Iterable[Term]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    return str(min(literals, key=_label_rank)) if literals else None


def causal_relations(store: Store, *, timeout: float | None = None) -> list[Relation]:
    """The causal relations of a graph (sub-properties of ``mg:causalRelation``), by IRI.

    Parameters
    ----------
    store
        Any store.
    timeout
        Seconds the query may run (the runner's default when None).

    Returns
    -------
    list of Relation
        Sorted by IRI; a relation without ``mg:effectSign`` (or with conflicting ones) gets
        ``?``, one without a label its CURIE. Empty for a graph that declares none.

    Raises
    ------
    QueryError, QueryTimeout, StoreError
        When the query fails.

    Examples
    --------
    >>> from graph.stores import open_store
    >>> rels = causal_relations(open_store("memory:tests/fixtures/tiny.ttl"))
    >>> [(r.label, r.sign) for r in rels][:4]
    [('associated with', '?'), ('causes', '+'), ('contributes to', '+'), ('decreases', '-')]
    """
    result = run(store, queries.get("causal_relations").text, timeout=timeout, trusted=True)
    return relations_from(result)


def relations_from(result: QueryResult) -> list[Relation]:
    labels: dict[str, list[Term]] = defaultdict(list)
    signs: dict[str, set[Sign]] = defaultdict(set)
    for row in result.rows:
        iri = str(row["relation"])
        if "label" in row:
            labels[iri].append(row["label"])
        signs[iri].add(_sign(row.get("sign")))
    relations = []
    for iri in sorted(signs):
        found = signs[iri]
        sign: Sign = found.pop() if len(found) == 1 else "?"
        label = _best_label(labels[iri]) or short(URIRef(iri))
        relations.append(Relation(iri=iri, label=label, sign=sign))
    return relations

