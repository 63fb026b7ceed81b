"""The app's uploads and the search index (issue 19): the Explore search finds an upload's
names at once, without the session's index being rebuilt, and forgets them once the upload
is removed in the Data view (streamlit.testing.v1.AppTest, as tests/test_app.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import graph.search as search_module
from graph.label_index import LabelIndex
from graph.stores import Store

APP = Path(__file__).resolve().parents[1] / "app.py"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
FIRST = f'<urn:up:first> {LABEL} "first upload" .\n'.encode()
ZEBRA = (f'<urn:up:zebra> {LABEL} "zebra cramp" .\n'
         f'<urn:up:zebra> <https://w3id.org/myograph/vocab#causes> '
         f'<https://w3id.org/myograph/entity/muscle_spasm> .\n').encode()


def _run(at: AppTest, **params: str) -> AppTest:
    """Run the app on the page ``params`` name (a link's view is honoured on a first run)."""
    at.session_state["_view_honoured"] = False
    at.query_params.clear()
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _suggested(at: AppTest, query: str) -> list[str]:
    """The labels the Explore search suggests for ``query`` (the state its frontend sends)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    element = next(e for e in at.get("bidi_component") if e.key == "explore_search")
    widgets = at._tree.get_widget_states()
    widgets.widgets.append(WidgetState(id=element.proto.id,
                                       json_value=json.dumps({"query": query})))
    at._run(widgets)
    assert not at.exception, [e.value for e in at.exception]
    element = next(e for e in at.get("bidi_component") if e.key == "explore_search")
    data: dict[str, Any] = json.loads(element.proto.json)
    return [s["label"] for s in data["suggestions"]]


def test_an_upload_is_searched_without_a_rebuild_and_forgotten_once_removed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["view"] = "explore"
    at.run()
    session = at.session_state["mg_session_graph"]
    session.add("first.ttl", FIRST)
    assert "first upload" in _suggested(_run(at, view="explore"), "first upl")

    def no_rebuild(_store: Store) -> LabelIndex:
        raise AssertionError("the session's index was rebuilt, not updated")

    monkeypatch.setattr(search_module, "build_index", no_rebuild)
    session.add("zebra.ttl", ZEBRA)
    assert "zebra cramp" in _suggested(_run(at, view="explore"), "zebra cr")

    assert [t.value for t in _run(at, view="data").title] == ["Data"]
    at.button(key="data_remove_1").click().run()  # the uploads are listed by name
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(session.uploads) == ["first.ttl"]
    suggested = _suggested(_run(at, view="explore"), "zebra cr")
    assert "zebra cramp" not in suggested
    assert "first upload" in _suggested(at, "first upl")
