"""myograph serve as a process of its own, and the host names it answers (DNS rebinding)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.server.support import ASK


def test_myograph_serve_as_a_process(tmp_path: Path) -> None:
    command = [str(Path(sys.executable).parent / "myograph"), "serve", "--port", "0",
               "--timeout", "5"]
    env = {**os.environ, "MYOGRAPH_STORE": "memory", "NO_PROXY": "*"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
        assert match, line
        url = match.group(0)
        deadline = time.monotonic() + 20
        with httpx.Client(trust_env=False, timeout=5) as client:
            while True:
                try:
                    health = client.get(url.replace("/sparql", "/health"))
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "myograph serve did not start"
                    time.sleep(0.1)
            assert health.json()["status"] == "ok"
            answer = client.get(url, params={"query": ASK})
            assert answer.json()["boolean"] is True
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    log = process.stderr.read() if process.stderr else ""
    assert "GET /sparql 200" in log


def test_a_request_naming_another_host_is_refused_so_dns_rebinding_reads_nothing() -> None:
    # issue 21: a page on attacker.example, its name pointed at 127.0.0.1, sends
    # "Host: attacker.example": the endpoint answers only its own and the loopback names,
    # and those given with --allow-host
    from tests.test_security_support import serve_process

    query = {"query": "ASK { ?s ?p ?o }"}
    with serve_process("memory", timeout=5, args=("--allow-host", "sparql.lab.example")) as served:
        port = served.url.split(":")[2].split("/")[0]
        with httpx.Client(trust_env=False, timeout=10) as client:
            for host, status in [(f"attacker.example:{port}", 400), ("attacker.example", 400),
                                 (f"127.0.0.1:{port}", 200), (f"localhost:{port}", 200),
                                 (f"sparql.lab.example:{port}", 200)]:
                answer = client.get(served.url, params=query, headers={"Host": host})
                assert answer.status_code == status, host
                assert "attacker" not in answer.text
            health = client.get(served.url.replace("/sparql", "/health"))
            assert health.headers["X-Content-Type-Options"] == "nosniff"
