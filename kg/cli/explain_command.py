"""`kg explain`: the click layer over :mod:`kg.explain`."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import options as cli_support


@click.command()
@click.argument("what")
@click.option("--line", type=click.IntRange(min=1), help="WHAT is a report file: explain the sentences on this line.")
@click.option("--place", help="The place the sentence is about (full or short name), for a sentence typed in.")
@click.option(
    "--frame",
    type=click.Choice(["plan", "review", "none"]),
    default="plan",
    show_default=True,
    help="Whether the sentence is in the part of a report that plans or that reviews.",
)
@click.option("--year", type=int, help="The year it plans (or reviews).  [default: the year it names, else this year]")
@cli_support.lexicon_option
def explain(
    what: str, line: int | None, place: str | None, frame: str, year: int | None, lexicon_dirs: tuple[Path, ...]
) -> None:
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
