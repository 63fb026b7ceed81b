"""The report's plot: time against graph size per operation, one panel each, backends as
lines on log-log axes, the goal as a dashed line and runs over budget marked at it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from benchmarks.reporting.common import GOALS, size_label


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
