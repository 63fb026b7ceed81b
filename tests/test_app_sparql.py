"""The SPARQL view, headless (AppTest): the editor and the address, examples, errors,
paging through an answer and opening an IRI in Explore."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import component_data, page_text, run_app, send


def test_sparql_example_runs() -> None:
    at = run_app(view="sparql", example="stats_by_class")
    assert not at.error
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) > 3


def _type_query(at: AppTest, text: str, *, rev: int | None = None,
                run: bool = False) -> AppTest:
    """What the SPARQL editor sends: its text on the query number it was typed over."""
    message = {"text": text, "rev": component_data(at, "sparql_editor")["rev"]
               if rev is None else rev}
    return send(at, "sparql_editor", state={"query": message},
                trigger=("run", message) if run else None)


def test_sparql_query_param_and_bad_query() -> None:
    at = run_app(view="sparql", query="ASK { mge:muscle_spasm a mg:Symptom }")
    assert any(s.value == "Yes" for s in at.success)
    assert component_data(at, "sparql_editor")["text"] == "ASK { mge:muscle_spasm a mg:Symptom }"
    _type_query(at, "SELECT ?x WHERE { ?x ")
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert "syntax error at line 1" in at.error[0].value
    _type_query(at, "DELETE WHERE { ?s ?p ?o }", run=True)  # Ctrl+Enter
    assert "updates are refused" in at.error[0].value


def test_sparql_url_follows_the_editor_and_the_first_edit_is_kept() -> None:
    # The first run writes the default query into the URL, which comes back on the next
    # run; it must not overwrite what was typed in between (nor run anything).
    at = run_app(view="sparql")
    assert "muscle_spasm" in at.query_params["query"]
    _type_query(at, "ASK { ?s ?p ?o }")
    assert at.session_state["sparql_text"] == "ASK { ?s ?p ?o }"
    assert at.query_params["query"] in ("ASK { ?s ?p ?o }", ["ASK { ?s ?p ?o }"])
    at.run()
    at.run()
    assert at.session_state["sparql_text"] == "ASK { ?s ?p ?o }"
    assert component_data(at, "sparql_editor")["text"] == "ASK { ?s ?p ?o }"
    assert not at.success  # nothing ran: typing is not running


def test_sparql_first_edit_after_a_share_link_is_kept() -> None:
    at = run_app(view="sparql", query="ASK { mge:muscle_spasm a mg:Symptom }")
    rev = component_data(at, "sparql_editor")["rev"]
    _type_query(at, "ASK { mge:muscle_spasm a mg:Cause }")
    at.run()
    assert at.session_state["sparql_text"] == "ASK { mge:muscle_spasm a mg:Cause }"
    # the editor is not told to replace its text (same query number)
    assert component_data(at, "sparql_editor")["rev"] == rev
    # Ctrl+Enter runs the edited text
    _type_query(at, "ASK { mge:muscle_spasm a mg:Cause }", run=True)
    assert any(s.value == "No" for s in at.success)


def test_sparql_example_pick_wins_over_a_stale_edit() -> None:
    at = run_app(view="sparql")
    old_rev = component_data(at, "sparql_editor")["rev"]
    at.selectbox(key="sparql_example").set_value("stats_by_class").run()
    data = component_data(at, "sparql_editor")
    assert data["rev"] > old_rev
    assert "GROUP BY" in data["text"]
    assert at.query_params["example"] in ("stats_by_class", ["stats_by_class"])
    assert len(at.dataframe) == 1  # a picked example runs
    # text typed over the previous query arrives late: it is dropped, not run
    _type_query(at, "ASK { ?s ?p ?o }", rev=old_rev, run=True)
    assert at.session_state["sparql_text"] == data["text"]
    assert not at.success


def test_open_in_sparql_view_fills_the_editor() -> None:
    at = run_app(view="explore", node="muscle spasm")
    button = next(b for b in at.button if b.key and b.key.startswith("explore_sparql_open"))
    button.click().run()
    assert not at.exception
    text = at.session_state["sparql_text"]
    assert "SELECT" in text or "CONSTRUCT" in text
    assert component_data(at, "sparql_editor")["text"] == text


def test_there_are_at_least_ten_worked_examples() -> None:
    from graph.queries import examples

    assert len(examples()) >= 10
    at = run_app(view="sparql")
    assert len(at.selectbox(key="sparql_example").options) >= 10


def test_sparql_pages_through_a_long_answer_and_opens_an_iri_in_explore() -> None:
    at = run_app(view="sparql", query="SELECT ?s WHERE { ?s a mg:Symptom } ORDER BY ?s")
    at.number_input(key="sparql_limit").set_value(5).run()
    at.button(key="sparql_run").click().run()
    first = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert len(first) == 5
    assert "rows 1–5 — more follow" in page_text(at)
    assert all("(mge:" in cell for cell in first)  # labels, with the CURIE
    at.button(key="sparql_next").click().run()
    second = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert len(second) == 5
    assert not set(first) & set(second)
    assert "rows 6–10" in page_text(at)
    at.button(key="sparql_prev").click().run()
    again = list(next(df.value for df in at.dataframe if "s" in df.value.columns)["s"])
    assert again == first


def test_a_selected_iri_in_the_sparql_table_opens_in_explore() -> None:
    at = run_app(view="sparql", query="SELECT ?s WHERE { ?s a mg:Drug } ORDER BY ?s LIMIT 3")
    at.button(key="sparql_run").click().run()
    assert "Select a cell holding an IRI" in page_text(at)
    at.session_state["sparql_table"] = {"selection": {"rows": [], "columns": [],
                                                      "cells": [(0, "s")]}}
    at.run()
    opener = next(b for b in at.button if b.key == "sparql_open_cell")
    assert opener.label.startswith("Open ")
    assert opener.label.endswith(" in Explore")

