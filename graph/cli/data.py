"""Commands that change or check what a store holds: ``load``, ``validate``, ``profile``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli.group import FORMAT_TABLE_JSON, get_store
from graph.cli.output import echo, echo_json
from graph.terminal import visible

if TYPE_CHECKING:
    from graph.harvest import Harvest
    from graph.stores.base import Store


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="SHACL shapes file [default: data/shapes.ttl].")
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], shapes: Path | None, fmt: str) -> None:
    """Check FILES (or, with none, the store) against the SHACL shapes; exit 1 on violations."""
    from graph.validate import SHAPES, validate_files, validate_store

    shapes = shapes or SHAPES

    def progress(text: str) -> None:
        echo(text, err=True)

    if files:
        report = validate_files(list(files), shapes=shapes, progress=progress)
    else:
        report = validate_store(get_store(ctx), shapes=shapes, progress=progress)
    if fmt == "json":
        echo_json(report.to_json())
    else:
        echo(report.text())
    if not report.conforms:
        ctx.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--graph", "graph_iri", default=None,
              help="Named graph to load into [default: one per file name].")
@click.option("--default-graph", is_flag=True,
              help="Load into the default graph: the fastest bulk load on Oxigraph (three "
                   "index orders instead of six), for a store's base data; it is not listed "
                   "or removable per file.")
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...], graph_iri: str | None,
         default_graph: bool) -> None:
    """Load RDF FILES (.ttl .nt .nq .trig .rdf .jsonld, optionally .gz) into the store.

    Each file is parsed completely first: a file that fails changes nothing, and the
    error names its line and column. Use an on-disk store to keep what you load:

    \b
      myograph --store oxigraph:./store load big.nt.gz
      myograph --store oxigraph:./hetionet load --default-graph hetionet.nt.gz
    """
    from graph.bulk import collector_paused
    from graph.harvest import Harvest
    from graph.stores.base import DEFAULT_GRAPH

    if default_graph and graph_iri is not None:
        raise click.UsageError("--graph and --default-graph name two places: give one")
    if default_graph:
        graph_iri = DEFAULT_GRAPH
    store = get_store(ctx)
    # names, classes and counts read as the files pass, when they can stand for the store
    harvest = Harvest.begin(store) if store.keeps_derived else None
    with collector_paused():  # bulk work: millions of objects, no cycles
        for path in files:
            _load_one(store, path, graph_iri, harvest)
        if store.keeps_derived:
            from graph.ready import make_ready

            echo("indexing labels for search and counting, kept with the store…", err=True)
            make_ready(store, harvest)


def _load_one(store: Store, path: Path, graph_iri: str | None, harvest: Harvest | None) -> None:
    """One file of ``myograph load``, with a progress bar; the harvest reads it as it goes."""
    from graph.loading import load_file
    from graph.stores.base import DEFAULT_GRAPH

    with click.progressbar(length=path.stat().st_size, label=visible(f"loading {path.name}"),
                           file=sys.stderr, show_pos=False, show_percent=True) as bar:
        done = [0]

        def progress(position: int, _total: int) -> None:
            if position > done[0]:
                bar.update(position - done[0])
                done[0] = position

        report = load_file(store, path, graph=graph_iri, progress=progress,
                           watch=harvest.watch(path.name) if harvest else None)
    if harvest is not None:
        harvest.loaded(report)
    into = "the default graph" if report.graph == DEFAULT_GRAPH else f"<{report.graph}>"
    echo(f"{report.name}: {report.triples:,} triples into {into}")


@click.command()
@click.option("--override", "override", type=click.Path(path_type=Path, dir_okay=False,
                                                        exists=True),
              help="JSON or TOML file naming predicates by role (labels, synonyms, identifiers, "
                   "types, relations); kept with the store.")
@click.option("--reset", is_flag=True, help="Forget the override and detect again.")
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def profile(ctx: click.Context, override: Path | None, reset: bool, fmt: str) -> None:
    """Show which predicates carry labels, types and links in this graph (and override them).

    \b
    Example override file (profile.toml):
      labels = ["schema:name"]
      relations = ["https://het.io/rdf/binds", "https://het.io/rdf/treats"]
    """
    from graph.profile import clear_override, profile_for, save_override

    store = get_store(ctx)
    if reset:
        result = clear_override(store)
    elif override is not None:
        result = save_override(store, override)
    else:
        result = profile_for(store)
    if fmt == "json":
        echo_json(result.to_json())
    else:
        echo(result.table())
