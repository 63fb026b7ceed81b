"""The Streamlit app's logic, headless (streamlit.testing.v1.AppTest: no browser, no JS)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from graph.article import ARTICLE
from graph.errors import DataError
from graph.neighbours import Neighbourhood
from graph.search import search
from graph.sparql import run
from graph.stores import Store, open_store
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


def _send(at: AppTest, key: str, *, state: dict[str, Any] | None = None,
          trigger: tuple[str, Any] | None = None) -> AppTest:
    """Do what the browser does for a components-v2 element: send its state or one trigger.

    AppTest runs no JavaScript, so this builds the widget states the frontend would send
    (``setStateValue`` sends the whole state, ``setTriggerValue`` one event) and reruns.
    """
    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    element = next(e for e in at.get("bidi_component") if e.key == key)
    widgets = at._tree.get_widget_states()
    if state is not None:
        widgets.widgets.append(WidgetState(id=element.proto.id, json_value=json.dumps(state)))
    if trigger is not None:
        event, value = trigger
        widgets.widgets.append(WidgetState(id=_make_trigger_id(element.proto.id, "events"),
                                           json_trigger_value=json.dumps(
                                               [{"event": event, "value": value}])))
    at._run(widgets)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _component_data(at: AppTest, key: str) -> Any:
    """The ``data`` a components-v2 element was given on the last run."""
    element = next(e for e in at.get("bidi_component") if e.key == key)
    return json.loads(element.proto.json)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(("view", "title"), [("explore", "Explore"), ("trace", "Trace"),
                                        ("sparql", "SPARQL"), ("data", "Data"),
                                        ("read", "Read the article")])
def test_each_view_renders(view: str, title: str) -> None:
    at = _app(view=view)
    assert [t.value for t in at.title] == [title]
    assert "For learning and research, not medical advice." in _text(at)


def test_share_link_opens_explore_on_a_node() -> None:
    at = _app(view="explore", node="HP:0003394")
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"
    assert at.query_params["node"] in ("mge:muscle_spasm", ["mge:muscle_spasm"])


def test_explore_asks_for_the_selected_nodes_links_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The card's links (50 per relation) serve the network's centre (25 per relation).
    import graph.describe
    import graph.neighbours
    import myograph_app.explore

    asked: list[str] = []

    def counting(store: Store, iri: str, **kwargs: Any) -> Neighbourhood:
        asked.append(iri)
        return graph.neighbours.neighbours(store, iri, **kwargs)

    monkeypatch.setattr(graph.describe, "neighbours", counting)
    monkeypatch.setattr(myograph_app.explore, "neighbours", counting)
    at = _app(view="explore", node="muscle spasm")
    assert asked == [SPASM]
    assert "Neighbourhood" in _text(at)


def test_unknown_node_is_a_message_not_a_crash() -> None:
    at = _app(view="explore", node="no such thing at all")
    assert "no entity matches" in _text(at)


def test_search_cramp_selects_muscle_spasm() -> None:
    # Enter with no suggestion highlighted: the best match is selected.
    at = _app(view="explore", node="acyclovir")
    _send(at, "explore_search", trigger=("submit", "cramp"))
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"
    assert at.query_params["node"] in ("mge:muscle_spasm", ["mge:muscle_spasm"])


def test_search_suggests_as_you_type() -> None:
    at = _app(view="explore", node="acyclovir")
    _send(at, "explore_search", state={"query": "cram"})
    data = _component_data(at, "explore_search")
    assert data["query"] == "cram"
    first = data["suggestions"][0]
    assert (first["label"], first["why"], first["cls"]) == ("muscle spasm", "synonym: cramp",
                                                            "symptom")
    assert len(data["suggestions"]) <= 10
    # typing alone selects nothing
    assert at.session_state["explore_node"].endswith("/acyclovir")
    _send(at, "explore_search", state={"query": "low potass"})
    labels = [s["label"] for s in _component_data(at, "explore_search")["suggestions"]]
    assert labels[0] == "hypokalemia"


def test_picking_a_suggestion_selects_it() -> None:
    at = _app(view="explore", node="acyclovir")
    _send(at, "explore_search", state={"query": "low potass"})
    iri = _component_data(at, "explore_search")["suggestions"][0]["iri"]
    _send(at, "explore_search", state={"query": "low potass"}, trigger=("pick", iri))
    assert at.session_state["explore_node"] == iri
    assert at.subheader[0].value == "hypokalemia"
    assert at.query_params["node"] in ("mge:hypokalemia", ["mge:hypokalemia"])


def test_search_without_a_match_or_with_rivals_says_so() -> None:
    at = _app(view="explore", node="acyclovir")
    _send(at, "explore_search", state={"query": "qqqzzzxx"})
    assert _component_data(at, "explore_search")["suggestions"] == []
    _send(at, "explore_search", trigger=("submit", "qqqzzzxx"))
    assert "Nothing matches 'qqqzzzxx'" in _text(at)
    assert at.session_state["explore_node"].endswith("/acyclovir")
    # several equally good matches: the best is shown and the others named
    _send(at, "explore_search", trigger=("submit", "kidney"))
    assert at.subheader[0].value == "kidney strain"
    assert "'kidney' matches several entities" in "\n".join(i.value for i in at.info)
    assert "kidney failure" in "\n".join(i.value for i in at.info)


def test_explore_card_shows_evidence_and_identifiers() -> None:
    at = _app(view="explore", node="muscle spasm")
    text = _text(at)
    assert "[HP\\:0003394](http://purl.obolibrary.org/obo/HP_0003394)" in text
    assert ":blue-badge[article]" in text
    assert any("SPARQL" in e.label for e in at.expander)


def test_trace_acyclovir_to_spasm_follows_the_sources() -> None:
    # The directed routes run through the kidney (labels and reviews: acyclovir -> acute
    # kidney injury -> low calcium or high potassium), each link with its graded evidence.
    at = _app(view="trace", source="acyclovir", target="muscle spasm")
    text = _text(at)
    assert "Route 1" in text
    assert "acute kidney injury" in text
    assert ":violet-badge[stated as established knowledge]" in text
    # the lay article's words in quotation marks, and the grade that says what they are
    assert "a lay article, not clinical evidence" in text


def test_trace_share_link_with_undirected_is_not_signed() -> None:
    at = _app(view="trace", source="acyclovir", target="muscle spasm", undirected="1")
    assert at.session_state["trace_undirected"] is True
    assert "acute kidney injury" in _text(at)


def test_trace_ready_made_questions() -> None:
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


def test_trace_avoid_changes_the_routes() -> None:
    at = _app(view="trace", source="acyclovir", target="muscle spasm", avoid="acute kidney injury")
    assert not at.exception
    assert "avoiding acute kidney injury" in _text(at)


def test_sparql_example_runs() -> None:
    at = _app(view="sparql", example="stats_by_class")
    assert not at.error
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) > 3


def _type_query(at: AppTest, text: str, *, rev: int | None = None,
                run: bool = False) -> AppTest:
    """What the SPARQL editor sends: its text on the query number it was typed over."""
    message = {"text": text, "rev": _component_data(at, "sparql_editor")["rev"]
               if rev is None else rev}
    return _send(at, "sparql_editor", state={"query": message},
                 trigger=("run", message) if run else None)


def test_sparql_query_param_and_bad_query() -> None:
    at = _app(view="sparql", query="ASK { mge:muscle_spasm a mg:Symptom }")
    assert any(s.value == "Yes" for s in at.success)
    assert _component_data(at, "sparql_editor")["text"] == "ASK { mge:muscle_spasm a mg:Symptom }"
    _type_query(at, "SELECT ?x WHERE { ?x ")
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert "syntax error at line 1" in at.error[0].value
    _type_query(at, "DELETE WHERE { ?s ?p ?o }", run=True)  # Ctrl+Enter
    assert "updates are refused" in at.error[0].value


def test_sparql_url_follows_the_editor_and_the_first_edit_is_kept() -> None:
    # The first run writes the default query into the URL, which comes back on the next
    # run; it must not overwrite what was typed in between (nor run anything).
    at = _app(view="sparql")
    assert "muscle_spasm" in at.query_params["query"]
    _type_query(at, "ASK { ?s ?p ?o }")
    assert at.session_state["sparql_text"] == "ASK { ?s ?p ?o }"
    assert at.query_params["query"] in ("ASK { ?s ?p ?o }", ["ASK { ?s ?p ?o }"])
    at.run()
    at.run()
    assert at.session_state["sparql_text"] == "ASK { ?s ?p ?o }"
    assert _component_data(at, "sparql_editor")["text"] == "ASK { ?s ?p ?o }"
    assert not at.success  # nothing ran: typing is not running


def test_sparql_first_edit_after_a_share_link_is_kept() -> None:
    at = _app(view="sparql", query="ASK { mge:muscle_spasm a mg:Symptom }")
    rev = _component_data(at, "sparql_editor")["rev"]
    _type_query(at, "ASK { mge:muscle_spasm a mg:Cause }")
    at.run()
    assert at.session_state["sparql_text"] == "ASK { mge:muscle_spasm a mg:Cause }"
    # the editor is not told to replace its text (same query number)
    assert _component_data(at, "sparql_editor")["rev"] == rev
    # Ctrl+Enter runs the edited text
    _type_query(at, "ASK { mge:muscle_spasm a mg:Cause }", run=True)
    assert any(s.value == "No" for s in at.success)


def test_sparql_example_pick_wins_over_a_stale_edit() -> None:
    at = _app(view="sparql")
    old_rev = _component_data(at, "sparql_editor")["rev"]
    at.selectbox(key="sparql_example").set_value("stats_by_class").run()
    data = _component_data(at, "sparql_editor")
    assert data["rev"] > old_rev
    assert "GROUP BY" in data["text"]
    assert at.query_params["example"] in ("stats_by_class", ["stats_by_class"])
    assert len(at.dataframe) == 1  # a picked example runs
    # text typed over the previous query arrives late: it is dropped, not run
    _type_query(at, "ASK { ?s ?p ?o }", rev=old_rev, run=True)
    assert at.session_state["sparql_text"] == data["text"]
    assert not at.success


def test_open_in_sparql_view_fills_the_editor() -> None:
    at = _app(view="explore", node="muscle spasm")
    button = next(b for b in at.button if b.key and b.key.startswith("explore_sparql_open"))
    button.click().run()
    assert not at.exception
    text = at.session_state["sparql_text"]
    assert "SELECT" in text or "CONSTRUCT" in text
    assert _component_data(at, "sparql_editor")["text"] == text


def test_there_are_at_least_ten_worked_examples() -> None:
    from graph.queries import examples

    assert len(examples()) >= 10
    at = _app(view="sparql")
    assert len(at.selectbox(key="sparql_example").options) >= 10


# ----------------------------------------------------------------- per-session uploads


@pytest.fixture(scope="module")
def shared() -> Store:
    return open_store("memory")


TTL = f"""@prefix mg: <https://w3id.org/myograph/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:zebra> a mg:Symptom ; rdfs:label "{HOSTILE} zebrafish cramp" ;
    mg:causes <https://w3id.org/myograph/entity/muscle_spasm> .
