"""Which predicates of a graph carry names, types and links: detected, overridable, kept.

Researchers' graphs use their own vocabularies (``schema:name`` for labels, a
``het:binds`` relation…). A :class:`Profile` says which predicates play which part; search,
neighbours and paths read it. It is detected from the predicates in use
(``profile_predicates.rq``, then which of them link things and which hold values) and can be
overridden by a small JSON or TOML file, which an on-disk store keeps beside its data
(``myograph-profile.json``).

>>> from graph.stores import open_store
>>> p = profile_for(open_store("memory"))
>>> [short_iri(iri) for iri in p.labels]
['rdfs:label', 'skos:prefLabel']
>>> "mg:causes" in [short_iri(r) for r in p.relations]
True
"""

from __future__ import annotations

import json
import tomllib
import weakref
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Literal as TypingLiteral

from rdflib import URIRef

from graph import queries
from graph.errors import DataError
from graph.name_predicates import KNOWN_IDENTIFIERS, KNOWN_LABELS, KNOWN_SYNONYMS, name_like
from graph.namespaces import PREFIXES, WELL_KNOWN
from graph.sparql import run
from graph.stores.base import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    import curies

    from graph.harvest import Harvest

__all__ = ["PROFILE_FILE", "Profile", "clear_override", "detect", "expand", "name_like",
           "profile_for", "save_override", "short_iri"]

PROFILE_FILE = "myograph-profile.json"
"""Name of the override file an on-disk store keeps beside its data."""

_EXTRA_PREFIXES = {p: WELL_KNOWN[p] for p in ("foaf", "oboInOwl", "dc", "wdt")}
"""Prefixes a profile file may use beyond the project's (its lists stay CURIEs of these)."""


@cache
def _converter() -> curies.Converter:
    """CURIE <-> IRI for the prefixes a profile file may use (curies loads on first use)."""
    import curies

    return curies.Converter.from_prefix_map({**PREFIXES, **_EXTRA_PREFIXES})


_RDFS, _SKOS, _SCHEMA = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["schema"]
_DCT, _RDF, _OBO = PREFIXES["dcterms"], PREFIXES["rdf"], _EXTRA_PREFIXES["oboInOwl"]
_TITLES = (_DCT + "title", _EXTRA_PREFIXES["dc"] + "title")
KNOWN_TYPES = [_RDF + "type"]
NOT_RELATIONS = {
    _RDF + "type", _RDF + "subject", _RDF + "predicate", _RDF + "object",
    _RDF + "first", _RDF + "rest", "http://www.w3.org/2002/07/owl#imports",
    _RDFS + "subClassOf", _RDFS + "subPropertyOf", _RDFS + "seeAlso", _RDFS + "isDefinedBy",
    _SKOS + "exactMatch", _SKOS + "closeMatch", _SKOS + "broadMatch", _SKOS + "narrowMatch",
    _SKOS + "relatedMatch", _SKOS + "inScheme", _SKOS + "topConceptOf", _SKOS + "hasTopConcept",
    _SCHEMA + "url", _DCT + "license", _DCT + "source", _DCT + "subject",
    "http://www.w3.org/2002/07/owl#sameAs", PREFIXES["mg"] + "source",
}
"""IRI-valued predicates that are bookkeeping, not links between things: an RDF list's
cells (``rdf:rest`` ends at ``rdf:nil``) and an ontology's imports among them."""

Role = TypingLiteral["labels", "synonyms", "identifiers", "types", "relations"]
ROLES: tuple[Role, ...] = ("labels", "synonyms", "identifiers", "types", "relations")


def expand(name: str) -> str:
    """An IRI for a CURIE (``schema:name``) or an IRI given as is.

    >>> expand("schema:name")
    'https://schema.org/name'

    Raises
    ------
    DataError
        For a CURIE whose prefix is unknown.
    """
    name = name.strip().strip("<>")
    if "://" in name or name.startswith("urn:"):
        return name
    iri = _converter().expand(name)
    if iri is None:
        known = ", ".join(sorted(_converter().prefix_map))
        raise DataError(f"cannot expand {name!r}: unknown prefix (known: {known})")
    return iri


def short_iri(iri: str) -> str:
    """A CURIE for an IRI when a prefix is known, else the IRI."""
    return _converter().compress(iri) or iri


@dataclass
class Profile:
    """Predicate IRIs by the part they play, with how often each is used."""

    labels: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    source: TypingLiteral["detected", "override"] = "detected"

    def name_predicates(self) -> dict[str, TypingLiteral["label", "synonym", "identifier"]]:
        """Every predicate that names a thing, with the kind of name it gives."""
        kinds: dict[str, TypingLiteral["label", "synonym", "identifier"]] = {}
        for iri in self.identifiers:
            kinds[iri] = "identifier"
        for iri in self.synonyms:
            kinds[iri] = "synonym"
        for iri in self.labels:
            kinds[iri] = "label"
        return kinds

    def to_json(self) -> dict[str, object]:
        """A plain dict with CURIEs where a prefix is known."""
        data = asdict(self)
        for role in ROLES:
            data[role] = [short_iri(i) for i in getattr(self, role)]
        data["counts"] = {short_iri(k): v for k, v in self.counts.items()}
        return data

    def table(self) -> str:
        """Readable lines: each role with its predicates and their use counts."""
        lines = [f"profile ({self.source})"]
        for role in ROLES:
            items = getattr(self, role)
            shown = ", ".join(f"{short_iri(i)} ({self.counts.get(i, 0):,})" for i in items[:25])
            more = f", … {len(items) - 25} more" if len(items) > 25 else ""
            lines.append(f"  {role:<12} {shown or '(none)'}{more}")
        return "\n".join(lines)


