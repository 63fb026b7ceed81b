"""The report as Markdown: the run's machine, the graphs, load, interactions side by side
with their ratios and growth, the endpoint, the remote store, the Hetionet-shaped graph,
the embedded default and the goals, one section a function."""

from __future__ import annotations

from typing import Any

from benchmarks.reporting.common import find, fmt_ms, p95, ratio, size_label

_Rows = list[dict[str, Any]]


def markdown(data: dict[str, Any]) -> str:
    """The report: load and interactions side by side, ratios, growth, goals."""
    load, results = data["load"], data["results"]
    sizes = sorted({r["triples"] for r in load if r.get("graph") == "myograph"})
    lines = [*_head(data), *_load(load, sizes), *_interactions(results, sizes),
             *_endpoint(results), *_remote(results), *_hetionet(results, load),
             *_embedded(results), *_goals(data)]
    lines += ["", "Plot: [latest.png](latest.png) · raw data: [latest.json](latest.json) · "
              "re-run with `make bench` (`make bench FULL=1` adds 10 M).", ""]
    return "\n".join(lines)


def _head(data: dict[str, Any]) -> list[str]:
    """The title, the machine, how to read the tables, and the graphs measured."""
    m = data["machine"]
    return [
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
        *[f"| {g['shape']} | {g['triples']:,} | {g['entities']:,} | {g['hub']['label']} "
          f"({g['hub']['degree']:,}) | {g['median_degree']} |" for g in data.get("graphs", [])],
        "",
    ]


def _secs(r: dict[str, Any] | None) -> str:
    if r is None:
        return "—"
    if r.get("status") != "ok":
        return f"over budget ({r.get('budget_s', 0):g} s)"
    return f"{r['seconds']:.2f}"


