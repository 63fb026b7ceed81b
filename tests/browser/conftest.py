"""Real Chromium (Debian's /usr/bin/chromium, driven by Playwright) against `streamlit run`.

With CI=true a missing Chromium or Playwright fails the run; locally the tests skip with
the reason. Every request that is not to 127.0.0.1 is blocked and recorded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page, Route, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("MYOGRAPH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def _missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (python) is not installed"
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if not reason:
        return
    if os.environ.get("CI", "").lower() == "true":
        return  # never skip in CI: the session fixture below fails instead
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _fail_in_ci_without_browser() -> None:
    reason = _missing()
    if reason and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests need Chromium and Playwright in CI: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serve_app(store: str, name: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free loopback port over ``store`` (with ``env``
    added to the environment); stop it after."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"streamlit-{name}.log"
    env = {**os.environ, **(env or {}), "MYOGRAPH_STORE": store}
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start; see {log}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with _serve_app("memory", "memory") as url:
        yield url


@pytest.fixture(scope="session")
def foreign_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over an on-disk Oxigraph store holding a Hetionet-shaped foreign graph."""
    from graph.loading import load_file
    from graph.stores import open_store
    from tests.foreign_graph import write_foreign_graph

    folder = tmp_path_factory.mktemp("foreign")
    store = open_store(f"oxigraph:{folder / 'db'}")
    load_file(store, write_foreign_graph(folder / "het.nt"))
    store.close()
    with _serve_app(f"oxigraph:{folder / 'db'}", "foreign") as url:
        yield url


@pytest.fixture(scope="session")
def public_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over an on-disk Oxigraph store holding a real public graph (schema.org's
    SHACL shapes, tests/public_graph.py)."""
    from graph.loading import load_file
    from graph.stores import open_store
    from tests.public_graph import public_graph

    folder = tmp_path_factory.mktemp("public")
    store = open_store(f"oxigraph:{folder / 'db'}")
    load_file(store, public_graph())
    store.close()
    with _serve_app(f"oxigraph:{folder / 'db'}", "public") as url:
        yield url


@pytest.fixture(scope="session")
def remote_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The app over a real ``oxigraph serve-read-only`` holding the curated graph, counted
    as a large remote graph (names looked up on the server, :mod:`graph.remote_search`),
    through a proxy recording every query it is sent: (the app's URL, the queries)."""
    from graph.stores.remote import INDEX_LIMIT_ENV
    from tests.oxigraph_server import endpoint_for_tests
    from tests.recording_proxy import RecordingProxy

    folder = tmp_path_factory.mktemp("remote")
    env = {INDEX_LIMIT_ENV: "100", "MYOGRAPH_CACHE_DIR": str(folder / "cache")}
    server = contextlib.contextmanager(endpoint_for_tests)(folder / "db", timeout=10)
    with (server as upstream, RecordingProxy(upstream) as proxy,
          _serve_app(proxy.url, "remote", env) as url):
        yield url, proxy.sent


@pytest.fixture(scope="session")
def outside_requests() -> list[str]:
    """Every request the pages tried to make beyond 127.0.0.1."""
    return []


@pytest.fixture
def dialogs() -> list[str]:
    """The messages of the dialogs (alert, confirm, prompt) the test's page opened."""
    return []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _guard(route: Route, outside: list[str]) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "blob:", "data:")):
        route.continue_()
    else:
        outside.append(url)
        route.abort()


@pytest.fixture
def page(browser: Browser, outside_requests: list[str], dialogs: list[str],
         request: pytest.FixtureRequest) -> Iterator[Page]:
    options: dict[str, Any] = dict(getattr(request, "param", {}))  # a viewport, maybe a scheme
    scheme = options.pop("color_scheme", "light")
    viewport: ViewportSize = ({"width": options["width"], "height": options["height"]}
                              if options else {"width": 1280, "height": 900})
    context = browser.new_context(viewport=viewport,
                                  color_scheme=scheme, accept_downloads=True)
    context.route("**/*", lambda route: _guard(route, outside_requests))
    pg = context.new_page()
    from tests.browser.runs import follow

    follow(pg)  # so the tests know when a script run is over (runs.py)

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", dismiss)
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
