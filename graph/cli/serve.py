"""``myograph serve``: the store as a read-only SPARQL endpoint (:mod:`graph.server`)."""

from __future__ import annotations

import click

from graph.cli.group import get_store
from graph.cli.output import echo


@click.command()
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
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="Front processes answering requests, each with its share of the query "
                   "workers [default: one per core but one, at most 4, for an on-disk Oxigraph "
                   "store; 1 for others, which each process would load again].")
@click.pass_context
def serve(ctx: click.Context, serve_store: str | None, host: str, port: int,
          timeout: float | None, max_rows: int | None, max_response_mb: float,
          cors: tuple[str, ...], allow_hosts: tuple[str, ...], processes: int | None) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql (and /health).

    \b
    Examples:
      myograph serve
      myograph serve --store oxigraph:./store --port 8000 --timeout 30
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    from graph.server import serve as run_server
    from graph.server.endpoint import log_requests
    from graph.server.serving import default_processes
    from graph.stores import summary as store_summary

    if serve_store:
        ctx.find_root().params["store"] = serve_store
    store = get_store(ctx)
    log_requests()
    fronts = default_processes(store) if processes is None else processes

    def ready(url: str) -> None:
        echo(f"myograph: serving {store_summary(store)} at {url}")
        if host not in ("127.0.0.1", "localhost", "::1"):
            echo(f"warning: listening on {host}: anyone who can reach this machine "
                       "can query the store", err=True)
        echo("press Ctrl+C to stop", err=True)

    run_server(store, host, port, timeout=timeout, max_rows=max_rows, cors_origins=cors,
               max_response_bytes=int(max_response_mb * 1024**2), on_ready=ready,
               allow_hosts=allow_hosts, processes=fronts)
