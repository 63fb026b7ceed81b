"""The Read view, headless (AppTest): the article with its passages and mentions."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from graph.article import ARTICLE
from tests.apptest import component_data, page_text, run_app, send


def _article(at: AppTest) -> list[list[dict[str, Any]]]:
    paragraphs: list[list[dict[str, Any]]] = json.loads(
        component_data(at, "read_article")["json"])["paragraphs"]
    return paragraphs


def test_read_view_shows_the_article_with_passages_and_mentions() -> None:
    at = run_app(view="read")
    assert not at.exception
    runs = [run for paragraph in _article(at) for run in paragraph]
    assert "".join(r["t"] for r in runs).startswith("Muscle Spasm: Causes, Relief")
    assert any(r["p"] is not None for r in runs)  # passages quoted as evidence
    assert {"t": "acyclovir", "m": "mge:acyclovir"}.items() <= next(
        r for r in runs if r["m"] == "mge:acyclovir").items()  # a mention names its entity
    # a passage chosen by its share link stands out and its links are listed
    start = ARTICLE.read_text(encoding="utf-8").find(
        "respiratory disorders such as COPD may cause hypoxia")
    at = run_app(view="read", passage=str(start))
    assert at.session_state["read_passage"] == start
    chosen = [r for p in _article(at) for r in p if r["c"]]
    assert "".join(r["t"] for r in chosen).startswith("respiratory disorders such as COPD")
    text = page_text(at)
    assert "This passage supports 3 links of the graph" in text
    assert "chronic obstructive pulmonary disease — causes → hypoxia" in text


def test_clicking_a_passage_chooses_it_and_a_name_opens_explore() -> None:
    at = run_app(view="read")
    start = ARTICLE.read_text(encoding="utf-8").find("Most people notice a sudden")
    send(at, "read_article", trigger=("passage", start))
    assert not at.exception
    assert at.session_state["read_passage"] == start
    assert "This passage supports 3 links of the graph" in page_text(at)
    assert at.query_params["passage"] in (str(start), [str(start)])

