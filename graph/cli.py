"""The ``myograph`` command line: thin commands over the library's functions.

Library errors become one line on stderr and exit code 1 in exactly one place
(:class:`_Group`); nothing prints a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rdflib import URIRef

from graph import __version__
from graph.errors import AmbiguousEntity, MyographError
from graph.results import GRAPH_FORMATS, TABULAR_FORMATS, short
from graph.stores import DEFAULT_STORE, ENV_VAR, Store, open_store
from graph.terminal import visible

__all__ = ["main"]

_STATE_KEY = "myograph.store"


class _Group(click.Group):
    """Runs a command and maps our errors to a readable line on stderr, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmbiguousEntity as error:
            lines = [f"Error: {error}"]
            lines += [f"  {label}  ({short(URIRef(iri))})" for iri, label in error.candidates]
            echo("\n".join(lines), err=True)
            ctx.exit(1)
        except MyographError as error:
            echo(f"Error: {error}", err=True)
            ctx.exit(1)


def get_store(ctx: click.Context) -> Store:
    """The store named by ``--store`` (opened once per command)."""
    root = ctx.find_root()
    store: Store | None = root.meta.get(_STATE_KEY)
    if store is None:
        store = open_store(root.params.get("store") or DEFAULT_STORE)
        root.meta[_STATE_KEY] = store
        root.call_on_close(store.close)
        held_by = getattr(store, "held_by", "")
        if held_by:
            echo(f"note: {held_by} holds this store, so it is read as it stood when "
                       "this command started (read-only)", err=True)
    return store



FORMAT_TABLE_JSON = click.Choice(["table", "json"])
FORMAT_EXPORT = click.Choice(["table", "json", "csv", "turtle", "ntriples", "jsonld", "rdfxml"])
"""Routes and neighbourhoods: also CSV (a row per link) and RDF (graph.export)."""
timeout_option = click.option("--timeout", type=click.FloatRange(0, 300, min_open=True),
                              default=None, help="Seconds before a query is stopped [default: 10].")
limit_option = click.option("--limit", type=click.IntRange(0), default=None,
                            help="Rows returned at most [default: 10000].")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar=ENV_VAR, default=DEFAULT_STORE, show_default=True,
              help="memory, oxigraph:PATH, or an http(s):// SPARQL endpoint URL "
                   f"(also ${ENV_VAR}).")
@click.version_option(__version__, prog_name="myograph")
def main(store: str) -> None:
    """Explore the causes, triggers and treatments of muscle spasm as a knowledge graph.

    For learning and research, not medical advice.
    """


@main.command()
@click.argument("query")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", *TABULAR_FORMATS, *GRAPH_FORMATS]),
              help="Output format: json, xml, csv, tsv for SELECT (csv-spreadsheet, "
                   "tsv-spreadsheet: with formula-like cells defused for spreadsheets); "
                   "turtle, ntriples, "
                   "jsonld, rdfxml for CONSTRUCT/DESCRIBE.")
@timeout_option
@limit_option
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str, timeout: float | None,
          limit: int | None) -> None:
    """Run a SPARQL query (text, or @file.rq) and print the answer.

    \b
    Examples:
      myograph query "SELECT ?l WHERE { mge:muscle_spasm skos:altLabel ?l }"
      myograph query @graph/queries/stats_by_relation.rq --format csv
    """
    from graph.sparql import run

    text = _read_query(query)
    result = run(get_store(ctx), text, timeout=timeout, max_rows=limit)
    body = result.serialize(fmt)
    if fmt == "table":
        echo(body, nl=not body.endswith("\n"))
    else:
        _echo_answer(body)
    if result.truncated and fmt != "table":
        echo(f"warning: the answer was cut at {len(result)} rows (raise --limit)", err=True)


