"""Commands that look around the graph: ``search``, ``neighbours``, ``describe``, ``stats``
and ``path``; entities are named as a person would and resolved here."""

from __future__ import annotations

from typing import Any

import click

from graph.cli.group import FORMAT_EXPORT, FORMAT_TABLE_JSON, get_store, timeout_option
from graph.cli.output import echo, echo_export, echo_json
from graph.errors import MyographError
from graph.prefixes import graph_prefixes
from graph.stores import Store


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, fmt: str) -> None:
    """Find entities by label, synonym or identifier ("cramp", "low potassium", "HP:0003394")."""
    from graph.search import find

    answer = find(get_store(ctx), text, limit=limit)
    if answer.note:
        echo(f"note: {answer.note}", err=True)
    hits = answer.hits
    if fmt == "json":
        echo_json([h.to_json() for h in hits])
        return
    if not hits:
        echo(f"nothing matches {text!r}")
        return
    width = max(len(h.label) for h in hits)
    for h in hits:
        how = f"{h.tier} {h.kind}" + (f" {h.matched!r}" if h.matched != h.label else "")
        echo(f"{h.label:<{width}}  {h.type_label or h.type:<20}  {how}")


@click.command()
@click.argument("entity")
@click.option("--direction", type=click.Choice(["out", "in", "both"]), default="both",
              show_default=True, help="Links out of the entity, into it, or both.")
@click.option("--relation", "relations", multiple=True,
              help="Keep only this relation (IRI or CURIE such as mg:causes); repeatable.")
@click.option("--limit", type=click.IntRange(0), default=25, show_default=True,
              help="Neighbours shown per relation; the rest are counted.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True,
              help="Neighbours of each relation skipped first: the next page of a big one.")
@click.option("--expand", "others", multiple=True, metavar="OTHER",
              help="Merge OTHER's links in too, as Explore's Expand does; repeatable.")
@click.option("--format", "fmt", type=FORMAT_EXPORT, default="table", show_default=True,
              help="table, json, csv (a row per link) or RDF: turtle, ntriples, jsonld, rdfxml.")
@click.pass_context
def neighbours(ctx: click.Context, entity: str, direction: str, relations: tuple[str, ...],
               limit: int, offset: int, others: tuple[str, ...], fmt: str) -> None:
    """Show what ENTITY links to and what links to it, grouped by relation.

    \b
    A relation with more links than --limit shows a page of them and says how to ask for
    the next (--direction, --relation and --offset); one with more than a hundred is paged
    in the store's own order rather than by name.
    \b
    With --expand, the links of ENTITY and of each OTHER as one subgraph, the one the app's
    Explore view draws after "Expand" (json, csv and RDF give each link once):
      myograph neighbours hypokalemia --expand furosemide --format turtle
    """
    from graph.neighbours import neighbours as find

    store = get_store(ctx)
    iri = _resolve(ctx, entity)
    if others:
        from graph.subgraph import merge_neighbourhoods

        merged = merge_neighbourhoods(
            store, [iri, *(_resolve(ctx, other) for other in others)], limit=limit,
            direction=direction,  # type: ignore[arg-type]
            relations=[_expand(store, r) for r in relations])
        _echo_subgraph(store, merged, fmt)
        return
    hood = find(store, iri, direction=direction,  # type: ignore[arg-type]
                relations=[_expand(store, r) for r in relations], limit=limit, offset=offset)
    if fmt == "json":
        echo_json(hood.to_json())
        return
    if fmt != "table":
        echo_export(hood, fmt, graph_prefixes(store))
        return
    echo(hood.label)
    if not hood.groups:
        echo("  (no links)")
    for group in hood.groups:
        echo(f"  {group.heading()}")
        for n in group.neighbours:
            echo(f"      {n.label}  [{n.type_label or 'no class'}]")
        if group.hidden:
            echo(f"      … {_page_line(hood.iri, group, limit)}")


