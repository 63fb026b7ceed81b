"""The prefixes an RDF file declares, as its parser reports them or noted from its bytes.

Oxigraph keeps no prefixes: a loaded graph's ``@prefix`` names would be lost. Where a file
is parsed in Python (:mod:`graph.loading`, or a store parsing a quad format itself),
Oxigraph's parser reports them exactly (:meth:`DeclaredPrefixes.reported`). Where Oxigraph's
bulk loader reads a Turtle or N3 file, a second parse just for its prefixes would read a file
of gigabytes twice, and parsing it in Python on the way to the store costs about a third more
CPU, so the bytes are watched on their way to the loader instead: a line that starts with a
directive (``@prefix``, ``PREFIX``, ``@base``, ``BASE``) is kept, and the lines kept are
parsed as a Turtle document of their own at the end (the watching costs about a millisecond
per MiB). Lines inside a long string (between triple double quotes) are passed over, the
quotes being counted on the way. A directive written after a triple on the same line is not
seen, and one inside a string between triple single quotes would be taken for one;
serialisers write neither. RDF/XML's namespaces are read from the ``xmlns:`` attributes the
reader's XML check sees anyway.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.namespaces import UPLOAD_BASE_IRI

__all__ = ["DeclaredPrefixes"]

_DIRECTIVE = re.compile(
    rb"\n[ \t]*(?:@prefix|@base|[Pp][Rr][Ee][Ff][Ii][Xx]|[Bb][Aa][Ss][Ee])[ \t][^\n]*")
"""A line starting with a Turtle or SPARQL-style directive (anchored on the newline before
it: a third of the time ``^`` in multi-line mode takes)."""
_LINE_MAX = 8192
"""A line longer than this is no directive worth keeping (its end is not waited for)."""
_MOST = 10_000
"""Directive lines kept at most (a file that is all directives gives no more names)."""


class DeclaredPrefixes:
    """What a file declares, gathered while it is read.

    Feed it a Turtle-family file's bytes in order (:meth:`feed`, then ``feed(b"")`` at the
    end) or an XML element's attributes (:meth:`xml_attributes`); :meth:`found` gives the
    prefixes.
    """

    def __init__(self) -> None:
        self._lines: list[bytes] = []
        self._tail = b"\n"
        """The line being read, with the newline before it (the file's first line counts as
        following one)."""
        self._skipping = False
        self._in_string = False
        """Whether the bytes scanned so far leave a long string open."""
        self._xml: dict[str, str] = {}
        self._reported: dict[str, str] | None = None

    def reported(self, prefixes: Mapping[str, str]) -> None:
        """What the file's parser reported: exact, so preferred to what the bytes showed
        (Oxigraph's RDF/XML parser reports none; its ``xmlns:`` attributes count there)."""
        self._reported = dict(prefixes)

    def feed(self, data: bytes) -> None:
        """The next bytes of a Turtle, TriG or N3 file; ``b""`` at its end."""
        if not data:
            self._scan(self._tail)
            self._tail = b""
            return
        if self._skipping:  # the rest of an over-long line: no directive
            newline = data.find(b"\n")
            self._quotes(data if newline < 0 else data[:newline])
            if newline < 0:
                return
            data, self._skipping = data[newline:], False
        text = self._tail + data
        cut = text.rfind(b"\n")
        self._scan(text[:cut])  # the lines this read completed
        self._tail = text[cut:]
        if len(self._tail) > _LINE_MAX:
            self._quotes(self._tail)
            self._tail, self._skipping = b"", True

    def _scan(self, text: bytes) -> None:
        """Keep the directive lines of ``text`` that are not inside a long string."""
        at = 0
        for match in _DIRECTIVE.finditer(text):
            self._quotes(text, at, match.start())
            at = match.start()
            if (not self._in_string and len(match.group()) <= _LINE_MAX
                    and len(self._lines) < _MOST):
                self._lines.append(match.group()[1:])
        self._quotes(text, at)

    def _quotes(self, text: bytes, start: int = 0, end: int | None = None) -> None:
        """Follow the long strings (triple double quotes) opened and closed in
        ``text[start:end]``."""
        if text.count(b'"""', start, len(text) if end is None else end) % 2:
            self._in_string = not self._in_string

    def xml_attributes(self, attributes: Mapping[str, str]) -> None:
        """One XML element's attributes: its ``xmlns:p`` (and ``xmlns``) declarations."""
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                self._xml.setdefault(key[6:], value)

    def found(self) -> dict[str, str]:
        """Prefix name -> namespace IRI ("" names the default prefix); a name declared twice
        keeps its last namespace, as in the file. Lines that are not valid directives after
        all are left out."""
        if self._xml:
            return dict(self._xml)
        if self._reported is not None:
            return dict(self._reported)
        try:
            return _prefixes(self._lines)
        except SyntaxError:
            pass
        found: dict[str, str] = {}
        base: list[bytes] = []
        for line in self._lines:
            try:
                declared = _prefixes([*base, line])
            except SyntaxError:
                continue
            if not declared:  # a base line: later relative namespaces resolve against it
                base = [line]
            found.update(declared)
        return found


def _prefixes(lines: list[bytes]) -> dict[str, str]:
    """The prefixes a document of these directive lines declares (relative namespaces
    resolved against its ``@base`` lines, or the base every load uses)."""
    import pyoxigraph as ox

    parser = ox.parse(b"\n".join(lines), ox.RdfFormat.TURTLE, base_iri=UPLOAD_BASE_IRI)
    for _quad in parser:
        pass
    return dict(parser.prefixes)
