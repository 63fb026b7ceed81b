"""The SPARQL editor in real Chromium: highlighting, Ctrl+Enter, share links, examples, phone.

The editor is CodeMirror 6 in a components-v2 element (an open shadow root; Playwright's
CSS locators pierce it). Its text reaches Python on blur, after a pause in typing, and
before a run.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from tests.browser.helpers import (
    a_run,
    computed_styles,
    contrast,
    luminance,
    no_exception,
    open_app,
    settle,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EDITOR = ".cm-editor"
CONTENT = ".cm-content"
ASK_SYMPTOM = "ASK { mge:muscle_spasm a mg:Symptom }"


def _expect(what: Any) -> Any:
    """Playwright's retrying assertions (imported late: without Playwright the tests skip)."""
    from playwright.sync_api import expect

    return expect(what)


def _editor_text(page: Page) -> str:
    """The text in the editor on the page, read as soon as the editor is drawn."""
    found = page.wait_for_function(
        "() => Object.values(globalThis.__myographEditors || {})"
        ".filter(v => v.dom.isConnected).map(v => [v.state.doc.toString()])[0] ?? null")
    return str(found.json_value()[0])


def _replace_text(page: Page, text: str) -> None:
    """Select everything in the editor and type ``text`` as a person would."""
    page.locator(CONTENT).click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def test_the_editor_highlights_keywords_variables_iris_and_comments(page: Page,
                                                                    app_url: str) -> None:
    query = ("# who names the spasm?\nSELECT ?label WHERE {\n"
             "  <https://w3id.org/myograph/entity/muscle_spasm> rdfs:label ?label .\n"
             '  FILTER(LANG(?label) = "en")\n}')
    open_app(page, app_url, f"?view=sparql&query={quote(query)}")
    page.locator(EDITOR).wait_for()
    assert _editor_text(page) == query
    colours = computed_styles(page, {
        "keyword": ".tok-keyword", "variable": ".tok-variableName.tok-local",
        "iri": ".tok-atom", "string": ".tok-string", "comment": ".tok-comment",
        "text": ".cm-line"})
    assert colours["keyword"][0] == "SELECT"
    assert colours["variable"][0] == "?label"
    assert colours["iri"][0].startswith("<https://w3id.org/myograph/entity/")
    assert colours["string"][0] == '"en"'
    assert colours["comment"][0].startswith("# who")
    shown = {name: c[1] for name, c in colours.items()}
    # each kind of token has its own colour, none the plain text colour
    assert len({shown["keyword"], shown["variable"], shown["iri"], shown["string"],
                shown["comment"], shown["text"]}) == 6, shown
    # line numbers, a name for screen readers
    _expect(page.locator(".cm-lineNumbers .cm-gutterElement", has_text="5")).to_have_count(1)
    box = page.get_by_role("textbox", name="SPARQL query")
    assert "Ctrl+Enter" in (box.get_attribute("aria-label") or "")
    page.get_by_text("1 row in", exact=False).first.wait_for()  # the share link ran
    no_exception(page)
    shot(page, "sparql-editor-highlighted")


@pytest.mark.parametrize("page", [{"width": 1280, "height": 900, "color_scheme": "dark"}],
                         indirect=True)
def test_in_a_dark_theme_the_editor_is_dark_and_readable(page: Page, app_url: str) -> None:
    query = "# dark\nSELECT ?label WHERE { mge:muscle_spasm rdfs:label ?label }"
    open_app(page, app_url, f"?view=sparql&query={quote(query)}")
    page.locator(EDITOR).wait_for()
    assert _editor_text(page) == query
    seen = {name: colour for name, (_, colour) in computed_styles(page, {
        "text": ".cm-line", "number": ".cm-lineNumbers .cm-gutterElement",
        "keyword": ".tok-keyword", "variable": ".tok-variableName.tok-local",
        "comment": ".tok-comment"}).items()}
    seen |= {name: background for name, (_, background) in computed_styles(page, {
        "app": "[data-testid=stApp]", "editor": ".cm-editor", "gutter": ".cm-gutters"},
        "backgroundColor").items()}
    assert luminance(seen["app"]) < 0.05, seen  # Streamlit follows the browser: dark
    assert luminance(seen["editor"]) < 0.05, seen  # and so does the editor
    for part in ("text", "keyword", "variable", "comment"):
        assert contrast(seen[part], seen["editor"]) >= 4.5, (part, seen)
    assert contrast(seen["number"], seen["gutter"]) >= 4.5, seen
    page.locator(CONTENT).click()
    page.keyboard.press("Control+Enter")  # still runs: the look is all that changed
    settle(page, page.get_by_text("1 row in", exact=False).first)
    no_exception(page)
    shot(page, "sparql-editor-dark")


