"""What the browser tests share: opening a view, waiting for Streamlit, screenshots, search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.browser.conftest import ARTIFACTS
from tests.browser.runs import a_run, follow, restart, server_idle

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = ["ARTIFACTS", "DISCLAIMER", "HOSTILE", "SEARCH_LABEL", "a_run", "computed_styles",
           "contrast", "expect", "follow", "images_with_src_x", "luminance", "main_area",
           "main_text", "network", "no_exception", "open_app", "open_by_search", "search_box",
           "settle", "shot", "upload_hostile", "url_names"]

HOSTILE = "<img src=x onerror=alert(1)>"
SEARCH_LABEL = "Search by name, synonym or identifier"
DISCLAIMER = "For learning and research, not medical advice."

_PAGE_IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
                        return !!app && app.dataset.testScriptState === 'notRunning'
                          && app.dataset.testConnectionState === 'CONNECTED'; }"""


def open_app(page: Page, app_url: str, query: str = "") -> None:
    """Open ``app_url/query`` and wait until the view's run is over: the main area's
    disclaimer is drawn only by the run that shows the view (a share link naming a view
    first switches to it, in a run that draws nothing)."""
    restart(page)
    page.goto(f"{app_url}/{query}")
    settle(page, page.locator("[data-testid='stMain']").get_by_text(DISCLAIMER).first)


def settle(page: Page, *wanted: Locator) -> None:
    """Wait until each of ``wanted`` is shown and the script run that drew it is over.

    Over means the server says so (runs.py), then the page does (``stApp``'s
    ``data-test-script-state``); the elements are looked for before (one may come from a
    run not yet started when this is called) and after (a rerun may have redrawn them).
    """
    for element in wanted:
        element.wait_for()
    server_idle(page)
    page.wait_for_function(_PAGE_IDLE)
    for element in wanted:
        element.wait_for()


def main_text(page: Page) -> str:
    """The text of the main area (not the sidebar)."""
    return str(page.locator("[data-testid='stMain']").inner_text())


def expect(what: Any) -> Any:
    """Playwright's retrying assertions (imported late: without Playwright the tests skip)."""
    from playwright.sync_api import expect

    return expect(what)


def main_area(page: Page) -> Locator:
    """The page's main area (not the sidebar)."""
    return page.locator("[data-testid='stMain']")


def network(page: Page) -> Locator:
    """The network's drawing area (the network component's canvas holder)."""
    return main_area(page).locator(".mg-net").first


def url_names(node: str) -> re.Pattern[str]:
    """The URL names ``node`` (a CURIE, its colon escaped or not) as the page's node."""
    prefix, local = node.split(":")
    return re.compile(f"node={prefix}(%3A|:){local}(&|$)")


def no_exception(page: Page) -> None:
    """No traceback and no generic failure message on the page, once the run is over."""
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Something went wrong" not in main_text(page)


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artifact (test-artifacts/<name>.png), once the
    page's finite animations (an expander opening, a list sliding in) are over."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_function(
        """() => document.getAnimations().every((a) => a.playState !== 'running' || !a.effect
                   || a.effect.getComputedTiming().endTime === Infinity)""")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def upload_hostile(page: Page, app_url: str, tmp_path: Path, marker: str,
                   extra: str = "", label: str = "") -> None:
    """Upload (Data view) a symptom labelled ``label`` (by default ``HOSTILE + " " +
    marker``), then open Explore."""
    data = tmp_path / f"hostile-{marker}.ttl"
    shown = label or f"{HOSTILE} {marker}"
    data.write_text(
        "@prefix mg: <https://w3id.org/myograph/vocab#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<urn:evil:{marker}> a mg:Symptom ; rdfs:label "{shown}" ;\n{extra}'
        "  mg:causes <https://w3id.org/myograph/entity/muscle_spasm> .\n", encoding="utf-8")
    open_app(page, app_url, "?view=data")
    page.locator("input[type=file]").set_input_files(str(data))
    settle(page, page.get_by_text("triples added", exact=False).first)
    page.get_by_role("link", name="Explore").first.click()
    settle(page, page.get_by_role("heading", name="Explore").first)


def search_box(page: Page) -> Locator:
    """The Explore search box (a combobox in a components-v2 shadow root)."""
    return page.get_by_role("combobox", name=SEARCH_LABEL)


def open_by_search(page: Page, text: str) -> None:
    """Type ``text`` in Explore's search box, press Enter, and wait for its card and for the
    network to draw its node (every place the entity's label is shown)."""
    box = search_box(page)
    box.fill(text)
    box.press("Enter")
    settle(page, page.get_by_role("heading", name=text).first)
    page.wait_for_function(
        """(text) => { const net = globalThis.__myograph && globalThis.__myograph.explore_net;
                       return !!net && net.body.data.nodes.get()
                         .some((n) => String(n.label || '').includes(text)); }""", arg=text)


def images_with_src_x(page: Page) -> int:
    """How many ``<img src=x>`` exist, in the document and in every (open) shadow root."""
    return int(page.evaluate(
        """() => { let n = 0;
                   const walk = (root) => {
                     n += root.querySelectorAll('img[src=x]').length;
                     for (const el of root.querySelectorAll('*'))
                       if (el.shadowRoot) walk(el.shadowRoot);
                   };
                   walk(document); return n; }"""))


def computed_styles(page: Page, selectors: dict[str, str],
                    prop: str = "color") -> dict[str, list[str]]:
    """For each name, the first element matching its selector, in the page or in a shadow
    root: ``[text, computed prop]``. Read at once, when every selector matches (the network's
    note and legend are drawn after the page settles: read too early, one was missing)."""
    find = """const roots = [document];
             for (const el of document.querySelectorAll('*'))
               if (el.shadowRoot) roots.push(el.shadowRoot);
             const find = (sel) => { for (const r of roots) { const e = r.querySelector(sel);
                 if (e) return e; }
               return null; };"""
    found = page.wait_for_function(
        f"""([selectors, prop]) => {{ {find}
             const found = Object.entries(selectors).map(([name, sel]) => [name, find(sel)]);
             if (!found.every(([, e]) => e)) return null;
             return Object.fromEntries(found.map(([name, e]) =>
               [name, [e.textContent, getComputedStyle(e)[prop]]])); }}""", arg=[selectors, prop])
    return dict(found.json_value())


def luminance(css: str) -> float:
    """WCAG relative luminance of an ``rgb(r, g, b)`` colour."""
    channels = [int(float(v)) / 255 for v in re.findall(r"[\d.]+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (4.5 is the least for body text)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
