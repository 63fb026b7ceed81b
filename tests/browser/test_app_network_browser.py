"""The network picture in real Chromium: clicking a node opens it, expanding one leaves the
others where they were, a busy picture labels its links when zoomed in."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.browser.helpers import expect as _expect
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