def test_typing_and_ctrl_enter_runs_the_query(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    page.locator(CONTENT).click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # typed key by key: brackets close themselves and typing the closing one steps over it
    page.keyboard.type("SELECT ?n WHERE { mge:muscle_spasm rdfs:label ?n }", delay=5)
    page.keyboard.press("Escape")  # close the completion list, if open
    assert _editor_text(page) == "SELECT ?n WHERE { mge:muscle_spasm rdfs:label ?n }"
    page.keyboard.press("Control+Enter")
    settle(page, page.get_by_text("1 row in", exact=False).first)
    assert "Showing the answer to the previous text" not in page.inner_text("body")
    _expect(page).to_have_url(re.compile(r"query=SELECT"))  # the URL follows the editor
    # typed, then Run at once (no pause, no Tab): the click still runs the new text
    _replace_text(page, ASK_SYMPTOM)
    page.get_by_role("button", name="Run").click()
    settle(page, page.get_by_text("Yes", exact=True).first)
    no_exception(page)


def test_the_editor_suggests_variables_and_prefixes(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    _replace_text(page, "SELECT ?label WHERE {\n  ?thing rdfs:label ?label .\n}")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("End")
    page.keyboard.type(" ?la", delay=20)
    listbox = page.get_by_role("listbox")
    _expect(listbox).to_contain_text("?label")
    shot(page, "sparql-editor-completion")
    page.keyboard.press("Escape")
    page.keyboard.type(" mg", delay=20)
    _expect(listbox).to_contain_text("mge:")  # the list for " mg", not the one closed
    page.keyboard.press("Escape")


def test_a_share_link_fills_the_editor_and_runs(page: Page, app_url: str) -> None:
    open_app(page, app_url, f"?view=sparql&query={quote(ASK_SYMPTOM)}")
    page.get_by_text("Yes", exact=True).first.wait_for()
    assert _editor_text(page) == ASK_SYMPTOM
    no_exception(page)


def test_the_first_edit_after_a_share_link_is_kept(page: Page, app_url: str) -> None:
    page.clock.install()  # time still flows; run_for below jumps it past the typing pause
    open_app(page, app_url, f"?view=sparql&query={quote(ASK_SYMPTOM)}")
    settle(page, page.get_by_text("Yes", exact=True).first)
    edited = "ASK { mge:muscle_spasm a mg:Drug }"
    _replace_text(page, edited)
    page.keyboard.press("Tab")  # leave the editor: Tab is not trapped, and the text is sent
    focused_in_editor = page.evaluate(
        """() => { let a = document.activeElement;
                   while (a && a.shadowRoot && a.shadowRoot.activeElement)
                     a = a.shadowRoot.activeElement;
                   return !!(a && a.closest && a.closest('.cm-editor')); }""")
    assert not focused_in_editor
    # the text reached Python (the URL follows it; the answer shown is the previous text's)
    _expect(page).to_have_url(re.compile(r"mg(:|%3A)Drug"))
    settle(page, page.get_by_text("Showing the answer to the previous text",
                                  exact=False).first)
    page.clock.run_for(1500)  # past the typing pause too
    settle(page)
    assert _editor_text(page) == edited
    # another rerun (a changed row limit) keeps it; Run answers the edited query
    with a_run(page):
        page.get_by_role("spinbutton", name="Row limit").fill("500")
        page.keyboard.press("Enter")
    settle(page)
    assert _editor_text(page) == edited
    page.get_by_role("button", name="Run").click()
    settle(page, page.get_by_text("No", exact=True).first)
    assert _editor_text(page) == edited
    shot(page, "sparql-editor-first-edit-kept")


def test_picking_a_worked_example_fills_the_editor(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    page.locator("[data-testid='stSelectbox']", has_text="Worked examples").locator(
        "input").click()
    page.get_by_role("option", name="10. How many symptoms", exact=False).click()
    page.wait_for_function(
        "() => Object.values(globalThis.__myographEditors || {}).some(v => v.dom.isConnected"
        " && v.state.doc.toString().includes('GROUP BY'))")
    settle(page, page.get_by_text("rows in", exact=False).first)
    _expect(page).to_have_url(re.compile(r"example=stats_by_class(&|$)"))
    no_exception(page)
    shot(page, "sparql-editor-example")


def test_open_in_sparql_view_fills_the_editor(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=explore&node=muscle%20spasm")
    page.get_by_text("The SPARQL behind this view").first.click()
    page.get_by_role("button", name="Open in SPARQL view").first.click()
    settle(page, page.get_by_role("heading", name="SPARQL").first, page.locator(EDITOR))
    text = _editor_text(page)
    assert "WHERE" in text
    _expect(page).to_have_url(re.compile(r"view=sparql(&|$)"))
    no_exception(page)


@pytest.mark.parametrize("page", [{"width": 390, "height": 844}], indirect=True)
def test_the_editor_at_phone_width(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=sparql&example=stats_by_class")
    settle(page, page.locator(EDITOR), page.get_by_text("rows in", exact=False).first)
    overflow = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m.scrollWidth - m.clientWidth; }""")
    assert overflow <= 2
    box = page.locator(EDITOR).bounding_box()
    assert box is not None
    assert 250 <= box["width"] <= 390
    shot(page, "phone-sparql-editor")


def test_the_sparql_pages_requested_nothing_outside_127_0_0_1(outside_requests: list[str]) -> None:
    assert outside_requests == []


def test_a_syntax_error_is_marked_where_it_is(page: Page, app_url: str) -> None:
    # a missing ')': the brace on line 3 is where it shows (rdflib alone said line 2, col 3)
    open_app(page, app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    _replace_text(page, "SELECT ?s WHERE {\n  ?s ?p ?o . FILTER(?o = 1\n}")
    page.keyboard.press("ControlOrMeta+Enter")
    page.get_by_text("syntax error at line 3, column 1: found '}' where a ')' is missing"
                     ).wait_for()
    mark = page.locator(".cm-mg-error")
    mark.wait_for()
    assert mark.inner_text() == "}"
    assert "line 3, column 1" in (mark.get_attribute("title") or "")
    line = page.locator(".cm-mg-error-line")
    assert line.count() == 1
    assert line.inner_text() == "}"
    shot(page, "sparql-editor-syntax-error")
    page.keyboard.press("End")
    page.keyboard.type(" ")  # any edit clears the mark: it belonged to the text that failed
    page.locator(".cm-mg-error").wait_for(state="detached")
    no_exception(page)


def test_the_graphs_own_prefixes_are_offered_and_declared(page: Page, foreign_app_url: str) -> None:
    open_app(page, foreign_app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    _replace_text(page, "SELECT * WHERE { ?s ")
    page.keyboard.type("re", delay=20)
    listbox = page.get_by_role("listbox")
    _expect(listbox).to_contain_text("rel:")
    page.get_by_role("option", name="rel:").first.click()
    assert _editor_text(page) == ("PREFIX rel: <https://het.example.org/rel/>\n"
                                  "SELECT * WHERE { ?s rel:")
    page.keyboard.type("binds ?o }")
    page.keyboard.press("ControlOrMeta+Enter")
    page.get_by_text("2 rows").first.wait_for()  # Simvastatin and one filler compound bind
    shot(page, "sparql-editor-graph-prefix")
    no_exception(page)


def test_the_prefixes_a_graphs_file_declared_are_offered(page: Page,
                                                         public_app_url: str) -> None:
    # schema.org's SHACL file declares schema: for http://schema.org/; ours is https, so the
    # editor offers the file's own as schema2:, and the answer names IRIs by it
    open_app(page, public_app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    _replace_text(page, "SELECT ?o WHERE { ")
    page.keyboard.type("schema2", delay=20)
    _expect(page.get_by_role("listbox")).to_contain_text("schema2:")
    page.get_by_role("option", name="schema2:").first.click()
    assert _editor_text(page) == ("PREFIX schema2: <http://schema.org/>\n"
                                  "SELECT ?o WHERE { schema2:")
    page.keyboard.type("Muscle rdfs:subClassOf ?o }")
    page.keyboard.press("ControlOrMeta+Enter")
    page.get_by_text("1 row").first.wait_for()
    grid = page.locator("[data-testid='stDataFrame']").first
    _expect(grid).to_contain_text("Anatomical structure (schema2:AnatomicalStructure)")
    grid.scroll_into_view_if_needed()
    shot(page, "sparql-editor-declared-prefix")
    no_exception(page)


def test_history_and_saved_queries_outlast_a_reload(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=sparql")
    page.locator(EDITOR).wait_for()
    _replace_text(page, ASK_SYMPTOM)
    page.keyboard.press("ControlOrMeta+Enter")
    settle(page, page.get_by_text("Yes", exact=True).first,
           page.get_by_text("History (1) and saved queries (0)"))
    page.get_by_text("History (1) and saved queries (0)").click()
    with a_run(page):
        page.get_by_label("Save the query in the editor as").fill("is spasm a symptom")
        page.keyboard.press("Enter")
    page.get_by_role("button", name="Save", exact=True).click()
    settle(page, page.get_by_text("History (1) and saved queries (1)"))
    # the editor keeps the library in this browser: read it once it is written
    stored = page.wait_for_function(
        """() => { const saved = localStorage.getItem('myograph.sparql.saved');
                   return saved && JSON.parse(saved).length ? [JSON.parse(saved)] : null; }"""
    ).json_value()[0]
    assert stored == [{"name": "is spasm a symptom", "text": ASK_SYMPTOM}]
    # a new visit (the session is gone): the library is still in this browser
    open_app(page, app_url, "?view=sparql")
    page.get_by_text("History (1) and saved queries (1)").wait_for()
    page.get_by_text("History (1) and saved queries (1)").click()
    page.get_by_text("Kept in this browser").wait_for()
    shot(page, "sparql-library")  # once the expander's opening animation is over
    no_exception(page)
