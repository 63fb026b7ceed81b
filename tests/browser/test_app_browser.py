"""What a person sees, in real Chromium: views, search, trace, clicks, links, safety, phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from tests.browser.helpers import (
    ARTIFACTS,
    DISCLAIMER,
    HOSTILE,
    computed_styles,
    contrast,
    images_with_src_x,
    luminance,
    open_by_search,
    search_box,
    upload_hostile,
)
from tests.browser.helpers import follow as _follow
from tests.browser.helpers import main_text as _main_text
from tests.browser.helpers import no_exception as _no_exception
from tests.browser.helpers import open_app as _open
from tests.browser.helpers import settle as _settle
from tests.browser.helpers import shot as _shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser


def _expect(what: Any) -> Any:
    """Playwright's retrying assertions (imported late: without Playwright the tests skip)."""
    from playwright.sync_api import expect

    return expect(what)


def _main(page: Page) -> Locator:
    return page.locator("[data-testid='stMain']")


def _net(page: Page) -> Locator:
    """The network's drawing area (the network component's canvas holder)."""
    return _main(page).locator(".mg-net").first


def _url_names(node: str) -> re.Pattern[str]:
    """The URL names ``node`` (a CURIE, its colon escaped or not) as the page's node."""
    prefix, local = node.split(":")
    return re.compile(f"node={prefix}(%3A|:){local}(&|$)")

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


def _node_point(page: Page, key: str, label: str) -> dict[str, int]:
    """Where on the page the node labelled ``label`` of network ``key`` is drawn, at rest.

    The network fits itself to its frame after its first drawing, and a rerun may draw it
    anew: once the app is idle, the point is taken when two readings 250 ms apart agree.
    """
    _settle(page, _net(page))
    page.evaluate("() => { globalThis.__mgLastPoint = null; }")
    read = """([key, label]) => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.dataset.testScriptState !== 'notRunning') {
              globalThis.__mgLastPoint = null;  // a run may draw it anew
              return null;
            }
            const net = globalThis.__myograph && globalThis.__myograph[key];
            const node = net && net.body.data.nodes.get().find((n) => n.label === label);
            if (!node) return null;
            let point;
            try {
              const dom = net.canvasToDOM(net.getPositions([node.id])[node.id]);
              const box = net.body.container.getBoundingClientRect();
              point = {x: Math.round(box.left + dom.x), y: Math.round(box.top + dom.y),
                       id: node.id};
            } catch (e) { return null; }  // a network a rerun has just replaced
            const seen = JSON.stringify(point), last = globalThis.__mgLastPoint;
            globalThis.__mgLastPoint = seen;
            return seen === last ? point : null;
        }"""
    point: dict[str, int] = page.wait_for_function(read, arg=[key, label],
                                                   polling=250).json_value()
    return point


