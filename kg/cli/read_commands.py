"""Commands that read a finished build: `kg track`, `kg viz`, `kg export`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.cli import options as cli_support
from kg.views.plot import plot_suffixes


@click.command()
@cli_support.out_option("The build to read (the --out of `kg build`).")
@click.option("--place", help="Only this place: full or short name (鲤城区 or 鲤城).")
@click.option("--indicator", help="Only this indicator: notation (GDP) or Chinese label (地区生产总值).")
@click.option("--since", type=int, help="Only targets for this year or later.")
@click.option("--until", type=int, help="Only targets for this year or earlier.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default=None,
    help="Output format.  [default: by the suffix of --output (.csv, .tsv, .json), else table]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the rows to this file instead of standard output.",
)
@click.option(
    "--csvw",
    is_flag=True,
    help="Also write W3C CSV on the Web (CSVW) metadata for the CSV or TSV --output FILE, beside it as "
    "FILE-metadata.json (track.csv -> track.csv-metadata.json, where CSVW tools look for it): each "
    "column's meaning, datatype and govkg ontology property; the target IRI is the primary key.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Also draw goals and outcomes over the years to this file; its suffix picks the image format: "
    f"{plot_suffixes()}.",
)
def track(
    out_dir: Path,
    place: str | None,
    indicator: str | None,
    since: int | None,
    until: int | None,
    output_format: str | None,
    output: Path | None,
    csvw: bool,
    plot: Path | None,
) -> None:
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
    from kg.views.plot import plot_format
    from kg.views.track import as_csv, as_json, as_table, write_csvw_metadata
    from kg.views.track import track as run_track

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
        raise click.UsageError(
            "--csvw needs --output FILE.csv (or .tsv): the metadata names the file it describes and sits beside it"
        )
    if csvw and output_format not in ("csv", "tsv"):
        raise click.UsageError(
            f"--csvw describes CSV or TSV, not {output_format}: give --format csv or tsv, "
            f"or an --output file ending in .csv or .tsv"
        )

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
        click.echo(
            f"{output_format} written to {output}" + (f", CSVW metadata to {metadata}" if metadata else ""), err=True
        )
    if plot:
        from kg.views.plot import plot_tracks

        try:
            written = plot_tracks(rows, plot)
        except (ValueError, RuntimeError) as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"plot written to {written}", err=True)


@click.command()
@cli_support.out_option("The build to draw (the --out of `kg build`).")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the page.  [default: OUT/graph.html]",
)
@click.option("--place", help="Only this place (full or short name), the places it contains, and their facts.")
@click.option("--indicator", help="Only this indicator: notation (GDP) or Chinese label (地区生产总值).")
@click.option("--year", type=int, help="Only targets and outcomes for this year.")
@click.option(
    "--class",
    "cls",
    metavar="CLASS",
    help="Only nodes of this class: Place, Indicator, Area, Project, Organization, Initiative or Term.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help="Keep the places and the best connected nodes up to this many, and say what was left out.",
)
@click.option(
    "--max-facts",
    type=click.IntRange(min=0),
    default=20_000,
    show_default=True,
    help="Unfiltered, draw the latest years up to this many targets and outcomes, and their projects "
    "(0: every year; the page and the memory to make it grow with the build).",
)
def viz(
    out_dir: Path,
    html_path: Path | None,
    place: str | None,
    indicator: str | None,
    year: int | None,
    cls: str | None,
    max_nodes: int,
    max_facts: int,
) -> None:
    """Write the network view: one self-contained, offline HTML file.

    The page opens on the places (country, provinces, cities, counties), each
    holding its indicators, areas and projects folded, with counts; double-click
    or the panel's button expands a node's neighbourhood and folds it again.
    Labels are drawn only where they fit; search (arrow keys and Enter) finds any
    node and opens it. Clicking a place charts its goals against its results
    across the years (met / missed / open), each point linked to its sentence.
    A filter that matches nothing is an error, not an empty page.

    A build of many years is drawn from its latest years (--max-facts), as its
    page says; --year, --place and --indicator draw any other part, each
    reading only that part of the store.
    """
    from kg.views.viz import write_viz

    try:
        result = write_viz(
            out_dir,
            html_path,
            place=place,
            indicator=indicator,
            year=year,
            cls=cls,
            max_nodes=max_nodes,
            max_facts=max_facts or None,
        )
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    message = f"wrote {result.path}: {result.nodes} nodes, {result.edges} edges"
    if result.left_out_nodes:
        message += (
            f"; left out {result.left_out_nodes} less connected nodes and {result.left_out_edges} edges "
            f"(--max-nodes {max_nodes})"
        )
    if result.years and year is None:
        from kg.views.view_years import year_span

        message += f"; the latest years only, {year_span(result.years)} (--max-facts {max_facts})"
    click.echo(message)


@click.command()
@cli_support.out_option("The build whose store to export.")
@click.option(
    "--format",
    "rdf_format",
    type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
    default="turtle",
    show_default=True,
    help="turtle and ntriples give the union of all graphs; trig, nquads and jsonld keep the named graphs.",
)
@click.option("--report", help="Only the graph of the report from this input file name (e.g. 000_x.txt).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export(out_dir: Path, rdf_format: str, report: str | None, output: Path | None) -> None:
    """Export a build's store in a standard RDF format, streaming (nothing is held in memory)."""
    from kg.store.export import export_store

    try:
        export_store(out_dir, rdf_format, report=report, output=output)
    except BrokenPipeError:  # the reader (head, less) stopped early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
