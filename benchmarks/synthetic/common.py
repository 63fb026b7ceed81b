"""What both shapes share: the vocabularies' terms, N-Triples writing with an exact count,
and the random draws (a Zipf law over a pool, a cumulative-weight pick).

Everything is deterministic for a seeded :class:`random.Random`: the same arguments give
byte-identical files.
"""

from __future__ import annotations

import bisect
import gzip
import io
import random
from collections.abc import Sequence
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
"""The repository (the curated graph is in ``data/``)."""

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
MG = "https://w3id.org/myograph/vocab#"
MGE = "https://w3id.org/myograph/entity/"
MGC = "https://w3id.org/myograph/claim/"
MGS = "https://w3id.org/myograph/source/"
HET = "https://het.io/rdf/"

TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
ALT = f"<{SKOS}altLabel>"
DEFINITION = f"<{SKOS}definition>"
IDENTIFIER = f"<{DCT}identifier>"
TITLE = f"<{DCT}title>"
NAME = f"<{SCHEMA}name>"
SCHEMA_ID = f"<{SCHEMA}identifier>"

SEARCH_MISS = "xqzvwrtk plomb"
"""A search that matches nothing, in either shape."""


def lit(text: str, lang: str | None = None) -> str:
    """An N-Triples literal, escaped, with its language tag if any."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


class Sampler:
    """Draws members of a pool: a Zipf law over ranks with probability ``p_zipf``, else uniform.

    Rank 0 is the biggest hub.
    """

    def __init__(self, pool: Sequence[int], exponent: float, p_zipf: float) -> None:
        self.pool = list(pool)
        self.p_zipf = p_zipf
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(self.pool)):
            total += 1.0 / (rank + 1) ** exponent
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> int:
        """One member of the pool."""
        if rng.random() < self.p_zipf:
            i = bisect.bisect_left(self.cum, rng.random() * self.total)
            return self.pool[min(i, len(self.pool) - 1)]
        return self.pool[rng.randrange(len(self.pool))]


def weighted(rng: random.Random, cum: list[float]) -> int:
    """An index drawn in proportion to its weight, given the cumulative weights."""
    return bisect.bisect_left(cum, rng.random() * cum[-1])


def cumulative(weights: Sequence[float]) -> list[float]:
    """The running sums of ``weights``."""
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class Writer:
    """Counts and writes N-Triples lines (the shapes never write a triple twice, so the
    count is exact)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0
        self._buffer: list[str] = []

    def emit(self, s: str, p: str, o: str) -> None:
        """Write one triple (buffered)."""
        self._buffer.append(f"{s} {p} {o} .\n")
        self.count += 1
        if len(self._buffer) >= 4096:
            self.flush()

    def flush(self) -> None:
        """Write what is buffered."""
        self.stream.write("".join(self._buffer))
        self._buffer.clear()


def open_out(out: Path) -> IO[str]:
    """A text stream into a gzip file at ``out``, the same bytes for the same text."""
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.open("wb")
    # mtime=0 and no file name in the header: byte-identical output for a seed
    gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=5, mtime=0)
    return io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