def test_clicking_a_node_updates_the_details(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=muscle%20spasm")
    # the network must be on screen and drawn by the last run (the URL rewrite to the CURIE
    # reruns the page), or the click lands on nothing
    _net(page).scroll_into_view_if_needed()
    point = _node_point(page, "explore_net", "dehydration")
    page.mouse.click(point["x"], point["y"])
    _settle(page, page.get_by_role("heading", name="dehydration").first)
    _expect(page).to_have_url(_url_names("mge:dehydration"))
    _shot(page, "explore-clicked-node")


def test_expanding_a_node_leaves_the_others_where_they_were(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=hypokalemia")
    _net(page).scroll_into_view_if_needed()
    point = _node_point(page, "explore_net", "diuretic")
    page.mouse.click(point["x"], point["y"])
    _settle(page, page.get_by_role("heading", name="diuretic").first)
    _node_point(page, "explore_net", "diuretic")  # drawn anew for the selection, and at rest
    watched = ("hypokalemia", "muscle spasm", "diuretic", "prednisone")
    # where each node is drawn inside the network's frame (the page itself may scroll)
    inside = """([key, label]) => {
            const net = globalThis.__myograph[key];
            const id = net.body.data.nodes.get().find((n) => n.label === label).id;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            return {x: Math.round(dom.x), y: Math.round(dom.y)};
        }"""
    before = {label: page.evaluate(inside, ["explore_net", label]) for label in watched}
    page.get_by_role("button", name="Expand").click()
    page.wait_for_function(
        """() => globalThis.__myograph.explore_net.body.data.nodes.get()
                   .some((n) => n.label === 'furosemide')""")
    _node_point(page, "explore_net", "furosemide")  # drawn and at rest
    for label in watched:
        after = page.evaluate(inside, ["explore_net", label])
        assert abs(after["x"] - before[label]["x"]) <= 2, label
        assert abs(after["y"] - before[label]["y"]) <= 2, label
    _no_exception(page)
    _shot(page, "explore-expanded")


def test_a_busy_picture_labels_its_links_when_zoomed_in(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=explore&node=muscle%20spasm")
    _net(page).scroll_into_view_if_needed()
    _settle(page, _net(page))
    page.wait_for_function("() => globalThis.__myograph && globalThis.__myograph.explore_net")
    labelled = """() => globalThis.__myograph.explore_net.body.data.edges.get()
                     .filter((e) => e.label).length"""
    assert page.evaluate(labelled) == 0  # at the default zoom the hub's links are unlabelled
    _shot(page, "explore-hub-quiet")
    page.evaluate("""() => { const net = globalThis.__myograph.explore_net;
                             net.moveTo({ scale: 2.0, animation: false });
                             net.emit('zoom', { scale: 2.0 }); }""")
    page.wait_for_function(labelled + " > 10")
    _shot(page, "explore-hub-zoomed")


def test_clicking_a_trace_node_opens_it_in_explore(page: Page, app_url: str) -> None:
    _open(page, app_url, "?view=trace&source=acyclovir&target=muscle%20spasm")
    _settle(page, page.get_by_text("Route 1", exact=False).first, _net(page))
    assert "Click a node to open it in Explore" in _main_text(page)
    _net(page).scroll_into_view_if_needed()
    point = _node_point(page, "trace_net", "acute kidney injury")
    page.mouse.click(point["x"], point["y"])
    _settle(page, page.get_by_role("heading", name="Explore").first,
            page.get_by_role("heading", name="acute kidney injury").first)
    _expect(page).to_have_url(re.compile(r"view=explore(&|$)"))
    _expect(page).to_have_url(_url_names("mge:acute_kidney_injury"))
    _no_exception(page)
    _shot(page, "trace-clicked-node")


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


def test_hostile_label_in_an_upload_runs_no_script(page: Page, app_url: str, tmp_path: Path,
                                                   dialogs: list[str]) -> None:
    # Explore it in the same session: details, network and tooltip all show it as text.
    upload_hostile(page, app_url, tmp_path, "zzevil")
    open_by_search(page, "zzevil")
    assert dialogs == []
    assert images_with_src_x(page) == 0
    assert HOSTILE in _main_text(page)  # shown as text
    _shot(page, "hostile-upload")


OUTSIDE_IMAGE = "![p](http://outside.example/pixel.png)"
OUTSIDE_LINK = "[Session expired - log in](http://outside.example/login)"


def test_hostile_markdown_in_share_links_and_uploads_fetches_nothing(
        page: Page, app_url: str, tmp_path: Path, outside_requests: list[str]) -> None:
    # issue 21: an image reference in a share-link value or a label made the browser fetch
    # an outside URL; every value is shown as text, so nothing is fetched or linked
    before = len(outside_requests)
    shared = quote(OUTSIDE_IMAGE)
    for query in (f"?view=explore&node={shared}", f"?view=trace&source={shared}&target="
                  f"{quote(OUTSIDE_LINK)}", f"?view=sparql&example={shared}",
                  f"?view=trace&source=acyclovir&target=cramp&avoid={shared}"):
        _open(page, app_url, query)
        _no_exception(page)
        assert _outside_references(page) == [], query  # nothing that would fetch or link it
    upload_hostile(page, app_url, tmp_path, "markdown",
                   label=f"zzmd {OUTSIDE_IMAGE} {OUTSIDE_LINK}")
    open_by_search(page, "zzmd")
    # shown as the text it is (a word joiner keeps "http://" from being linked)
    assert OUTSIDE_IMAGE in _main_text(page).replace("\u2060", "")
    links = page.evaluate("() => [...document.querySelectorAll('a')].filter(a => "
                          "a.href.includes('outside.example')).map(a => a.parentElement"
                          ".closest('[data-testid]').outerHTML.slice(0, 1200))")
    assert not links
    assert outside_requests[before:] == []
    _shot(page, "hostile-markdown")


def _outside_references(page: Page) -> list[str]:
    """Elements, in the page or an open shadow root, whose address attributes (src, href…)
    name outside.example: what would make the browser fetch it or offer it as a link."""
    return list(page.evaluate(
        """() => { const out = [];
                   const walk = (root) => {
                     for (const el of root.querySelectorAll('*')) {
                       for (const name of ['src', 'srcset', 'href', 'poster', 'data',
                                           'action', 'formaction', 'background'])
                         if ((el.getAttribute(name) || '').includes('outside.example'))
                           out.push(el.outerHTML.slice(0, 300));
                       if (el.shadowRoot) walk(el.shadowRoot);
                     }
                   };
                   walk(document); return out; }"""))


def _websocket_status(app_url: str, host: str) -> str:
    """The status line Streamlit answers a WebSocket handshake naming ``host``."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(app_url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        sock.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\n"
                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
                      "\r\n").encode())
        return sock.recv(4096).decode("latin-1").split("\r\n")[0]


def test_the_app_refuses_a_connection_naming_another_host(app_url: str) -> None:
    # issue 21: a page on attacker.example rebound to 127.0.0.1 could drive the app
    port = app_url.rsplit(":", 1)[1]
    assert " 101 " in _websocket_status(app_url, f"127.0.0.1:{port}")
    assert " 101 " not in _websocket_status(app_url, f"attacker.example:{port}")


def test_a_second_session_does_not_see_the_upload(browser: Browser, app_url: str) -> None:
    context = browser.new_context()
    pg = context.new_page()
    _follow(pg)
    _open(pg, app_url, "?view=explore&node=zzevil")
    pg.get_by_text("no entity matches", exact=False).first.wait_for()
    pg.get_by_text("uploads stay private", exact=False).first.wait_for()
    context.close()


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


def test_nothing_was_requested_outside_127_0_0_1(outside_requests: list[str]) -> None:
    assert outside_requests == []


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
