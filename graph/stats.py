"""Counts that say what a graph holds (``myograph stats``, the app's Data view).

>>> from graph.stores import open_store
>>> s = stats(open_store("memory"))
>>> s.causal_links == s.sourced_causal_links > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef

from graph import queries
from graph.profile import profile_for
from graph.results import QueryResult, Term, full_iri, local_name, short
from graph.sparql import run
from graph.stores.base import Store

if TYPE_CHECKING:
    from graph.harvest import Harvest

__all__ = ["Stats", "stats"]

_NAME_WIDTH = 48
"""The widest class or relation name the table shows whole (longer ones are cut with …),
so every count stays in one column."""


@dataclass
class Stats:
    """Sizes of the graph; ``by_class`` and ``by_relation`` map a CURIE to a count.

    A graph in the project's vocabulary counts its entities and causal links. A graph that
    declares no causal relations (a foreign graph) counts its typed nodes as entities and
    every relation its profile finds in ``by_relation``; ``causal`` then says False.
    """

    triples: int
    entities: int
    causal_links: int
    sourced_causal_links: int
    links: int = 0
    """Links between nodes under any relation the profile finds (causal or not)."""
    causal: bool = True
    """Whether the graph declares causal relations (``by_relation`` counts only those)."""
    by_class: dict[str, int] = field(default_factory=dict)
    by_relation: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """Human labels of the classes and relations counted."""
    sparql: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The keys ``myograph stats --format json`` prints; a class or relation counted is
        ``{"iri", "label", "count"}`` (the full IRI, as every JSON ``type`` is), most first."""
        return {
            "triples": self.triples, "entities": self.entities,
            "causal_links": self.causal_links,
            "sourced_causal_links": self.sourced_causal_links, "links": self.links,
            "relations": len(self.by_relation), "causal_vocabulary": self.causal,
            "by_class": self._counted(self.by_class),
            "by_relation": self._counted(self.by_relation),
        }

    def _counted(self, counts: dict[str, int]) -> list[dict[str, object]]:
        return [{"iri": full_iri(key), "label": self.labels.get(key, key), "count": count}
                for key, count in counts.items()]

    def table(self) -> str:
        """Readable lines for a terminal."""
        lines = [
            f"triples               {self.triples:,}",
            f"entities              {self.entities:,}" + ("" if self.causal else "  (typed nodes)"),
            f"links                 {self.links:,}  (any relation)",
        ]
        if self.causal:
            lines += [f"causal links          {self.causal_links:,}",
                      f"  with a source       {self.sourced_causal_links:,}"]
        else:
            lines += ["causal links          none declared (the graph's own relations below)"]
        names = [self.labels.get(k, k) for k in (*self.by_class, *self.by_relation)]
        width = min(max((len(n) for n in names), default=0), _NAME_WIDTH)

        def row(key: str, count: int) -> str:
            name = self.labels.get(key, key)
            if len(name) > width:
                name = name[: width - 1] + "…"
            return f"  {name:<{width}}  {count:>8,}"

        lines += ["", "by class:"]
        lines += [row(k, v) for k, v in self.by_class.items()]
        lines += ["", "by causal relation:" if self.causal else "by relation:"]
        lines += [row(k, v) for k, v in self.by_relation.items()]
        return "\n".join(lines)


def _int(value: object) -> int:
    return int(str(value)) if value is not None else 0


def stats(store: Store, *, timeout: float | None = None,
          harvest: Harvest | None = None) -> Stats:
    """Count triples, entities, causal links (and how many are sourced), by class and relation.

    Counted once per data version (an on-disk store keeps the counts beside its data); from
    ``harvest`` when given and it can (:func:`graph.harvested.stats_answers`), else by the
    queries.
    """
    # v4: a foreign graph's node with two classes is one entity (v3: links and foreign
    # graphs; v2: a class or relation with labels in several languages is counted once); the
    # version keeps an on-disk store from serving older counts
    return store.derived("stats-v4", lambda: _count(store, timeout, harvest))


def _count(store: Store, timeout: float | None, harvest: Harvest | None = None) -> Stats:
    from graph.harvested import stats_answers

    answers = stats_answers(harvest) if harvest is not None else None

    def ours(name: str) -> QueryResult:
        if answers is not None:
            return answers[name]
        return run(store, queries.get(name).text, timeout=timeout, max_rows=1000, trusted=True)

    counts, by_class, by_relation = (ours("stats_counts"), ours("stats_by_class"),
                                     ours("stats_by_relation"))
    row = counts.rows[0] if counts.rows else {}
    result = Stats(
        triples=_int(row.get("triples")), entities=_int(row.get("entities")),
        causal_links=_int(row.get("causal_links")),
        sourced_causal_links=_int(row.get("sourced_causal_links")),
        sparql=[counts.sparql, by_class.sparql, by_relation.sparql],
    )
    for r, target in ((by_class, result.by_class), (by_relation, result.by_relation)):
        key_var = "class" if r is by_class else "relation"
        names: dict[str, list[Term]] = {}
        for item in r.rows:  # a row per label (and sign): each repeats the count
            key = short(URIRef(str(item[key_var])))
            target[key] = _int(item.get("count"))
            if "label" in item:
                names.setdefault(key, []).append(item["label"])
        result.labels.update({key: str(min(found, key=_label_order))
                              for key, found in names.items()})
        for item in r.rows:  # unlabelled: the IRI's readable tail
            result.labels.setdefault(short(URIRef(str(item[key_var]))),
                                     local_name(str(item[key_var])))
    profile = profile_for(store)
    result.links = sum(profile.counts.get(p, 0) for p in profile.relations)
    if not result.by_relation:  # no causal vocabulary: the graph's own relations and nodes
        result.causal = False
        # distinct typed nodes: summing the classes counts a node once per class it has
        # (schema.org's shapes are each an rdfs:Class and a sh:NodeShape)
        if not result.entities:
            typed = ours("stats_typed_nodes")
            result.entities = _int(typed.rows[0].get("entities")) if typed.rows else 0
            result.sparql.append(typed.sparql)
        for iri in profile.relations:
            key = short(URIRef(iri))
            result.by_relation[key] = profile.counts.get(iri, 0)
            result.labels.setdefault(key, local_name(iri))
    return result


def _label_order(label: Term) -> tuple[bool, str]:
    """English (or untagged) labels first, then by text: the same label on every run."""
    return getattr(label, "language", None) not in (None, "en"), str(label)
