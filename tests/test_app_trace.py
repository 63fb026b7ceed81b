"""The Trace view, headless (AppTest): routes told in words, share links, ready-made
questions, avoiding a node and the ways on when no route joins two things."""

from __future__ import annotations

from tests.apptest import component_data, page_text, run_app, send


def test_trace_acyclovir_to_spasm_follows_the_sources() -> None:
    # The directed routes run through the kidney (labels and reviews: acyclovir -> acute
    # kidney injury -> low calcium or high potassium), each link with its graded evidence.
    at = run_app(view="trace", source="acyclovir", target="muscle spasm")
    text = page_text(at)
    assert "Route 1" in text
    assert "acute kidney injury" in text
    assert ":violet-badge[stated as established knowledge]" in text
    # the lay article's words in quotation marks, and the grade that says what they are
    assert "a lay article, not clinical evidence" in text


def test_trace_share_link_with_undirected_is_not_signed() -> None:
    at = run_app(view="trace", source="acyclovir", target="muscle spasm", undirected="1")
    assert at.session_state["trace_undirected"] is True
    assert "acute kidney injury" in page_text(at)


def test_trace_ready_made_questions() -> None:
    at = run_app(view="trace")
    at.selectbox(key="trace_question").select(
        "Why do people with COPD get muscle twitches?").run()
    assert not at.exception
    assert at.query_params["source"] in ("COPD", ["COPD"])
    assert "muscle twitch" in page_text(at)
    at.selectbox(key="trace_question").select("What reduces spasm frequency?").run()
    assert not at.exception
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) > 0


def test_trace_avoid_changes_the_routes() -> None:
    at = run_app(view="trace", source="acyclovir", target="muscle spasm",
                 avoid="acute kidney injury")
    assert not at.exception
    assert "avoiding acute kidney injury" in page_text(at)


def test_trace_tells_each_route_in_words_with_what_it_rests_on() -> None:
    at = run_app(view="trace", source="baclofen", target="muscle spasm")
    text = page_text(at)
    assert "So baclofen can lower muscle spasm" in text
    assert "a class step" in text
    assert "steps from the literature" in text
    assert "Best first" in text
    assert "score" not in text.split("The SPARQL")[0]


def test_trace_without_a_route_offers_ways_on_one_click_away() -> None:
    at = run_app(view="trace", source="magnesium", target="muscle spasm", max_hops="1")
    text = page_text(at)
    assert "No route joins magnesium ion to muscle spasm within 1 step" in text
    ways = [b for b in at.button if b.key and b.key.startswith("trace_way_")]
    labels = [b.label for b in ways]
    assert any("hypomagnesemia" in label for label in labels)
    assert any("Allow up to 2 steps" in label for label in labels)
    assert all("\\(" in label for label in labels)  # the labels pass through md()
    next(b for b in ways if "Allow up to 2 steps" in b.label).click().run()
    assert not at.exception
    assert at.session_state["trace_hops"] == 2
    assert "So magnesium ion can lower muscle spasm" in page_text(at)


def test_trace_says_what_an_avoid_changed() -> None:
    at = run_app(view="trace", source="acyclovir", target="muscle spasm",
                 avoid="electrolyte handling")
    assert "Removing electrolyte handling cuts 1 of 5 routes" in page_text(at)


def test_a_share_link_keeps_the_highlighted_route() -> None:
    at = run_app(view="trace", source="acyclovir", target="muscle spasm", route="2")
    assert not at.exception
    assert at.session_state["trace_highlight"] == "Route 2"
    assert at.query_params["route"] in ("2", ["2"])
    at.session_state["trace_highlight"] = "all"
    at.run()
    assert "route" not in at.query_params
    # a link naming a route that is not there highlights none, without an error
    missing = run_app(view="trace", source="acyclovir", target="muscle spasm", route="9")
    assert not missing.exception
    assert missing.session_state["trace_highlight"] == "all"


def test_trace_from_and_to_suggest_and_trace_what_was_typed() -> None:
    at = run_app(view="trace")
    # typing in From only sends its text: suggestions come back, nothing is traced yet
    send(at, "trace_from", state={"query": "COPD"})
    assert component_data(at, "trace_from")["suggestions"][0]["label"] == (
        "chronic obstructive pulmonary disease")
    assert "Route 1" not in page_text(at)
    # then "muscle twitch" in To and Enter: exactly what was typed is traced
    send(at, "trace_to", state={"query": "muscle twitch"}, trigger=("submit", "muscle twitch"))
    assert not at.exception
    assert (at.session_state["trace_source"], at.session_state["trace_target"]) == (
        "COPD", "muscle twitch")
    assert at.query_params["target"] in ("muscle twitch", ["muscle twitch"])
    assert "From **chronic obstructive pulmonary disease** to **muscle twitch**" in page_text(at)


def test_trace_water_pills_is_suggested_and_traced() -> None:
    at = run_app(view="trace")
    send(at, "trace_from", state={"query": "water pills"})
    labels = [s["label"] for s in component_data(at, "trace_from")["suggestions"]]
    assert labels[0] == "diuretic"
    assert "furosemide" in labels
    send(at, "trace_to", state={"query": "cramp"})
    at.button(key="trace_go").click().run()
    assert not at.exception
    assert "So diuretic can raise the chance of muscle spasm" in page_text(at)

