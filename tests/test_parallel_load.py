"""N-Triples reach an Oxigraph store in chunks on every core, as if loaded in one piece."""

from __future__ import annotations

import io
import os
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.errors import DataError
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.sparql import run
from graph.stores import _parallel_load, open_store
from graph.stores.base import DEFAULT_GRAPH, Store

LINES = 3000
"""Lines per test file: with 1 KiB chunks, about a hundred chunks."""


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel_load, "CHUNK_BYTES", 1024)


def _lines(n: int = LINES) -> list[bytes]:
    return [b'<urn:ex:s%d> <urn:ex:p> "value %d" .\n' % (i, i) for i in range(n)]


def _oxigraph(tmp_path: Path) -> Store:
    return open_store(f"oxigraph:{tmp_path / 'db'}")


def _content(store: Store) -> list[tuple[str, ...]]:
    """Every quad as text, but for the curated graph a memory store opens with."""
    return sorted((str(s), str(p), str(o), str(g)) for s, p, o, g in store.quads()
                  if g != DATA_GRAPH)


def _file(tmp_path: Path, name: str, lines: list[bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(lines))
    return path


@pytest.mark.parametrize("graph", [DEFAULT_GRAPH, "urn:ex:g"])
def test_a_chunked_load_holds_what_the_memory_store_parses(tmp_path: Path, graph: str) -> None:
    path = _file(tmp_path, "many.nt", _lines())
    assert path.stat().st_size > 50 * _parallel_load.CHUNK_BYTES
    oxigraph, memory = _oxigraph(tmp_path), open_store("memory")
    assert load_file(oxigraph, path, graph=graph).triples == LINES
    load_file(memory, path, graph=graph)
    assert _content(oxigraph) == _content(memory)


def test_the_count_is_of_distinct_triples_in_a_fresh_store_or_not(tmp_path: Path) -> None:
    path = _file(tmp_path, "twice.nt", [*_lines(), *_lines(10)])  # ten lines twice
    store = _oxigraph(tmp_path)
    assert load_file(store, path, graph="urn:ex:first").triples == LINES
    assert load_file(store, path, graph="urn:ex:second").triples == LINES


def test_a_broken_n_quads_file_leaves_none_of_its_graphs(tmp_path: Path) -> None:
    """N-Quads go to Oxigraph in one call: chunks would each commit their graphs' quads."""
    lines = [b"<urn:ex:s%d> <urn:ex:p> <urn:ex:o> <urn:ex:g%d> .\n" % (i, i % 3)
             for i in range(LINES)]
    store = _oxigraph(tmp_path)
    with pytest.raises(DataError):
        load_file(store, _file(tmp_path, "broken.nq", [*lines, b"<urn:ex:broken> .\n"]),
                  graph=DEFAULT_GRAPH)
    assert store.graph_names() == []
    assert len(_content(store)) == 0
    # a load changes exactly the graph it names: the file's own graph names are not kept
    load_file(store, _file(tmp_path, "many.nq", lines), graph=DEFAULT_GRAPH)
    assert store.graph_names() == []
    assert len(_content(store)) == LINES


def test_a_blank_node_named_in_two_chunks_stays_one_node(tmp_path: Path) -> None:
    lines = _lines()
    lines[1000] = b'_:shared <urn:ex:q> "first" .\n'
    lines[2900] = b'_:shared <urn:ex:q> "second" .\n'
    store = _oxigraph(tmp_path)
    load_file(store, _file(tmp_path, "blank.nt", lines), graph=DEFAULT_GRAPH)
    answer = run(store, "SELECT (COUNT(DISTINCT ?b) AS ?n) (COUNT(*) AS ?m) "
                         "WHERE { ?b <urn:ex:q> ?o }")
    assert [(int(row["n"]), int(row["m"])) for row in answer.rows] == [(1, 2)]
    assert len(_content(store)) == LINES


def _error_line(message: str) -> int:
    found = re.search(r"at line (\d+)", message)
    assert found, message
    return int(found[1])


@pytest.mark.parametrize("blank", [False, True], ids=["chunks", "blank-node tail"])
def test_a_syntax_error_names_the_files_line_and_nothing_stays(tmp_path: Path,
                                                              blank: bool) -> None:
    lines = _lines()
    if blank:
        lines[500] = b'_:b <urn:ex:q> "x" .\n'
    lines[2345] = b"<urn:ex:broken> <urn:ex:p> .\n"
    path = _file(tmp_path, "broken.nt", lines)
    store = _oxigraph(tmp_path)
    with pytest.raises(DataError) as ours:
        load_file(store, path, graph=DEFAULT_GRAPH)
    with pytest.raises(DataError) as whole:
        load_file(open_store("memory"), path)
    assert _error_line(str(ours.value)) == _error_line(str(whole.value)) == 2346
    assert str(ours.value).endswith("nothing was loaded")
    assert _content(store) == []


def test_of_two_broken_lines_the_first_is_reported(tmp_path: Path) -> None:
    lines = _lines()
    lines[2900] = b"<urn:ex:late> .\n"
    lines[40] = b"<urn:ex:early> .\n"
    with pytest.raises(DataError) as caught:
        load_file(_oxigraph(tmp_path), _file(tmp_path, "two.nt", lines), graph=DEFAULT_GRAPH)
    assert _error_line(str(caught.value)) == 41


def _merge_priorities() -> dict[int, int]:
    """The nice value of each of RocksDB's merging threads in this process."""
    found = {}
    for task in Path("/proc/self/task").iterdir():
        with suppress(OSError):  # a thread that ended meanwhile (the loading pool's)
            if (task / "comm").read_text().strip() == _parallel_load.MERGE_THREADS:
                found[int(task.name)] = os.getpriority(os.PRIO_PROCESS, int(task.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="thread priorities: Linux only")
def test_merges_yield_to_the_loading_and_get_their_priority_back(tmp_path: Path) -> None:
    real = ox.Store(str(tmp_path / "db"))
    before = _merge_priorities()
    assert before, "RocksDB's merging threads start with the store"
    seen: list[dict[int, int]] = []

    class Watched:
        def bulk_load(self, *args: Any, **kwargs: Any) -> None:
            seen.append(_merge_priorities())
            real.bulk_load(*args, **kwargs)

    data = io.BytesIO(b"".join(_lines()))
    _parallel_load.load_lines(Watched(), data, ox.RdfFormat.N_TRIPLES,
                              to_graph=ox.DefaultGraph(), base_iri="urn:base:")
    assert len(real) == LINES
    assert len(seen) > 10  # chunks
    lowered = {tid: max(nice, _parallel_load.MERGE_NICE) for tid, nice in before.items()}
    assert all(during == lowered for during in seen), (before, seen[0])
    if os.geteuid() == 0:  # only a privileged process may raise a priority again
        assert _merge_priorities() == before