def _both_ok(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return bool(a and b and a.get("status") == "ok" and b.get("status") == "ok")


def _load_row(load: _Rows, n: int) -> str:
    """One size's loads: seconds per backend, their ratios, named graphs, peak memory."""
    mem, ox, cli = (find(load, backend=b, triples=n, graph="myograph")
                    for b in ("memory", "oxigraph", "oxigraph-cli"))
    vs_mem = "—"
    if ox and ox.get("status") == "ok" and mem is not None:
        vs_mem = (f"{mem['seconds'] / ox['seconds']:.1f}×" if mem.get("status") == "ok"
                  else f"> {mem.get('budget_s', 0) / ox['seconds']:.1f}×")
    vs_cli = f"{ox['seconds'] / cli['seconds']:.2f}×" if ox and cli and _both_ok(ox, cli) else "—"
    rss = " · ".join(f"{r['peak_rss_mib']:,.0f}" if r and r.get("peak_rss_mib") else "—"
                     for r in (mem, ox, cli))
    cli_vs_mem = (f"{mem['seconds'] / cli['seconds']:.1f}×" if mem and cli and _both_ok(mem, cli)
                  else "—")
    named = cli.get("named_graph_seconds") if cli else None
    ours_named = ox.get("named_graph_seconds") if ox else None
    vs_named = f"{ours_named / named:.2f}×" if named and ours_named else "—"
    return (f"| {size_label(n)} | {_secs(mem)} | {_secs(ox)} | {_secs(cli)} | {vs_mem} | "
            f"{vs_cli} | {cli_vs_mem} | {f'{ours_named:.2f}' if ours_named else '—'} | "
            f"{f'{named:.2f}' if named else '—'} | {vs_named} | {rss} |")


def _load(load: _Rows, sizes: list[int]) -> list[str]:
    """The load table and what its columns compare."""
    lines = [
        "## Load",
        "",
        "| triples | memory s | oxigraph s | oxigraph-cli s | oxigraph vs memory | "
        "oxigraph / cli | cli vs memory | named graph: oxigraph s | cli --graph s | "
        "oxigraph / cli --graph | peak RSS MiB (memory · oxigraph · cli) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *[_load_row(load, n) for n in sizes],
    ]
    lines += ["", "Each load puts the file into the default graph, as `oxigraph load` does "
              "(`myograph load --default-graph`, for a store's base data); `cli vs memory` is "
              "how much faster Oxigraph's own loader is than rdflib here: it works through a "
              "million triples on one thread, where our store loads N-Triples in 8 MiB chunks "
              "on every core. The named-graph columns load the same file into a graph "
              "of its own, as uploads and plain `myograph load` do (the Data page can list and "
              "remove it), against `oxigraph load --graph`: Oxigraph indexes named graphs in six "
              "orders instead of three. Loads are the median of interleaved repeats."]
    return lines


def _interactions(results: _Rows, sizes: list[int]) -> list[str]:
    """p95 per operation and size on both backends, their ratio, and growth across sizes."""
    lines = ["", "## Interactions (p95 ms)", ""]
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
            mem = find(results, backend="memory", triples=n, graph="myograph", operation=op)
            ox = find(results, backend="oxigraph", triples=n, graph="myograph", operation=op)
            row_text += f" {fmt_ms(mem)} | {fmt_ms(ox)} | {ratio(mem, ox)} |"
        if len(sizes) > 1:
            row_text += f" {_growth(results, sizes, op)} |"
        lines.append(row_text)
    return lines


def _growth(results: _Rows, sizes: list[int], op: str) -> str:
    """How much slower ``op`` is at the largest size than at the smallest (ox · mem)."""
    parts = []
    for b in ("oxigraph", "memory"):
        a = p95(find(results, backend=b, triples=sizes[0], graph="myograph", operation=op))
        z = p95(find(results, backend=b, triples=sizes[-1], graph="myograph", operation=op))
        parts.append(f"{z / a:.1f}×" if a and z else "—")
    return " · ".join(parts)


def _endpoint(results: _Rows) -> list[str]:
    """The SPARQL endpoints under 8 concurrent clients."""
    endpoint = [r for r in results if r["operation"].startswith("endpoint")]
    if not endpoint:
        return []
    lines = ["", "## SPARQL endpoint (8 concurrent loopback clients)", "",
             "| triples | backend | requests/s | p50 ms | p95 ms | errors | startup s |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in endpoint:
        lines.append(f"| {size_label(r['triples'])} | {r['backend']} | "
                     f"{r.get('requests_per_s', '—')} | {r.get('p50_ms') or '—'} | "
                     f"{fmt_ms(r)} | {r.get('errors', '—')} | {r.get('startup_s', '—')} |")
    return lines


def _remote(results: _Rows) -> list[str]:
    """Whole CLI commands on a remote store against the same store on disk."""
    remote = [r for r in results if r.get("graph") == "remote"]
    if not remote:
        return []
    remote_sizes = sorted({r["triples"] for r in remote})
    lines = ["", "## A remote store against the same store on disk (whole CLI processes, "
             "p95 ms, after the first command)", "",
             "The remote store is `oxigraph serve-read-only` on the store the local "
             "commands open; each command runs once untimed first.", "",
             "| operation | " + " | ".join(f"{size_label(n)} local | {size_label(n)} "
                                          "remote | remote / local" for n in remote_sizes)
             + " |", "|---|" + "---:|---:|---:|" * len(remote_sizes)]
    for op in dict.fromkeys(r["operation"] for r in remote):
        row_text = f"| {op} |"
        for n in remote_sizes:
            local = find(remote, backend="oxigraph", triples=n, operation=op)
            far = find(remote, backend="remote", triples=n, operation=op)
            a, z = p95(local), p95(far)
            row_text += (f" {fmt_ms(local)} | {fmt_ms(far)} | "
                         f"{f'{z / a:.2f}×' if a and z else '—'} |")
        lines.append(row_text)
    return lines


def _hetionet(results: _Rows, load: _Rows) -> list[str]:
    """The Hetionet-shaped graph on Oxigraph: every operation and the loads, by size."""
    het = [r for r in results if r.get("graph") == "hetionet"]
    if not het:
        return []
    het_sizes = sorted({r["triples"] for r in het})
    lines = ["", "## Hetionet-shaped graph on oxigraph (issue 9: own vocabulary, 24 "
             "relations, hubs of thousands of links; paths over every relation, undirected)", "",
             "| operation | " + " | ".join(size_label(n) for n in het_sizes) + " | growth |",
             "|---|" + "---:|" * (len(het_sizes) + 1)]
    for op in dict.fromkeys(r["operation"] for r in het):
        cells = [fmt_ms(find(het, triples=n, operation=op)) for n in het_sizes]
        a = p95(find(het, triples=het_sizes[0], operation=op))
        z = p95(find(het, triples=het_sizes[-1], operation=op))
        growth = f"{z / a:.1f}×" if a and z and len(het_sizes) > 1 else "—"
        lines.append(f"| {op} | " + " | ".join(cells) + f" | {growth} |")
    for backend in ("oxigraph", "oxigraph-cli"):
        cells = []
        for n in het_sizes:
            r = find(load, backend=backend, triples=n, graph="hetionet")
            cells.append("—" if r is None else f"{r['seconds']:.2f}" if r.get("seconds")
                         else str(r.get("status")))
        lines.append(f"| load ({backend}), seconds | " + " | ".join(cells) + " | |")
    return lines


def _embedded(results: _Rows) -> list[str]:
    """The app on the curated graph in memory."""
    curated = [r for r in results if r.get("graph") == "curated"]
    if not curated:
        return []
    return ["", "## Embedded default (data/triples.ttl in memory)", "",
            "| interaction | p95 ms | n |", "|---|---:|---:|",
            *[f"| {r['operation']} | {fmt_ms(r)} | {r['n']} |" for r in curated]]


def _goals(data: dict[str, Any]) -> list[str]:
    """The goals with their verdicts."""
    if not data.get("goals"):
        return []
    at = size_label(data["goals"][0]["triples"])
    lines = ["", f"## Goals ({at} triples, this machine; issue 7 unless another is named)", "",
             "| goal | threshold | measured | result |", "|---|---|---|---|"]
    for g in data["goals"]:
        verdict = {True: "**pass**", False: "**FAIL**", None: "not measured"}[g["pass"]]
        lines.append(f"| {g['goal']} | {g['threshold']} | {g['measured']} | {verdict} |")
    return lines
