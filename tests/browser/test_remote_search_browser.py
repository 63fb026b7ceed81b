"""Search on a large remote graph, in real Chromium: the app over a real
``oxigraph serve-read-only``, its names looked up on the server (:mod:`graph.remote_search`),
never read whole (the AppTest version: tests/test_remote_search.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.helpers import (
    expect,
    main_text,
    network,
    no_exception,
    open_app,
    search_box,
    settle,
    shot,
    url_names,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser


def _suggestions(page: Page, text: str) -> Locator:
    """Type ``text`` like a person and wait for the suggestions answering all of it."""
    box = search_box(page)
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=60)
    page.wait_for_function(
        """(text) => { const host = [...document.querySelectorAll('*')]
                         .find((el) => el.shadowRoot && el.shadowRoot.getElementById('ms-input'));
                       const root = host && host.shadowRoot;
                       const input = root && root.getElementById('ms-input');
                       const status = root && root.querySelector('.ms-status');
                       return !!input && input.value === text
                         && input.getAttribute('aria-expanded') === 'true'
                         && / suggestions?,/.test(status.textContent); }""", arg=text)
    return page.get_by_role("listbox", name="Suggestions").get_by_role("option")


def test_search_on_a_remote_store_finds_by_label_and_misspelling(
        page: Page, remote_app: tuple[str, list[str]]) -> None:
    url, sent = remote_app
    open_app(page, url, "?view=explore&node=acyclovir")
    settle(page, page.get_by_role("heading", name="acyclovir").first)
    # a synonym, as typed: muscle spasm is found on the server by its synonym "cramp"
    options = _suggestions(page, "cramp")
    assert options.first.locator(".ms-name").inner_text() == "muscle spasm"
    assert options.first.locator(".ms-why").inner_text() == "synonym: cramp"
    shot(page, "remote-search-cramp")
    options.first.click()
    settle(page, page.get_by_role("heading", name="muscle spasm").first, network(page))
    expect(page).to_have_url(url_names("mge:muscle_spasm"))
    # a misspelt ending: the server holds no name with it, so its first half is looked up
    options = _suggestions(page, "hypokalemai")
    assert options.first.locator(".ms-name").inner_text() == "hypokalemia"
    search_box(page).press("Enter")
    settle(page, page.get_by_role("heading", name="hypokalemia").first, network(page))
    expect(page).to_have_url(url_names("mge:hypokalemia"))
    assert "low potassium" in main_text(page)  # Explore's card: its synonyms, its links
    no_exception(page)
    shot(page, "remote-search-explore-hypokalemia")
    # every query that read names asked for a bounded few, none for every name
    names = [q for q in sent if "?entity ?property ?name" in q]
    assert names
    assert all("LIMIT 200" in q for q in names), [q for q in names if "LIMIT 200" not in q]
    assert not [q for q in sent if "FILTER(isIRI(?entity))" in q and "LIMIT" not in q]
