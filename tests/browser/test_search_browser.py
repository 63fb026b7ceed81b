"""Search as you type in the Explore view, in real Chromium: suggestions, keys, clicks, safety."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.helpers import (
    HOSTILE,
    images_with_src_x,
    main_text,
    no_exception,
    open_app,
    search_box,
    settle,
    shot,
    upload_hostile,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _expect(what: Any) -> Any:
    """Playwright's retrying assertions (imported late: without Playwright the tests skip)."""
    from playwright.sync_api import expect

    return expect(what)


def _type(page: Page, text: str) -> Locator:
    """Type like a person (one key at a time, no Enter) and wait for the suggestions for
    all of ``text``: the box's live status counts them only when they answer what is in it
    now (a pause mid-word can bring the suggestions for its first letters first)."""
    box = search_box(page)
    box.click()
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
    return box


def _options(page: Page) -> Locator:
    return page.get_by_role("listbox", name="Suggestions").get_by_role("option")


def _url_node(curie: str) -> re.Pattern[str]:
    """The URL names ``curie`` (its colon escaped or not) as the page's node."""
    prefix, local = curie.split(":")
    return re.compile(f"node={prefix}(%3A|:){local}(&|$)")


def test_typing_cram_lists_muscle_spasm_and_a_click_selects_it(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=explore&node=acyclovir")
    page.get_by_role("heading", name="acyclovir").first.wait_for()
    box = _type(page, "cram")
    first = _options(page).first
    assert first.locator(".ms-name").inner_text() == "muscle spasm"
    assert first.locator(".ms-why").inner_text() == "synonym: cramp"
    assert first.locator(".ms-class").inner_text() == "symptom"
    assert _options(page).count() <= 10
    assert box.get_attribute("aria-controls") == "ms-list"
    # typing alone selects nothing
    assert page.get_by_role("heading", name="acyclovir").first.is_visible()
    shot(page, "search-suggestions-cram")
    first.click()
    settle(page, page.get_by_role("heading", name="muscle spasm").first)
    _expect(page).to_have_url(_url_node("mge:muscle_spasm"))
    _expect(box).to_have_attribute("aria-expanded", "false")
    no_exception(page)


def test_arrow_down_and_enter_pick_hypokalemia(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=explore&node=acyclovir")
    box = _type(page, "low potass")
    assert _options(page).first.locator(".ms-name").inner_text() == "hypokalemia"
    box.press("ArrowDown")
    _expect(_options(page).first).to_have_attribute("aria-selected", "true")
    _expect(box).to_have_attribute("aria-activedescendant", "ms-opt-0")
    shot(page, "search-keyboard-low-potass")
    box.press("Enter")
    settle(page, page.get_by_role("heading", name="hypokalemia").first)
    _expect(page).to_have_url(_url_node("mge:hypokalemia"))
    no_exception(page)


def test_escape_closes_the_list_and_enter_takes_the_best_match(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=explore&node=acyclovir")
    box = _type(page, "mus")
    assert _options(page).count() == 10  # capped
    shot(page, "search-suggestions-many")
    box.press("Escape")
    _expect(box).to_have_attribute("aria-expanded", "false")
    _expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    box.fill("qqqzzzxx")
    box.press("Enter")
    settle(page, page.get_by_text("Nothing matches 'qqqzzzxx'", exact=False).first)
    assert page.get_by_role("heading", name="acyclovir").first.is_visible()
    no_exception(page)


def test_a_hostile_label_shows_as_text_in_the_suggestions(page: Page, app_url: str,
                                                          tmp_path: Path,
                                                          dialogs: list[str]) -> None:
    alias = f'  <http://www.w3.org/2004/02/skos/core#altLabel> "{HOSTILE} qqalias" ;\n'
    upload_hostile(page, app_url, tmp_path, "qqsuggest", extra=alias)
    _type(page, "qqsugg")
    option = _options(page).first
    assert option.locator(".ms-name").inner_text() == f"{HOSTILE} qqsuggest"
    assert images_with_src_x(page) == 0  # no image that could run its onerror
    assert dialogs == []
    shot(page, "search-hostile-suggestion")
    option.click()
    settle(page, page.get_by_role("heading", name="qqsuggest").first)
    assert HOSTILE in main_text(page)
    assert dialogs == []
    assert images_with_src_x(page) == 0


@pytest.mark.parametrize("page", [PHONE], indirect=True)
def test_suggestions_fit_a_phone(page: Page, app_url: str) -> None:
    open_app(page, app_url, "?view=explore&node=acyclovir")
    _type(page, "mus")
    box = page.get_by_role("listbox", name="Suggestions").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    overflow = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m.scrollWidth - m.clientWidth; }""")
    assert overflow <= 2
    shot(page, "phone-search-suggestions")
