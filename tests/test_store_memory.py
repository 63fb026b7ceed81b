"""The store contract on the embedded default: rdflib in memory."""

from __future__ import annotations

import threading
from pathlib import Path

from graph import sparql
from graph.loading import load_bytes
from graph.stores import Store, open_store
from tests.store_suite import StoreContract


class TestMemoryStore(StoreContract):
    scheme = "memory"

    def make_store(self, tmp_path: Path) -> Store:
        return open_store("memory")


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return int(stat.read().rpartition(")")[2].split()[1])


def test_query_workers_are_forked_from_one_template_per_data_version() -> None:
    """The dataset is loaded once per version, by a template that forks every worker: a
    million triples take half a minute to unpickle, so one load per worker would not do."""
    store = open_store("memory")
    pool = store._pool  # type: ignore[attr-defined]
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?t }"  # about 0.4 s each
    answers: list[int] = []

    def ask() -> None:
        result = sparql.run(store, slow, timeout=20)
        answers.append(int(result.rows[0]["n"]))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == 3
    assert len(set(answers)) == 1
    template = pool._template
    assert template is not None
    assert template.version == store.version
    assert len(pool._mine) >= 2
    assert {_parent(w.pid) for w in pool._mine} == {template.process.pid}
    load_bytes(store, b"<urn:ex:a> <urn:ex:p> <urn:ex:o> .\n", "more.nt")
    assert sparql.run(store, "ASK { <urn:ex:a> <urn:ex:p> <urn:ex:o> }").boolean
    assert pool._template is not template
    assert pool._template.version == store.version
    assert not template.alive()
    store.close()
    assert pool._template is None
