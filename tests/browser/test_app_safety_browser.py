"""Safety in real Chromium: hostile labels and markdown run and fetch nothing, the app refuses a
connection naming another host, a second session does not see an upload, and no page asked
for anything beyond 127.0.0.1 (run last of the app's browser modules, it sees theirs too)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from tests.browser.helpers import HOSTILE, images_with_src_x, open_by_search, upload_hostile
from tests.browser.helpers import follow as _follow
from tests.browser.helpers import main_text as _main_text
from tests.browser.helpers import no_exception as _no_exception
from tests.browser.helpers import open_app as _open
from tests.browser.helpers import shot as _shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


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


def test_nothing_was_requested_outside_127_0_0_1(outside_requests: list[str]) -> None:
    assert outside_requests == []
