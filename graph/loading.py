"""Reading RDF files: format by suffix, gzip, size caps, and one readable error.

Every file is parsed completely by Oxigraph's parsers (fast, streaming, no network: a
JSON-LD remote ``@context`` is refused, XML external entities are not resolved) before
anything reaches a store, so a file that fails changes nothing.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from graph.declared import DeclaredPrefixes
from graph.errors import DataError, MyographError, UnsupportedFormat
from graph.namespaces import UPLOAD_BASE_IRI, UPLOAD_GRAPH_BASE
from graph.reading import Progress, Watch, open_checked
from graph.results import Triple
from graph.stores._terms import from_ox
from graph.stores.base import Store

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "LoadReport",
    "Parsed",
    "detect_format",
    "graph_iri_for",
    "load_bytes",
    "load_file",
    "parse_bytes",
    "parse_declared",
]

FORMATS: dict[str, Any] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}
"""File suffix -> Oxigraph parser; ``.gz`` may follow any of them."""

MAX_BYTES = 2 * 1024**3
"""Default cap on the decompressed size of one file (2 GiB)."""


@dataclass(frozen=True)
class LoadReport:
    """What one load did."""

    name: str
    graph: str
    triples: int
    prefixes: dict[str, str] = field(default_factory=dict)
    """The prefixes the file declared (kept with the store: :meth:`Store.declare_prefixes`)."""


@dataclass(frozen=True)
class Parsed:
    """A file parsed whole: its triples and the prefixes it declares."""

    triples: list[Triple]
    prefixes: dict[str, str]


def detect_format(name: str) -> tuple[Any, bool]:
    """The parser for a file name, and whether it is gzip-compressed.

    >>> fmt, gz = detect_format("graph.nt.gz")
    >>> fmt.name, gz
    ('N-Triples', True)

    Raises
    ------
    UnsupportedFormat
        For a suffix no parser reads.
    """
    path = Path(name.lower())
    gz = path.suffix == ".gz"
    suffix = Path(path.stem).suffix if gz else path.suffix
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise UnsupportedFormat(f"{name}: cannot tell the RDF format from {suffix or 'no suffix'!r}"
                                f" (known: {known}, each optionally .gz)")
    return FORMATS[suffix], gz


def graph_iri_for(name: str) -> str:
    """The named graph an upload goes to when none is given: one per file name.

    >>> graph_iri_for("my data.ttl")
    'https://w3id.org/myograph/graph/upload/my%20data.ttl'
    """
    from urllib.parse import quote

    return UPLOAD_GRAPH_BASE + quote(Path(name).name)


_LOCATE_BYTES = 1024**2
"""Locating an error Oxigraph reports without a position re-reads the file byte by byte up
to this many bytes, then in 64 KiB steps (the position is then approximate)."""
Reopen = Callable[[], AbstractContextManager[IO[bytes]]]
"""Opens the same file again, decompressed and capped (to locate an error)."""


class _Trickle(io.RawIOBase):
    """Hands a parser a few bytes per read and knows the line and column of the last one."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self.read_bytes = 0
        self.line = 1
        self.column = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        step = 1 if self.read_bytes < _LOCATE_BYTES else 65536
        data = self._inner.read(min(step, len(buffer)))
        self.read_bytes += len(data)
        lines = data.count(b"\n")
        tail = data.rsplit(b"\n", 1)[-1]
        characters = len(tail) - sum(1 for b in tail if 0x80 <= b < 0xC0)
        self.column = characters if lines else self.column + characters
        self.line += lines
        buffer[: len(data)] = data
        return len(data)


def _position(fmt: Any, reopen: Reopen) -> str | None:
    """Where Oxigraph stops on a file, read again a little at a time ("line L column C")."""
    with reopen() as stream:
        trickle = _Trickle(stream)
        try:
            for _quad in ox.parse(cast("IO[bytes]", trickle), fmt,
                                  base_iri=UPLOAD_BASE_IRI):
                pass
        except (SyntaxError, MyographError):
            near = "" if trickle.read_bytes <= _LOCATE_BYTES else "near "
            return f"{near}line {trickle.line} column {max(1, trickle.column)}"
        except (OSError, MemoryError, EOFError):
            return None
    return None


def _syntax_error(name: str, error: Exception, fmt: Any = None,
                  reopen: Reopen | None = None) -> DataError:
    """One line naming the file, where it broke and that nothing was loaded.

    Oxigraph gives a position for most errors; for those it reports without one (JSON-LD
    keywords with the wrong kind of value, RDF/XML's own rules) the file is read again to
    find where the parser stopped.
    """
    where = _position(fmt, reopen) if reopen is not None and "line " not in str(error) \
        else None
    detail = f"{error} (reading stopped at {where})" if where else str(error)
    return DataError(f"{name}: {detail}; nothing was loaded")


