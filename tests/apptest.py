"""Driving the Streamlit app headless for the test_app*.py modules (streamlit.testing.v1's
AppTest: no browser, no JavaScript), and reading what a page shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

SPASM = "https://w3id.org/myograph/entity/muscle_spasm"
APP = Path(__file__).resolve().parents[1] / "app.py"


def run_app(**params: str) -> AppTest:
    """The app run once with these query parameters, checked to have raised nothing."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def send(at: AppTest, key: str, *, state: dict[str, Any] | None = None,
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


def component_data(at: AppTest, key: str) -> Any:
    """The ``data`` a components-v2 element was given on the last run."""
    element = next(e for e in at.get("bidi_component") if e.key == key)
    return json.loads(element.proto.json)


def page_text(at: AppTest) -> str:
    """The text of the page's Markdown, captions, warnings, errors and notes."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.info]
    return "\n".join(str(p) for p in parts)