""".encode()


def test_upload_goes_to_a_private_store_not_the_shared_one(shared: Store) -> None:
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


def test_bad_upload_names_file_line_column_and_changes_nothing(shared: Store) -> None:
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


def test_gzip_upload_validation_and_remove(shared: Store) -> None:
    session = SessionGraph(shared=shared)
    upload = session.add("mine.ttl.gz", gzip.compress(TTL))
    assert upload.report is not None  # SHACL ran
    session.remove("mine.ttl.gz")
    assert session.uploads == {}
    assert session.store() is shared


def test_foreign_shared_store_keeps_uploads_alongside(tmp_path: Path) -> None:
    oxi = open_store(f"oxigraph:{tmp_path / 'ox'}")
    session = SessionGraph(shared=oxi)
    session.add("mine.ttl", TTL)
    assert session.store() is not oxi
    assert search(session.store(), "zebrafish")[0].iri == "urn:test:zebra"
    session.use_uploads_only = False
    assert session.store() is oxi
    assert run(oxi, "ASK { <urn:test:zebra> ?p ?o }").boolean is False


def test_data_view_lists_the_named_graphs_and_looks_into_one() -> None:
    at = _app(view="data")
    sizes = next(df.value for df in at.dataframe if "graph" in df.value.columns)
    curated = "https://w3id.org/myograph/graph/curated"
    assert list(sizes["graph"]) == [curated]
    assert int(sizes["triples"][0]) > 3000  # the curated graph's triples (stats: 3,074)
    at.selectbox(key="data_graph").select(curated).run()
    sample = [df.value for df in at.dataframe if list(df.value.columns) == ["s", "p", "o"]]
    assert len(sample[0]) == 50
    assert any(b.key == "data_graph_open" or "Open in SPARQL" in b.label for b in at.button)


def test_sparql_pages_through_a_long_answer_and_opens_an_iri_in_explore() -> None:
    at = _app(view="sparql", query="SELECT ?s WHERE { ?s a mg:Symptom } ORDER BY ?s")
    at.number_input(key="sparql_limit").set_value(5).run()
    at.button(key="sparql_run").click().run()
    first = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert len(first) == 5
    assert "rows 1–5 — more follow" in _text(at)
    assert all("(mge:" in cell for cell in first)  # labels, with the CURIE
    at.button(key="sparql_next").click().run()
    second = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert len(second) == 5
    assert not set(first) & set(second)
    assert "rows 6–10" in _text(at)
    at.button(key="sparql_prev").click().run()
    again = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert again == first


def test_a_selected_iri_in_the_sparql_table_opens_in_explore() -> None:
    at = _app(view="sparql", query="SELECT ?s WHERE { ?s a mg:Drug } ORDER BY ?s LIMIT 3")
    at.button(key="sparql_run").click().run()
    assert "Select a cell holding an IRI" in _text(at)
    at.session_state["sparql_table"] = {"selection": {"rows": [], "columns": [],
                                                      "cells": [(0, "s")]}}
    at.run()
    opener = next(b for b in at.button if b.key == "sparql_open_cell")
    assert opener.label.startswith("Open ")
    assert opener.label.endswith(" in Explore")


def test_data_view_prepares_the_whole_graph_as_turtle_and_gzipped_nquads() -> None:
    at = _app(view="data")
    at.button(key="data_prepare").click().run()
    assert not at.exception
    buttons = {d.key: d for d in at.get("download_button")}
    assert {"data_dl_ttl", "data_dl_nq"} <= set(buttons)


def test_data_view_shows_how_the_graph_is_read() -> None:
    at = _app(view="data")
    frames = [df.value for df in at.dataframe]
    profiles = [f for f in frames if "role" in f.columns]
    assert profiles, "the Data view shows the profile table"
    table = dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))
    assert table["labels"].startswith("rdfs:label")
    assert "mg:causes" in table["relations"]


def _foreign_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.loading import load_file
    from tests.foreign_graph import write_foreign_graph

    db = tmp_path / "het"
    store = open_store(f"oxigraph:{db}")
    load_file(store, write_foreign_graph(tmp_path / "het.nt"))
    store.close()
    monkeypatch.setenv("MYOGRAPH_STORE", f"oxigraph:{db}")


def test_the_app_on_a_foreign_oxigraph_store(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _foreign_store(tmp_path, monkeypatch)
    at = _app(view="explore", node="Simvastatin")
    assert [h.value for h in at.subheader] == ["Simvastatin"]
    text = _text(at)
    assert "Class: Compound" in text
    assert "oxigraph" in text
    _send(at, "explore_search", state={"query": "simvast"})
    first = _component_data(at, "explore_search")["suggestions"][0]
    assert (first["label"], first["cls"]) == ("Simvastatin", "Compound")
    at = _app(view="trace", source="Simvastatin", target="Muscle cramp", relation="any",
              max_hops="4")
    text = _text(at)
    assert "Route 1" in text
    assert "Myopathy" in text or "causes" in text
    at = _app(view="data")
    profiles = [df.value for df in at.dataframe if "role" in df.value.columns]
    assert dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))["labels"] == \
        "schema:name"
    # hand-counted in tests/foreign_graph.py: 37 typed nodes, 22 relations
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Entities"], metrics["Links"], metrics["Relations"]) == ("37", "59", "22")


def test_the_app_speaks_neutrally_of_a_foreign_graph(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _foreign_store(tmp_path, monkeypatch)
    at = _app()
    text = _text(at) + "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "muscle spasm" not in text.casefold()
    assert "Explore this graph" in text
    assert not at.get("page_link")  # no ready-made questions about the curated graph
    at = _app(view="trace", source="Simvastatin", target="Muscle cramp")
    text = _text(at)
    assert "routes follow any relation" in text  # no flag needed: none is declared causal
    assert "Route 1" in text
    assert "lay article" not in text  # no source is recorded, the article is not this graph's
    assert not [s for s in at.selectbox if s.key == "trace_question"]


def test_routes_and_links_can_be_downloaded_as_csv_and_rdf() -> None:
    at = _app(view="trace", source="acyclovir", target="muscle spasm")
    keys = {d.key for d in at.get("download_button")}
    assert {"trace_export_csv", "trace_export_turtle", "trace_export_jsonld"} <= keys
    at = _app(view="explore", node="hypokalemia")
    keys = {d.key for d in at.get("download_button")}
    assert {"explore_export_csv", "explore_export_turtle", "explore_export_jsonld"} <= keys


def test_trace_tells_each_route_in_words_with_what_it_rests_on() -> None:
    at = _app(view="trace", source="baclofen", target="muscle spasm")
    text = _text(at)
    assert "So baclofen can lower muscle spasm" in text
    assert "a class step" in text
    assert "steps from the literature" in text
    assert "Best first" in text
    assert "score" not in text.split("The SPARQL")[0]


def test_trace_without_a_route_offers_ways_on_one_click_away() -> None:
    at = _app(view="trace", source="magnesium", target="muscle spasm", max_hops="1")
    text = _text(at)
    assert "No route joins magnesium ion to muscle spasm within 1 step" in text
    ways = [b for b in at.button if b.key and b.key.startswith("trace_way_")]
    labels = [b.label for b in ways]
    assert any("hypomagnesemia" in label for label in labels)
    assert any("Allow up to 2 steps" in label for label in labels)
    assert all("\\(" in label for label in labels)  # the labels pass through md()
    next(b for b in ways if "Allow up to 2 steps" in b.label).click().run()
    assert not at.exception
    assert at.session_state["trace_hops"] == 2
    assert "So magnesium ion can lower muscle spasm" in _text(at)


def test_trace_says_what_an_avoid_changed() -> None:
    at = _app(view="trace", source="acyclovir", target="muscle spasm",
              avoid="electrolyte handling")
    assert "Removing electrolyte handling cuts 1 of 5 routes" in _text(at)


def test_a_first_visit_is_welcomed_with_three_questions() -> None:
    at = _app()
    text = _text(at)
    assert "Explore what causes, triggers and relieves **muscle spasm**" in text
    links = at.get("page_link")
    assert len(links) == 3
    assert "How can acyclovir lead to cramps?" in str(links[0].proto)
    # the sidebar speaks plain words; the store's details wait in an expander
    sidebar = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "The curated muscle-spasm graph" in sidebar
    assert any(e.label == "Technical details" for e in at.sidebar.expander)
    # a share link shows what its sender chose, without the welcome
    shared = _app(view="explore", node="hypokalemia")
    assert "Explore what causes" not in _text(shared)


def test_a_share_link_keeps_the_highlighted_route() -> None:
    at = _app(view="trace", source="acyclovir", target="muscle spasm", route="2")
    assert not at.exception
    assert at.session_state["trace_highlight"] == "Route 2"
    assert at.query_params["route"] in ("2", ["2"])
    at.session_state["trace_highlight"] = "all"
    at.run()
    assert "route" not in at.query_params
    # a link naming a route that is not there highlights none, without an error
    missing = _app(view="trace", source="acyclovir", target="muscle spasm", route="9")
    assert not missing.exception
    assert missing.session_state["trace_highlight"] == "all"


def test_trace_from_and_to_suggest_and_trace_what_was_typed() -> None:
    at = _app(view="trace")
    # typing in From only sends its text: suggestions come back, nothing is traced yet
    _send(at, "trace_from", state={"query": "COPD"})
    assert _component_data(at, "trace_from")["suggestions"][0]["label"] == (
        "chronic obstructive pulmonary disease")
    assert "Route 1" not in _text(at)
    # then "muscle twitch" in To and Enter: exactly what was typed is traced
    _send(at, "trace_to", state={"query": "muscle twitch"}, trigger=("submit", "muscle twitch"))
    assert not at.exception
    assert (at.session_state["trace_source"], at.session_state["trace_target"]) == (
        "COPD", "muscle twitch")
    assert at.query_params["target"] in ("muscle twitch", ["muscle twitch"])
    assert "From **chronic obstructive pulmonary disease** to **muscle twitch**" in _text(at)


def test_trace_water_pills_is_suggested_and_traced() -> None:
    at = _app(view="trace")
    _send(at, "trace_from", state={"query": "water pills"})
    labels = [s["label"] for s in _component_data(at, "trace_from")["suggestions"]]
    assert labels[0] == "diuretic"
    assert "furosemide" in labels
    _send(at, "trace_to", state={"query": "cramp"})
    at.button(key="trace_go").click().run()
    assert not at.exception
    assert "So diuretic can raise the chance of muscle spasm" in _text(at)


def _article(at: AppTest) -> list[list[dict[str, Any]]]:
    paragraphs: list[list[dict[str, Any]]] = json.loads(
        _component_data(at, "read_article")["json"])["paragraphs"]
    return paragraphs


def test_read_view_shows_the_article_with_passages_and_mentions() -> None:
    at = _app(view="read")
    assert not at.exception
    runs = [run for paragraph in _article(at) for run in paragraph]
    assert "".join(r["t"] for r in runs).startswith("Muscle Spasm: Causes, Relief")
    assert any(r["p"] is not None for r in runs)  # passages quoted as evidence
    assert {"t": "acyclovir", "m": "mge:acyclovir"}.items() <= next(
        r for r in runs if r["m"] == "mge:acyclovir").items()  # a mention names its entity
    # a passage chosen by its share link stands out and its links are listed
    start = ARTICLE.read_text(encoding="utf-8").find(
        "respiratory disorders such as COPD may cause hypoxia")
    at = _app(view="read", passage=str(start))
    assert at.session_state["read_passage"] == start
    chosen = [r for p in _article(at) for r in p if r["c"]]
    assert "".join(r["t"] for r in chosen).startswith("respiratory disorders such as COPD")
    text = _text(at)
    assert "This passage supports 3 links of the graph" in text
    assert "chronic obstructive pulmonary disease — causes → hypoxia" in text


def test_clicking_a_passage_chooses_it_and_a_name_opens_explore() -> None:
    at = _app(view="read")
    start = ARTICLE.read_text(encoding="utf-8").find("Most people notice a sudden")
    _send(at, "read_article", trigger=("passage", start))
    assert not at.exception
    assert at.session_state["read_passage"] == start
    assert "This passage supports 3 links of the graph" in _text(at)
    assert at.query_params["passage"] in (str(start), [str(start)])


def test_article_evidence_offers_read_in_context() -> None:
    at = _app(view="explore", node="hypoxia")
    assert "[read in context](?view=read&passage=" in _text(at)


def test_a_link_to_something_not_in_this_graph_says_uploads_are_private() -> None:
    at = _app(view="explore", node="my uploaded thing")
    assert "Nothing matches" in _text(at) or "no entity" in _text(at).lower()
    assert "uploads stay private to the browser session" in _text(at)
    at = _app(view="trace", source="my uploaded thing", target="muscle spasm")
    assert "uploads stay private to the browser session" in _text(at)


def test_an_explore_share_link_keeps_expansions_and_filters() -> None:
    at = _app(view="explore", node="hypokalemia", expand="mge:furosemide",
              **{"class": "mg:Drug", "relation": "mg:hasAdverseEffect"})
    assert not at.exception
    assert at.session_state["explore_expanded"] == [
        "https://w3id.org/myograph/entity/furosemide"]
    assert at.session_state["explore_classes"] == ["https://w3id.org/myograph/vocab#Drug"]
    assert at.query_params["expand"] in ("mge:furosemide", ["mge:furosemide"])
    assert at.query_params["class"] in ("mg:Drug", ["mg:Drug"])
    # what the student changes goes back into the address
    at.session_state["explore_classes"] = []
    at.run()
    assert "class" not in at.query_params
    # a class the picture does not hold is dropped, not an error
    odd = _app(view="explore", node="hypokalemia", **{"class": "mg:NoSuchClass"})
    assert not odd.exception
    assert odd.session_state["explore_classes"] == []


# ----------------------------------------------------------------- hostile Markdown

MD_IMAGE = "![p](http://127.0.0.1:9/x.png)"
MD_LINK = "[Session expired - log in](http://evil.example/login)"
_SHOWN = ("markdown", "caption", "info", "warning", "error", "success", "subheader", "header",
          "title", "text")


_LABELLED = ("button", "checkbox", "expander", "radio", "selectbox", "tabs", "toggle",
             "text_input", "multiselect")


def _raw_markdown(at: AppTest) -> list[tuple[str, str]]:
    """Every element whose text or label carries the hostile Markdown as written."""
    texts = [(kind, str(el.value)) for kind in _SHOWN for el in getattr(at, kind)]
    texts += [(kind, str(getattr(el, "label", ""))) for kind in _LABELLED
              for el in getattr(at, kind)]
    return [(kind, text[:160]) for kind, text in texts if MD_IMAGE in text or MD_LINK in text]


@pytest.mark.parametrize("params", [
    {"view": "explore", "node": MD_IMAGE},
    {"view": "trace", "source": MD_IMAGE, "target": MD_LINK},
    {"view": "trace", "source": "acyclovir", "target": "muscle spasm", "avoid": MD_IMAGE},
    {"view": "trace", "example": MD_LINK},
    {"view": "sparql", "query": f'SELECT * WHERE {{ ?s ?p "{MD_IMAGE}" }}'},
    {"view": "sparql", "example": MD_IMAGE},
    {"view": "read", "passage": MD_LINK},
], ids=lambda p: "-".join(k for k in p if k != "view") + "@" + p["view"])
def test_hostile_markdown_in_a_share_link_is_shown_as_text(params: dict[str, str]) -> None:
    # issue 21: an image reference in a share-link value made every visitor's browser fetch
    # an outside URL, and a link could be disguised; every value reaches the page through md()
    at = _app(**params)
    assert _raw_markdown(at) == []


def test_hostile_markdown_in_an_upload_is_shown_as_text_in_every_view() -> None:
    at = _app(view="explore")
    hostile = (f'<urn:test:md> a <https://w3id.org/myograph/vocab#Symptom> ;\n'
               f'  <http://www.w3.org/2000/01/rdf-schema#label> "{MD_IMAGE} {MD_LINK}" ;\n'
               f'  <http://www.w3.org/2004/02/skos/core#definition> "{MD_LINK}" ;\n'
               f'  <https://w3id.org/myograph/vocab#causes> <{SPASM}> .\n').encode()
    at.session_state["mg_session_graph"].add("hostile.ttl", hostile)
    for params in ({"view": "explore", "node": "urn:test:md"},
                   {"view": "explore", "node": "mge:muscle_spasm"},
                   {"view": "trace", "source": "urn:test:md", "target": "muscle spasm"},
                   {"view": "data"}):
        at.query_params.clear()
        for key, value in params.items():
            at.query_params[key] = value
        at.session_state["explore_node"] = None
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        assert _raw_markdown(at) == [], params


def test_an_upload_is_capped_in_triples_and_checked_only_when_small(
        shared: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 21: a 672 KB gzip file (144 k triples) took 99 s and most of a gigabyte; uploads
    # are capped per file and per session, and SHACL runs only on small ones (the page says)
    import myograph_app.store as store_module

    monkeypatch.setattr(store_module, "MAX_UPLOAD_TRIPLES", 40)
    monkeypatch.setattr(store_module, "MAX_SESSION_TRIPLES", 60)
    monkeypatch.setattr(store_module, "MAX_VALIDATED_TRIPLES", 10)

    def lines(prefix: str, n: int) -> bytes:
        return "".join(f'<urn:{prefix}:{i}> <urn:p> "v{i}" .\n' for i in range(n)).encode()

    session = SessionGraph(shared=shared)
    with pytest.raises(DataError, match="more than 40 triples"):
        session.add("big.nt.gz", gzip.compress(lines("big", 5000)))
    assert session.uploads == {}
    small = session.add("small.nt", lines("small", 5))
    assert small.report is not None
    assert not small.unchecked
    middle = session.add("middle.nt", lines("middle", 30))
    assert middle.report is None
    assert middle.unchecked
    with pytest.raises(DataError, match="past 60"):
        session.add("more.nt", lines("more", 30))
    assert set(session.uploads) == {"small.nt", "middle.nt"}
    assert session.add("middle.nt", lines("middle", 35)).triples == 35  # a replacement