def detect(store: Store, harvest: Harvest | None = None) -> Profile:
    """Detect the profile from the predicates a store uses.

    One query counts the predicates; two more ask which candidates ever link to an IRI (for
    relations) and which ever hold a literal (for labels). Asking only that, predicate by
    predicate, lets the engine stop at the first match: grouping every object by its kind
    made Oxigraph decode all of them. Given a ``harvest`` that stands for the store
    (:func:`graph.ready.make_ready`), the three answers are read from it instead.
    """
    having: Callable[[str, list[str]], set[str]]
    if harvest is None:
        result = run(store, queries.get("profile_predicates").text, max_rows=100_000,
                     timeout=120, trusted=True)
        counts = {str(row["predicate"]): int(str(row.get("uses", 0))) for row in result.rows}

        def having(query: str, candidates: list[str]) -> set[str]:
            return _having(store, query, candidates, counts)
    else:
        from graph import harvested

        counts = harvested.predicate_uses(harvest)

        def having(query: str, candidates: list[str]) -> set[str]:
            return harvested.having(harvest, query, candidates)
    named = [p for p in counts if name_like(p)]
    with_literals = having("predicates_holding_literals",
                           [*KNOWN_LABELS, *(p for p in named if p not in KNOWN_LABELS)])
    with_iris = having("predicates_linking_iris", [p for p in counts if p not in NOT_RELATIONS])
    labels = [p for p in KNOWN_LABELS if p in with_literals and p not in _TITLES]
    labels = labels or [p for p in _TITLES if p in with_literals]  # titles only as a fallback
    labels = labels or sorted(p for p in named if p in with_literals)
    return Profile(
        labels=labels,
        synonyms=[p for p in KNOWN_SYNONYMS if p in counts],
        identifiers=[p for p in KNOWN_IDENTIFIERS if p in counts],
        types=[p for p in KNOWN_TYPES if p in counts],
        relations=sorted(with_iris, key=lambda p: (-counts[p], p)),
        counts=counts,
    )


def _having(store: Store, query: str, candidates: list[str], counts: dict[str, int]) -> set[str]:
    """The candidates in use for which ``query`` (one of the two EXISTS queries) answers."""
    used = [p for p in candidates if p in counts]
    if not used:  # an empty VALUES list would mean "any predicate"
        return set()
    text = queries.get(query).bind(predicate=[URIRef(p) for p in used])
    rows = run(store, text, max_rows=100_000, timeout=120, trusted=True).rows
    return {str(row["predicate"]) for row in rows}


def _override_path(store: Store) -> Path | None:
    path = getattr(store, "path", None)
    return Path(path) / PROFILE_FILE if isinstance(path, Path) else None


def _read_override(path: Path) -> dict[str, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as error:
        raise DataError(f"{path}: cannot read the profile ({error})") from error
    if not isinstance(data, dict):
        raise DataError(f"{path}: a profile is a table of roles ({', '.join(ROLES)})")
    unknown = sorted(set(data) - set(ROLES) - {"counts", "source"})
    if unknown:
        raise DataError(f"{path}: unknown profile role(s) {unknown}; use {', '.join(ROLES)}")
    parsed: dict[str, list[str]] = {}
    for role in ROLES:
        if role in data:
            values = data[role]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise DataError(f"{path}: {role!r} must be a list of CURIEs or IRIs")
            parsed[role] = [expand(v) for v in values]
    return parsed


_MEMORY_OVERRIDES: weakref.WeakKeyDictionary[Store, dict[str, list[str]]] = (
    weakref.WeakKeyDictionary())


def save_override(store: Store, file: Path) -> Profile:
    """Read a JSON or TOML override and keep it with the store; return the new profile.

    Roles not in the file keep their detected values.
    """
    override = _read_override(file)
    target = _override_path(store)
    if target is not None:
        target.write_text(json.dumps(override, indent=2), encoding="utf-8")
    else:
        _MEMORY_OVERRIDES[store] = override
    store.mark_changed()
    return profile_for(store)


def clear_override(store: Store) -> Profile:
    """Forget any override; the profile is detected again."""
    target = _override_path(store)
    if target is not None and target.exists():
        target.unlink()
    _MEMORY_OVERRIDES.pop(store, None)
    store.mark_changed()
    return profile_for(store)


def profile_for(store: Store, harvest: Harvest | None = None) -> Profile:
    """The store's profile: detected (from ``harvest`` when given, see :func:`detect`), with
    its override applied; kept per data version."""
    return store.derived("profile", lambda: _with_override(store, detect(store, harvest)))


def _with_override(store: Store, profile: Profile) -> Profile:
    path = _override_path(store)
    override = (_read_override(path) if path is not None and path.exists()
                else _MEMORY_OVERRIDES.get(store))
    if override:
        for role, values in override.items():
            setattr(profile, role, values)
        profile.source = "override"
    return profile
