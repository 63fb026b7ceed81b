"""A route question answered the way a student needs it: routes, words, and ways on.

:func:`trace` runs :func:`~graph.paths.find_paths` and adds what the CLI, the app and the
JSON all say the same way:

- the routes ranked by what they rest on (:func:`graph.explain.rank`), each in plain words;
- what an ``avoid`` changed: "removing acute kidney injury cuts 0 of 3 routes: it lies on
  none of them" (the same search is run without the avoided nodes to count);
- when no route joins the two ends, why not and the nearest ways on, each checked to give
  routes: a related entity (the graph's own skos:related, skos:broader / narrower,
  mg:inClass and mg:partOf links), more steps, any relation, or ignoring link direction
  (whose routes are not causal chains).

>>> from graph.stores import open_store
>>> E = "https://w3id.org/myograph/entity/"
>>> answer = trace(open_store("memory"), E + "magnesium_ion", E + "muscle_spasm", max_hops=1)
>>> answer.paths.paths, [s.kind for s in answer.suggestions][:2]
([], ['related', 'related'])
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from graph import queries
from graph.errors import MyographError
from graph.explain import RANKING, RANKING_WITHOUT_EVIDENCE, explain, rank
from graph.paths import ANY, MAX_HOPS, MAX_K, PathsResult, find_paths
from graph.search import label_of
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["AvoidEffect", "Suggestion", "Trace", "trace"]

_RELATED_CANDIDATES = 8
_SUGGESTION_SECONDS = 8.0


@dataclass(frozen=True)
class Suggestion:
    """One way on when no route was found, already checked to give ``routes`` routes.

    ``kind`` is ``related`` (ask from or to ``label`` instead: ``role`` says which end it
    replaces, ``how`` how it is related), ``more_steps`` (``max_hops``), ``any_relation``
    or ``undirected`` (``caveat`` says what such routes are not).
    """

    kind: str
    text: str
    routes: int
    role: str = ""
    iri: str = ""
    label: str = ""
    how: str = ""
    max_hops: int = 0
    caveat: str = ""

    def to_json(self) -> dict[str, object]:
        """A plain dict (every field)."""
        return {"kind": self.kind, "text": self.text, "routes": self.routes, "role": self.role,
                "iri": self.iri, "label": self.label, "how": self.how,
                "max_hops": self.max_hops, "caveat": self.caveat}


@dataclass(frozen=True)
class AvoidEffect:
    """What blocking ``avoid`` did: of the routes found without it, how many it cut."""

    avoided: tuple[str, ...]
    labels: tuple[str, ...]
    without: int
    cut: int
    cut_by: dict[str, int]

    def sentence(self) -> str:
        """E.g. "Removing acute kidney injury cuts 2 of 5 routes." """
        names = (", ".join(self.labels[:-1]) + " and " + self.labels[-1]
                 if len(self.labels) > 1 else "".join(self.labels))
        if self.without == 0:
            return f"There was no route to cut: removing {names} changes nothing."
        if self.cut == 0:
            where = "it lies" if len(self.labels) == 1 else "they lie"
            return (f"Removing {names} cuts 0 of {self.without} route"
                    f"{'s' if self.without != 1 else ''}: {where} on none of them.")
        if self.cut == self.without:
            return f"Removing {names} cuts all {self.without} routes." if self.without > 1 \
                else f"Removing {names} cuts the only route."
        return f"Removing {names} cuts {self.cut} of {self.without} routes."

    def to_json(self) -> dict[str, object]:
        """The shape of ``avoid_effect`` in ``myograph path --format json``."""
        return {"avoided": list(self.avoided), "labels": list(self.labels),
                "routes_without_avoiding": self.without, "cut": self.cut,
                "cut_by": dict(self.cut_by), "sentence": self.sentence()}


@dataclass
class Trace:
    """The routes found, and what the page says about them."""

    paths: PathsResult
    suggestions: list[Suggestion] = field(default_factory=list)
    avoid_effect: AvoidEffect | None = None
    ranking: str = RANKING

    def why_none(self) -> str:
        """Why no route was found, in one sentence ("" when there are routes)."""
        p = self.paths
        if p.paths:
            return ""
        if self.avoid_effect is not None and self.avoid_effect.without:
            return (f"Every route from {p.source.label} to {p.target.label} passes through what "
                    f"you removed: {self.avoid_effect.sentence()}")
        way = "either way" if p.undirected else "following each link's direction"
        return (f"No route joins {p.source.label} to {p.target.label} within {p.max_hops} "
                f"step{'s' if p.max_hops != 1 else ''} ({way}).")

    def to_json(self) -> dict[str, object]:
        """``PathsResult.to_json()`` plus each route's ``explanation``, the ``ranking``
        sentence, ``suggestions``, ``why_none`` and ``avoid_effect``."""
        data = self.paths.to_json()
        routes = data["paths"]
        assert isinstance(routes, list)
        for route, found in zip(routes, self.paths.paths, strict=True):
            route["explanation"] = explain(found).to_json()
        data["ranking"] = self.ranking
        data["why_none"] = self.why_none()
        data["suggestions"] = [s.to_json() for s in self.suggestions]
        data["avoid_effect"] = self.avoid_effect.to_json() if self.avoid_effect else None
        return data


def trace(store: Store, source: str, target: str, *, max_hops: int = 4, k: int = 5,
          relations: Sequence[str] | None = None, avoid: Sequence[str] = (),
          undirected: bool = False, timeout: float | None = None) -> Trace:
    """Routes from ``source`` to ``target`` (see :func:`~graph.paths.find_paths`), with the
    effect of ``avoid`` and, when there is no route, checked suggestions.

    Raises what :func:`~graph.paths.find_paths` raises.
    """
    # twice the routes asked for, ranked by what they rest on (RANKING), then the best k
    found = find_paths(store, source, target, max_hops=max_hops, k=min(MAX_K, 2 * k),
                       relations=relations, avoid=avoid, undirected=undirected, timeout=timeout)
    found.paths = rank(found.paths)[:k]
    found.k = k
    answer = Trace(paths=found)
    if found.paths and not any(e.evidence for r in found.paths for e in r.edges):
        answer.ranking = RANKING_WITHOUT_EVIDENCE
    if avoid:
        answer.avoid_effect = _avoid_effect(store, source, target, avoid, max_hops=max_hops,
                                            k=k, relations=relations, undirected=undirected,
                                            timeout=timeout)
    if not found.paths:
        answer.suggestions = _suggestions(store, found, relations=relations, avoid=avoid,
                                          timeout=timeout)
    return answer


def _avoid_effect(store: Store, source: str, target: str, avoid: Sequence[str], *,
                  max_hops: int, k: int, relations: Sequence[str] | None, undirected: bool,
                  timeout: float | None) -> AvoidEffect:
    baseline = find_paths(store, source, target, max_hops=max_hops, k=k, relations=relations,
                          undirected=undirected, timeout=timeout)
    blocked = set(avoid)
    cut_by = {iri: sum(1 for r in baseline.paths if iri in {n.iri for n in r.nodes})
              for iri in avoid}
    cut = sum(1 for r in baseline.paths if blocked & {n.iri for n in r.nodes})
    return AvoidEffect(avoided=tuple(avoid), labels=tuple(label_of(store, a) for a in avoid),
                       without=len(baseline.paths), cut=cut, cut_by=cut_by)


@dataclass(frozen=True)
class _Options:
    max_hops: int
    k: int
    relations: Sequence[str] | None
    avoid: Sequence[str]
    undirected: bool


def _count(store: Store, source: str, target: str, deadline: float, o: _Options) -> int:
    """Routes the search finds with these options, 0 when the time left runs out."""
    left = deadline - time.monotonic()
    if left <= 0.2:
        return 0
    try:
        return len(find_paths(store, source, target, max_hops=o.max_hops, k=o.k,
                              relations=o.relations, avoid=o.avoid, undirected=o.undirected,
                              timeout=min(left, 10.0)).paths)
    except MyographError:  # out of time, or a candidate that is the other end
        return 0


def _suggestions(store: Store, found: PathsResult, *, relations: Sequence[str] | None,
                 avoid: Sequence[str], timeout: float | None) -> list[Suggestion]:
    deadline = time.monotonic() + (timeout or _SUGGESTION_SECONDS)
    source, target = found.source, found.target
    base = _Options(max_hops=found.max_hops, k=found.k, relations=relations, avoid=list(avoid),
                    undirected=found.undirected)
    out: list[Suggestion] = []
    for node, other, how in _related(store, [source.iri, target.iri], deadline):
        if other in (source.iri, target.iri) or other in avoid:
            continue
        role = "source" if node == source.iri else "target"
        ends = (other, target.iri) if role == "source" else (source.iri, other)
        n = _count(store, *ends, deadline, base)
        if n:
            label = label_of(store, other)
            start, end = (label, target.label) if role == "source" else (source.label, label)
            out.append(Suggestion(
                kind="related", role=role, iri=other, label=label, how=how, routes=n,
                text=f"Ask from {start} to {end} instead ({label} is {how} "
                     f"{source.label if role == 'source' else target.label})."))
    if found.max_hops < MAX_HOPS:
        for hops in range(found.max_hops + 1, min(MAX_HOPS, found.max_hops + 3) + 1):
            n = _count(store, source.iri, target.iri, deadline, replace(base, max_hops=hops))
            if n:
                out.append(Suggestion(kind="more_steps", max_hops=hops, routes=n,
                                      text=f"Allow up to {hops} steps."))
                break
    if list(found.relations) != [ANY]:
        n = _count(store, source.iri, target.iri, deadline, replace(base, relations=[ANY]))
        if n:
            out.append(Suggestion(kind="any_relation", routes=n,
                                  text="Follow any relation, not only the causal ones."))
    if not found.undirected:
        n = _count(store, source.iri, target.iri, deadline, replace(base, undirected=True))
        if n:
            out.append(Suggestion(
                kind="undirected", routes=n, text="Ignore link direction.",
                caveat="A route that walks a link backwards is not a chain of causes: it gets "
                       "no overall effect."))
    return out


def _related(store: Store, nodes: list[str], deadline: float) -> list[tuple[str, str, str]]:
    left = deadline - time.monotonic()
    if left <= 0.2:
        return []
    try:
        result = run(store, queries.get("related_entities").bind(node=[URIRef(n) for n in nodes]),
                     timeout=min(left, 10.0), max_rows=200, trusted=True)
    except MyographError:
        return []
    rows = [(str(r["node"]), str(r["other"]), str(r["how"])) for r in result.rows]
    return rows[:_RELATED_CANDIDATES]
