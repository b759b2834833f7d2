"""The ``kg`` command line: a thin click layer over ``kg.build`` and friends."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.vocab import DEFAULT_DATA_BASE


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--out", "out_dir", default="exports", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory for graph.ttl (union of all reports) and graph.nq (one named graph per report).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Reports processed in parallel worker processes.  [default: all cores]")
@click.option("--base", default=DEFAULT_DATA_BASE, show_default=True,
              help="Base IRI for data (places, reports, facts, sentences).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary line.")
def build(paths: tuple[Path, ...], out_dir: Path, jobs: int | None, base: str, quiet: bool) -> None:
    """Build the graph from report files or directories (default: seeds/).

    Directories are searched recursively for *.txt, *.md, *.html and *.htm.
    A file that is empty, binary, undecodable or has no Chinese report content
    is skipped with one line saying why; the others still build. Outputs are
    replaced atomically, so an interrupted build leaves the previous ones intact.

    Exit status: 0 when at least one report was built, 1 when none could be,
    2 on bad usage (such as a path that does not exist).
    """
    from kg.build import NoReportsBuilt, build as run_build
    from kg.reading import find_report_files

    paths = paths or (Path("seeds"),)
    for path in paths:
        if not path.exists():
            raise click.BadParameter(f"{path}: no such file or directory", param_hint="PATHS")
    files = find_report_files(paths)
    show_bar = len(files) > 3 and not quiet
    bar = None
    if show_bar:
        from tqdm import tqdm
        bar = tqdm(total=len(files), unit="report", file=sys.stderr, leave=False, dynamic_ncols=True, disable=None)
    try:
        result = run_build(paths, out_dir, jobs=jobs, base=base, progress=bar.update if bar else None)
    except NoReportsBuilt as exc:
        if bar:
            bar.close()
        for source, reason in exc.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("error: interrupted; previous outputs left unchanged", err=True)
        sys.exit(130)
    finally:
        if bar:
            bar.close()
    for source, reason in result.skipped:
        click.echo(f"skipped {source}: {reason}", err=True)
    if not quiet:
        for report in result.reports:
            click.echo(f"{report.source}: {report.place} {report.plan_year} "
                       f"({report.targets} targets, {report.outcomes} outcomes)", err=True)
    click.echo(
        f"built {len(result.reports)} reports ({len(result.skipped)} skipped): {result.facts} facts, "
        f"{result.triples} triples in {result.seconds:.1f} s -> {os.fspath(out_dir)}/graph.ttl, graph.nq"
    )


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
