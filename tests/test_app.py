"""The Streamlit app as a whole, headless (streamlit.testing.v1.AppTest: no browser, no JS):
every view renders, the first visit, a foreign store, downloads, and hostile Markdown.

Each view's own behaviour is tested in test_app_<view>.py; the helpers are tests/apptest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.stores import open_store
from tests.apptest import SPASM, component_data, page_text, run_app, send


@pytest.mark.parametrize(("view", "title"), [("explore", "Explore"), ("trace", "Trace"),
                                        ("sparql", "SPARQL"), ("data", "Data"),
                                        ("read", "Read the article")])
def test_each_view_renders(view: str, title: str) -> None:
    at = run_app(view=view)
    assert [t.value for t in at.title] == [title]
    assert "For learning and research, not medical advice." in page_text(at)


def test_a_first_visit_is_welcomed_with_three_questions() -> None:
    at = run_app()
    text = page_text(at)
    assert "Explore what causes, triggers and relieves **muscle spasm**" in text
    links = at.get("page_link")
    assert len(links) == 3
    assert "How can acyclovir lead to cramps?" in str(links[0].proto)
    # the sidebar speaks plain words; the store's details wait in an expander
    sidebar = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "The curated muscle-spasm graph" in sidebar
    assert any(e.label == "Technical details" for e in at.sidebar.expander)
    # a share link shows what its sender chose, without the welcome
    shared = run_app(view="explore", node="hypokalemia")
    assert "Explore what causes" not in page_text(shared)


def test_a_link_to_something_not_in_this_graph_says_uploads_are_private() -> None:
    at = run_app(view="explore", node="my uploaded thing")
    assert "Nothing matches" in page_text(at) or "no entity" in page_text(at).lower()
    assert "uploads stay private to the browser session" in page_text(at)
    at = run_app(view="trace", source="my uploaded thing", target="muscle spasm")
    assert "uploads stay private to the browser session" in page_text(at)


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
    at = run_app(view="explore", node="Simvastatin")
    assert [h.value for h in at.subheader] == ["Simvastatin"]
    text = page_text(at)
    assert "Class: Compound" in text
    assert "oxigraph" in text
    send(at, "explore_search", state={"query": "simvast"})
    first = component_data(at, "explore_search")["suggestions"][0]
    assert (first["label"], first["cls"]) == ("Simvastatin", "Compound")
    at = run_app(view="trace", source="Simvastatin", target="Muscle cramp", relation="any",
                 max_hops="4")
    text = page_text(at)
    assert "Route 1" in text
    assert "Myopathy" in text or "causes" in text
    at = run_app(view="data")
    profiles = [df.value for df in at.dataframe if "role" in df.value.columns]
    assert dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))["labels"] == \
        "schema:name"
    # hand-counted in tests/foreign_graph.py: 37 typed nodes, 22 relations
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Entities"], metrics["Links"], metrics["Relations"]) == ("37", "59", "22")


def test_the_app_speaks_neutrally_of_a_foreign_graph(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _foreign_store(tmp_path, monkeypatch)
    at = run_app()
    text = page_text(at) + "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "muscle spasm" not in text.casefold()
    assert "Explore this graph" in text
    assert not at.get("page_link")  # no ready-made questions about the curated graph
    at = run_app(view="trace", source="Simvastatin", target="Muscle cramp")
    text = page_text(at)
    assert "routes follow any relation" in text  # no flag needed: none is declared causal
    assert "Route 1" in text
    assert "lay article" not in text  # no source is recorded, the article is not this graph's
    assert not [s for s in at.selectbox if s.key == "trace_question"]


def test_routes_and_links_can_be_downloaded_as_csv_and_rdf() -> None:
    at = run_app(view="trace", source="acyclovir", target="muscle spasm")
    keys = {d.key for d in at.get("download_button")}
    assert {"trace_export_csv", "trace_export_turtle", "trace_export_jsonld"} <= keys
    at = run_app(view="explore", node="hypokalemia")
    keys = {d.key for d in at.get("download_button")}
    assert {"explore_export_csv", "explore_export_turtle", "explore_export_jsonld"} <= keys


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
    at = run_app(**params)
    assert _raw_markdown(at) == []


def test_hostile_markdown_in_an_upload_is_shown_as_text_in_every_view() -> None:
    at = run_app(view="explore")
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

