"""Commands that query or share a build's store: `kg query`, `kg push`, `kg serve`."""

from __future__ import annotations

import errno
from pathlib import Path

import click

from kg.cli import options as cli_support


@click.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from this file.",
)
@click.option("--saved", help="Run a saved query from queries/ by name (see --list).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the saved query or -f file (--list shows them), e.g. place=清苑区 or "
    "year=2024; repeatable, and a name given twice matches either value.",
)
@click.option(
    "--list", "list_saved", is_flag=True, help="List the saved queries, the questions they answer and their parameters."
)
@cli_support.out_option("The build whose store to query.")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Query this RDF file (.ttl .nt .nq .trig .jsonld .rdf) instead of the build's store.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "tsv", "json", "turtle"]),
    default="table",
    show_default=True,
    help="Result format; SELECT: table, csv, tsv or json (SPARQL JSON results); CONSTRUCT/DESCRIBE: Turtle.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="Stop the query after this many seconds (0: no limit).",
)
def query(
    query: str | None,
    query_file: Path | None,
    saved: str | None,
    params: tuple[str, ...],
    list_saved: bool,
    out_dir: Path,
    data: Path | None,
    output_format: str,
    timeout: float,
) -> None:
    """Run a SPARQL query on a build (or any RDF file) and print the result.

    The contract's prefixes are predeclared (gk: ind: rdf: rdfs: xsd: skos: prov:
    dcterms: schema: unit: cur:, and qb: for Data Cube), and the default graph is the union of all graphs.
    Labels are language-tagged ("清苑区"@zh) and years are xsd:gYear ("2024"^^xsd:gYear);
    the table writes values that way.

    \b
    Examples:
      kg query 'SELECT ?place ?v WHERE { ?t a gk:Target ; gk:indicator ind:GDP ;
                gk:place/rdfs:label ?place ; gk:value ?v }'
      kg query --saved gdp_growth_targets --format csv
      kg query --saved place_targets_and_outcomes --param place=清苑区 --param year=2024
      kg query -f my.rq --data exports/graph.ttl
    """
    from kg.store.query import (
        QueryError,
        bind_parameters,
        describe_parameters,
        describe_saved,
        parse_param_options,
        query_with_timeout,
        saved_queries,
    )
    from kg.store.query_messages import empty_result_hint

    if list_saved:
        for name, path in saved_queries().items():
            click.echo(f"{name:<28} {describe_saved(path)}")
            for line in describe_parameters(path.read_text(encoding="utf-8")):
                click.echo(f"{'':<30}{line}")
        return
    given = [q for q in (query, query_file, saved) if q]
    if len(given) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE or --saved NAME")
    if params and not (saved or query_file):
        raise click.UsageError("--param is for --saved NAME or -f FILE, whose header declares the parameters")
    if saved:
        available = saved_queries()
        if saved not in available:
            raise click.UsageError(f"no saved query {saved!r} (have: {', '.join(available)})")
        text, source = available[saved].read_text(encoding="utf-8"), f"saved query {saved}"
    elif query_file:
        text, source = query_file.read_text(encoding="utf-8"), query_file.name
    else:
        text, source = query or "", ""
    if source:
        try:
            text = bind_parameters(text, parse_param_options(params), source)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
    location = ("file", str(data)) if data else ("build", str(out_dir))
    try:
        output, found_nothing = query_with_timeout(text, location, output_format, timeout or None)
    except QueryError as exc:  # one line, or three for a syntax error (its line and a caret)
        raise click.ClickException(str(exc)) from None
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    click.echo(output)
    if found_nothing and (hint := empty_result_hint(text)):
        click.echo(hint, err=True)


