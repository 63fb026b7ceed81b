"""What a person sees, in real Chromium: each view, search, trace, the PNG download, share
links, the read view, a foreign graph, and a session that logs no warnings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from tests.browser.helpers import ARTIFACTS, DISCLAIMER, search_box
from tests.browser.helpers import expect as _expect
from tests.browser.helpers import main_area as _main
from tests.browser.helpers import main_text as _main_text
from tests.browser.helpers import network as _net
from tests.browser.helpers import no_exception as _no_exception
from tests.browser.helpers import open_app as _open
from tests.browser.helpers import settle as _settle
from tests.browser.helpers import shot as _shot
from tests.browser.helpers import url_names as _url_names

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("view", "heading"), [("explore", "Explore"), ("trace", "Trace"),
                                          ("sparql", "SPARQL"), ("data", "Data")])
def test_each_view_renders(page: Page, app_url: str, view: str, heading: str) -> None:
    _open(page, app_url, f"?view={view}")
    _settle(page, page.get_by_role("heading", name=heading).first)
    _no_exception(page)
    assert DISCLAIMER in page.inner_text("body")
    _shot(page, f"view-{view}")


def test_search_cramp_finds_muscle_spasm(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=acyclovir")
    box = search_box(page)
    box.fill("cramp")
    box.press("Enter")
    _settle(page, page.get_by_role("heading", name="muscle spasm").first)
    _expect(page).to_have_url(_url_names("mge:muscle_spasm"))
    _shot(page, "explore-search-cramp")


def test_trace_acyclovir_shows_a_kidney_route(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=trace&source=acyclovir&target=muscle%20spasm&undirected=1")
    page.get_by_text("Route 1", exact=False).first.wait_for()
    # the routes are told one after another: wait for them rather than read mid-run
    _expect(_main(page)).to_contain_text("kidney")
    _no_exception(page)
    _shot(page, "trace-acyclovir")


def test_trace_from_and_to_suggest_and_trace_what_was_typed(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=trace")
    source = page.get_by_role("combobox", name="From (cause)")
    target = page.get_by_role("combobox", name="To (effect)")
    source.click()
    source.press_sequentially("water pil", delay=40)
    page.get_by_role("option").filter(has_text="furosemide").first.wait_for()
    _shot(page, "trace-from-suggestions")
    # the fast-typing case: COPD in From, then straight on to To and Enter
    source.fill("")
    source.press_sequentially("COPD", delay=20)
    target.click()
    target.press_sequentially("muscle twitch", delay=20)
    target.press("Enter")
    _settle(page, page.get_by_text("Route 1", exact=False).first)
    text = _main_text(page)
    assert "From chronic obstructive pulmonary disease to muscle twitch" in text
    _expect(page).to_have_url(re.compile(r"target=muscle(\+|%20)twitch(&|$)"))
    _no_exception(page)
    _shot(page, "trace-typed-copd-twitch")


def test_the_downloaded_png_carries_a_title_and_the_legend(page: Page, app_url: str) -> None:
    from PIL import Image

    _open(page, app_url, "?view=trace&source=acyclovir&target=muscle%20spasm")
    _settle(page, page.get_by_text("Route 1", exact=False).first, _net(page))
    canvas = page.wait_for_function(
        """() => { const net = globalThis.__myograph && globalThis.__myograph.trace_net;
                   return net && net.canvas.frame.canvas.height; }""").json_value()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the network as a PNG image").first.click()
    path = ARTIFACTS / "trace-download.png"
    download.value.save_as(str(path))
    with Image.open(path) as image:
        width, height = image.size
        assert height > canvas + 40  # the title above and the legend below
        top = image.crop((0, 0, width, 30)).convert("L")
        assert min(top.getdata()) < 100  # dark title text on white
        bottom = image.crop((0, height - 30, width, height)).convert("L")
        assert min(bottom.getdata()) < 100  # legend text


@pytest.mark.parametrize(("query", "expect"), [
    ("?view=explore&node=HP:0003394", "muscle spasm"),
    ("?view=trace&source=COPD&target=muscle%20twitch&max_hops=4", "Route 1"),
    ("?view=sparql&example=stats_by_class", "rows in"),
    (f"?view=sparql&query={quote('ASK { mge:muscle_spasm a mg:Symptom }')}", "Yes"),
])
def test_share_links_reproduce_the_view(page: Page, app_url: str, query: str, expect: str) -> None:
    _open(page, app_url, query)
    page.get_by_text(expect, exact=False).first.wait_for()
    _no_exception(page)


def test_unknown_node_link_is_a_message(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=nothing%20like%20this")
    page.get_by_text("no entity matches", exact=False).first.wait_for()
    _no_exception(page)


def test_a_foreign_graph_explores_and_traces_without_code_changes(page: Page,
                                                                  foreign_app_url: str) -> None:
    """Issue 9: a researcher's own vocabulary — legend from its types, routes over its links."""
    _open(page, foreign_app_url, "?view=explore&node=Simvastatin")
    _settle(page, page.get_by_role("heading", name="Simvastatin").first)
    text = _main_text(page)
    assert "Compound" in text
    _no_exception(page)
    _shot(page, "foreign-explore")
    _open(page, foreign_app_url,
          "?view=trace&source=Simvastatin&target=Muscle%20cramp&relation=any&max_hops=4")
    _settle(page, page.get_by_text("Route 1", exact=False).first)
    text = _main_text(page)
    assert "Myopathy" in text
    _no_exception(page)
    _shot(page, "foreign-trace")


