"""The ``kg`` command line: a thin click layer over ``kg.build`` and friends, one module per group of commands."""

from __future__ import annotations

import click

from kg.cli import options as cli_support
from kg.cli.build_command import build
from kg.cli.explain_command import explain
from kg.cli.read_commands import export, track, viz
from kg.cli.store_commands import push, query, serve


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


for command in (build, track, viz, query, export, push, serve, explain):
    cli.add_command(command)


def main() -> None:
    cli_support.RUN_AS_KG = True
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
