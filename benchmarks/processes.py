"""Processes the benchmarks start: finding Oxigraph's CLI, timing a whole process with its
peak memory, waiting for a server to answer, and stopping it.

The benchmark, the whole-process report and the tests that run Oxigraph's own server all
start processes the same way, so the ways live here once.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["BIN", "ROOT", "Finished", "answers", "free_port", "kill_group", "oxigraph_binary",
           "stop", "time_process", "vm_hwm_mib"]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def oxigraph_binary() -> str | None:
    """Oxigraph's own CLI: beside this Python (the dev extra installs it), else on PATH."""
    beside = BIN / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Finished:
    """A process timed from outside, finished: its time, its peak RSS, its exit code and the
    end of what it wrote to stderr."""

    seconds: float
    peak_rss_mib: float
    exit_code: int
    stderr: str


def time_process(command: list[str], budget: float, *,
                 cwd: Path | None = None) -> Finished | None:
    """Run ``command`` (stdout discarded), timed from outside, with its peak RSS as the kernel
    counts it (``os.wait4``); killed once it has run ``budget`` seconds (then None).

    Its stderr goes to a file, so a chatty process never stalls on a full pipe; the last
    300 characters are kept.
    """
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                seconds = time.perf_counter() - started
                proc.returncode = exit_code = os.waitstatus_to_exitcode(code)
                err.seek(0)
                tail = err.read().decode(errors="replace")[-300:]
                return Finished(seconds, usage.ru_maxrss / 1024, exit_code, tail)
            if time.perf_counter() - started > budget:
                proc.kill()
                proc.wait()
                return None
            time.sleep(0.01)


def vm_hwm_mib(pid: int) -> float | None:
    """A running process's peak RSS so far (``VmHWM``), or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def answers(port: int, path: str) -> bool:
    """Whether a server on 127.0.0.1:``port`` answers ``GET path`` with 200 now."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", path)
            return conn.getresponse().status == 200
        finally:
            conn.close()
    return False


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """SIGKILL a process started in a session of its own, with everything it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def stop(proc: subprocess.Popen[Any], sig: int) -> None:
    """Stop a server started in a session of its own: ``sig``, then SIGKILL after 10 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            kill_group(proc)
