"""The Streamlit app's logic, headless (streamlit.testing.v1.AppTest: no browser, no JS)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.errors import DataError
from graph.search import search
from graph.sparql import run
from graph.stores import open_store
from myograph_app.store import SessionGraph

SPASM = "https://w3id.org/myograph/entity/muscle_spasm"
APP = Path(__file__).resolve().parents[1] / "app.py"
HOSTILE = "<img src=x onerror=alert(1)>"


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(("view", "title"), [("explore", "Explore"), ("trace", "Trace"),
                                        ("sparql", "SPARQL"), ("data", "Data")])
def test_each_view_renders(view, title):
    at = _app(view=view)
    assert [t.value for t in at.title] == [title]
    assert "For learning and research, not medical advice." in _text(at)


def test_share_link_opens_explore_on_a_node():
    at = _app(view="explore", node="HP:0003394")
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"
    assert at.query_params["node"] in ("mge:muscle_spasm", ["mge:muscle_spasm"])


def test_unknown_node_is_a_message_not_a_crash():
    at = _app(view="explore", node="no such thing at all")
    assert "no entity matches" in _text(at)


def test_search_cramp_selects_muscle_spasm():
    at = _app(view="explore", node="acyclovir")
    at.text_input(key="explore_search").input("cramp").run()
    assert not at.exception
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"


def test_explore_card_shows_evidence_and_identifiers():
    at = _app(view="explore", node="muscle spasm")
    text = _text(at)
    assert "[HP\\:0003394](http://purl.obolibrary.org/obo/HP_0003394)" in text
    assert ":blue-badge[article]" in text
    assert any("SPARQL" in e.label for e in at.expander)


def test_trace_acyclovir_to_spasm_follows_the_sources():
    # The sources link acyclovir to acute kidney injury but nothing links kidney injury on
    # to electrolytes or spasm (data/README.md), so the directed routes run through
    # "electrolyte handling" (the article's words); the kidney shows with undirected=1 below.
    at = _app(view="trace", source="acyclovir", target="muscle spasm")
    text = _text(at)
    assert "Route 1" in text
    assert "electrolyte handling" in text


def test_trace_share_link_with_undirected_reaches_the_kidney():
    at = _app(view="trace", source="acyclovir", target="muscle spasm", undirected="1")
    assert at.session_state["trace_undirected"] is True
    assert "acute kidney injury" in _text(at)


def test_trace_ready_made_questions():
    at = _app(view="trace")
    at.selectbox(key="trace_question").select(
        "Why do people with COPD get muscle twitches?").run()
    assert not at.exception
    assert at.query_params["source"] in ("COPD", ["COPD"])
    assert "muscle twitch" in _text(at)
    at.selectbox(key="trace_question").select("What reduces spasm frequency?").run()
    assert not at.exception
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) > 0


def test_trace_avoid_changes_the_routes():
    at = _app(view="trace", source="acyclovir", target="muscle spasm", avoid="acute kidney injury")
    assert not at.exception
    assert "avoiding acute kidney injury" in _text(at)


def test_sparql_example_runs():
    at = _app(view="sparql", example="stats_by_class")
    assert not at.error
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) > 3


def test_sparql_query_param_and_bad_query():
    at = _app(view="sparql", query="ASK { mge:muscle_spasm a mg:Symptom }")
    assert any(s.value == "Yes" for s in at.success)
    at.text_area(key="sparql_text").input("SELECT ?x WHERE { ?x ").run()
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert "syntax error at line 1" in at.error[0].value
    at.text_area(key="sparql_text").input("DELETE WHERE { ?s ?p ?o }").run()
    at.button(key="sparql_run").click().run()
    assert "updates are refused" in at.error[0].value


def test_there_are_at_least_ten_worked_examples():
    from graph.queries import examples

    assert len(examples()) >= 10
    at = _app(view="sparql")
    assert len(at.selectbox(key="sparql_example").options) >= 10


# ----------------------------------------------------------------- per-session uploads


@pytest.fixture(scope="module")
def shared():
    return open_store("memory")


TTL = f"""@prefix mg: <https://w3id.org/myograph/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:zebra> a mg:Symptom ; rdfs:label "{HOSTILE} zebrafish cramp" ;
    mg:causes <https://w3id.org/myograph/entity/muscle_spasm> .
