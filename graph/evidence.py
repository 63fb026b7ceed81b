"""The claims behind causal links: who says so, of which kind, and in what words.

One :class:`Evidence` shape for every view (the details card, the routes, the CLI), read
from ``link_claims_by_subject.rq`` and ``link_claims_by_object.rq`` (claims behind given
links), ``evidence.rq`` (claims between given entities) or ``entity_evidence.rq`` (claims
touching given entities). Several rows of one claim (a source with two titles, say) count
once; the claims of a link are sorted by kind, source, URL and quote on every store.

>>> from graph.stores import open_store
>>> found, _sparql = claims_touching(open_store("memory"), ["https://w3id.org/myograph/entity/copd"])
>>> [(e.kind, e.knowledge_level) for e in found[("https://w3id.org/myograph/entity/copd",
...                         "https://w3id.org/myograph/vocab#causes",
...                         "https://w3id.org/myograph/entity/hypoxemia")]]
[('literature', 'knowledge_assertion')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import URIRef

from graph import queries
from graph.results import QueryResult, Term, short
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["AGENT_TYPES", "KNOWLEDGE_LEVELS", "ByLink", "Evidence", "claims_behind",
           "claims_between", "claims_touching"]

_MAX_ROWS = 50_000


KNOWLEDGE_LEVELS: dict[str, str] = {
    "knowledge_assertion": "stated as established knowledge",
    "statistical_association": "a statistical association in a study",
    "observation": "observed in patients (a case report or series)",
    "logical_entailment": "follows logically from other statements",
    "prediction": "a prediction, not yet observed",
    "not_provided": "not graded: a lay article, not clinical evidence",
}
"""Biolink's ``knowledge_level`` values (KnowledgeLevelEnum), each in plain words."""

AGENT_TYPES: dict[str, str] = {
    "manual_agent": "read and recorded by a person",
    "automated_agent": "recorded by a program",
    "text_mining_agent": "found by text mining",
    "not_provided": "not stated",
}
"""Biolink's ``agent_type`` values (AgentTypeEnum) that a claim here may carry."""


@dataclass(frozen=True)
class Evidence:
    """One claim behind a link: its source, the source's words, and how strong it is.

    ``quote`` is only ever the source's own words, copied character for character (shown
    in quotation marks); ``summary`` is our paraphrase (never shown as a quotation).
    ``knowledge_level`` and ``agent_type`` are Biolink's association slots; ``hedge`` is the
    source's own qualifier ("may", "rare", "after") that the link must not lose.
    """

    source: str
    kind: str
    """``article`` (the lay seed article) or ``literature``."""
    url: str | None
    """The source's own stable address (DOI, PubMed, DailyMed…)."""
    quote: str
    quote_url: str | None = None
    """Where the quoted words were read (may be a copy of the source)."""
    section: str | None = None
    summary: str | None = None
    knowledge_level: str | None = None
    agent_type: str | None = None
    hedge: str | None = None
    citation: str | None = None
    stance: str | None = None
    """``disputes`` for counter-evidence: the source argues against the link."""

    @property
    def from_literature(self) -> bool:
        """The literature supports the link (counter-evidence does not)."""
        return self.kind == "literature" and self.stance != "disputes"

    @property
    def grade(self) -> str:
        """The knowledge level in plain words ("" when the claim has none)."""
        level = self.knowledge_level or ""
        return KNOWLEDGE_LEVELS.get(level, level.replace("_", " "))

    def one_line(self) -> str:
        """One plain-text line: kind, source, grade, hedge, quote (in marks) or summary."""
        parts = [f"[{self.kind or 'source'}] {self.source}"]
        if self.stance == "disputes":
            parts.insert(0, "[DISPUTES this link]")
        if self.section:
            parts.append(f"({self.section})")
        grade = self.grade
        if self.hedge:
            grade = f"{grade}; hedged: {self.hedge}" if grade else f"hedged: {self.hedge}"
        if grade:
            parts.append(f"[{grade}]")
        text = " ".join(parts)
        if self.quote:
            text += f": “{self.quote}”"
        if self.summary:
            text += f" (summary: {self.summary})"
        return text

    def to_json(self) -> dict[str, str | None]:
        """The shape used in every JSON (documented in the README's evidence section)."""
        return {"source": self.source, "kind": self.kind, "url": self.url,
                "citation": self.citation, "quote": self.quote, "quote_url": self.quote_url,
                "section": self.section, "summary": self.summary,
                "knowledge_level": self.knowledge_level, "agent_type": self.agent_type,
                "hedge": self.hedge, "stance": self.stance}


