"""The project's SPARQL, kept as ``.rq`` files with a ``#+`` header.

Each file opens with ``#+ key: value`` lines: ``summary`` (what it returns), ``question``
(the question it answers, in plain words), optionally ``params`` (``name:type`` pairs, types
``iri``, ``iris``, ``string``, ``int``) and ``example`` (its place among the worked examples
of the app's SPARQL view). Below the header is plain SPARQL that runs as it is in any client:
each parameter appears as ``VALUES ?name { … }`` holding an example value (more than once
where a query needs it inside several branches) or, for a list, as ``?name IN (…)`` in a
FILTER (which engines evaluate faster than a join), which :func:`bind` replaces with validated
terms (an empty list binds ``UNDEF``, or ``true`` for an IN list: no restriction), so the
query a student copies runs as shown. Parameters may also share one block,
``VALUES (?node ?relation) { (…) }``: its rows pair their values in order, a parameter given
one value repeating it in every row (an empty list binds ``UNDEF``), so an engine looks each
row up in its index instead of reading every link of a node and joining.

>>> q = get("neighbours")
>>> "node" in q.params
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from rdflib import Literal, URIRef

from graph.errors import MyographError, QueryError
from graph.results import Term

__all__ = ["BoundQuery", "QueryFile", "all_queries", "bind", "examples", "get", "value_rows"]

T = TypeVar("T")

HERE = Path(__file__).resolve().parent
_PARAM_TYPES = {"iri", "iris", "string", "int"}
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')

ParamValue = Term | str | int | Sequence[Term | str]


@dataclass(frozen=True)
class QueryFile:
    """One ``.rq`` file: its header and its SPARQL."""

    name: str
    summary: str
    question: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: int | None = None

    def bind(self, **values: ParamValue) -> BoundQuery:
        """The query with each given parameter's VALUES block replaced (see :func:`bind`)."""
        return bind(self, values)


def _parse(path: Path) -> QueryFile:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#+"):
            key, sep, value = line[2:].partition(":")
            if not sep:
                raise MyographError(f"{path.name}: header line without ':' — {line!r}")
            header[key.strip()] = value.strip()
        else:
            body.append(line)
    for required in ("summary", "question"):
        if not header.get(required):
            raise MyographError(f"{path.name}: the header has no {required!r}")
    params: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in header.get("params", "").split(","))):
        pname, _, ptype = item.partition(":")
        if ptype not in _PARAM_TYPES:
            raise MyographError(f"{path.name}: parameter {pname!r} has unknown type {ptype!r}")
        params[pname] = ptype
    text = "\n".join(body).strip() + "\n"
    in_rows = {name for names in _row_blocks(text) for name in names}
    for pname in params:
        if not (_values_block(pname).search(text) or _in_list(pname).search(text)
                or pname in in_rows):
            raise MyographError(f"{path.name}: parameter {pname!r} has no "
                                f"'VALUES ?{pname} {{…}}' nor '?{pname} IN (…)'")
    for names in _row_blocks(text):
        if not set(names) <= params.keys():
            raise MyographError(f"{path.name}: 'VALUES ({' '.join('?' + n for n in names)})' "
                                "mixes parameters with other variables")
    example = int(header["example"]) if header.get("example") else None
    return QueryFile(name=path.stem, summary=header["summary"], question=header["question"],
                     text=text, params=params, example=example)


@cache
def all_queries() -> dict[str, QueryFile]:
    """Every query file, by name."""
    return {p.stem: _parse(p) for p in sorted(HERE.glob("*.rq"))}


def get(name: str) -> QueryFile:
    """One query file by name.

    Raises
    ------
    QueryError
        When no such file exists.
    """
    try:
        return all_queries()[name]
    except KeyError:
        raise QueryError(f"no query named {name!r}") from None


def examples() -> list[QueryFile]:
    """The worked examples, in their order."""
    found = [q for q in all_queries().values() if q.example is not None]
    return sorted(found, key=lambda q: (q.example or 0, q.name))


def _values_block(name: str) -> re.Pattern[str]:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")


def _in_list(name: str) -> re.Pattern[str]:
    return re.compile(r"\?" + re.escape(name) + r"\s+IN\s*\([^)]*\)")


_ROW_BLOCK = re.compile(r"VALUES\s*\(([?\w\s]+)\)\s*\{[^}]*\}")
"""A VALUES block over several variables, ``VALUES (?a ?b) { (…) }``."""


def _row_blocks(text: str) -> list[tuple[str, ...]]:
    """The variables of each several-variable VALUES block, in order."""
    return [tuple(v.lstrip("?") for v in m.group(1).split()) for m in _ROW_BLOCK.finditer(text)]