""".encode()


def test_upload_goes_to_a_private_store_not_the_shared_one(shared):
    before = shared.version
    alice, bob = SessionGraph(shared=shared), SessionGraph(shared=shared)
    upload = alice.add("mine.ttl", TTL)
    assert upload.triples == 3
    assert alice.store() is not shared
    assert bob.store() is shared
    assert shared.version == before
    assert [h.iri for h in search(alice.store(), "zebrafish")] == ["urn:test:zebra"]
    assert search(bob.store(), "zebrafish") == []
    assert search(shared, "zebrafish") == []
    # the curated graph is still there, beside the upload
    assert run(alice.store(), "ASK { mge:muscle_spasm a mg:Symptom }").boolean
    assert upload.graph in alice.store().graph_names()


def test_bad_upload_names_file_line_column_and_changes_nothing(shared):
    session = SessionGraph(shared=shared)
    session.add("good.ttl", TTL)
    version = session.store().version
    with pytest.raises(DataError) as info:
        session.add("bad.ttl", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n")
    message = str(info.value)
    assert "bad.ttl" in message
    assert "line" in message.lower()
    assert "column" in message.lower()
    assert list(session.uploads) == ["good.ttl"]
    assert session.store().version == version


def test_gzip_upload_validation_and_remove(shared):
    session = SessionGraph(shared=shared)
    upload = session.add("mine.ttl.gz", gzip.compress(TTL))
    assert upload.report is not None  # SHACL ran
    session.remove("mine.ttl.gz")
    assert session.uploads == {}
    assert session.store() is shared


def test_foreign_shared_store_keeps_uploads_alongside(tmp_path):
    oxi = open_store(f"oxigraph:{tmp_path / 'ox'}")
    session = SessionGraph(shared=oxi)
    session.add("mine.ttl", TTL)
    assert session.store() is not oxi
    assert search(session.store(), "zebrafish")[0].iri == "urn:test:zebra"
    session.use_uploads_only = False
    assert session.store() is oxi
    assert run(oxi, "ASK { <urn:test:zebra> ?p ?o }").boolean is False


def test_data_view_shows_how_the_graph_is_read():
    at = _app(view="data")
    frames = [df.value for df in at.dataframe]
    profiles = [f for f in frames if "role" in f.columns]
    assert profiles, "the Data view shows the profile table"
    table = dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))
    assert table["labels"].startswith("rdfs:label")
    assert "mg:causes" in table["relations"]


def _foreign_store(tmp_path, monkeypatch):
    from graph.loading import load_file
    from tests.foreign_graph import write_foreign_graph

    db = tmp_path / "het"
    store = open_store(f"oxigraph:{db}")
    load_file(store, write_foreign_graph(tmp_path / "het.nt"))
    store.close()
    monkeypatch.setenv("MYOGRAPH_STORE", f"oxigraph:{db}")


def test_the_app_on_a_foreign_oxigraph_store(tmp_path, monkeypatch):
    _foreign_store(tmp_path, monkeypatch)
    at = _app(view="explore", node="Simvastatin")
    assert [h.value for h in at.subheader] == ["Simvastatin"]
    text = _text(at)
    assert "Class: Compound" in text
    assert "oxigraph" in text
    at = _app(view="trace", source="Simvastatin", target="Muscle cramp", relation="any",
              max_hops="4")
    text = _text(at)
    assert "Route 1" in text
    assert "Myopathy" in text or "causes" in text
    at = _app(view="data")
    profiles = [df.value for df in at.dataframe if "role" in df.value.columns]
    assert dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))["labels"] == \
        "schema:name"
