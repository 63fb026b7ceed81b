"""What a query gives back, and how it is written out.

One :class:`QueryResult` shape for every store; the W3C serializations are rdflib's
own serializers (nothing hand-written), and :func:`table` is the readable text form.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from graph.errors import UnsupportedFormat, UnwritableAnswer

if TYPE_CHECKING:
    import pandas as pd
from graph.namespaces import PREFIXES, curie, derived_prefixes, local_name

__all__ = [
    "GRAPH_FORMATS",
    "MEDIA_TYPES",
    "TABULAR_FORMATS",
    "XSD_STRING",
    "QueryForm",
    "QueryResult",
    "Term",
    "Triple",
    "full_iri",
    "local_name",
    "nt_term",
    "short",
]

Term: TypeAlias = URIRef | Literal | BNode
Triple: TypeAlias = tuple[Term, Term, Term]
QueryForm: TypeAlias = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

TABULAR_FORMATS: dict[str, str] = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                                   "csv-spreadsheet": "csv", "tsv-spreadsheet": "tsv"}
"""Our format name -> result format for SELECT and ASK. ``csv`` and ``tsv`` are SPARQL 1.1's,
every value unchanged; the ``-spreadsheet`` variants are the same with formula-like values
defused for spreadsheets (a spreadsheet reads a TSV cell's quotes away and runs ``=…``)."""
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
"""Our format name -> rdflib graph serializer, for CONSTRUCT and DESCRIBE."""
MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "csv-spreadsheet": "text/csv",
    "tsv": "text/tab-separated-values",
    "tsv-spreadsheet": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "table": "text/plain",
}

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
"""The datatype of a plain literal (RDF 1.1): a literal typed so is written plain."""
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                              "\t": "\\t"})


_NOT_AN_IRI = "does not look like a valid URI"
"""How rdflib says an IRI holds characters N-Triples and Turtle cannot write."""


def _writable(write: Callable[[], str], fmt: str) -> str:
    """The text ``write`` makes, checked to be sendable: a value the format cannot carry
    is :class:`UnwritableAnswer` (an error for the query's author), never a crash."""
    try:
        body = write()
        body.encode("utf-8")
    except UnicodeEncodeError as error:
        raise UnwritableAnswer(
            f"the answer holds text that cannot be written as UTF-8 ({error.reason}: a lone "
            "surrogate, such as \\uD800 in the query?)") from error
    except Exception as error:  # rdflib raises a bare Exception for an unwritable IRI
        if _NOT_AN_IRI not in str(error):
            raise
        iri = str(error).split('"')[1] if str(error).count('"') >= 2 else ""
        raise UnwritableAnswer(
            f"the answer holds the IRI <{iri[:200]}>, which {fmt} cannot write (it holds a "
            "space or one of < > \" { } | ^ `): ask for JSON or XML, or build the IRI with "
            "ENCODE_FOR_URI") from error
    return body


