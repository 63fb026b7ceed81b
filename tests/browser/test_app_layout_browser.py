"""The app at a phone's width and in a dark theme, in real Chromium: usable and readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser.helpers import computed_styles, contrast, luminance, search_box
from tests.browser.helpers import network as _net
from tests.browser.helpers import open_app as _open
from tests.browser.helpers import settle as _settle
from tests.browser.helpers import shot as _shot

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page", [{"width": 390, "height": 844}], indirect=True)
def test_phone_width_is_usable(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=muscle%20spasm")
    # the box and the network are components that mount a moment after the page's text:
    # the width is measured once they are drawn
    _settle(page, page.get_by_role("heading", name="muscle spasm").first, search_box(page),
            _net(page))
    overflow = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m.scrollWidth - m.clientWidth; }""")
    assert overflow <= 2
    _shot(page, "phone-explore")
    _open(page, app_url, "?view=trace&source=acyclovir&target=muscle%20spasm")
    _settle(page, page.get_by_text("Route 1", exact=False).first, _net(page))
    overflow = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m.scrollWidth - m.clientWidth; }""")
    assert overflow <= 2
    _shot(page, "phone-trace")


@pytest.mark.parametrize("page", [{"width": 1280, "height": 900, "color_scheme": "dark"}],
                         indirect=True)
def test_in_a_dark_theme_the_search_box_and_the_network_are_readable(page: Page,
                                                                     app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=muscle%20spasm")
    _settle(page, search_box(page), _net(page))
    seen = {name: value for name, (_, value) in computed_styles(page, {
        "label": ".ms-label", "typed": ".ms-box input", "note": ".mg-note",
        "legend": ".mg-legend-item"}).items()}
    seen |= {name: value for name, (_, value) in computed_styles(page, {
        "app": "[data-testid=stApp]", "box": ".ms-box input", "card": ".mg-root"},
        "backgroundColor").items()}
    assert luminance(seen["app"]) < 0.05, seen  # Streamlit follows the browser: dark
    assert contrast(seen["label"], seen["app"]) >= 4.5, seen  # the box's label on the page
    assert contrast(seen["typed"], seen["box"]) >= 4.5, seen  # what is typed, in the box
    # the network is a light figure in any theme (its palette and its PNG are for white),
    # with its note and legend on that light card, not on the dark page
    assert luminance(seen["card"]) > 0.9, seen
    for part in ("note", "legend"):
        assert contrast(seen[part], seen["card"]) >= 4.5, (part, seen)
    search_box(page).fill("cra")
    page.get_by_role("option").first.wait_for()
    _shot(page, "explore-dark-search")
    page.keyboard.press("Escape")
    page.locator(".mg-legend").first.scroll_into_view_if_needed()
    _shot(page, "explore-dark")
