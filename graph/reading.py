"""The byte stream a file is parsed from: decompressed, capped, checked, its prefixes noted.

Everything :mod:`graph.loading` hands a parser (or a store's bulk loader) comes through
:func:`open_checked`: a gzip bomb, a deeply nested JSON-LD or RDF/XML document and XML entity
declarations are refused as they are read, XML is checked for well-formedness with a position,
and the prefixes a Turtle-family or RDF/XML file declares are noted on the way
(:mod:`graph.declared`).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any
from xml.parsers import expat

import pyoxigraph as ox

from graph.declared import DeclaredPrefixes
from graph.errors import DataError

__all__ = ["MAX_JSON_DEPTH", "MAX_RATIO", "MAX_XML_DEPTH", "Progress", "Watch", "open_checked"]

Progress = Callable[[int, int], None]
"""Called with (bytes read so far, total bytes of the file on disk)."""
Watch = Callable[[bytes], None]
"""Called with every piece of the file as read, decompressed (b"" at its end)."""

MAX_JSON_DEPTH = 500
"""JSON-LD nested deeper than this is refused before parsing."""
MAX_XML_DEPTH = 1000
"""RDF/XML nested deeper than this is refused before parsing (Oxigraph's RDF/XML parser takes
time quadratic in the depth, so a small file nested deep enough would hold it for long)."""
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
                 *, compressed: bool, xml: bool, json: bool,
                 declared: DeclaredPrefixes | None = None, watch: Watch | None = None) -> None:
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
        self._declared = declared
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
        elif self._declared is not None and not self._xml:
            self._declared.feed(data)
        if self._watch is not None:
            self._watch(data)
        buffer[: len(data)] = data
        if self._progress is not None:
            self._progress(self._position(), self._total)
        return len(data)


    def _xml_start(self, _name: str, attributes: dict[str, str]) -> None:
        if self._declared is not None and attributes:
            self._declared.xml_attributes(attributes)
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


_DIRECTIVES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML)
"""Formats whose declarations the reader notes as it goes (:mod:`graph.declared`)."""


@contextmanager
def open_checked(raw: IO[bytes], name: str, gz: bool, max_bytes: int, total: int,
          progress: Progress | None, fmt: Any,
          declared: DeclaredPrefixes | None = None,
          watch: Watch | None = None) -> Iterator[IO[bytes]]:
    """``raw`` decompressed (``gz``), capped at ``max_bytes`` and checked as it is read,
    with ``progress`` told how far it got, ``declared`` noting the file's prefixes and
    ``watch`` seeing every piece read."""
    inner: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
    reader = _CappedReader(inner, max_bytes, name, progress, raw.tell, total, compressed=gz,
                           xml=fmt == ox.RdfFormat.RDF_XML, json=fmt == ox.RdfFormat.JSON_LD,
                           declared=declared if fmt in _DIRECTIVES else None, watch=watch)
    yield io.BufferedReader(reader, buffer_size=1 << 20)
