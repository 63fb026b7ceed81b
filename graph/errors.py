"""One family of errors for the whole library.

Interfaces map these to their medium in exactly one place each: the CLI to an exit
code and one line on stderr, the endpoint to an HTTP status, the app to ``st.error``.
Every class subclasses :class:`MyographError` (an :class:`Exception`), so ``except
MyographError`` catches exactly what the library raises on purpose.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousEntity",
    "DataError",
    "MyographError",
    "NoPath",
    "NodeNotFound",
    "QueryError",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "QueryTooLarge",
    "StoreError",
    "UnsupportedFormat",
    "UnwritableAnswer",
    "UpdateRefused",
]


class MyographError(Exception):
    """Root of every error the library raises on purpose."""


class StoreError(MyographError):
    """A store cannot be opened, reached or written (unknown store name, bad path, remote down)."""


class DataError(MyographError):
    """RDF input cannot be parsed or is too large; nothing was added to the store."""


class UnsupportedFormat(MyographError):
    """A file suffix or an output format that no parser or serializer handles."""


class QueryError(MyographError):
    """A SPARQL query failed while running."""


class QuerySyntaxError(QueryError):
    """A SPARQL query does not parse; the message points at line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class UnwritableAnswer(QueryError):
    """An answer holds a value the asked-for format cannot carry (a lone surrogate anywhere,
    an IRI with spaces or angle brackets in Turtle, N-Triples or TSV); nothing was sent."""


class QueryRefused(QueryError):
    """A query asks for something the product never does (update, SERVICE, LOAD, unknown FROM)."""


class UpdateRefused(QueryRefused):
    """An update (INSERT, DELETE, CLEAR, DROP…) sent to a read-only interface; nothing changed."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class QueryTooLarge(QueryRefused):
    """A query needed more memory than one query may use; its worker was stopped."""


class NodeNotFound(MyographError):
    """A name (label, synonym, CURIE or IRI) matches no entity."""


class AmbiguousEntity(MyographError):
    """A name matches several entities equally well; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates


class NoPath(MyographError):
    """No route joins the source to the target within the limits given."""
