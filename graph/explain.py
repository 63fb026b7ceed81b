"""Routes told in plain words: one sentence per step with what it rests on, and a reading.

A route's arrows ("acyclovir → has adverse effect → acute kidney injury → …") are exact but
do not teach. :func:`explain` turns a :class:`~graph.paths.Route` into sentences a student
can read aloud, each step with the strongest evidence behind it (its grade, source and the
source's hedge), says whether the route rests on the lay article alone, and reads the whole
("So acyclovir can raise the chance of muscle spasm, through acute kidney injury."). A
route walked against a link is not a causal chain and is read as what it is.

>>> from graph.paths import find_paths
>>> from graph.stores import open_store
>>> E = "https://w3id.org/myograph/entity/"
>>> route = find_paths(open_store("memory"), E + "baclofen", E + "muscle_spasm").paths[0]
>>> explain(route).reading
'So baclofen can lower muscle spasm, through flexor spasm.'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.evidence import Evidence
from graph.paths import Route

__all__ = ["RANKING", "RANKING_WITHOUT_EVIDENCE", "RouteExplanation", "explain", "rank"]

RANKING = ("Best first: routes whose steps rest on the literature come before those resting "
           "on the lay article; then signed routes, then fewer steps, then routes through "
           "less-connected things (a node linked to almost everything, such as muscle spasm, "
           "says little about this particular question).")
"""How :func:`rank` orders routes, in one sentence (the hub score behind it is in the JSON)."""
RANKING_WITHOUT_EVIDENCE = (
    "Best first: signed routes, then fewer steps, then routes through less-connected things "
    "(a node linked to almost everything says little about this particular question).")
"""The same order told for routes none of whose steps has a source (a foreign graph)."""

_VERBS: dict[str, str] = {
    "causes": "can cause", "contributesTo": "contributes to", "increases": "raises",
    "decreases": "lowers", "prevents": "helps prevent", "treats": "is used to treat",
    "treatedBy": "is often treated with", "hasAdverseEffect": "can have as a side effect",
    "associatedWith": "is linked to", "improves": "improves", "inClass": "is a",
    "broader": "is a kind of",
}
_STRENGTH = {"knowledge_assertion": 3, "statistical_association": 3, "observation": 2,
             "logical_entailment": 2, "prediction": 1, "not_provided": 1}


@dataclass(frozen=True)
class RouteExplanation:
    """A route in words: its steps, what they rest on, and the overall reading."""

    steps: tuple[str, ...]
    reading: str
    basis: str
    """"rests on the lay article alone", "2 of 3 steps rest on the literature", …"""
    literature_steps: int

    def to_json(self) -> dict[str, object]:
        """The shape in ``myograph path --format json`` (each route's ``explanation``)."""
        return {"steps": list(self.steps), "reading": self.reading, "basis": self.basis,
                "literature_steps": self.literature_steps}


def _verb(predicate: str, label: str) -> str:
    name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return _VERBS.get(name, label)


def _best(evidence: tuple[Evidence, ...]) -> Evidence | None:
    supporting = [e for e in evidence if e.stance != "disputes"]
    literature = [e for e in supporting if e.kind == "literature"]
    pool = literature or supporting
    return max(pool, key=lambda e: _STRENGTH.get(e.knowledge_level or "", 0), default=None)


def _rests_on(evidence: tuple[Evidence, ...]) -> str:
    best = _best(evidence)
    if best is None:
        return "no source is recorded for this step"
    if best.kind == "article":
        words = "the lay article only (not clinical evidence)"
    else:
        words = f"{best.grade or 'the literature'}: {best.source}" if best.grade else best.source
    if best.hedge:
        words += f"; the source hedges: {best.hedge}"
    disputed = [e.source for e in evidence if e.stance == "disputes"]
    if disputed:
        words += f"; disputed by {', '.join(disputed)}"
    return words


def explain(route: Route) -> RouteExplanation:
    """The route as sentences, with the strongest evidence of each step and a reading."""
    labels = [n.label for n in route.nodes]
    by_iri = {n.iri: n.label for n in route.nodes}
    steps = []
    literature = 0
    for edge in route.edges:
        subject, obj = by_iri.get(edge.subject, edge.subject), by_iri.get(edge.object, edge.object)
        verb = _verb(edge.predicate, edge.predicate_label)
        kind = " (a class step: it does what its class is said to do)" if edge.step == "class" \
            else ""
        if any(e.from_literature for e in edge.evidence):
            literature += 1
        steps.append(f"{subject} {verb} {obj}{kind} — {_rests_on(edge.evidence)}.")
    source, target = labels[0], labels[-1]
    middle = labels[1:-1]
    through = (", ".join(middle[:-1]) + " and " + middle[-1]) if len(middle) > 1 else \
        "".join(middle)
    via = f", through {through}" if through else ""
    if route.pattern != "chain":
        reading = (f"This is not a chain of causes ({route.pattern}): it does not say that "
                   f"{source} leads to {target}.")
    elif route.sign == "+":
        reading = f"So {source} can raise the chance of {target}{via}."
    elif route.sign == "-":
        reading = f"So {source} can lower {target}{via}."
    else:
        reading = (f"So {source} is linked to {target}{via}, but at least one step gives no "
                   "direction, so the overall effect is not known.")
    basis = _basis(route, literature)
    return RouteExplanation(steps=tuple(steps), reading=reading, basis=basis,
                            literature_steps=literature)


def _basis(route: Route, literature: int) -> str:
    """What the route rests on, in one sentence ("" for a route of no steps)."""
    n = len(route.edges)
    unsourced = sum(1 for e in route.edges if not e.evidence)
    if n == 0:
        return ""
    if unsourced == n:
        return "No source is recorded for any step of this route."
    if literature == 0 and unsourced == 0:
        return "This route rests on the lay article alone."
    words = f"{literature} of {n} step{'s' if n != 1 else ''} rest on the literature"
    if unsourced:
        words += f"; {unsourced} {'has' if unsourced == 1 else 'have'} no source recorded"
    return words + "."


def _article_only_steps(route: Route) -> int:
    return sum(1 for e in route.edges
               if not any(ev.from_literature for ev in e.evidence))


def rank(routes: list[Route]) -> list[Route]:
    """Routes in the order :data:`RANKING` states: fewest steps without literature support,
    signed before unsigned, fewest steps, lowest hub score (ties keep the search's order,
    which is by the IRIs along the routes, so every store agrees)."""
    order = {id(r): n for n, r in enumerate(routes)}
    return sorted(routes, key=lambda r: (_article_only_steps(r), r.sign == "?", r.hops,
                                         round(r.score, 9), order[id(r)]))
