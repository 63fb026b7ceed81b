"""Crash-safe on disk (issue 8): ``kill -9`` during ``myograph load`` into an Oxigraph store.

An on-disk store holds a small graph; ``myograph --store oxigraph:DIR load big.nt`` (a
million small triples, made here) runs as a separate process and is killed with SIGKILL at
three moments, found by watching how far the process has read the file (``/proc/PID/fdinfo``):
a quarter and three quarters of the way in (the chunks read so far are being written, some
are already in the store) and just after it has read the whole file (the last chunks are
being written). Afterwards the store must open, answer queries and take a
new load, and hold either exactly the old content or the old content plus the whole new file:
never part of the new graph, never a corrupt store. The same holds for a bulk load into the
default graph (``load --default-graph``), which the next opening clears.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph import sparql
from graph.index_build import build_index
from graph.loading import graph_iri_for, load_bytes
from graph.search import index_for, search
from graph.stores import Store, open_store
from graph.stores.base import DEFAULT_GRAPH

TRIPLES = 1_000_000
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SMALL = b"".join(b'<urn:small:s%d> <urn:small:p> "old %d" .\n' % (i, i) for i in range(49)) + (
    f'<urn:small:s49> {LABEL} "small zebra" .\n'.encode())
BIG_LABEL = f'<urn:big:s0> {LABEL} "big zebra" .\n'
"""The big file's one name: the label index must hold it exactly when the store does."""


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "big.nt"
    with path.open("w", encoding="utf-8") as out:
        out.write(BIG_LABEL)
        for start in range(0, TRIPLES, 50_000):
            out.write("".join(f'<urn:big:s{i}> <urn:big:p> "new {i}" .\n'
                              for i in range(start, start + 50_000)))
    return path


def _position(pid: int, target: Path) -> int | None:
    """How far process ``pid`` has read ``target`` (None when it has not opened it)."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") != str(target):
                    continue
                with open(f"/proc/{pid}/fdinfo/{fd}", encoding="utf-8") as info:
                    for line in info:
                        if line.startswith("pos:"):
                            return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        return None
    return None


def _close(store: Store) -> None:
    store.close()
    del store
    gc.collect()


def _index_agrees_with_the_store(store: Store) -> None:
    """The index kept (or made) on reopening holds what a rebuild from the store holds: every
    entity the store names is found by its name, nothing the store no longer holds is."""
    index, rebuilt = index_for(store), build_index(store)
    assert sorted(index.names()) == sorted(rebuilt.names())
    assert index.labels == rebuilt.labels
    for iri, label in rebuilt.labels.items():
        assert iri in {h.iri for h in search(store, label, limit=50)}, label


def _rows(store: Store, text: str) -> list[dict[str, str]]:
    result = sparql.run(store, text, timeout=120, max_rows=1_000_000)
    return [{k: str(v) for k, v in row.items()} for row in result.rows]


@pytest.mark.parametrize("into", ["named graph", "default graph"])
@pytest.mark.parametrize(("moment", "read"), [
    ("a quarter in", 0.25),
    ("three quarters in", 0.75),
    ("after reading the whole file", 1.0),
])
def test_kill_9_during_load_leaves_old_or_old_plus_new(tmp_path: Path, big_file: Path,
                                                       moment: str, read: float,
                                                       into: str) -> None:
    db = tmp_path / "db"
    store = open_store(f"oxigraph:{db}")
    small_graph = load_bytes(store, SMALL, "small.nt").graph
    assert [h.iri for h in search(store, "zebra")] == ["urn:small:s49"]  # indexed, kept on disk
    _close(store)
    size = big_file.stat().st_size
    wanted = int(size * read)

    flags = ["--default-graph"] if into == "default graph" else []
    command = [str(Path(sys.executable).parent / "myograph"), "--store", f"oxigraph:{db}",
               "load", *flags, str(big_file)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        position = _position(process.pid, big_file)
        if position is not None and position >= wanted:
            break
        time.sleep(0.005)
    finished_first = process.poll() is not None
    assert not finished_first or process.returncode == 0, "myograph load failed by itself"
    process.send_signal(signal.SIGKILL)
    process.wait(30)

    store = open_store(f"oxigraph:{db}")  # must open: not corrupt
    try:
        big_graph = graph_iri_for(big_file.name) if into == "named graph" else DEFAULT_GRAPH
        assert set(store.graph_names()) <= {small_graph, big_graph}
        counts = {row["g"]: int(row["n"]) for row in _rows(
            store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
        # every graph's triples are distinct here: the default graph holds what the union
        # holds beyond the named graphs
        union = int(_rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
        counts[DEFAULT_GRAPH] = union - sum(counts.values())
        assert counts.get(small_graph) == 50, counts
        assert counts.get(big_graph, 0) in (0, TRIPLES + 1), (
            f"killed {moment}: a partial graph of {counts.get(big_graph):,} triples")
        old = _rows(store, f"SELECT ?s ?o WHERE {{ GRAPH <{small_graph}> {{ ?s ?p ?o }} }}")
        assert sorted((r["s"], r["o"]) for r in old) == sorted(
            [(f"urn:small:s{i}", f"old {i}") for i in range(49)]
            + [("urn:small:s49", "small zebra")])
        # the label index agrees with the store: the big file's name is found exactly when
        # its graph is there
        found = sorted(h.iri for h in search(store, "zebra"))
        assert found == (["urn:big:s0", "urn:small:s49"] if counts.get(big_graph)
                         else ["urn:small:s49"])
        _index_agrees_with_the_store(store)
        if counts.get(big_graph):
            for i in (0, TRIPLES // 2, TRIPLES - 1):
                assert sparql.run(store, f'ASK {{ <urn:big:s{i}> <urn:big:p> "new {i}" }}'
                                  ).boolean
        # still a working store: it takes a new load and answers
        after = load_bytes(store, b"<urn:after:a> <urn:after:p> <urn:after:o> .\n", "after.nt")
        assert after.triples == 1
        assert sparql.run(store, "ASK { <urn:after:a> <urn:after:p> <urn:after:o> }").boolean
    finally:
        _close(store)
    if finished_first:
        pytest.skip(f"the load finished before the kill ({moment}): nothing was interrupted")


def test_a_load_into_a_store_with_an_index_leaves_one_that_agrees_on_reopening(
        tmp_path: Path) -> None:
    """``myograph load`` into a store whose index is kept updates that index (the names of
    the new file added, the old ones kept) and keeps it beside the store for the next
    process, where it holds what a rebuild would."""
    db = tmp_path / "db"
    store = open_store(f"oxigraph:{db}")
    load_bytes(store, SMALL + b"".join(b'<urn:small:s%d> %s "old thing %d" .\n'
                                       % (i, LABEL.encode(), i) for i in range(10)), "small.nt")
    search(store, "zebra")
    _close(store)
    second = tmp_path / "second.nt"
    second.write_text(BIG_LABEL + f'<urn:small:s49> {LABEL} "striped horse" .\n',
                      encoding="utf-8")
    command = [str(Path(sys.executable).parent / "myograph"), "--store", f"oxigraph:{db}",
               "load", str(second)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    assert (db / "myograph-derived" / "label-index-v4.pickle").is_file()
    store = open_store(f"oxigraph:{db}")
    try:
        assert sorted(h.iri for h in search(store, "zebra")) == ["urn:big:s0", "urn:small:s49"]
        assert [h.iri for h in search(store, "striped horse", limit=1)] == ["urn:small:s49"]
        _index_agrees_with_the_store(store)
    finally:
        _close(store)
