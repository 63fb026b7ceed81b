"""Pass or fail per goal, at the largest size measured (1 M triples normally): issue 7's
load and latency goals, growth with the graph, the embedded default, the Hetionet-shaped
graph (issue 9), and issue 18's remote store and endpoint."""

from __future__ import annotations

from typing import Any

from benchmarks.reporting.common import FIRST_LAUNCH, GOALS, THEIR_SERVER, find, p95

_LATENCY = (
    ("search", "search p95 ≤ 50 ms", ("search (hit)", "search (miss)", "search (fuzzy)")),
    ("neighbours", "neighbours p95 ≤ 50 ms", ("neighbours (typical)", "neighbours (hub)")),
    ("path", "path p95 ≤ 250 ms", ("path (reachable)", "path (unreachable)")),
    ("stats", "stats p95 ≤ 100 ms", ("stats",)),
    ("render", "300-node render p95 ≤ 150 ms", ("render (300-node view)",)),
)
"""The latency goals: the goal's key, its name, the operations it covers."""
_FIRST_CALLS = (("search", "search (first call after the load)",
                 "the first search after a load (as `myograph load` leaves the store: "
                 "label index, profile and counts kept)"),
                ("stats", "stats (first call)",
                 "the first stats after a load (later calls are cached)"))


class _Goals:
    """The goals found so far, each at ``big`` triples."""

    def __init__(self, big: int) -> None:
        self.big = big
        self.out: list[dict[str, Any]] = []

    def add(self, name: str, threshold: str, measured: str, passed: bool | None,
            detail: str = "") -> None:
        """One goal's row."""
        self.out.append({"goal": name, "threshold": threshold, "measured": measured,
                         "pass": passed, "triples": self.big,
                         **({"detail": detail} if detail else {})})