def value_rows(columns: Sequence[Sequence[T]], undef: T) -> list[tuple[T, ...]]:
    """The rows of a several-variable VALUES block from each variable's values: paired in
    order, a column of one value repeated in every row, an empty one ``undef`` throughout.

    >>> value_rows([["n"], ["r1", "r2"]], "UNDEF")
    [('n', 'r1'), ('n', 'r2')]
    >>> value_rows([["s1", "s2"], [], ["o1", "o2"]], "UNDEF")
    [('s1', 'UNDEF', 'o1'), ('s2', 'UNDEF', 'o2')]

    Raises
    ------
    QueryError
        When two columns hold different numbers of values (more than one each).
    """
    lengths = {len(c) for c in columns if len(c) > 1}
    if len(lengths) > 1:
        raise QueryError(f"values sharing one VALUES block must pair up: {sorted(lengths)}")
    size = lengths.pop() if lengths else 1
    full = [list(c) * size if len(c) == 1 else list(c) or [undef] * size for c in columns]
    return list(zip(*full, strict=True))


def _bind_rows(text: str, terms: Mapping[str, list[Term]]) -> str:
    """Each several-variable VALUES block whose variables are bound, filled with their terms
    (see :func:`value_rows`)."""
    def fill(match: re.Match[str]) -> str:
        names = [v.lstrip("?") for v in match.group(1).split()]
        if not any(n in terms for n in names):
            return match.group(0)
        missing = [n for n in names if n not in terms]
        if missing:
            raise QueryError(f"parameters {', '.join(names)} share one VALUES block: give "
                             f"{', '.join(missing)} too")
        rows = value_rows([[t.n3() for t in terms[n]] for n in names], "UNDEF")
        listed = " ".join(f"({' '.join(row)})" for row in rows)
        return f"VALUES ({' '.join('?' + n for n in names)}) {{ {listed} }}"

    return _ROW_BLOCK.sub(fill, text)


def _rdf_term(value: Term | str | int, ptype: str, pname: str) -> Term:
    """A parameter value as the validated RDF term it binds."""
    if ptype in ("iri", "iris"):
        iri = str(value)
        if not iri or _BAD_IRI_CHARS.search(iri) or ":" not in iri:
            raise QueryError(f"parameter {pname!r}: not an IRI: {iri!r}")
        return URIRef(iri)
    if ptype == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise QueryError(f"parameter {pname!r}: not a whole number: {value!r}")
        return Literal(value)
    if isinstance(value, Literal):
        return value
    return Literal(str(value))


class BoundQuery(str):
    """The text :func:`bind` makes, which also remembers its query file and the terms bound
    to each parameter: a store that parses queries itself (rdflib) then parses each file
    once and puts the terms into a copy of the parsed query (:func:`graph.sparql.run`)."""

    query: QueryFile
    terms: dict[str, list[Term]]

    def __new__(cls, text: str, query: QueryFile, terms: dict[str, list[Term]]) -> BoundQuery:
        made = super().__new__(cls, text)
        made.query, made.terms = query, terms
        return made


def bind(query: QueryFile, values: Mapping[str, ParamValue]) -> BoundQuery:
    """Replace each parameter's ``VALUES`` block with validated RDF terms.

    A list for an ``iris`` parameter gives several rows; an empty list gives ``UNDEF`` (no
    restriction).

    >>> text = bind(get("entity_evidence"), {"node": ["urn:x:a", "urn:x:b"]})
    >>> "VALUES ?node { <urn:x:a> <urn:x:b> }" in text
    True

    Raises
    ------
    QueryError
        For an unknown parameter or a value of the wrong kind.
    """
    text = query.text
    terms: dict[str, list[Term]] = {}
    for pname, value in values.items():
        ptype = query.params.get(pname)
        if ptype is None:
            raise QueryError(f"query {query.name!r} has no parameter {pname!r}")
        items: Iterable[Term | str | int]
        if isinstance(value, list | tuple):
            if ptype != "iris":
                raise QueryError(f"parameter {pname!r} takes one value")
            items = value
        else:
            items = [value]  # type: ignore[list-item]
        terms[pname] = [_rdf_term(v, ptype, pname) for v in items]
        bound = [t.n3() for t in terms[pname]]
        block = f"VALUES ?{pname} {{ {' '.join(bound) or 'UNDEF'} }}"
        text = _values_block(pname).sub(block.replace("\\", "\\\\"), text)
        listed = f"?{pname} IN ({', '.join(bound)})" if bound else "true"
        text = _in_list(pname).sub(listed.replace("\\", "\\\\"), text)
    return BoundQuery(_bind_rows(text, terms), query, terms)
