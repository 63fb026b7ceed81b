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
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast
from xml.parsers import expat

import pyoxigraph as ox

from graph.errors import DataError, MyographError, UnsupportedFormat
from graph.namespaces import UPLOAD_BASE_IRI, UPLOAD_GRAPH_BASE
from graph.results import Triple
from graph.stores._terms import from_ox
from graph.stores.base import Store

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "LoadReport",
    "detect_format",
    "graph_iri_for",
    "load_bytes",
    "load_file",
    "parse_bytes",
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

Progress = Callable[[int, int], None]
"""Called with (bytes read so far, total bytes of the file on disk)."""
Watch = Callable[[bytes], None]
"""Called with every piece of the file as read, decompressed (b"" at its end)."""


@dataclass(frozen=True)
class LoadReport:
    """What one load did."""

    name: str
    graph: str
    triples: int


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


MAX_JSON_DEPTH = 500
"""JSON-LD nested deeper than this is refused before parsing."""
MAX_XML_DEPTH = 1000
"""RDF/XML nested deeper than this is refused before parsing (Oxigraph's RDF/XML parser takes
time quadratic in the depth, so a small file nested deep enough would hold it for long)."""
_LOCATE_BYTES = 1024**2
"""Locating an error Oxigraph reports without a position re-reads the file byte by byte up
to this many bytes, then in 64 KiB steps (the position is then approximate)."""
MAX_RATIO = 100
"""Past 16 MiB of output, a compressed file may not inflate more than this many times."""
_RATIO_FROM = 16 * 1024**2


class _CappedReader(io.RawIOBase):
    """A byte stream that refuses to yield more than ``limit`` bytes (gzip bombs stop here).

    It also refuses early what only ever serves an attack: a compressed stream inflating
    more than :data:`MAX_RATIO` times, XML entity declarations (entity expansion can turn a
    few hundred bytes into gigabytes; RDF/XML never needs them), and XML nested deeper than
    :data:`MAX_XML_DEPTH`. XML also goes through expat (C, streaming, no entities, nothing
    fetched) as it is read, so a document that is not well-formed XML is refused with
    expat's line and column.
    """

    def __init__(self, inner: IO[bytes], limit: int, name: str,
                 progress: Progress | None, position: Callable[[], int], total: int,
                 *, compressed: bool, xml: bool, json: bool, watch: Watch | None = None) -> None:
        self._inner = inner
        self._watch = watch
        self._limit = limit
        self._name = name
        self._read = 0
        self._progress = progress
        self._position = position
        self._total = total
        self._compressed = compressed
        self._xml = xml
        self._tail = b""
        self._json = json
        self._depth = 0
        self._in_string = False
        self._escaped = False
        self._expat: Any = None
        self._ended = False
        if xml:
            self._expat = expat.ParserCreate()
            self._expat.StartElementHandler = self._xml_start
            self._expat.EndElementHandler = self._xml_end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise DataError(f"{self._name}: larger than the {self._limit / 1024**2:.0f} MiB limit "
                            "once decompressed; nothing was loaded")
        if (self._compressed and self._read > _RATIO_FROM
                and self._read > MAX_RATIO * max(1, self._position())):
            raise DataError(f"{self._name}: inflates more than {MAX_RATIO} times (a "
                            "compression bomb?); nothing was loaded")
        if self._xml:
            window = self._tail + data
            if b"<!ENTITY" in window or b"<!entity" in window:
                raise DataError(f"{self._name}: XML entity declarations are refused "
                                "(they can expand without bound); nothing was loaded")
            self._tail = window[-8:]
            self._check_xml(data)
        if self._json:
            self._check_depth(data)
        if self._watch is not None:
            self._watch(data)
        buffer[: len(data)] = data
        if self._progress is not None:
            self._progress(self._position(), self._total)
        return len(data)


    def _xml_start(self, _name: str, _attributes: object) -> None:
        self._depth += 1
        if self._depth > MAX_XML_DEPTH:
            raise DataError(f"{self._name}: XML nested more than {MAX_XML_DEPTH} levels deep "
                            "is refused; nothing was loaded")

    def _xml_end(self, _name: str) -> None:
        self._depth -= 1

    def _check_xml(self, data: bytes) -> None:
        """Feed expat what was read: depth, and well-formedness with a position."""
        if self._ended:
            return
        self._ended = not data
        try:
            self._expat.Parse(data, not data)
        except expat.ExpatError as error:
            reason = expat.ErrorString(error.code)
            raise DataError(f"{self._name}: not well-formed XML at line {error.lineno} column "
                            f"{error.offset + 1}: {reason}; nothing was loaded") from None

    def _check_depth(self, data: bytes) -> None:
        """Refuse JSON nested deeper than MAX_JSON_DEPTH (it overflows the parser's stack)."""
        depth, in_string, escaped = self._depth, self._in_string, self._escaped
        for byte in data:
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 0x5C:  # backslash
                    escaped = True
                elif byte == 0x22:  # quote
                    in_string = False
            elif byte == 0x22:
                in_string = True
            elif byte in (0x7B, 0x5B):  # { [
                depth += 1
                if depth > MAX_JSON_DEPTH:
                    raise DataError(f"{self._name}: JSON nested more than {MAX_JSON_DEPTH} "
                                    "levels deep is refused; nothing was loaded")
            elif byte in (0x7D, 0x5D):  # } ]
                depth -= 1
        self._depth, self._in_string, self._escaped = depth, in_string, escaped


