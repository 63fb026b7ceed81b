"""What the report's parts share: the goals' numbers, finding a measured row, and how
times, ratios and sizes are written."""

from __future__ import annotations

from typing import Any

GOALS: dict[str, float] = {
    "load_vs_cli": 1.25, "load_vs_memory": 6.0, "peak_rss_mib": 1536.0,
    "search": 50.0, "neighbours": 50.0, "path": 250.0, "stats": 100.0, "render": 150.0,
    "growth": 3.0, "embedded": 1000.0, "remote_vs_local": 1.5, "serve_vs_oxigraph": 0.7,
}
"""Issue 7's goals (1 M triples, oxigraph); ``growth`` is our reading of "far slower than the
graph": at most 3× slower for a 10× larger graph. Issue 18 adds ``remote_vs_local`` (a
remote store's whole CLI commands against the same data on disk) and ``serve_vs_oxigraph``
(``myograph serve``'s requests per second against ``oxigraph serve-read-only``'s)."""
THEIR_SERVER = "oxigraph serve-read-only"
FIRST_LAUNCH = "app first launch"
"""The app's launch with nothing cached (once per machine and curated graph)."""


def find(items: list[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    """The first row whose fields have these values."""
    for item in items:
        if all(item.get(k) == v for k, v in match.items()):
            return item
    return None


def p95(result: dict[str, Any] | None) -> float | None:
    """A row's p95 in ms, or None when it was not measured or did not finish."""
    return None if result is None or result.get("status") != "ok" else result.get("p95_ms")


def fmt_ms(result: dict[str, Any] | None) -> str:
    """A row's p95 for a table cell ("—", "over budget (N s)", "12.3", "1,234")."""
    if result is None:
        return "—"
    if result.get("status") != "ok":
        budget = result.get("budget_s")
        return f"over budget ({budget:g} s)" if result.get("status") == "over budget" and \
            budget else str(result.get("status"))
    value = result["p95_ms"]
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None) -> str:
    """How many times faster ``fast`` is ("12.3×", "> 40×" past a budget, "—")."""
    f = p95(fast)
    if not f:
        return "—"
    s = p95(slow)
    if s:
        return f"{s / f:.1f}×" if s / f >= 1 else f"{s / f:.2f}×"
    if slow is not None and slow.get("status") == "over budget" and slow.get("budget_s"):
        return f"> {slow['budget_s'] * 1000 / f:.0f}×"
    return "—"


def size_label(n: int) -> str:
    """A size for people.

    >>> size_label(100_000), size_label(1_000_000), size_label(2_500_000), size_label(500)
    ('100 k', '1 M', '2.5 M', '500')
    """
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} M"
    if n >= 1000:
        return f"{n / 1000:g} k"
    return str(n)
