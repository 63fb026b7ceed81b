"""The benchmark's report: goals, the Markdown tables, the plot, and the JSON's schema.

``python -m benchmarks.run --report-only`` rewrites ``latest.md`` and ``latest.png`` from
``latest.json`` with these functions.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

__all__ = ["GOALS", "SCHEMA", "goals", "markdown", "plot", "size_label", "validate",
           "write_report"]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["machine", "load", "results", "goals"],
    "properties": {
        "machine": {"type": "object"},
        "load": {"type": "array", "items": {
            "type": "object",
            "required": ["backend", "triples", "seconds", "peak_rss_mib"],
            "properties": {
                "backend": {"enum": ["memory", "oxigraph", "oxigraph-cli"]},
                "triples": {"type": "integer"},
                "seconds": {"type": ["number", "null"]},
                "peak_rss_mib": {"type": ["number", "null"]},
                "status": {"enum": ["ok", "over budget", "error"]},
                "budget_s": {"type": "number"},
            }}},
        "results": {"type": "array", "items": {
            "type": "object",
            "required": ["backend", "triples", "operation", "n", "p50_ms", "p95_ms"],
            "properties": {
                "backend": {"enum": ["memory", "oxigraph", "remote",
                                     "oxigraph serve-read-only"]},
                "triples": {"type": "integer"},
                "operation": {"type": "string"},
                "n": {"type": "integer"},
                "p50_ms": {"type": ["number", "null"]},
                "p95_ms": {"type": ["number", "null"]},
                "status": {"enum": ["ok", "over budget", "error"]},
                "budget_s": {"type": "number"},
            }}},
        "goals": {"type": "array", "items": {
            "type": "object", "required": ["goal", "pass"],
            "properties": {"goal": {"type": "string"}, "pass": {"type": ["boolean", "null"]}}}},
    },
}
"""The shape of ``latest.json`` (a JSON Schema; :func:`validate` checks it without a library)."""


GOALS: dict[str, float] = {
    "load_vs_cli": 1.25, "load_vs_memory": 6.0, "peak_rss_mib": 1536.0,
    "search": 50.0, "neighbours": 50.0, "path": 250.0, "stats": 100.0, "render": 150.0,
    "growth": 3.0, "embedded": 1000.0, "remote_vs_local": 1.5, "serve_vs_oxigraph": 0.7,
}
"""Issue 7's goals (1 M triples, oxigraph); ``growth`` is our reading of "far slower than the
graph": at most 3× slower for a 10× larger graph. Issue 18 adds ``remote_vs_local`` (a
remote store's whole CLI commands against the same data on disk) and ``serve_vs_oxigraph``
(``myograph serve``'s requests per second against ``oxigraph serve-read-only``'s)."""
_THEIR_SERVER = "oxigraph serve-read-only"
_FIRST_LAUNCH = "app first launch"
"""The app's launch with nothing cached (once per machine and curated graph)."""


