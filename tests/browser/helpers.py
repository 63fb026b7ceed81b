"""What the browser tests share: opening a view, waiting for Streamlit, screenshots, search."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tests.browser.conftest import ARTIFACTS

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

__all__ = ["ARTIFACTS", "HOSTILE", "SEARCH_LABEL", "computed_styles", "contrast",
           "images_with_src_x", "luminance", "main_text", "no_exception", "open_app",
           "open_by_search", "search_box", "settle", "shot", "upload_hostile"]

HOSTILE = "<img src=x onerror=alert(1)>"
SEARCH_LABEL = "Search by name, synonym or identifier"


def open_app(page: Page, app_url: str, query: str = "") -> None:
    """Open ``app_url/query`` and wait until Streamlit has finished running."""
    page.goto(f"{app_url}/{query}")
    page.wait_for_selector("[data-testid='stApp']")
    settle(page)


def settle(page: Page) -> None:
    """Wait until the script run (the 'Running…' status) is over."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".includes('Running')", timeout=30_000)
    page.wait_for_timeout(500)


def main_text(page: Page) -> str:
    """The text of the main area (not the sidebar)."""
    return str(page.locator("[data-testid='stMain']").inner_text())


def no_exception(page: Page) -> None:
    """No traceback and no generic failure message on the page."""
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Something went wrong" not in main_text(page)


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artifact (test-artifacts/<name>.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
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
    page.get_by_text("triples added", exact=False).first.wait_for()
    settle(page)
    page.get_by_role("link", name="Explore").first.click()
    settle(page)


def search_box(page: Page) -> Locator:
    """The Explore search box (a combobox in a components-v2 shadow root)."""
    return page.get_by_role("combobox", name=SEARCH_LABEL)


def open_by_search(page: Page, text: str) -> None:
    """Type ``text`` in Explore's search box, press Enter, and wait for its card."""
    box = search_box(page)
    box.fill(text)
    box.press("Enter")
    settle(page)
    page.get_by_text(text, exact=False).first.wait_for()
    page.wait_for_timeout(1000)


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
    root: ``[text, computed prop]``. Waits until every selector matches (the network's note
    and legend are drawn after the page settles: read too early, one was missing)."""
    find = """const roots = [document];
             for (const el of document.querySelectorAll('*'))
               if (el.shadowRoot) roots.push(el.shadowRoot);
             const find = (sel) => { for (const r of roots) { const e = r.querySelector(sel);
                 if (e) return e; }
               return null; };"""
    page.wait_for_function(
        f"(selectors) => {{ {find} return Object.values(selectors).every(s => find(s)); }}",
        arg=selectors)
    return dict(page.evaluate(
        f"""([selectors, prop]) => {{ {find}
             const pick = (sel) => {{ const e = find(sel);
               return e ? [e.textContent, getComputedStyle(e)[prop]] : null; }};
             return Object.fromEntries(Object.entries(selectors)
               .map(([name, sel]) => [name, pick(sel)])); }}""", [selectors, prop]))


def luminance(css: str) -> float:
    """WCAG relative luminance of an ``rgb(r, g, b)`` colour."""
    channels = [int(float(v)) / 255 for v in re.findall(r"[\d.]+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (4.5 is the least for body text)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
