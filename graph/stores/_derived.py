"""Derived values kept on disk (label index, profile, counts), so a new process skips them.

An Oxigraph store keeps them beside its data. A memory store opened over a file keeps them
in the user's cache directory, under the hash of the file and of this library's code: the
curated graph's are computed once per machine, not at every start of the app or the CLI
(where the first page would wait for them). A remote endpoint's are kept there too, under
its URL and its triple count (a change probe one query answers, asked again once the last
answer is :data:`PROBE_FRESH_SECONDS` old).

The files are pickles this library wrote itself, read back only from a directory owned by
the user and closed to others (SECURITY.md).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path

__all__ = ["CACHE_ENV", "PROBE_FRESH_SECONDS", "cache_dir_for", "cache_dir_for_endpoint",
           "code_fingerprint", "read", "recent_probe", "remember_probe", "write"]

CACHE_ENV = "MYOGRAPH_CACHE_DIR"
"""Where memory stores keep derived values (default ``$XDG_CACHE_HOME/myograph``, else
``~/.cache/myograph``); empty turns the cache off."""
_KEEP_FOLDERS = 8
PROBE_FRESH_SECONDS = 300.0
"""How long a remote endpoint's change probe is trusted (5 minutes): counting every triple of
a large graph takes its server a noticeable time, so commands run one after another share one
count, as an HTTP cache shares a response within its max-age. A graph changed meanwhile shows
its old names for at most this long."""


def read(file: Path) -> object | None:
    """The value kept in ``file``; None when there is none or it cannot be read."""
    if not file.is_file():
        return None
    try:
        # only files this library wrote, in a directory only the user can write
        value: object = pickle.loads(file.read_bytes())  # noqa: S301
        return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None


def write(file: Path, value: object) -> None:
    """Keep ``value`` in ``file``, atomically (another process never reads half a file)."""
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=file.parent, suffix=".partial")
    except OSError:
        return  # a read-only disk: the value is computed again next time
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(file)
    except OSError:
        partial.unlink(missing_ok=True)  # a full disk: computed again next time


def cache_dir_for(data: Path) -> Path | None:
    """The folder keeping derived values of a memory store loaded from ``data``; None when
    the cache is off or its root is not the user's own."""
    try:
        content = data.read_bytes()
    except OSError:
        return None
    return _folder("memory", content)


def cache_dir_for_endpoint(url: str, probe: str) -> Path | None:
    """The folder keeping derived values of a remote endpoint, for as long as ``probe`` (a
    cheap reading of its size) stays the same; None when the cache is off."""
    return _folder("remote", f"{url}\n{probe}".encode())


def recent_probe(url: str, now: float) -> str | None:
    """The change probe's last answer for the endpoint at ``url``, if still fresh at ``now``."""
    folder = _folder("probe", url.encode())
    kept = read(folder / "probe.pickle") if folder is not None else None
    if (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], str)
            and isinstance(kept[0], float) and 0 <= now - kept[0] < PROBE_FRESH_SECONDS):
        return kept[1]
    return None


def remember_probe(url: str, answer: str, now: float) -> None:
    """Keep the change probe's answer for :func:`recent_probe`."""
    folder = _folder("probe", url.encode())
    if folder is not None:
        write(folder / "probe.pickle", (now, answer))


def _folder(kind: str, key: bytes) -> Path | None:
    root = _cache_root()
    if root is None:
        return None
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.stat()
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
    except OSError:
        return None
    digest = hashlib.sha256(key)
    digest.update(code_fingerprint().encode())
    folder = root / kind / digest.hexdigest()[:32]
    if not folder.exists():
        _prune(folder.parent)
    return folder


def _prune(parent: Path) -> None:
    """Keep the most recently used folders only: each edit of a file or the code makes one."""
    try:
        folders = sorted((f for f in parent.iterdir() if f.is_dir()),
                         key=lambda f: f.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in folders[_KEEP_FOLDERS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _cache_root() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "myograph"


@cache
def code_fingerprint() -> str:
    """A hash of this library's code and queries: kept values never outlive the code that
    made them (a changed class would unpickle into a stale shape); the benchmark records it."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*")):
        if file.suffix in (".py", ".rq") and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(package)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()