def goals(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Pass or fail per goal of issue 7 at the largest size measured (1 M normally)."""
    load, results = data["load"], data["results"]
    sizes = sorted({r["triples"] for r in results if r.get("graph") == "myograph"})
    if not sizes:
        return []
    big = 1_000_000 if 1_000_000 in sizes else sizes[-1]
    small = sizes[0] if sizes[0] != big else None
    found = _Goals(big)
    _load_goals(found, load)
    _latency_goals(found, results)
    _first_call_goals(found, results)
    if small is not None:
        _growth_goal(found, results, small)
    _embedded_goal(found, results)
    found.out += _issue_18_goals(results, big)
    _hetionet_goal(found, results)
    return found.out


def _ok_seconds(row: dict[str, Any] | None) -> float | None:
    return row["seconds"] if row and row.get("status") == "ok" else None


def _load_goals(found: _Goals, load: list[dict[str, Any]]) -> None:
    """Load against Oxigraph's own loader and against rdflib, and its peak memory."""
    big = found.big
    ox = find(load, backend="oxigraph", triples=big, graph="myograph")
    cli = find(load, backend="oxigraph-cli", triples=big, graph="myograph")
    mem = find(load, backend="memory", triples=big, graph="myograph")
    ox_s, cli_s = _ok_seconds(ox), _ok_seconds(cli)
    if ox and ox_s and cli_s:
        named = cli.get("named_graph_seconds") if cli else None
        ours_named = ox.get("named_graph_seconds")
        also = (f"; into a named graph of its own {ours_named / named:.2f}× of `oxigraph load "
                f"--graph` ({ours_named:.1f} s vs {named:.1f} s)" if named and ours_named
                else "")
        ratio = ox_s / cli_s
        found.add("load within 1.25× of Oxigraph's own loader (same file, default graph)",
                  "≤ 1.25×",
                  f"{ratio:.2f}× of `oxigraph load` ({ox_s:.1f} s vs {cli_s:.1f} s){also}",
                  ratio <= GOALS["load_vs_cli"])
    else:
        found.add("load within 1.25× of oxigraph-cli", "≤ 1.25×", "not measured", None)
    if ox_s and mem is not None:
        _against_rdflib(found, ox_s, mem, cli_s)
    else:
        found.add("load ≥ 6× faster than rdflib", "≥ 6×", "not measured", None)
    if ox and ox.get("peak_rss_mib") is not None:
        found.add("load peak RSS ≤ 1.5 GiB", "≤ 1536 MiB", f"{ox['peak_rss_mib']:.0f} MiB",
                  ox["peak_rss_mib"] <= GOALS["peak_rss_mib"])


def _against_rdflib(found: _Goals, ox_s: float, mem: dict[str, Any],
                    cli_s: float | None) -> None:
    """Our load against rdflib's (or against its budget, when rdflib ran out of it)."""
    if mem.get("status") == "ok" and mem["seconds"]:
        ceiling = (f"; Oxigraph's own loader (one thread per million triples) is "
                   f"{mem['seconds'] / cli_s:.2f}× faster than rdflib here" if cli_s else "")
        ratio = mem["seconds"] / ox_s
        found.add("load ≥ 6× faster than rdflib", "≥ 6×",
                  f"{ratio:.2f}× ({mem['seconds']:.1f} s vs {ox_s:.1f} s){ceiling}",
                  ratio >= GOALS["load_vs_memory"])
    else:
        ratio = (mem.get("budget_s") or 0.0) / ox_s
        found.add("load ≥ 6× faster than rdflib", "≥ 6×",
                  f"> {ratio:.1f}× (rdflib over its {mem.get('budget_s')} s budget)",
                  ratio >= GOALS["load_vs_memory"])


def _latency_goals(found: _Goals, results: list[dict[str, Any]]) -> None:
    """Each interaction's p95 on Oxigraph against its limit."""
    big = found.big
    for key, label, ops in _LATENCY:
        values = {op: p95(find(results, backend="oxigraph", triples=big, graph="myograph",
                               operation=op)) for op in ops}
        missing = [op for op, v in values.items() if v is None]
        if missing:
            found.add(label, f"≤ {GOALS[key]:g} ms", f"not measured ({', '.join(missing)})",
                      False)
            continue
        worst = max(values, key=lambda op: values[op] or 0.0)
        first_ms = p95(find(results, backend="oxigraph", triples=big, graph="myograph",
                            operation=f"{key} (first call)"))
        cached = (f" (served from a cache; the first call after the load took "
                  f"{first_ms:,.0f} ms)" if key == "stats" and first_ms is not None else "")
        found.add(label, f"≤ {GOALS[key]:g} ms",
                  ", ".join(f"{op.split('(')[-1].rstrip(')') if '(' in op else op} "
                            f"{v:g} ms" for op, v in values.items()) + cached,
                  all((v or 0.0) <= GOALS[key] for v in values.values()), f"worst: {worst}")


def _first_call_goals(found: _Goals, results: list[dict[str, Any]]) -> None:
    """The first search and stats after a load, which build what later calls reuse."""
    ready = p95(find(results, backend="oxigraph", triples=found.big, graph="myograph",
                     operation="ready after the load (profile, label index, counts)"))
    after = f" (the load's preparation before it: {ready / 1000:,.1f} s)" if ready else ""
    for key, op, what in _FIRST_CALLS:
        first = find(results, backend="oxigraph", triples=found.big, graph="myograph",
                     operation=op)
        if first is not None:
            value = p95(first)
            found.add(f"{what} ≤ {GOALS[key]:g} ms (our reading: the first call counts too)",
                      f"≤ {GOALS[key]:g} ms", (f"{value:,.0f} ms{after}" if value is not None
                                               else str(first.get("status"))),
                      value is not None and value <= GOALS[key])


def _growth_goal(found: _Goals, results: list[dict[str, Any]], small: int) -> None:
    """Each interaction's p95 at the largest size against the smallest."""
    big = found.big
    growth: dict[str, float] = {}
    for op in dict.fromkeys(r["operation"] for r in results
                            if r.get("graph") == "myograph"
                            and "first call" not in r["operation"]
                            and not r["operation"].startswith(("endpoint", "ready after"))):
        a = p95(find(results, backend="oxigraph", triples=small, graph="myograph",
                     operation=op))
        b = p95(find(results, backend="oxigraph", triples=big, graph="myograph",
                     operation=op))
        if a and b:
            growth[op] = b / a
    if growth:
        worst = max(growth, key=lambda op: growth[op])
        found.add(f"interactions grow far slower than the graph ({big // small}× larger)",
                  f"each ≤ {GOALS['growth']:g}× (our reading)",
                  ", ".join(f"{op} {g:.1f}×" for op, g in growth.items()),
                  all(g <= GOALS["growth"] for g in growth.values()), f"worst: {worst}")


def _embedded_goal(found: _Goals, results: list[dict[str, Any]]) -> None:
    """The app on the curated graph: cold start and every interaction under a second."""
    curated = [r for r in results if r.get("graph") == "curated"]
    # the first launch on a machine keeps the curated graph's derived values for every later
    # one: shown beside the goal, not judged by it
    once = [r for r in curated if r["operation"].startswith(FIRST_LAUNCH)]
    curated = [r for r in curated if r not in once]
    if not curated:
        return
    slow = [r for r in curated if r.get("status") != "ok"
            or (r.get("p95_ms") or 0) >= GOALS["embedded"]]
    worst_r = max(curated, key=lambda r: r.get("p95_ms") or 0)
    once_note = "".join(f"; once per machine, the {r['operation']}: {r.get('p95_ms')} ms"
                        for r in once)
    found.add("embedded default: app cold start and every interaction on data/triples.ttl "
              "< 1 s", "< 1000 ms each",
              f"worst {worst_r['operation']} {worst_r.get('p95_ms')} ms{once_note}",
              not slow, "; ".join(f"{r['operation']}: {r.get('p95_ms')} ms ({r.get('status')})"
                                  for r in slow))


def _hetionet_goal(found: _Goals, results: list[dict[str, Any]]) -> None:
    """Issue 9: the Hetionet-shaped graph within the same limits."""
    het = [r for r in results if r.get("graph") == "hetionet" and r["triples"] == found.big
           and not r["operation"].startswith(("search (first", "ready after"))]
    if not het:
        return
    limits = {"search": GOALS["search"], "neighbours": GOALS["neighbours"],
              "path": GOALS["path"]}
    bad = [r for r in het if r.get("status") != "ok"
           or (r["p95_ms"] or 0) > limits[r["operation"].split(" ")[0]]]
    found.add("issue 9: Hetionet-shaped graph interactive (same p95 limits: search, "
              "neighbours 50 ms; path 250 ms)", "as above",
              ", ".join(f"{r['operation']} {r.get('p95_ms')} ms" for r in het), not bad,
              "; ".join(r["operation"] for r in bad))


def _issue_18_goals(results: list[dict[str, Any]], big: int) -> list[dict[str, Any]]:
    """A remote store against local whole CLI commands, and our endpoint against Oxigraph's."""
    out: list[dict[str, Any]] = []
    remote = [r for r in results if r.get("graph") == "remote" and r["triples"] == big]
    ratios: dict[str, float | None] = {}
    for op in dict.fromkeys(r["operation"] for r in remote):
        theirs = p95(find(remote, backend="remote", operation=op))
        ours = p95(find(remote, backend="oxigraph", operation=op))
        ratios[op] = theirs / ours if theirs and ours else None
    if ratios:
        limit = GOALS["remote_vs_local"]
        out.append({"goal": "issue 18: a remote store (oxigraph serve-read-only) answers whole "
                            "CLI commands within 1.5× of the same store on disk",
                    "threshold": f"≤ {limit:g}× each", "triples": big,
                    "measured": ", ".join(f"{op.split(' (')[0]} "
                                          + (f"{v:.2f}×" if v else "not measured")
                                          for op, v in ratios.items()),
                    "pass": all(v is not None and v <= limit for v in ratios.values())})
    ours_rps = find(results, backend="oxigraph", triples=big, graph="myograph",
                    operation="endpoint (8 clients)")
    theirs_rps = find(results, backend=THEIR_SERVER, triples=big, graph="myograph",
                      operation="endpoint (8 clients)")
    if ours_rps and theirs_rps:
        a, b = ours_rps.get("requests_per_s"), theirs_rps.get("requests_per_s")
        limit = GOALS["serve_vs_oxigraph"]
        out.append({"goal": "issue 18: `myograph serve` answers at least 0.7× the requests per "
                            "second of `oxigraph serve-read-only` (same store, same requests, "
                            "8 clients)", "threshold": f"≥ {limit:g}×", "triples": big,
                    "measured": (f"{a / b:.2f}× ({a:,.0f} vs {b:,.0f} requests/s)" if a and b
                                 else "not measured"),
                    "pass": bool(a and b and a / b >= limit) if a and b else None})
    return out