def _find(items: list[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    for item in items:
        if all(item.get(k) == v for k, v in match.items()):
            return item
    return None


def _p95(result: dict[str, Any] | None) -> float | None:
    return None if result is None or result.get("status") != "ok" else result.get("p95_ms")


def goals(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Pass or fail per goal of issue 7 at the largest size measured (1 M normally)."""
    load, results = data["load"], data["results"]
    sizes = sorted({r["triples"] for r in results if r.get("graph") == "myograph"})
    if not sizes:
        return []
    big = 1_000_000 if 1_000_000 in sizes else sizes[-1]
    small = sizes[0] if sizes[0] != big else None
    out: list[dict[str, Any]] = []

    def goal(name: str, threshold: str, measured: str, passed: bool | None,
             detail: str = "") -> None:
        out.append({"goal": name, "threshold": threshold, "measured": measured, "pass": passed,
                    "triples": big, **({"detail": detail} if detail else {})})

    ox = _find(load, backend="oxigraph", triples=big, graph="myograph")
    cli = _find(load, backend="oxigraph-cli", triples=big, graph="myograph")
    mem = _find(load, backend="memory", triples=big, graph="myograph")
    ox_s = ox["seconds"] if ox and ox.get("status") == "ok" else None
    cli_s = cli["seconds"] if cli and cli.get("status") == "ok" else None
    named = cli.get("named_graph_seconds") if cli and cli_s else None
    ours_named = ox.get("named_graph_seconds") if ox and ox_s else None
    if ox_s and cli_s:
        also = (f"; into a named graph of its own {ours_named / named:.2f}× of `oxigraph load "
                f"--graph` ({ours_named:.1f} s vs {named:.1f} s)" if named and ours_named
                else "")
        ratio = ox_s / cli_s
        goal("load within 1.25× of Oxigraph's own loader (same file, default graph)",
             "≤ 1.25×", f"{ratio:.2f}× of `oxigraph load` ({ox_s:.1f} s vs {cli_s:.1f} s){also}",
             ratio <= GOALS["load_vs_cli"])
    else:
        goal("load within 1.25× of oxigraph-cli", "≤ 1.25×", "not measured", None)
    if ox_s and mem is not None:
        ceiling = ""
        if mem.get("status") == "ok" and mem["seconds"] and cli_s:
            ceiling = (f"; Oxigraph's own loader (one thread per million triples) is "
                       f"{mem['seconds'] / cli_s:.2f}× faster than rdflib here")
        if mem.get("status") == "ok" and mem["seconds"]:
            ratio = mem["seconds"] / ox_s
            goal("load ≥ 6× faster than rdflib", "≥ 6×",
                 f"{ratio:.2f}× ({mem['seconds']:.1f} s vs {ox_s:.1f} s){ceiling}",
                 ratio >= GOALS["load_vs_memory"])
        else:
            ratio = (mem.get("budget_s") or 0.0) / ox_s
            goal("load ≥ 6× faster than rdflib", "≥ 6×",
                 f"> {ratio:.1f}× (rdflib over its {mem.get('budget_s')} s budget)",
                 ratio >= GOALS["load_vs_memory"])
    else:
        goal("load ≥ 6× faster than rdflib", "≥ 6×", "not measured", None)
    if ox and ox.get("peak_rss_mib") is not None:
        goal("load peak RSS ≤ 1.5 GiB", "≤ 1536 MiB", f"{ox['peak_rss_mib']:.0f} MiB",
             ox["peak_rss_mib"] <= GOALS["peak_rss_mib"])
    for key, label, ops in (
        ("search", "search p95 ≤ 50 ms", ("search (hit)", "search (miss)", "search (fuzzy)")),
        ("neighbours", "neighbours p95 ≤ 50 ms", ("neighbours (typical)", "neighbours (hub)")),
        ("path", "path p95 ≤ 250 ms", ("path (reachable)", "path (unreachable)")),
        ("stats", "stats p95 ≤ 100 ms", ("stats",)),
        ("render", "300-node render p95 ≤ 150 ms", ("render (300-node view)",)),
    ):
        values = {op: _p95(_find(results, backend="oxigraph", triples=big, graph="myograph",
                                 operation=op)) for op in ops}
        missing = [op for op, v in values.items() if v is None]
        if missing:
            goal(label, f"≤ {GOALS[key]:g} ms", f"not measured ({', '.join(missing)})", False)
            continue
        worst = max(values, key=lambda op: values[op] or 0.0)
        first_ms = _p95(_find(results, backend="oxigraph", triples=big, graph="myograph",
                              operation=f"{key} (first call)"))
        cached = (f" (served from a cache; the first call after the load took "
                  f"{first_ms:,.0f} ms)" if key == "stats" and first_ms is not None else "")
        goal(label, f"≤ {GOALS[key]:g} ms",
             ", ".join(f"{op.split('(')[-1].rstrip(')') if '(' in op else op} "
                       f"{v:g} ms" for op, v in values.items()) + cached,
             all((v or 0.0) <= GOALS[key] for v in values.values()), f"worst: {worst}")
    for key, op, what in (("search", "search (first call: index build)",
                           "the first search after a load (it builds the label index)"),
                          ("stats", "stats (first call)",
                           "the first stats after a load (later calls are cached)")):
        first = _find(results, backend="oxigraph", triples=big, graph="myograph", operation=op)
        if first is not None:
            value = _p95(first)
            goal(f"{what} ≤ {GOALS[key]:g} ms (our reading: the first call counts too)",
                 f"≤ {GOALS[key]:g} ms", f"{value:,.0f} ms" if value is not None
                 else str(first.get("status")), value is not None and value <= GOALS[key])
    if small is not None:
        growth: dict[str, float] = {}
        for op in dict.fromkeys(r["operation"] for r in results
                                if r.get("graph") == "myograph"
                                and "first call" not in r["operation"]
                                and not r["operation"].startswith("endpoint")):
            a = _p95(_find(results, backend="oxigraph", triples=small, graph="myograph",
                           operation=op))
            b = _p95(_find(results, backend="oxigraph", triples=big, graph="myograph",
                           operation=op))
            if a and b:
                growth[op] = b / a
        if growth:
            worst = max(growth, key=lambda op: growth[op])
            goal(f"interactions grow far slower than the graph ({big // small}× larger)",
                 f"each ≤ {GOALS['growth']:g}× (our reading)",
                 ", ".join(f"{op} {g:.1f}×" for op, g in growth.items()),
                 all(g <= GOALS["growth"] for g in growth.values()), f"worst: {worst}")
    curated = [r for r in results if r.get("graph") == "curated"]
    # the first launch on a machine keeps the curated graph's derived values for every later
    # one: shown beside the goal, not judged by it
    once = [r for r in curated if r["operation"].startswith(_FIRST_LAUNCH)]
    curated = [r for r in curated if r not in once]
    if curated:
        slow = [r for r in curated if r.get("status") != "ok"
                or (r.get("p95_ms") or 0) >= GOALS["embedded"]]
        worst_r = max(curated, key=lambda r: r.get("p95_ms") or 0)
        once_note = "".join(f"; once per machine, the {r['operation']}: {r.get('p95_ms')} ms"
                            for r in once)
        goal("embedded default: app cold start and every interaction on data/triples.ttl "
             "< 1 s", "< 1000 ms each",
             f"worst {worst_r['operation']} {worst_r.get('p95_ms')} ms{once_note}",
             not slow, "; ".join(f"{r['operation']}: {r.get('p95_ms')} ms ({r.get('status')})"
                                 for r in slow))
    out += _issue_18_goals(results, big)
    het = [r for r in results if r.get("graph") == "hetionet" and r["triples"] == big
           and not r["operation"].startswith("search (first")]
    if het:
        limits = {"search": GOALS["search"], "neighbours": GOALS["neighbours"],
                  "path": GOALS["path"]}
        bad = [r for r in het if r.get("status") != "ok"
               or (r["p95_ms"] or 0) > limits[r["operation"].split(" ")[0]]]
        goal("issue 9: Hetionet-shaped graph interactive (same p95 limits: search, "
             "neighbours 50 ms; path 250 ms)", "as above",
             ", ".join(f"{r['operation']} {r.get('p95_ms')} ms" for r in het), not bad,
             "; ".join(r["operation"] for r in bad))
    return out


def _issue_18_goals(results: list[dict[str, Any]], big: int) -> list[dict[str, Any]]:
    """A remote store against local whole CLI commands, and our endpoint against Oxigraph's."""
    out: list[dict[str, Any]] = []
    remote = [r for r in results if r.get("graph") == "remote" and r["triples"] == big]
    ratios: dict[str, float | None] = {}
    for op in dict.fromkeys(r["operation"] for r in remote):
        theirs = _p95(_find(remote, backend="remote", operation=op))
        ours = _p95(_find(remote, backend="oxigraph", operation=op))
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
    ours_rps = _find(results, backend="oxigraph", triples=big, graph="myograph",
                     operation="endpoint (8 clients)")
    theirs_rps = _find(results, backend=_THEIR_SERVER, triples=big, graph="myograph",
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


def _fmt_ms(result: dict[str, Any] | None) -> str:
    if result is None:
        return "—"
    if result.get("status") != "ok":
        budget = result.get("budget_s")
        return f"over budget ({budget:g} s)" if result.get("status") == "over budget" and \
            budget else str(result.get("status"))
    value = result["p95_ms"]
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(slow: dict[str, Any] | None, fast: dict[str, Any] | None) -> str:
    f = _p95(fast)
    if not f:
        return "—"
    s = _p95(slow)
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


def markdown(data: dict[str, Any]) -> str:
    """The report: load and interactions side by side, ratios, growth, goals."""
    load, results = data["load"], data["results"]
    sizes = sorted({r["triples"] for r in load if r.get("graph") == "myograph"})
    m = data["machine"]
    lines = [
        "# myograph benchmark",
        "",
        f"{m['date']} · {m['cpu']} · {m['cpus']} CPUs · {m['memory_gib']} GiB · Python "
        f"{m['python']} · rdflib {m['packages']['rdflib']} · pyoxigraph "
        f"{m['packages']['pyoxigraph']} · load average {m.get('load_average_at_start')} at "
        f"the start, {m.get('load_average_at_end')} at the end"
        + (" · **smoke run**" if data.get("smoke") else ""),
        "",
        *([f"**graph/ changed while this run was measuring** (code {m['graph_code_at_start']} "
           f"at the start, {m['graph_code_at_end']} at the end): rows measured before and "
           "after the change are not comparable; run `make bench` again.", ""]
          if m.get("graph_code_at_start") != m.get("graph_code_at_end") else []),
        "Times are p95 in milliseconds over `n` timed calls after a warm-up (seconds for "
        "loads); `memory` is rdflib in memory, `oxigraph` our Oxigraph store, `oxigraph-cli` "
        "Oxigraph's own `oxigraph load`. \"over budget (N s)\" means the operation could not "
        "finish within its time budget (or hit the library's own query time limit). Ratios are "
        "how many times faster oxigraph is than memory.",
        "",
        "## Graphs",
        "",
        "| graph | triples | entities | hub (links) | median links per entity |",
        "|---|---:|---:|---|---:|",
        *[f"| {g['profile']} | {g['triples']:,} | {g['entities']:,} | {g['hub']['label']} "
          f"({g['hub']['degree']:,}) | {g['median_degree']} |" for g in data.get("graphs", [])],
        "",
        "## Load",
        "",
        "| triples | memory s | oxigraph s | oxigraph-cli s | oxigraph vs memory | "
        "oxigraph / cli | cli vs memory | named graph: oxigraph s | cli --graph s | "
        "oxigraph / cli --graph | peak RSS MiB (memory · oxigraph · cli) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for n in sizes:
        row = {b: _find(load, backend=b, triples=n, graph="myograph")
               for b in ("memory", "oxigraph", "oxigraph-cli")}

        def secs(r: dict[str, Any] | None) -> str:
            if r is None:
                return "—"
            if r.get("status") != "ok":
                return f"over budget ({r.get('budget_s', 0):g} s)"
            return f"{r['seconds']:.2f}"

        ox, mem, cli = row["oxigraph"], row["memory"], row["oxigraph-cli"]
        vs_mem = "—"
        if ox and ox.get("status") == "ok" and mem is not None:
            vs_mem = (f"{mem['seconds'] / ox['seconds']:.1f}×" if mem.get("status") == "ok"
                      else f"> {mem.get('budget_s', 0) / ox['seconds']:.1f}×")
        vs_cli = (f"{ox['seconds'] / cli['seconds']:.2f}×" if ox and cli and
                  ox.get("status") == "ok" and cli.get("status") == "ok" else "—")
        rss = " · ".join(f"{r['peak_rss_mib']:,.0f}" if r and r.get("peak_rss_mib") else "—"
                         for r in (mem, ox, cli))
        cli_vs_mem = (f"{mem['seconds'] / cli['seconds']:.1f}×" if mem and cli and
                      mem.get("status") == "ok" and cli.get("status") == "ok" else "—")
        named = cli.get("named_graph_seconds") if cli else None
        ours_named = ox.get("named_graph_seconds") if ox else None
        vs_named = f"{ours_named / named:.2f}×" if named and ours_named else "—"
        lines.append(f"| {size_label(n)} | {secs(mem)} | {secs(ox)} | {secs(cli)} | {vs_mem} | "
                     f"{vs_cli} | {cli_vs_mem} | {f'{ours_named:.2f}' if ours_named else '—'} | "
                     f"{f'{named:.2f}' if named else '—'} | {vs_named} | {rss} |")
    lines += ["", "Each load puts the file into the default graph, as `oxigraph load` does "
              "(`myograph load --default-graph`, for a store's base data); `cli vs memory` is "
              "how much faster Oxigraph's own loader is than rdflib here: it works through a "
              "million triples on one thread, where our store loads N-Triples in 8 MiB chunks "
              "on every core. The named-graph columns load the same file into a graph "
              "of its own, as uploads and plain `myograph load` do (the Data page can list and "
              "remove it), against `oxigraph load --graph`: Oxigraph indexes named graphs in six "
              "orders instead of three. Loads are the median of interleaved repeats."]
    lines += ["", "## Interactions (p95 ms)", ""]
    header = "| operation |"
    rule = "|---|"
    for n in sizes:
        header += f" {size_label(n)} memory | {size_label(n)} oxigraph | ox vs mem |"
        rule += "---:|---:|---:|"
    if len(sizes) > 1:
        header += f" growth {size_label(sizes[0])}→{size_label(sizes[-1])} (ox · mem) |"
        rule += "---:|"
    lines += [header, rule]
    ops = list(dict.fromkeys(r["operation"] for r in results if r.get("graph") == "myograph"))
    for op in ops:
        row_text = f"| {op} |"
        for n in sizes:
            mem = _find(results, backend="memory", triples=n, graph="myograph", operation=op)
            ox = _find(results, backend="oxigraph", triples=n, graph="myograph", operation=op)
            row_text += f" {_fmt_ms(mem)} | {_fmt_ms(ox)} | {_ratio(mem, ox)} |"
        if len(sizes) > 1:
            parts = []
            for b in ("oxigraph", "memory"):
                a = _p95(_find(results, backend=b, triples=sizes[0], graph="myograph",
                               operation=op))
                z = _p95(_find(results, backend=b, triples=sizes[-1], graph="myograph",
                               operation=op))
                parts.append(f"{z / a:.1f}×" if a and z else "—")
            row_text += f" {' · '.join(parts)} |"
        lines.append(row_text)
    endpoint = [r for r in results if r["operation"].startswith("endpoint")]
    if endpoint:
        lines += ["", "## SPARQL endpoint (8 concurrent loopback clients)", "",
                  "| triples | backend | requests/s | p50 ms | p95 ms | errors | startup s |",
                  "|---:|---|---:|---:|---:|---:|---:|"]
        for r in endpoint:
            lines.append(f"| {size_label(r['triples'])} | {r['backend']} | "
                         f"{r.get('requests_per_s', '—')} | {r.get('p50_ms') or '—'} | "
                         f"{_fmt_ms(r)} | {r.get('errors', '—')} | {r.get('startup_s', '—')} |")
    remote = [r for r in results if r.get("graph") == "remote"]
    if remote:
        remote_sizes = sorted({r["triples"] for r in remote})
        lines += ["", "## A remote store against the same store on disk (whole CLI processes, "
                  "p95 ms, after the first command)", "",
                  "The remote store is `oxigraph serve-read-only` on the store the local "
                  "commands open; each command runs once untimed first.", "",
                  "| operation | " + " | ".join(f"{size_label(n)} local | {size_label(n)} "
                                               "remote | remote / local" for n in remote_sizes)
                  + " |", "|---|" + "---:|---:|---:|" * len(remote_sizes)]
        for op in dict.fromkeys(r["operation"] for r in remote):
            row_text = f"| {op} |"
            for n in remote_sizes:
                local = _find(remote, backend="oxigraph", triples=n, operation=op)
                far = _find(remote, backend="remote", triples=n, operation=op)
                a, z = _p95(local), _p95(far)
                row_text += (f" {_fmt_ms(local)} | {_fmt_ms(far)} | "
                             f"{f'{z / a:.2f}×' if a and z else '—'} |")
            lines.append(row_text)
    het = [r for r in results if r.get("graph") == "hetionet"]
    if het:
        het_sizes = sorted({r["triples"] for r in het})
        lines += ["", "## Hetionet-shaped graph on oxigraph (issue 9: own vocabulary, 24 "
                  "relations, hub genes; paths over every relation, undirected)", "",
                  "| operation | " + " | ".join(size_label(n) for n in het_sizes) + " | growth |",
                  "|---|" + "---:|" * (len(het_sizes) + 1)]
        for op in dict.fromkeys(r["operation"] for r in het):
            cells = [_fmt_ms(_find(het, triples=n, operation=op)) for n in het_sizes]
            a = _p95(_find(het, triples=het_sizes[0], operation=op))
            z = _p95(_find(het, triples=het_sizes[-1], operation=op))
            growth = f"{z / a:.1f}×" if a and z and len(het_sizes) > 1 else "—"
            lines.append(f"| {op} | " + " | ".join(cells) + f" | {growth} |")
        for backend in ("oxigraph", "oxigraph-cli"):
            cells = []
            for n in het_sizes:
                r = _find(load, backend=backend, triples=n, graph="hetionet")
                cells.append("—" if r is None else f"{r['seconds']:.2f}" if r.get("seconds")
                             else str(r.get("status")))
            lines.append(f"| load ({backend}), seconds | " + " | ".join(cells) + " | |")
    curated = [r for r in results if r.get("graph") == "curated"]
    if curated:
        lines += ["", "## Embedded default (data/triples.ttl in memory)", "",
                  "| interaction | p95 ms | n |", "|---|---:|---:|"]
        for r in curated:
            lines.append(f"| {r['operation']} | {_fmt_ms(r)} | {r['n']} |")
    if data.get("goals"):
        at = size_label(data["goals"][0]["triples"])
        lines += ["", f"## Goals ({at} triples, this machine; issue 7 unless another is named)", "",
                  "| goal | threshold | measured | result |", "|---|---|---|---|"]
        for g in data["goals"]:
            verdict = {True: "**pass**", False: "**FAIL**", None: "not measured"}[g["pass"]]
            lines.append(f"| {g['goal']} | {g['threshold']} | {g['measured']} | {verdict} |")
    lines += ["", "Plot: [latest.png](latest.png) · raw data: [latest.json](latest.json) · "
              "re-run with `make bench` (`make bench FULL=1` adds 3 M).", ""]
    return "\n".join(lines)


def plot(data: dict[str, Any], out: Path) -> None:
    """Time against size per operation, one panel each, backends as lines (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    panels: list[tuple[str, str]] = [("load", "myograph")]
    panels += [(op, "myograph") for op in dict.fromkeys(
        r["operation"] for r in data["results"] if r.get("graph") == "myograph")]
    panels += [(op, "hetionet") for op in dict.fromkeys(
        r["operation"] for r in data["results"] if r.get("graph") == "hetionet")
        if not op.startswith("search (first")]
    cols = 4
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    styles = {"memory": ("#D55E00", "o"), "oxigraph": ("#0072B2", "s"),
              "oxigraph-cli": ("#009E73", "^")}
    for ax, (op, graph) in zip(axes.flat, panels, strict=False):
        source = data["load"] if op == "load" else [
            r for r in data["results"] if r["operation"] == op]
        for backend, (colour, marker) in styles.items():
            items = sorted((r for r in source if r["backend"] == backend
                            and r.get("graph") == graph), key=lambda r: r["triples"])
            scale = 1 if op == "load" else 1000  # loads in seconds, the rest in ms
            ok = [(r["triples"], max(0.01, r["seconds"] if op == "load" else r["p95_ms"]))
                  for r in items if r.get("status") == "ok"]  # 0 ms (a cache) drawn at 0.01
            over = [(r["triples"], (r.get("budget_s") or 0) * scale) for r in items
                    if r.get("status") != "ok"]
            if ok:
                ax.plot([x for x, _ in ok], [y for _, y in ok], color=colour, marker=marker,
                        label=backend)
            if over:
                ax.scatter([x for x, _ in over], [y for _, y in over], color=colour,
                           marker="x", s=60, label=f"{backend}: over budget")
            named = [(r["triples"], r["named_graph_seconds"]) for r in items
                     if op == "load" and r.get("named_graph_seconds")]
            if named:
                ax.plot([x for x, _ in named], [y for _, y in named], color=colour,
                        marker=marker, linestyle="--", label=f"{backend}, named graph")
        limit = {"search": GOALS["search"], "neighbours": GOALS["neighbours"],
                 "path": GOALS["path"], "stats": GOALS["stats"],
                 "render": GOALS["render"]}.get(op.split(" ")[0])
        if limit and "CLI" not in op:
            ax.axhline(limit, color="#999999", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(("hetionet: " if graph == "hetionet" else "") + op, fontsize=9)
        ax.set_xlabel("triples", fontsize=8)
        ax.set_ylabel("seconds" if op == "load" else "p95 ms", fontsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: size_label(int(v))))
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _p: ""))
        ax.tick_params(labelsize=7)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=6)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle("myograph benchmark: time against graph size (p95; loads in seconds; dashed: "
                 "the goal at 1 M; ×: over budget, drawn at the budget)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(out, dpi=90)
    plt.close(fig)


def validate(data: Any, schema: dict[str, Any] | None = None, where: str = "$") -> list[str]:
    """Problems with ``data`` against the subset of JSON Schema :data:`SCHEMA` uses.

    >>> validate({"machine": {}, "load": [], "results": [], "goals": []})
    []
    >>> validate({"machine": {}, "load": [{"backend": "x"}], "results": [], "goals": []})[0]
    "$.load[0]: missing 'triples'"
    """
    schema = SCHEMA if schema is None else schema
    problems: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        allowed = kinds if isinstance(kinds, list) else [kinds]
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str),
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
                  "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None}
        if not any(checks[k](data) for k in allowed):
            return [f"{where}: expected {' or '.join(allowed)}, got {type(data).__name__}"]
    if "enum" in schema and data not in schema["enum"]:
        problems.append(f"{where}: {data!r} not one of {schema['enum']}")
    if isinstance(data, dict):
        problems += [f"{where}: missing {key!r}" for key in schema.get("required", [])
                     if key not in data]
        for key, sub in schema.get("properties", {}).items():
            if key in data:
                problems += validate(data[key], sub, f"{where}.{key}")
    if isinstance(data, list) and "items" in schema:
        for i, item in enumerate(data):
            problems += validate(item, schema["items"], f"{where}[{i}]")
    return problems


def write_report(data: dict[str, Any], results_dir: Path) -> None:
    """latest.json, latest.md and latest.png in ``results_dir``."""
    results_dir.mkdir(parents=True, exist_ok=True)
    data["goals"] = goals(data)
    (results_dir / "latest.json").write_text(json.dumps(data, indent=2) + "\n",
                                             encoding="utf-8")
    text = markdown(data)
    (results_dir / "latest.md").write_text(text, encoding="utf-8")
    plot(data, results_dir / "latest.png")
    print(text)


