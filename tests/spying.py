"""Watching what a remote store sends, for tests that count its queries."""

from __future__ import annotations

from typing import Any

import pytest

from graph.stores import remote as remote_module


def queries_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries every remote store sends from now on (the list grows as they go)."""
    sent: list[str] = []
    execute = remote_module.RemoteStore.execute

    def counting(self: remote_module.RemoteStore, query: str, *args: Any,
                 **kwargs: Any) -> object:
        sent.append(query)
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(remote_module.RemoteStore, "execute", counting)
    return sent
