"""The ``kg`` command line: a thin click layer over ``kg.build`` and friends."""
from __future__ import annotations

import errno
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

import click

from kg import cli_support
from kg.plot import plot_suffixes
from kg.vocab import DEFAULT_DATA_BASE


@click.group(cls=cli_support.OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="govkg")
def cli() -> None:
    """govkg: build a knowledge graph from Chinese government work reports (政府工作报告).

    Reads reports (UTF-8, GBK/GB18030 or UTF-16 text, markdown or HTML; Simplified
    or Traditional, with or without pinyin glosses), extracts report metadata and
    indicator targets and outcomes with the sentence each came from, and writes RDF
    under the govkg ontology (https://w3id.org/govkg/ontology#).

    Works offline: no model download, no network.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@cli_support.out_option("Output directory: graph.ttl, graph.nq, store/, graph.html and build.json. A previous build "
                   "there is replaced (the summary says so).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Reports processed in parallel worker processes; 1 keeps the whole build to one core.  "
                   "[default: all cores]")
@click.option("--base", default=DEFAULT_DATA_BASE, show_default=True,
              help="Base IRI for data (places, reports, facts, sentences).")
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.5, show_default=True,
              help="How far a 左右 (about) goal may be missed and still count as met: percentage points for "
                   "% goals, percent of the goal for amounts.")
@cli_support.lexicon_option
@click.option("--rebuild", is_flag=True,
              help="Extract every report again, not only those that changed since the last build into OUT.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, warnings and the summary line.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary as one JSON object on stdout (counts, seconds per phase, outputs) for scripts.")
def build(paths: tuple[Path, ...], out_dir: Path, jobs: int | None, base: str, tolerance: float,
          lexicon_dirs: tuple[Path, ...], rebuild: bool, quiet: bool, as_json: bool) -> None:
    """Build the graph from report files or directories (default: seeds/).

    \b
    Writes into OUT (default exports/):
      graph.nq    N-Quads, one named graph per report (plus shared entities,
                  assessments and the ontology)
      graph.ttl   Turtle, the union of all graphs
      store/      the embedded Oxigraph store that kg query, track, export,
                  push and serve read
      graph.html  the network view (one offline page; kg viz redraws it)
      build.json  what was built (reports, inputs), for the next build's summary
      cache/      what each report gave, for the next build

    A report whose file did not change since the last build into OUT is not
    extracted again: what it gave is kept in OUT/cache (for the same version
    of govkg), and the outputs are the same as a build from scratch; --rebuild
    extracts everything.

    Directories are searched recursively for *.txt, *.md, *.html and *.htm.
    A file that is empty, binary, undecodable or has no Chinese report content
    is skipped with one line saying why; the others still build. Outputs are
    replaced atomically, so an interrupted build leaves the previous ones intact.

    Targets are paired with the outcomes reported for the same place, indicator,
    year and measure in any of the reports built together (normally next year's
    report) and judged met or missed; see `kg track`.

    The summary line counts every triple in graph.nq and the store (the
    ontology's included) and gives the command's wall time with its phases.

    Exit status: 0 when at least one report was built, 1 when none could be,
    2 on bad usage (such as a path that does not exist).
    """
    started = time.perf_counter()
    cli_support.use_lexicon(lexicon_dirs)
    import pyoxigraph

    from kg.build import NoReportsBuilt
    from kg.build import build as run_build
    from kg.errors import describe_os_error
    from kg.generations import OutputBusy
    from kg.reading import find_report_files, printable_path

    try:
        pyoxigraph.NamedNode(base + "x")
    except ValueError:
        raise click.BadParameter(f"{base!r} is not an absolute IRI", param_hint="--base") from None

    paths = paths or (Path("seeds"),)
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{printable_path(path)}: no such file or directory", param_hint="PATHS")
    files = find_report_files(paths)
    show_bar = len(files) > 3 and not quiet and not as_json
    bar = None
    if show_bar:
        from tqdm import tqdm
        bar = tqdm(total=len(files), unit="report", file=sys.stderr, leave=False, dynamic_ncols=True, disable=None)
    try:
        result = run_build(paths, out_dir, jobs=jobs, base=base, progress=bar.update if bar else None,
                           tolerance=Decimal(str(tolerance)), rebuild=rebuild)
    except NoReportsBuilt as exc:
        if bar:
            bar.close()
        for source, reason in exc.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OutputBusy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:          # a folder that cannot be written, a full disk
        kept = f"; the previous build in {printable_path(out_dir)} is unchanged" \
            if (out_dir / "graph.nq").exists() else ""
        where = "" if exc.filename else f"{printable_path(out_dir)}: "     # a write names no file
        click.echo(f"error: {where}{describe_os_error(exc)}{kept}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("error: interrupted; previous outputs left unchanged", err=True)
        sys.exit(130)
    finally:
        if bar:
            bar.close()
    for source, reason in result.skipped:
        click.echo(f"skipped {source}: {reason}", err=True)
    for report in result.reports:
        for warning in report.warnings:
            click.echo(f"warning: {report.source}: {warning}", err=True)
    for conflict in result.conflicts:
        click.echo(f"warning: {conflict.describe()}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet and not as_json:
        for report in result.reports:
            click.echo(f"{report.source}: {report.place} {report.plan_year} "
                       f"({report.targets} targets, {report.outcomes} outcomes)", err=True)
    from kg.summary import build_summary, build_summary_json

    seconds = cli_support.command_seconds(started)
    if as_json:
        click.echo(build_summary_json(result, out_dir, seconds))
    else:
        click.echo(build_summary(result, out_dir, seconds))


@cli.command()
@cli_support.out_option("The build to read (the --out of `kg build`).")
@click.option("--place", help="Only this place: full or short name (鲤城区 or 鲤城).")
@click.option("--indicator", help="Only this indicator: notation (GDP) or Chinese label (地区生产总值).")
@click.option("--since", type=int, help="Only targets for this year or later.")
@click.option("--until", type=int, help="Only targets for this year or earlier.")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "tsv", "json"]), default=None,
              help="Output format.  [default: by the suffix of --output (.csv, .tsv, .json), else table]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the rows to this file instead of standard output.")
@click.option("--csvw", is_flag=True,
              help="Also write W3C CSV on the Web (CSVW) metadata for the CSV or TSV --output FILE, beside it as "
                   "FILE-metadata.json (track.csv -> track.csv-metadata.json, where CSVW tools look for it): each "
                   "column's meaning, datatype and govkg ontology property; the target IRI is the primary key.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Also draw goals and outcomes over the years to this file; its suffix picks the image format: "
                   f"{plot_suffixes()}.")
def track(out_dir: Path, place: str | None, indicator: str | None, since: int | None, until: int | None,
          output_format: str | None, output: Path | None, csvw: bool, plot: Path | None) -> None:
    """Goals against results: one row per target with what was achieved.

    Each target (goal for a place, indicator and year) is shown with the outcome
    reported for the same year, normally in the next year's report, whether it
    was met (左右 within the build's --tolerance; 以上 asks for at least as much
    of what the goal states, so 能耗下降3%以上 is met by a fall of 3% or more;
    以内 for at most as much, so 出口下降5%以内 is met by a fall of 5% or less;
    lower is better for rates, prices and other decline goals), the gap (outcome
    minus goal, in the goal's unit), and the report files that state each side.
    Targets with no outcome yet are listed as open. Rows are ordered by place,
    indicator and year.

    \b
    kg track --place 清苑区 --since 2020
    kg track --format csv -o track.csv --csvw     # track.csv + track.csv-metadata.json
    kg track --place 清苑区 --plot track-清苑区.png
    """
    from kg.plot import plot_format
    from kg.track import as_csv, as_json, as_table, write_csvw_metadata
    from kg.track import track as run_track

    # usage errors first, before the store is read or anything is printed
    if plot is not None:
        try:
            plot_format(plot)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--plot'") from None
    if output_format is None:  # `-o track.csv` means CSV without also saying --format csv
        suffix = output.suffix.lower() if output is not None else ""
        output_format = {".csv": "csv", ".tsv": "tsv", ".json": "json"}.get(suffix, "table")
    if csvw and output is None:
        raise click.UsageError("--csvw needs --output FILE.csv (or .tsv): the metadata names the file it describes "
                               "and sits beside it")
    if csvw and output_format not in ("csv", "tsv"):
        raise click.UsageError(f"--csvw describes CSV or TSV, not {output_format}: give --format csv or tsv, "
                               f"or an --output file ending in .csv or .tsv")

    try:
        rows = run_track(out_dir, place=place, indicator=indicator, since=since, until=until)
    except (FileNotFoundError, OSError, SyntaxError, ValueError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    if not rows and (place or indicator or since or until):
        raise click.ClickException("no targets match the given --place/--indicator/--since/--until")
    delimiter = "\t" if output_format == "tsv" else ","
    if output_format in ("csv", "tsv"):
        text = as_csv(rows, delimiter)
    else:
        text = (as_table(rows) if output_format == "table" else as_json(rows)) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8", newline="")  # newline="": the same bytes on every platform
            metadata = write_csvw_metadata(output, delimiter) if csvw else None
        except OSError as exc:
            raise click.ClickException(str(exc)) from None
    met = sum(1 for r in rows if r.met)
    assessed = sum(1 for r in rows if r.met is not None)
    click.echo(f"{len(rows)} targets, {assessed} assessed, {met} met, {assessed - met} missed", err=True)
    if output is not None:
        click.echo(f"{output_format} written to {output}" + (f", CSVW metadata to {metadata}" if metadata else ""),
                   err=True)
    if plot:
        from kg.plot import plot_tracks
        try:
            written = plot_tracks(rows, plot)
        except (ValueError, RuntimeError) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"plot written to {written}", err=True)


@cli.command()
@cli_support.out_option("The build to draw (the --out of `kg build`).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the page.  [default: OUT/graph.html]")
@click.option("--place", help="Only this place (full or short name), the places it contains, and their facts.")
@click.option("--indicator", help="Only this indicator: notation (GDP) or Chinese label (地区生产总值).")
@click.option("--year", type=int, help="Only targets and outcomes for this year.")
@click.option("--class", "cls", metavar="CLASS",
              help="Only nodes of this class: Place, Indicator, Area, Project, Organization, Initiative or Term.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=20_000, show_default=True,
              help="Keep the places and the best connected nodes up to this many, and say what was left out.")
def viz(out_dir: Path, html_path: Path | None, place: str | None, indicator: str | None, year: int | None,
        cls: str | None, max_nodes: int) -> None:
    """Write the network view: one self-contained, offline HTML file.

    The page opens on the places (country, provinces, cities, counties), each
    holding its indicators, areas and projects folded, with counts; double-click
    or the panel's button expands a node's neighbourhood and folds it again.
    Labels are drawn only where they fit; search (arrow keys and Enter) finds any
    node and opens it. Clicking a place charts its goals against its results
    across the years (met / missed / open), each point linked to its sentence.
    A filter that matches nothing is an error, not an empty page.
    """
    from kg.viz import write_viz

    try:
        result = write_viz(out_dir, html_path, place=place, indicator=indicator, year=year, cls=cls,
                           max_nodes=max_nodes)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    message = f"wrote {result.path}: {result.nodes} nodes, {result.edges} edges"
    if result.left_out_nodes:
        message += (f"; left out {result.left_out_nodes} less connected nodes and {result.left_out_edges} edges "
                    f"(--max-nodes {max_nodes})")
    click.echo(message)


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from this file.")
@click.option("--saved", help="Run a saved query from queries/ by name (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the saved query or -f file (--list shows them), e.g. place=清苑区 or "
                   "year=2024; repeatable, and a name given twice matches either value.")
@click.option("--list", "list_saved", is_flag=True,
              help="List the saved queries, the questions they answer and their parameters.")
@cli_support.out_option("The build whose store to query.")
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path),
              help="Query this RDF file (.ttl .nt .nq .trig .jsonld .rdf) instead of the build's store.")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]),
              default="table", show_default=True,
              help="Result format; SELECT: table, csv, tsv or json (SPARQL JSON results); CONSTRUCT/DESCRIBE: Turtle.")
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Stop the query after this many seconds (0: no limit).")
def query(query: str | None, query_file: Path | None, saved: str | None, params: tuple[str, ...], list_saved: bool,
          out_dir: Path, data: Path | None, output_format: str, timeout: float) -> None:
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
    from kg.query import (
        QueryError,
        bind_parameters,
        describe_parameters,
        describe_saved,
        parse_param_options,
        query_with_timeout,
        saved_queries,
    )
    from kg.query_messages import empty_result_hint

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
    except QueryError as exc:   # one line, or three for a syntax error (its line and a caret)
        raise click.ClickException(str(exc)) from None
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    click.echo(output)
    if found_nothing and (hint := empty_result_hint(text)):
        click.echo(hint, err=True)


@cli.command()
@cli_support.out_option("The build whose store to export.")
@click.option("--format", "rdf_format", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="turtle", show_default=True,
              help="turtle and ntriples give the union of all graphs; trig, nquads and jsonld keep the named graphs.")
@click.option("--report", help="Only the graph of the report from this input file name (e.g. 000_x.txt).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export(out_dir: Path, rdf_format: str, report: str | None, output: Path | None) -> None:
    """Export a build's store in a standard RDF format, streaming (nothing is held in memory)."""
    from kg.export import export_store

    try:
        export_store(out_dir, rdf_format, report=report, output=output)
    except BrokenPipeError:  # the reader (head, less) stopped early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None


@cli.command()
@cli_support.out_option("The build whose graphs to push.")
@click.option("--endpoint", required=True,
              help="Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option("--query-endpoint",
              help="SPARQL query endpoint for the push manifest and the count check (default: guessed).")
@click.option("--user", envvar="GOVKG_USER", help="User for HTTP basic auth (or GOVKG_USER).")
@click.option("--password", envvar="GOVKG_PASSWORD", help="Password for HTTP basic auth (or GOVKG_PASSWORD).")
@click.option("--digest", is_flag=True, help="Use HTTP digest auth instead of basic (Virtuoso's -auth endpoints).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True, help="Seconds per request.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True, help="Retries per request.")
@click.option("--report", "reports", multiple=True,
              help="Push only this report's graph (repeatable), with the shared entities, assessments and ontology.")
@click.option("--force", is_flag=True, help="Push every graph, also those the push manifest records as unchanged.")
@click.option("--delete-stale", is_flag=True,
              help="Delete the graphs on the server that this build no longer has (otherwise they are listed).")
def push(out_dir: Path, endpoint: str, query_endpoint: str | None, user: str | None, password: str | None,
         digest: bool, timeout: float, retries: int, reports: tuple[str, ...], force: bool,
         delete_stale: bool) -> None:
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
    from kg.push import PushError, describe_push, push_build

    try:
        result = push_build(out_dir, endpoint, query_endpoint=query_endpoint, user=user, password=password,
                            digest=digest, timeout=timeout, retries=retries, reports=reports, progress=True,
                            force=force, delete_stale=delete_stale)
    except (PushError, FileNotFoundError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None

    for line, to_stderr in describe_push(result, endpoint, force):
        click.echo(line, err=to_stderr)
    if result.mismatches:
        raise SystemExit(1)


@cli.command()
@cli_support.out_option("The build whose store to serve.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Loopback port to listen on (0: any free port, printed when serving).")
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
    from kg.serve import make_server

    try:
        server = make_server(out_dir, port)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(f"port {port} on 127.0.0.1 is already in use (choose another with --port)") \
                from None
        raise
    click.echo(f"serving {out_dir} read-only at http://127.0.0.1:{server.server_address[1]}/query "
               "(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.argument("what")
@click.option("--line", type=click.IntRange(min=1), help="WHAT is a report file: explain the sentences on this line.")
@click.option("--place", help="The place the sentence is about (full or short name), for a sentence typed in.")
@click.option("--frame", type=click.Choice(["plan", "review", "none"]), default="plan", show_default=True,
              help="Whether the sentence is in the part of a report that plans or that reviews.")
@click.option("--year", type=int, help="The year it plans (or reviews).  [default: the year it names, else this year]")
@cli_support.lexicon_option
def explain(what: str, line: int | None, place: str | None, frame: str, year: int | None,
            lexicon_dirs: tuple[Path, ...]) -> None:
    """Show what each step of extraction made of a sentence, and why.

    \b
    kg explain "2025年全区地区生产总值增长6%左右。" --place 鲤城区
    kg explain "建成投用科创中心、紫华园等6个项目。" --place 鲤城区 --frame review
    kg explain seeds/000_79a18ab8566106eb.txt --line 12

    Prints, step by step: the normalised text, the place and years, whether the sentence
    speaks of the plan or review year, the indicator names and the figures read after
    them, the facts, the entities, the names rejected (with the filter and the lexicon
    row that decided), and the triples it all becomes.
    """
    cli_support.use_lexicon(lexicon_dirs)
    from kg.explain import explain_line, explain_sentence

    try:
        if line is not None:
            explained = explain_line(what, line)
        else:
            explained = explain_sentence(what, place=place, frame=frame, year=year)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n\n".join(e.render() for e in explained))


def main() -> None:
    cli_support.RUN_AS_KG = True
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
