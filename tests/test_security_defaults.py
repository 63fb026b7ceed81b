"""Safe defaults (issue 8): loopback only, XSRF on, no error details, capped uploads, CORS off,
no secrets, no telemetry.

What a person gets without setting anything: the Streamlit config shipped in
``.streamlit/config.toml``, ``make run``, ``myograph serve`` and :func:`graph.server.create_app`.
"""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

import httpx
import pytest

from graph import server
from graph.cli import main
from graph.errors import QueryError
from graph.server import create_app, error_response
from graph.stores import open_store
from tests.background_server import BackgroundServer

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_streamlit_binds_loopback_with_xsrf_and_no_details_or_telemetry() -> None:
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True  # Streamlit's name for "CORS protection on"
    assert CONFIG["server"]["headless"] is True
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["global"]["developmentMode"] is False


def test_streamlit_answers_only_loopback_host_names() -> None:
    assert CONFIG["server"]["allowedHosts"] == ["localhost", "127.0.0.1", "::1"]


def test_streamlit_upload_size_is_capped_and_the_app_caps_decompressed_size() -> None:
    from graph.session import MAX_UPLOAD_BYTES

    assert 0 < CONFIG["server"]["maxUploadSize"] <= 200  # MB, compressed, per file
    assert MAX_UPLOAD_BYTES <= 200 * 1024**2  # decompressed, per file


def test_make_run_binds_loopback() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = next(line for line in makefile.splitlines() if "streamlit run" in line)
    assert "--server.address 127.0.0.1" in run


def test_no_secrets_are_shipped() -> None:
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()
    for path in [ROOT / ".streamlit" / "config.toml", ROOT / "pyproject.toml"]:
        text = path.read_text(encoding="utf-8").lower()
        for word in ("password", "secret", "token", "api_key", "apikey"):
            assert word not in text, f"{path.name} mentions {word!r}"


def test_the_endpoint_binds_loopback_by_default() -> None:
    assert server.DEFAULT_HOST == "127.0.0.1"
    assert inspect.signature(server.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(BackgroundServer).parameters["host"].default == "127.0.0.1"
    serve_command = main.commands["serve"]
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"
    assert "0.0.0.0" in (host.help or "")  # the help says what exposing it means


def test_the_endpoint_has_cors_off_and_limits_on_by_default() -> None:
    with BackgroundServer(create_app(open_store("memory"))) as running, \
            httpx.Client(trust_env=False, timeout=20) as http:
        preflight = http.options(running.url, headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in preflight.headers
        answer = http.get(running.url, params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Origin": "https://evil.example"})
        assert answer.status_code == 200
        assert "access-control-allow-origin" not in answer.headers
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "server" not in answer.headers  # no version banner
    limits = inspect.signature(create_app).parameters
    assert limits["max_body"].default == server.MAX_BODY <= 1024 * 1024


def test_an_internal_error_reaches_no_client() -> None:
    response = error_response(None, RuntimeError("/home/secret/path leaked"))
    assert response.status_code == 500
    assert b"secret" not in response.body
    assert b"Traceback" not in response.body
    ours = error_response(None, QueryError("the query failed: bad"))
    assert b"the query failed: bad" in ours.body


def test_the_app_shows_no_error_details(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    from myograph_app import state

    shown: list[str] = []
    monkeypatch.setattr(st, "error", lambda text, **_: shown.append(str(text)))  # state's st
    state.report_error(RuntimeError("/home/secret/path leaked"))
    state.report_error(QueryError("the query failed: bad"))
    assert "secret" not in shown[0]
    assert shown[1] == state.md("the query failed: bad")  # our message, made inert Markdown
