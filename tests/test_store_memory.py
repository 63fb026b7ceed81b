"""The store contract on the embedded default: rdflib in memory."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import graph.search
from graph import sparql
from graph.loading import load_bytes
from graph.search import LabelIndex, index_for
from graph.stores import Store, open_store
from graph.stores._derived import CACHE_ENV
from graph.stores.memory import MemoryStore
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
    assert isinstance(store, MemoryStore)
    pool = store._pool
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
    renewed = pool._template
    assert renewed is not template
    assert renewed is not None
    assert renewed.version == store.version
    assert not template.alive()
    store.close()
    assert pool._template is None


def test_derived_values_of_a_data_file_are_kept_for_the_next_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    data = tmp_path / "small.ttl"
    data.write_text('<urn:ex:a> <http://www.w3.org/2000/01/rdf-schema#label> "alpha" .\n',
                    encoding="utf-8")
    first = open_store(f"memory:{data}")
    assert "urn:ex:a" in index_for(first).labels
    kept = list((tmp_path / "cache" / "memory").glob("*/label-index-*.pickle"))
    assert len(kept) == 1

    def refuse(store: Store) -> LabelIndex:
        raise AssertionError("rebuilt instead of read from the cache")

    with monkeypatch.context() as patch:
        # a new store over the same bytes reads the index back instead of building it
        patch.setattr(graph.search, "build_index", refuse)
        assert "urn:ex:a" in index_for(open_store(f"memory:{data}")).labels
    # once the data changes, nothing kept for the file is read or overwritten
    changed = open_store(f"memory:{data}")
    load_bytes(changed, b'<urn:ex:b> <http://www.w3.org/2000/01/rdf-schema#label> "beta" .\n',
               "more.nt")
    assert "urn:ex:b" in index_for(changed).labels
    assert list((tmp_path / "cache" / "memory").glob("*/label-index-*.pickle")) == kept
    # other bytes, another folder; a damaged file is rebuilt, not trusted
    kept[0].write_bytes(b"not a pickle")
    assert "urn:ex:a" in index_for(open_store(f"memory:{data}")).labels
    data.write_text('<urn:ex:c> <http://www.w3.org/2000/01/rdf-schema#label> "gamma" .\n',
                    encoding="utf-8")
    assert "urn:ex:c" in index_for(open_store(f"memory:{data}")).labels
    assert len(list((tmp_path / "cache" / "memory").iterdir())) == 2


def test_the_cache_can_be_turned_off_and_is_never_read_from_a_shared_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "small.ttl"
    data.write_text('<urn:ex:a> <http://www.w3.org/2000/01/rdf-schema#label> "alpha" .\n',
                    encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, "")
    index_for(open_store(f"memory:{data}"))
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # writable by others: a pickle there could be anyone's
    monkeypatch.setenv(CACHE_ENV, str(shared))
    index_for(open_store(f"memory:{data}"))
    assert not any(tmp_path.rglob("*.pickle"))


def test_the_cache_keeps_only_the_most_recent_folders(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.stores import _derived

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    data = tmp_path / "small.ttl"
    for n in range(_derived._KEEP_FOLDERS + 3):  # each edit of the file makes a folder
        data.write_text(f'<urn:ex:a> <http://www.w3.org/2000/01/rdf-schema#label> "v{n}" .\n',
                        encoding="utf-8")
        index_for(open_store(f"memory:{data}"))
    folders = list((tmp_path / "cache" / "memory").iterdir())
    assert len(folders) == _derived._KEEP_FOLDERS
    latest = _derived.cache_dir_for(data)
    assert latest in folders