@contextmanager
def _open(raw: IO[bytes], name: str, gz: bool, max_bytes: int, total: int,
          progress: Progress | None, fmt: Any, watch: Watch | None = None) -> Iterator[IO[bytes]]:
    inner: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
    reader = _CappedReader(inner, max_bytes, name, progress, raw.tell, total, compressed=gz,
                           xml=fmt == ox.RdfFormat.RDF_XML, json=fmt == ox.RdfFormat.JSON_LD,
                           watch=watch)
    yield io.BufferedReader(reader, buffer_size=1 << 20)


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


def _parse(stream: IO[bytes], fmt: Any, name: str, reopen: Reopen | None = None,
           max_triples: int | None = None) -> list[Triple]:
    triples: list[Triple] = []
    try:
        for quad in ox.parse(stream, fmt, base_iri=UPLOAD_BASE_IRI):
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
    return triples


def parse_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES,
                max_triples: int | None = None) -> list[Triple]:
    """Parse a whole file held in memory; quads lose their graph name. Reading stops at
    once past ``max_triples`` (a small compressed file can hold millions).

    >>> len(parse_bytes(b'<urn:a> <urn:b> "c" .', "x.nt"))
    1

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
        return _open(io.BytesIO(data), name, gz, max_bytes, len(data), None, fmt)

    with reopen() as stream:
        return _parse(stream, fmt, name, reopen, max_triples)


def load_bytes(store: Store, data: bytes, name: str, *, graph: str | None = None,
               max_bytes: int = MAX_BYTES) -> LoadReport:
    """Parse ``data`` completely, then add it to ``graph`` (default: one graph per file name)."""
    target = graph or graph_iri_for(name)
    triples = parse_bytes(data, name, max_bytes=max_bytes)
    count = store.add_triples(triples, target)
    return LoadReport(name=name, graph=target, triples=count)


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
               seen: Watch | None = None) -> Iterator[IO[bytes]]:
        """The file, decompressed and capped (called again without progress to locate an
        error)."""
        with path.open("rb") as raw, _open(raw, name, gz, max_bytes, total, report,
                                           fmt, seen) as stream:
            yield stream

    with opened(progress, watch) as stream:
        try:
            native = store.load_file_stream(stream, fmt, target)
        except SyntaxError as error:
            raise _syntax_error(name, error, fmt, opened) from error
        except MemoryError as error:
            raise DataError(f"{name}: a line or value is too long to read ({error}); nothing "
                            "was loaded") from error
        if native is not None:
            return LoadReport(name=name, graph=target, triples=native)
        triples = _parse(stream, fmt, name, opened)
    return LoadReport(name=name, graph=target, triples=store.add_triples(triples, target))