def _page_line(entity: str, group: Any, limit: int) -> str:
    """Which links of a group (:class:`graph.neighbours.RelationGroup`) are shown, how they
    are ordered, and the command that shows the next page (the entity by its CURIE or IRI,
    which needs no search)."""
    import shlex

    order = (" by name" if group.order == "label"
             else " in the store's order (too many to sort by name)")
    line = f"showing {group.showing()}{order}"
    if group.remaining and limit:
        line += (f"; the next {min(limit, group.remaining):,}: myograph neighbours "
                 f"{shlex.quote(_written(entity))} --direction {group.direction} --relation "
                 f"{shlex.quote(_written(group.relation))} --limit {limit} "
                 f"--offset {group.start + len(group.neighbours)}")
    return line


def _written(iri: str) -> str:
    """An IRI as a command line takes it back: a CURIE where a prefix is known, else whole."""
    from rdflib import URIRef

    from graph.results import short

    written = short(URIRef(iri))
    return iri if written.startswith("<") else written


def _echo_subgraph(store: Store, merged: Any, fmt: str) -> None:
    """A merged neighbourhood (:class:`graph.subgraph.Subgraph`): a link a line, or data."""
    if fmt == "json":
        echo_json(merged.to_json())
        return
    if fmt != "table":
        echo_export(merged, fmt, graph_prefixes(store))
        return
    labels = {n.iri: n.label for n in merged.nodes}
    links = merged.links()
    echo(f"{' + '.join(labels.get(c, c) for c in merged.centres)}: {len(merged.nodes)} "
         f"nodes, {len(links)} links")
    for e in links:
        sign = f" ({e.sign})" if e.sign else ""
        echo(f"  {labels.get(e.source, e.source)} —{e.relation_label}{sign}→ "
             f"{labels.get(e.target, e.target)}")
    if merged.hidden:
        echo(f"  … {merged.hidden:,} more links not shown (raise --limit)")


def _expand(store: Store, name: str) -> str:
    """A relation named as a CURIE with one of our prefixes or the graph's, or an IRI."""
    from graph.prefixes import query_prefixes

    known = query_prefixes(store)
    prefix, sep, local = name.partition(":")
    if sep and prefix in known and not local.startswith("//"):
        return known[prefix] + local
    if "://" in name or name.startswith("urn:"):
        return name
    raise MyographError(f"not a relation IRI or known CURIE: {name!r} (try mg:causes)")


@click.command()
@click.argument("entity")
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@click.pass_context
def describe(ctx: click.Context, entity: str, fmt: str) -> None:
    """Everything about ENTITY: class, definition, identifiers, links and their evidence."""
    from graph.describe import describe as card_of

    card = card_of(get_store(ctx), _resolve(ctx, entity))
    if fmt == "json":
        echo_json(card.to_json())
        return
    echo(f"{card.label}  [{card.type_label or card.type or 'no class'}]")
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
                echo(f"        {ev.one_line()}")
        if group.hidden:
            echo(f"      … {group.hidden:,} more not shown")


@click.command()
@click.option("--format", "fmt", type=FORMAT_TABLE_JSON, default="table", show_default=True)
@timeout_option
@click.pass_context
def stats(ctx: click.Context, fmt: str, timeout: float | None) -> None:
    """Count triples, entities and causal links (and how many have a source)."""
    from graph.stats import stats as count

    result = count(get_store(ctx), timeout=timeout)
    if fmt == "json":
        echo_json(result.to_json())
    else:
        echo(result.table())


@click.command()
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
        chosen = [ANY] if ANY in relations else [_expand(store, r) for r in relations]
    answer = trace(store, _resolve(ctx, source), _resolve(ctx, target), max_hops=max_hops,
                   k=k, relations=chosen, avoid=[_resolve(ctx, a) for a in avoid],
                   undirected=undirected, timeout=timeout)
    if fmt == "json":
        echo_json(answer.to_json())
        return
    if fmt != "table":
        echo_export(answer.paths, fmt, graph_prefixes(store))
        for note in answer.paths.notes:
            echo(f"note: {note}", err=True)
        return
    result = answer.paths
    summary = result.as_text()
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
                echo(f"      {ev.one_line()}")
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
    """The label a person reads for ``iri``."""
    from graph.search import label_of

    return label_of(get_store(ctx), iri)


def _resolve(ctx: click.Context, name: str) -> str:
    """The IRI of the entity a person named (label, synonym, CURIE or IRI)."""
    from graph.search import resolve

    return resolve(get_store(ctx), name)
