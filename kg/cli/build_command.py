"""`kg build`: the click layer over :func:`kg.build.build`."""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

import click

from kg.cli import options as cli_support
from kg.vocab import DEFAULT_DATA_BASE


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@cli_support.out_option(
    "Output directory: graph.ttl, graph.nq, store/, graph.html and build.json. A previous build "
    "there is replaced (the summary says so)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Reports processed in parallel worker processes; 1 keeps the whole build to one core.  [default: all cores]",
)
@click.option(
    "--base",
    default=DEFAULT_DATA_BASE,
    show_default=True,
    help="Base IRI for data (places, reports, facts, sentences).",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=0.5,
    show_default=True,
    help="How far a 左右 (about) goal may be missed and still count as met: percentage points for "
    "% goals, percent of the goal for amounts.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Extract the reports on the workers of this Dask cluster (tcp://HOST:8786) instead of local processes; "
    "the outputs are the same. The workers need the same govkg (and --lexicon rows), not the files.",
)
@cli_support.lexicon_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Extract every report again, not only those that changed since the last build into OUT.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors, warnings and the summary line.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary as one JSON object on stdout (counts, seconds per phase, outputs) for scripts.",
)
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    base: str,
    tolerance: float,
    scheduler: str | None,
    lexicon_dirs: tuple[Path, ...],
    rebuild: bool,
    quiet: bool,
    as_json: bool,
) -> None:
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
      cache/      what each report gave (with the notations it minted, and each
                  place's pairing), for the next build

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
    from kg.cluster import ClusterError
    from kg.errors import describe_os_error, printable_path
    from kg.ingest.reading import find_report_files
    from kg.local_pool import WorkersStopped
    from kg.report_cache import DamagedEntry
    from kg.store.generations import InterruptedAfterSwitch, OutputBusy

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
        result = run_build(
            paths,
            out_dir,
            jobs=jobs,
            base=base,
            progress=bar.update if bar else None,
            tolerance=Decimal(str(tolerance)),
            rebuild=rebuild,
            scheduler=scheduler,
        )
    except NoReportsBuilt as exc:
        if bar:
            bar.close()
        for source, reason in exc.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (OutputBusy, ClusterError, WorkersStopped, DamagedEntry) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # a folder that cannot be written, a full disk
        kept = (
            f"; the previous build in {printable_path(out_dir)} is unchanged" if (out_dir / "graph.nq").exists() else ""
        )
        where = "" if exc.filename else f"{printable_path(out_dir)}: "  # a write names no file
        click.echo(f"error: {where}{describe_os_error(exc)}{kept}", err=True)
        sys.exit(1)
    except InterruptedAfterSwitch:
        click.echo(
            f"error: interrupted as the build finished: {printable_path(out_dir)} holds the new build, whole "
            "(the previous one is removed by the next build)",
            err=True,
        )
        sys.exit(130)
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
            click.echo(
                f"{report.source}: {report.place} {report.plan_year} "
                f"({report.targets} targets, {report.outcomes} outcomes)",
                err=True,
            )
    from kg.cli.summary import build_summary, build_summary_json

    seconds = cli_support.command_seconds(started)
    if as_json:
        click.echo(build_summary_json(result, out_dir, seconds))
    else:
        click.echo(build_summary(result, out_dir, seconds))