ByLink = dict[tuple[str, str, str], tuple[Evidence, ...]]
"""Claims keyed by the link (subject, predicate, object) they support."""


def _key(e: Evidence) -> tuple[str, str, str, str]:
    return (e.kind, e.source, e.url or "", e.quote)


def _text(row: Mapping[str, Term], name: str) -> str | None:
    value = row.get(name)
    return str(value) if value is not None else None


def _by_link(result: QueryResult) -> ByLink:
    claims: dict[tuple[tuple[str, str, str], str], list[Evidence]] = defaultdict(list)
    for row in result.rows:
        link = (str(row["subject"]), str(row["predicate"]), str(row["object"]))
        claims[(link, str(row["claim"]))].append(Evidence(
            source=str(row["title"]) if "title" in row else short(row["source"]),
            kind=str(row.get("kind") or ""),
            url=_text(row, "url"),
            quote=str(row.get("quote") or ""),
            quote_url=_text(row, "quoteUrl"), section=_text(row, "section"),
            summary=_text(row, "summary"), knowledge_level=_text(row, "level"),
            agent_type=_text(row, "agent"), hedge=_text(row, "hedge"),
            citation=_text(row, "citation"), stance=_text(row, "stance")))
    found: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for (link, _claim), options in claims.items():
        found[link].add(min(options, key=_key))
    return {link: tuple(sorted(items, key=_key)) for link, items in found.items()}


def claims_behind(store: Store, links: Iterable[tuple[str, str, str]]
                  ) -> tuple[ByLink, list[str]]:
    """Claims behind each of ``links`` (subject, predicate, object); and the SPARQL that ran.

    Each link's claims are read from whichever of its two ends has fewer claims
    (``claim_counts.rq``): a route through a hub, the subject or object of thousands of
    claims, reads the few claims of the link's other end instead.
    """
    wanted = sorted(set(links))
    if not wanted:
        return {}, []
    ends = sorted({s for s, _, _ in wanted} | {o for _, _, o in wanted})
    counted = run(store, queries.get("claim_counts").bind(node=[URIRef(n) for n in ends]),
                  max_rows=_MAX_ROWS, trusted=True)
    as_subject = {str(r["node"]): int(str(r["subjects"])) for r in counted.rows if "node" in r}
    as_object = {str(r["node"]): int(str(r["objects"])) for r in counted.rows if "node" in r}
    sides: dict[str, list[tuple[str, str, str]]] = {"subject": [], "object": []}
    for link in wanted:
        fewer = as_subject.get(link[0], 0) <= as_object.get(link[2], 0)
        sides["subject" if fewer else "object"].append(link)
    params = {"subject": ("subject", "predicate", "linkObject"),
              "object": ("linkSubject", "predicate", "object")}
    found: ByLink = {}
    ran: list[str] = []
    for side, group in sides.items():
        if not group:  # an empty VALUES block would mean every link
            continue
        columns = {param: [URIRef(link[i]) for link in group]
                   for i, param in enumerate(params[side])}
        result = run(store, queries.get(f"link_claims_by_{side}").bind(**columns),
                     max_rows=_MAX_ROWS, trusted=True)
        found.update(_by_link(result))
        ran.append(result.sparql)
    return found, ran


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