def _parse(stream: IO[bytes], fmt: Any, name: str, declared: DeclaredPrefixes,
           reopen: Reopen | None = None, max_triples: int | None = None) -> list[Triple]:
    """Every triple of the file; the prefixes its parser saw declared go to ``declared``."""
    triples: list[Triple] = []
    try:
        parser = ox.parse(stream, fmt, base_iri=UPLOAD_BASE_IRI)
        for quad in parser:
            if max_triples is not None and len(triples) >= max_triples:
                raise DataError(f"{name}: more than {max_triples:,} triples, the most one "
                                "file may hold here; nothing was loaded")
            triples.append((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as error:
        raise _syntax_error(name, error, fmt, reopen) from error
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise DataError(f"{name}: cannot be read ({error}); nothing was loaded") from error
    except MemoryError as error:  # Oxigraph's cap on one line or token
        raise DataError(f"{name}: a line or value is too long to read ({error}); nothing "
                        "was loaded") from error
    declared.reported(parser.prefixes)
    return triples


def parse_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES,
                max_triples: int | None = None) -> list[Triple]:
    """The triples of a whole file held in memory (:func:`parse_declared`'s)."""
    return parse_declared(data, name, max_bytes=max_bytes, max_triples=max_triples).triples


def parse_declared(data: bytes, name: str, *, max_bytes: int = MAX_BYTES,
                   max_triples: int | None = None) -> Parsed:
    """Parse a whole file held in memory; quads lose their graph name. Reading stops at
    once past ``max_triples`` (a small compressed file can hold millions). The prefixes
    are those the file declares (RDF/XML's ``xmlns:`` too).

    >>> parsed = parse_declared(b'@prefix ex: <urn:ex:> . ex:a ex:b "c" .', "x.ttl")
    >>> len(parsed.triples), parsed.prefixes
    (1, {'ex': 'urn:ex:'})

    Raises
    ------
    DataError
        The file does not parse (message names the file, line and column) or is too big.
    UnsupportedFormat
        The name's suffix is not an RDF format.
    """
    fmt, gz = detect_format(name)
    if len(data) > max_bytes:
        raise DataError(f"{name}: larger than the {max_bytes / 1024**2:.0f} MiB limit; "
                        "nothing was loaded")
    def reopen() -> AbstractContextManager[IO[bytes]]:
        return open_checked(io.BytesIO(data), name, gz, max_bytes, len(data), None, fmt)

    declared = DeclaredPrefixes()
    with open_checked(io.BytesIO(data), name, gz, max_bytes, len(data), None, fmt,
                      declared) as stream:
        triples = _parse(stream, fmt, name, declared, reopen, max_triples)
    return Parsed(triples, declared.found())


def load_bytes(store: Store, data: bytes, name: str, *, graph: str | None = None,
               max_bytes: int = MAX_BYTES) -> LoadReport:
    """Parse ``data`` completely, then add it to ``graph`` (default: one graph per file name)."""
    target = graph or graph_iri_for(name)
    parsed = parse_declared(data, name, max_bytes=max_bytes)
    count = store.add_triples(parsed.triples, target)
    store.declare_prefixes(target, parsed.prefixes)
    return LoadReport(name=name, graph=target, triples=count, prefixes=parsed.prefixes)


def load_file(store: Store, path: Path, *, graph: str | None = None,
              max_bytes: int = MAX_BYTES, progress: Progress | None = None,
              watch: Watch | None = None) -> LoadReport:
    """Load one file into ``store``; atomic: on any error the store is as before.

    ``graph`` is a named graph IRI or :data:`~graph.stores.base.DEFAULT_GRAPH`; by default
    each file gets a named graph of its own (:func:`graph_iri_for`). Backends with a native
    bulk loader (Oxigraph) use it; the others get the triples after a complete parse.
    ``watch`` sees the file's bytes as they are read (a :class:`graph.harvest.Harvest`
    reads names and counts from them), once each, on the thread that reads them.

    Raises
    ------
    DataError, UnsupportedFormat
        As for :func:`parse_bytes`, or when the file cannot be opened.
    """
    name = path.name
    fmt, gz = detect_format(name)
    target = graph or graph_iri_for(name)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    total = path.stat().st_size

    @contextmanager
    def opened(report: Progress | None = None,
               declared: DeclaredPrefixes | None = None,
               seen: Watch | None = None) -> Iterator[IO[bytes]]:
        """The file, decompressed and capped (called again without progress to locate an
        error)."""
        with path.open("rb") as raw, open_checked(raw, name, gz, max_bytes, total, report,
                                                  fmt, declared, seen) as stream:
            yield stream

    declared = DeclaredPrefixes()
    with opened(progress, declared, watch) as stream:
        try:
            native = store.load_file_stream(stream, fmt, target, declared=declared)
        except SyntaxError as error:
            raise _syntax_error(name, error, fmt, opened) from error
        except MemoryError as error:
            raise DataError(f"{name}: a line or value is too long to read ({error}); nothing "
                            "was loaded") from error
        count = (store.add_triples(_parse(stream, fmt, name, declared, opened), target)
                 if native is None else native)
    prefixes = declared.found()
    store.declare_prefixes(target, prefixes)
    return LoadReport(name=name, graph=target, triples=count, prefixes=prefixes)