def _read_query(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        if not path.is_file():
            raise MyographError(f"no query file at {path}")
        return path.read_text(encoding="utf-8")
    return argument


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text for a person, its control characters made visible (:mod:`graph.terminal`)."""
    click.echo(visible(message), err=err, nl=nl)


def _echo_answer(body: str) -> None:
    """An answer in a data format: byte for byte into a pipe or a file (CSV ends lines in
    CRLF), its control characters made visible on a terminal."""
    if sys.stdout.isatty():
        body = visible(body)
    click.echo(body, nl=not body.endswith("\n"))


def _echo_json(data: object) -> None:
    import json

    _echo_answer(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _echo_export(what: Any, fmt: str) -> None:
    """A route answer or a neighbourhood as CSV or RDF, byte for byte."""
    from graph.export import export

    _echo_answer(export(what, fmt))


def _resolve(ctx: click.Context, name: str) -> str:
    from graph.search import resolve

    return resolve(get_store(ctx), name)


@main.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, fmt: str) -> None:
    """Find entities by label, synonym or identifier ("cramp", "low potassium", "HP:0003394")."""
    from graph.search import search as find

    hits = find(get_store(ctx), text, limit=limit)
    if fmt == "json":
        _echo_json([h.to_json() for h in hits])
        return
    if not hits:
        echo(f"nothing matches {text!r}")
        return
    width = max(len(h.label) for h in hits)
    for h in hits:
        how = f"{h.tier} {h.kind}" + (f" {h.matched!r}" if h.matched != h.label else "")
        echo(f"{h.label:<{width}}  {h.type_label or h.type:<20}  {how}")


@main.command()
@click.argument("entity")
@click.option("--direction", type=click.Choice(["out", "in", "both"]), default="both",
              show_default=True, help="Links out of the entity, into it, or both.")
@click.option("--relation", "relations", multiple=True,
              help="Keep only this relation (IRI or CURIE such as mg:causes); repeatable.")
@click.option("--limit", type=click.IntRange(0), default=25, show_default=True,
              help="Neighbours shown per relation; the rest are counted.")
@click.option("--format", "fmt", type=FORMAT_EXPORT, default="table", show_default=True,
              help="table, json, csv (a row per link) or RDF: turtle, ntriples, jsonld, rdfxml.")
@click.pass_context
def neighbours(ctx: click.Context, entity: str, direction: str, relations: tuple[str, ...],
               limit: int, fmt: str) -> None:
    """Show what ENTITY links to and what links to it, grouped by relation."""
    from graph.neighbours import neighbours as find

    store = get_store(ctx)
    iri = _resolve(ctx, entity)
    hood = find(store, iri, direction=direction,  # type: ignore[arg-type]
                relations=[_expand(r) for r in relations], limit=limit)
    if fmt == "json":
        _echo_json(hood.to_json())
        return
    if fmt != "table":
        _echo_export(hood, fmt)
        return
    echo(hood.label)
    if not hood.groups:
        echo("  (no links)")
    for group in hood.groups:
        echo(f"  {group.heading()}")
        for n in group.neighbours:
            echo(f"      {n.label}  [{n.type_label or 'no class'}]")
        if group.hidden:
            echo(f"      … {group.hidden:,} more {group.relation_label} links not shown")


def _expand(name: str) -> str:
    """A relation named as a CURIE with one of our prefixes, or an IRI."""
    from graph.namespaces import PREFIXES

    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if "://" in name or name.startswith("urn:"):
        return name
    raise MyographError(f"not a relation IRI or known CURIE: {name!r} (try mg:causes)")


@main.command()
@click.argument("entity")
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def describe(ctx: click.Context, entity: str, fmt: str) -> None:
    """Everything about ENTITY: class, definition, identifiers, links and their evidence."""
    from graph.describe import describe as card_of

    card = card_of(get_store(ctx), _resolve(ctx, entity))
    if fmt == "json":
        _echo_json(card.to_json())
        return
    echo(f"{card.label}  [{card.type_label or card.type}]")
    echo(f"  {card.iri}")
    if card.definition:
        echo(f"  {card.definition}")
    if card.synonyms:
        echo(f"  also called: {', '.join(card.synonyms)}")
    for ident in card.identifiers:
        link = f"  {ident.iri}" if ident.iri else ""
        echo(f"  identifier: {ident.curie} ({ident.match} match){link}")
    if card.topics:
        echo(f"  topics: {', '.join(card.topics)}")
    for group in card.links.groups:
        echo(f"  {group.heading()}")
        for n in group.neighbours:
            echo(f"      {n.label}")
            s, o = (card.iri, n.iri) if group.direction == "out" else (n.iri, card.iri)
            for ev in card.evidence_of(s, group.relation, o):
                echo(f"        {ev.describe()}")
        if group.hidden:
            echo(f"      … {group.hidden:,} more not shown")


@main.command()
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@timeout_option
@click.pass_context
def stats(ctx: click.Context, fmt: str, timeout: float | None) -> None:
    """Count triples, entities and causal links (and how many have a source)."""
    from graph.stats import stats as count

    result = count(get_store(ctx), timeout=timeout)
    if fmt == "json":
        _echo_json(result.to_json())
    else:
        echo(result.table())


@main.command()
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
        _echo_json(report.to_json())
    else:
        echo(report.text())
    if not report.conforms:
        ctx.exit(1)


@main.command()
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
    from graph.loading import load_file
    from graph.stores.base import DEFAULT_GRAPH

    if default_graph and graph_iri is not None:
        raise click.UsageError("--graph and --default-graph name two places: give one")
    if default_graph:
        graph_iri = DEFAULT_GRAPH
    store = get_store(ctx)
    for path in files:
        size = path.stat().st_size
        with click.progressbar(length=size, label=visible(f"loading {path.name}"), file=sys.stderr,
                               show_pos=False, show_percent=True) as bar:
            done = [0]

            def progress(position: int, _total: int, bar: Any = bar,
                         done: list[int] = done) -> None:
                if position > done[0]:
                    bar.update(position - done[0])
                    done[0] = position

            report = load_file(store, path, graph=graph_iri, progress=progress)
        into = "the default graph" if report.graph == DEFAULT_GRAPH else f"<{report.graph}>"
        echo(f"{report.name}: {report.triples:,} triples into {into}")
    if store.keeps_derived:
        from concurrent.futures import ThreadPoolExecutor

        from graph.profile import profile_for
        from graph.search import index_for
        from graph.stats import stats as count

        echo("indexing labels for search and counting, kept with the store…", err=True)
        profile_for(store)  # both need it; then the engine counts while Python indexes
        with ThreadPoolExecutor(2) as pool:
            indexing = pool.submit(index_for, store)
            counting = pool.submit(count, store, timeout=300)
            indexing.result()
            counting.result()


@main.command()
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
        _echo_json(result.to_json())
    else:
        echo(result.table())


@main.command()
@click.option("--store", "serve_store", default=None, metavar="STORE",
              help="The store to serve (the global --store, accepted here too).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 127.0.0.1 serves this machine only; 0.0.0.0 (or "
                   "::) lets anyone who can reach this machine run queries on the store, "
                   "read-only but at the cost of its CPU: put a reverse proxy with "
                   "authentication and rate limits in front instead.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on; 0 picks a free one (the URL is printed).")
@click.option("--timeout", type=click.FloatRange(0, 300, min_open=True), default=None,
              help="Seconds a query may run before it is stopped (503) [default: 10].")
@click.option("--max-rows", type=click.IntRange(0), default=None,
              help="Rows or triples per answer; a cut answer says so [default: 10000].")
@click.option("--max-response-mb", type=click.FloatRange(0, min_open=True), default=16,
              show_default=True,
              help="Largest answer in MiB; rows past it are cut and the answer says so.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let web pages from ORIGIN call the endpoint (repeatable); CORS is off "
                   "without it.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests that name the server NAME (repeatable; "
                   "'*.example.org' for subdomains): a reverse proxy's or the machine's own "
                   "name. Without it only the listening address and loopback names are "
                   "answered (on 0.0.0.0 or ::, any name), so a web page cannot reach the "
                   "endpoint through DNS rebinding.")
@click.pass_context
def serve(ctx: click.Context, serve_store: str | None, host: str, port: int,
          timeout: float | None, max_rows: int | None, max_response_mb: float,
          cors: tuple[str, ...], allow_hosts: tuple[str, ...]) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql (and /health).

    \b
    Examples:
      myograph serve
      myograph serve --store oxigraph:./store --port 8000 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    import logging

    from graph.server import serve as run_server
    from graph.stores import describe as describe_store

    if serve_store:
        ctx.find_root().params["store"] = serve_store
    store = get_store(ctx)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    def ready(url: str) -> None:
        echo(f"myograph: serving {describe_store(store)} at {url}")
        if host not in ("127.0.0.1", "localhost", "::1"):
            echo(f"warning: listening on {host}: anyone who can reach this machine "
                       "can query the store", err=True)
        echo("press Ctrl+C to stop", err=True)

    run_server(store, host, port, timeout=timeout, max_rows=max_rows, cors_origins=cors,
               max_response_bytes=int(max_response_mb * 1024**2), on_ready=ready,
               allow_hosts=allow_hosts)


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(1, 8), default=4, show_default=True,
              help="Longest route, in links.")
@click.option("-k", "k", type=click.IntRange(1, 50), default=5, show_default=True,
              help="How many routes, best first.")
@click.option("--relation", "relations", multiple=True,
              help="Follow only this relation (CURIE or IRI; repeatable), or 'any' for every "
                   "link between things [default: every causal relation].")
@click.option("--avoid", "avoid", multiple=True,
              help="Block this entity (what if it were not there?); repeatable.")
@click.option("--undirected", is_flag=True, help="Let routes walk links against their direction.")
@click.option("--format", "fmt", type=FORMAT_EXPORT, default="table", show_default=True,
              help="table, json, csv (a row per step) or RDF with the claims behind each "
                   "link: turtle, ntriples, jsonld, rdfxml.")
@timeout_option
@click.pass_context
def path(ctx: click.Context, source: str, target: str, max_hops: int, k: int,
         relations: tuple[str, ...], avoid: tuple[str, ...], undirected: bool, fmt: str,
         timeout: float | None) -> None:
    """The k best causal routes from SOURCE to TARGET, each with its sign and evidence.

    \b
    Examples:
      myograph path acyclovir cramp
      myograph path COPD "muscle twitch" -k 3 --format json
      myograph path acyclovir cramp --format csv > routes.csv
      myograph path thyroidectomy cramp --avoid hypocalcemia
    """
    from graph.explain import explain
    from graph.paths import ANY
    from graph.trace import trace

    store = get_store(ctx)
    chosen = None
    if relations:
        chosen = [ANY] if ANY in relations else [_expand(r) for r in relations]
    answer = trace(store, _resolve(ctx, source), _resolve(ctx, target), max_hops=max_hops,
                   k=k, relations=chosen, avoid=[_resolve(ctx, a) for a in avoid],
                   undirected=undirected, timeout=timeout)
    if fmt == "json":
        _echo_json(answer.to_json())
        return
    if fmt != "table":
        _echo_export(answer.paths, fmt)
        for note in answer.paths.notes:
            echo(f"note: {note}", err=True)
        return
    result = answer.paths
    summary = result.describe()
    echo(summary.splitlines()[0] if result.paths else answer.why_none())
    if answer.avoid_effect is not None and result.paths:
        echo(answer.avoid_effect.sentence())
    if result.paths:
        echo(answer.ranking)
    for number, route in enumerate(result.paths, start=1):
        words = explain(route)
        echo(f"\n{number}. {route.sentence()}  [score {route.score:.2f}]")
        echo(f"   {words.reading} {words.basis}")
        for edge in route.edges:
            step = " (class step)" if edge.step == "class" else ""
            echo(f"   {_label(ctx, edge.subject)} —{edge.predicate_label} ({edge.sign})→ "
                       f"{_label(ctx, edge.object)}{step}")
            for ev in edge.evidence:
                echo(f"      {ev.describe()}")
            if not edge.evidence:
                echo("      (no evidence recorded for this link)")
    if answer.suggestions:
        echo("Ways on:")
    for way in answer.suggestions:
        echo(f"  - {way.text} ({way.routes} route{'s' if way.routes != 1 else ''}): "
                   f"{_way_command(source, target, way)}")
        if way.caveat:
            echo(f"    {way.caveat}")
    for note in result.notes:
        echo(f"note: {note}", err=True)


def _way_command(source: str, target: str, way: Any) -> str:
    """The command line that takes a suggested way on (in this CLI's own flags)."""
    import shlex

    if way.kind == "related":
        source, target = (way.label, target) if way.role == "source" else (source, way.label)
    flag = {"more_steps": f" --max-hops {way.max_hops}", "any_relation": " --relation any",
            "undirected": " --undirected"}.get(way.kind, "")
    return f"myograph path {shlex.quote(source)} {shlex.quote(target)}{flag}"


def _label(ctx: click.Context, iri: str) -> str:
    from graph.search import label_of

    return label_of(get_store(ctx), iri)