def json_term(term: Term) -> dict[str, str]:
    """A term as SPARQL results JSON writes it (a literal's ``datatype`` and ``xml:lang``
    only when it has them, as rdflib's writer does)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.datatype is not None:
        out["datatype"] = str(term.datatype)
    if term.language is not None:
        out["xml:lang"] = term.language
    return out


def nt_term(term: Term) -> str:
    """A term as N-Triples, N-Quads and SPARQL TSV write it: ``<iri>``, ``_:label``, or a
    literal on one line (rdflib's ``n3()`` may write Turtle's long strings or bare numbers).

    >>> nt_term(Literal("two\\nlines", lang="en"))
    '"two\\\\nlines"@en'
    """
    if not isinstance(term, Literal):
        return term.n3()
    text = f'"{str(term).translate(_TSV_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and str(term.datatype) != XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


def _python(term: Term | None) -> object:
    """A term as a DataFrame cell (see :meth:`QueryResult.to_dataframe`)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def short(term: Term | None, prefixes: Iterable[tuple[str, str]] = PREFIXES.items()) -> str:
    """Write a term compactly: a CURIE for known namespaces, the lexical form for literals.

    >>> short(URIRef("https://w3id.org/myograph/entity/muscle_spasm"))
    'mge:muscle_spasm'
    >>> short(Literal("cramp", lang="en"))
    'cramp'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term), prefixes) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def full_iri(name: str) -> str:
    """The IRI behind what :func:`short` wrote for an IRI ("" stays ""): the one shape of
    every ``type`` in the JSON the CLI, endpoint helpers and Python API give.

    >>> full_iri("mg:Symptom"), full_iri("<https://het.example.org/Gene>")
    ('https://w3id.org/myograph/vocab#Symptom', 'https://het.example.org/Gene')
    """
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, colon, rest = name.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + rest
    return name


@dataclass
class QueryResult:
    """The answer to one query, whatever the store.

    ``rows`` hold one dict per solution (unbound variables absent); ``triples`` hold
    the graph of a CONSTRUCT or DESCRIBE; ``truncated`` says the row cap cut the answer.
    """

    form: QueryForm
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False
    elapsed_ms: float = 0.0
    sparql: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    """The prefixes the store's graphs declared (:func:`graph.prefixes.graph_prefixes`):
    its table and RDF name IRIs with them, beside the project's."""

    @property
    def is_graph(self) -> bool:
        """True for CONSTRUCT and DESCRIBE answers."""
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        if self.form == "ASK":
            return 1
        return len(self.triples) if self.is_graph else len(self.rows)

    def values(self, variable: str) -> Iterator[Term]:
        """Yield the bound values of one variable, in row order."""
        for row in self.rows:
            if variable in row:
                yield row[variable]

    def to_graph(self) -> Graph:
        """The triples of a graph answer as an rdflib Graph with our prefixes bound, those
        the graph declared, and names for its other namespaces (never ``ns1:``)."""
        g = Graph()
        known = {**PREFIXES, **self.prefixes}
        iris = (str(t) for triple in self.triples for t in triple if isinstance(t, URIRef))
        for prefix, ns in {**known, **derived_prefixes(iris, known=known)}.items():
            g.bind(prefix, ns)
        for triple in self.triples:
            g.add(triple)
        return g

    def to_dataframe(self) -> pd.DataFrame:
        """The answer as a pandas DataFrame: a column per variable (SELECT), ``subject``,
        ``predicate``, ``object`` (CONSTRUCT, DESCRIBE) or ``boolean`` (ASK).

        IRIs become strings, blank nodes ``_:label``, literals their Python value
        (``xsd:integer`` an int, ``xsd:date`` a date…; a literal whose value Python cannot
        hold keeps its text); an unbound variable is None. The frame's ``attrs`` keep the
        ``sparql`` that ran and ``truncated``.

        >>> QueryResult(form="SELECT", variables=["n"], rows=[{"n": Literal(3)}]).to_dataframe()
           n
        0  3
        """
        import pandas as pd

        if self.form == "ASK":
            frame = pd.DataFrame({"boolean": [bool(self.boolean)]})
        elif self.is_graph:
            frame = pd.DataFrame([[_python(t) for t in triple] for triple in self.triples],
                                 columns=["subject", "predicate", "object"])
        else:
            frame = pd.DataFrame([[_python(row.get(v)) for v in self.variables]
                                  for row in self.rows], columns=self.variables)
        frame.attrs.update(sparql=self.sparql, truncated=self.truncated)
        return frame

    def formats(self) -> list[str]:
        """Names of the formats this answer can be written in."""
        if self.is_graph:
            names = list(GRAPH_FORMATS)
        elif self.form == "ASK":
            names = ["json", "xml"]  # SPARQL has no CSV/TSV form for a yes/no answer
        else:
            names = list(TABULAR_FORMATS)
        return [*names, "table"]

    def serialize(self, fmt: str) -> str:
        """Write the answer in a W3C format (or ``table``).

        Raises
        ------
        UnsupportedFormat
            When the format does not fit the query form (e.g. ``csv`` for CONSTRUCT).
        """
        if fmt == "table":
            return self.table()
        if self.is_graph:
            if fmt not in GRAPH_FORMATS:
                raise UnsupportedFormat(
                    f"format {fmt!r} does not fit a {self.form} answer; "
                    f"use one of {', '.join(self.formats())}"
                )
            return _writable(lambda: self.to_graph().serialize(format=GRAPH_FORMATS[fmt]), fmt)
        if fmt not in TABULAR_FORMATS:
            raise UnsupportedFormat(
                f"format {fmt!r} does not fit a {self.form} answer; "
                f"use one of {', '.join(self.formats())}"
            )
        if self.form == "ASK" and fmt in ("csv", "tsv", "csv-spreadsheet", "tsv-spreadsheet"):
            raise UnsupportedFormat(f"format {fmt!r} does not fit an ASK answer; use json or xml")
        return _writable(lambda: self._tabular(fmt), fmt)

    def _tabular(self, fmt: str) -> str:
        if fmt == "json":
            return self._json()
        if fmt in ("csv", "csv-spreadsheet") and self.form == "SELECT":
            return self._csv(spreadsheet=fmt == "csv-spreadsheet")
        if fmt in ("tsv", "tsv-spreadsheet") and self.form == "SELECT":
            return self._tsv(spreadsheet=fmt == "tsv-spreadsheet")
        result = Result(self.form)
        if self.form == "ASK":
            result.askAnswer = bool(self.boolean)
        else:
            result.vars = [Variable(v) for v in self.variables]
            result.bindings = [{Variable(k): v for k, v in row.items()} for row in self.rows]
        out = result.serialize(format=TABULAR_FORMATS[fmt])
        return out.decode("utf-8") if isinstance(out, bytes) else str(out)

    def _json(self) -> str:
        """SPARQL 1.1 Query Results JSON, written here from the terms as rdflib writes it
        (an endpoint's most asked-for format: rdflib's writer took most of its time).

        >>> QueryResult(form="SELECT", variables=["x"], rows=[{"x": Literal("a", lang="en")}],
        ...             )._json()
        '{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", \
"value": "a", "xml:lang": "en"}}]}}'
        """
        if self.form == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        return json.dumps({"head": {"vars": self.variables},
                           "results": {"bindings": self._bindings()}}, ensure_ascii=False)

    def _bindings(self) -> list[dict[str, Any]]:
        """The rows as SPARQL results JSON's ``bindings``."""
        return [{name: json_term(term) for name, term in row.items()} for row in self.rows]

    def _csv(self, *, spreadsheet: bool) -> str:
        """SPARQL 1.1 CSV (RFC 4180, values unchanged, blank nodes as ``_:label``).

        With ``spreadsheet``, a cell a spreadsheet would run as a formula (starting with
        ``= + - @``, a tab or a carriage return) gets a leading apostrophe: safe to open, but
        no longer the exact value, so it is a named option and never the default.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.rows:
            cells = []
            for var in self.variables:
                term = row.get(var)
                text = "" if term is None else f"_:{term}" if isinstance(term, BNode) else str(term)
                if spreadsheet and text.startswith(_CSV_FORMULA_START):
                    text = "'" + text
                cells.append(text)
            writer.writerow(cells)
        return buffer.getvalue()

    def _tsv(self, *, spreadsheet: bool = False) -> str:
        """SPARQL 1.1 TSV: a ``?var`` header, then terms in Turtle syntax, each on one line
        (tabs and line breaks inside a literal escaped, never written as long strings).

        With ``spreadsheet``, a literal whose value a spreadsheet would run as a formula gets
        a leading apostrophe inside its quotes, as the spreadsheet CSV does.
        """
        def cell(term: Term) -> str:
            if spreadsheet and isinstance(term, Literal) and str(term).startswith(
                    _CSV_FORMULA_START):
                term = Literal("'" + str(term), lang=term.language, datatype=term.datatype)
            return nt_term(term)

        lines = ["\t".join(f"?{v}" for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join(cell(row[v]) if v in row else "" for v in self.variables))
        return "\n".join(lines) + "\n"

    def table(self) -> str:
        """A plain-text table a person can read in a terminal."""
        if self.form == "ASK":
            return "yes" if self.boolean else "no"
        names = [*PREFIXES.items(), *self.prefixes.items()]
        if self.is_graph:
            header = ["subject", "predicate", "object"]
            body = [[short(t, names) for t in triple] for triple in self.triples]
        else:
            header = list(self.variables)
            body = [[short(row.get(v), names) for v in header] for row in self.rows]
        widths = [len(h) for h in header]
        for line in body:
            widths = [max(w, min(len(c), 60)) for w, c in zip(widths, line, strict=True)]
        def fmt(cells: list[str]) -> str:
            clipped = (c if len(c) <= 60 else c[:59] + "…" for c in cells)
            return "  ".join(c.ljust(w) for c, w in zip(clipped, widths, strict=True)).rstrip()
        lines = [fmt(header), "  ".join("-" * w for w in widths)]
        lines += [fmt(line) for line in body]
        count = len(body)
        note = f"{count} row{'s' if count != 1 else ''}"
        if self.truncated:
            note += " (cut at the row limit; raise --limit to see more)"
        lines.append(note)
        return "\n".join(lines)