def test_a_normal_session_logs_no_warnings(page: Page, app_url: str) -> None:
    # a typed query starts the query sandbox: its worker must not run app.py again (which
    # filled the log with Streamlit's "missing ScriptRunContext" warnings)
    _open(page, app_url, "?view=sparql&query=" + quote("ASK { ?s ?p ?o }"))
    page.get_by_text("Yes", exact=True).first.wait_for()
    for view in ("explore", "trace", "read", "data"):
        _open(page, app_url, f"?view={view}")
    log = (ARTIFACTS / "streamlit-memory.log").read_text(encoding="utf-8")
    assert "missing ScriptRunContext" not in log
    assert "streamlit run [FILE_NAME]" not in log


def test_a_share_link_opens_with_its_route_highlighted(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=trace&source=acyclovir&target=muscle%20spasm&route=2")
    _settle(page, page.get_by_text("Route 2", exact=False).first, _net(page))
    page.wait_for_function("() => globalThis.__myograph && globalThis.__myograph.trace_net")
    # the network draws route 2 strong and fades what is off it
    faded = page.evaluate("""() => globalThis.__myograph.trace_net.body.data.nodes.get()
                               .filter((n) => n.opacity !== undefined && n.opacity < 1).length""")
    assert faded > 0
    _expect(page).to_have_url(re.compile(r"route=2(&|$)"))
    _shot(page, "trace-route-2")


def test_read_view_and_read_in_context(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=read")
    article = page.locator(".ar-root").first
    _settle(page, page.get_by_role("heading", name="Read the article").first, article)
    _expect(article).to_contain_text("Most people notice a sudden tighten")
    assert page.locator(".ar-mention").count() > 20
    assert page.locator(".ar-passage").count() > 20
    # a click on a passage shows the links it supports
    page.locator(".ar-passage", has_text="Most people notice").first.click()
    _settle(page, page.get_by_text("This passage supports", exact=False).first)
    assert "exercise — associated with → muscle spasm" in _main_text(page)
    _shot(page, "read-article")
    # a click on a name opens it in Explore
    page.locator(".ar-mention", has_text="acyclovir").first.click()
    _settle(page, page.get_by_role("heading", name="Explore").first,
            page.get_by_role("heading", name="acyclovir").first)
    # "read in context" next to the article's words in Explore lands on that passage
    _open(page, app_url, "?view=explore&node=hypoxia")
    link = page.locator("[data-testid='stMain'] a", has_text="read in context").first
    href = link.get_attribute("href")
    assert href
    assert "view=read" in href
    assert "passage=" in href
    _open(page, app_url, href[href.index("?"):])
    _settle(page, page.get_by_text("This passage supports", exact=False).first)
    assert "hypoxia" in _main_text(page).split("This passage supports")[1]
    _no_exception(page)
    _shot(page, "read-in-context")