@click.command()
@cli_support.out_option("The build whose graphs to push.")
@click.option("--endpoint", required=True, help="Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option(
    "--query-endpoint", help="SPARQL query endpoint for the push manifest and the count check (default: guessed)."
)
@click.option("--user", envvar="GOVKG_USER", help="User for HTTP basic auth (or GOVKG_USER).")
@click.option("--password", envvar="GOVKG_PASSWORD", help="Password for HTTP basic auth (or GOVKG_PASSWORD).")
@click.option("--digest", is_flag=True, help="Use HTTP digest auth instead of basic (Virtuoso's -auth endpoints).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True, help="Seconds per request.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, help="Retries per request.")
@click.option(
    "--report",
    "reports",
    multiple=True,
    help="Push only this report's graph (repeatable), with the shared entities, assessments and ontology.",
)
@click.option("--force", is_flag=True, help="Push every graph, also those the push manifest records as unchanged.")
@click.option(
    "--delete-stale",
    is_flag=True,
    help="Delete the graphs on the server that this build no longer has (otherwise they are listed).",
)
def push(
    out_dir: Path,
    endpoint: str,
    query_endpoint: str | None,
    user: str | None,
    password: str | None,
    digest: bool,
    timeout: float,
    retries: int,
    reports: tuple[str, ...],
    force: bool,
    delete_stale: bool,
) -> None:
    """Upload each named graph of a build to a triple store with HTTP PUT (SPARQL 1.1 Graph Store Protocol).

    PUT replaces a graph, so pushing twice changes nothing and re-pushing one report
    replaces only its graph (and the shared entities, assessments and ontology graphs).
    One store holds one build: pushing another build replaces those shared graphs.

    Only changed graphs are sent. The server keeps a SHA-256 of each pushed graph's content,
    as `<graph> gk:contentHash "sha256:..."` triples, in one bookkeeping graph:

    \b
      <https://w3id.org/govkg/id/graph/push-manifest>  (under the build's --base)

    A push reads it with one query and skips the graphs whose hash is unchanged, also when
    another machine made the earlier push. It is not part of the build (in a union default
    graph, leave it out with FILTER (?p != gk:contentHash)). If it cannot be read, every graph
    is pushed; --force pushes every graph.

    Graphs on the server that the build no longer has (a removed report) are listed;
    --delete-stale deletes them.

    Ends with a count of triples in the store for every graph of the push, sent or skipped
    (a few grouped queries), compared with the build; the manifest is not counted. Exit
    status 1 on a mismatch (the next push sends those graphs again).
    """
    from kg.store.push import PushError, describe_push, push_build

    try:
        result = push_build(
            out_dir,
            endpoint,
            query_endpoint=query_endpoint,
            user=user,
            password=password,
            digest=digest,
            timeout=timeout,
            retries=retries,
            reports=reports,
            progress=True,
            force=force,
            delete_stale=delete_stale,
        )
    except (PushError, FileNotFoundError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None

    for line, to_stderr in describe_push(result, endpoint, force):
        click.echo(line, err=to_stderr)
    if result.mismatches:
        raise SystemExit(1)


@click.command()
@cli_support.out_option("The build whose store to serve.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Loopback port to listen on (0: any free port, printed when serving).",
)
def serve(out_dir: Path, port: int) -> None:
    """Serve the build read-only over the SPARQL protocol on 127.0.0.1.

    \b
    Query endpoint: http://127.0.0.1:PORT/query (GET ?query=… or POST);
    results as JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, RDF/XML
    or JSON-LD, by the Accept header. A page to try queries: http://127.0.0.1:PORT/

    Queries read the union of the build's graphs (FROM <g> reads that graph).
    It follows rebuilds: after `kg build` into the same --out finishes, the
    next query reads the new build. It never reaches the network: queries
    with SERVICE are refused (load other data into a store of your own, e.g.
    with `kg push`, to federate). Updates are refused. Stop with Ctrl-C.
    """
    from kg.store.serve import make_server

    try:
        server = make_server(out_dir, port)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on 127.0.0.1 is already in use (choose another with --port)"
            ) from None
        raise
    click.echo(
        f"serving {out_dir} read-only at http://127.0.0.1:{server.server_address[1]}/query (Ctrl-C to stop)", err=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
