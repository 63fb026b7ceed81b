"""The claims behind causal links: who says so, of which kind, and in what words.

One :class:`Evidence` shape for every view (the details card, the routes, the CLI), read
from ``evidence.rq`` (claims between given entities) or ``entity_evidence.rq`` (claims
touching given entities). Several rows of one claim (a source with two titles, say) count
once; the claims of a link are sorted by kind, source, URL and quote on every store.

>>> from graph.stores import open_store
>>> found, _sparql = claims_touching(open_store("memory"), ["https://w3id.org/myograph/entity/copd"])
>>> [e.kind for e in found[("https://w3id.org/myograph/entity/copd",
...                         "https://w3id.org/myograph/vocab#causes",
...                         "https://w3id.org/myograph/entity/hypoxemia")]]
['article', 'literature']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from graph import queries
from graph.results import QueryResult, short
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["ByLink", "Evidence", "claims_between", "claims_touching"]

_MAX_ROWS = 50_000


@dataclass(frozen=True)
class Evidence:
    """One claim behind a link: the source's title, its kind, its URL and the quote."""

    source: str
    kind: str
    """``article`` (the lay seed article) or ``literature``."""
    url: str | None
    quote: str

    def to_json(self) -> dict[str, str | None]:
        """The shape used in every JSON: source, kind, url, quote."""
        return {"source": self.source, "kind": self.kind, "url": self.url, "quote": self.quote}


ByLink = dict[tuple[str, str, str], tuple[Evidence, ...]]
"""Claims keyed by the link (subject, predicate, object) they support."""


def _key(e: Evidence) -> tuple[str, str, str, str]:
    return (e.kind, e.source, e.url or "", e.quote)


def _by_link(result: QueryResult) -> ByLink:
    claims: dict[tuple[tuple[str, str, str], str], list[Evidence]] = defaultdict(list)
    for row in result.rows:
        link = (str(row["subject"]), str(row["predicate"]), str(row["object"]))
        claims[(link, str(row["claim"]))].append(Evidence(
            source=str(row["title"]) if "title" in row else short(row["source"]),
            kind=str(row.get("kind") or ""),
            url=str(row["url"]) if "url" in row else None,
            quote=str(row.get("quote") or "")))
    found: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for (link, _claim), options in claims.items():
        found[link].add(min(options, key=_key))
    return {link: tuple(sorted(items, key=_key)) for link, items in found.items()}


def claims_between(store: Store, nodes: Iterable[str]) -> tuple[ByLink, str]:
    """Claims behind every link whose two ends are both among ``nodes``; and the SPARQL."""
    wanted = [URIRef(n) for n in sorted(set(nodes))]
    result = run(store, queries.get("evidence").bind(subject=wanted, object=wanted),
                 max_rows=_MAX_ROWS, trusted=True)
    return _by_link(result), result.sparql


def claims_touching(store: Store, nodes: Iterable[str]) -> tuple[ByLink, str]:
    """Claims behind every link into or out of any of ``nodes``; and the SPARQL."""
    wanted = [URIRef(n) for n in sorted(set(nodes))]
    result = run(store, queries.get("entity_evidence").bind(node=wanted), max_rows=_MAX_ROWS,
                 trusted=True)
    return _by_link(result), result.sparql
