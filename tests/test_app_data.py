"""The Data view, headless (AppTest): the named graphs, the downloads and how the graph is
read."""

from __future__ import annotations

from tests.apptest import run_app


def test_data_view_lists_the_named_graphs_and_looks_into_one() -> None:
    at = run_app(view="data")
    sizes = next(df.value for df in at.dataframe if "graph" in df.value.columns)
    curated = "https://w3id.org/myograph/graph/curated"
    assert list(sizes["graph"]) == [curated]
    assert int(sizes["triples"][0]) > 3000  # the curated graph's triples (stats: 3,074)
    at.selectbox(key="data_graph").select(curated).run()
    sample = [df.value for df in at.dataframe if list(df.value.columns) == ["s", "p", "o"]]
    assert len(sample[0]) == 50
    assert any(b.key == "data_graph_open" or "Open in SPARQL" in b.label for b in at.button)


def test_data_view_prepares_the_whole_graph_as_turtle_and_gzipped_nquads() -> None:
    at = run_app(view="data")
    at.button(key="data_prepare").click().run()
    assert not at.exception
    buttons = {d.key: d for d in at.get("download_button")}
    assert {"data_dl_ttl", "data_dl_nq"} <= set(buttons)


def test_data_view_shows_how_the_graph_is_read() -> None:
    at = run_app(view="data")
    frames = [df.value for df in at.dataframe]
    profiles = [f for f in frames if "role" in f.columns]
    assert profiles, "the Data view shows the profile table"
    table = dict(zip(profiles[0]["role"], profiles[0]["predicates"], strict=True))
    assert table["labels"].startswith("rdfs:label")
    assert "mg:causes" in table["relations"]

