"""What every ``kg`` command shares: the --out option, one-line errors, and the command's wall time."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click


def lexicon_option(command: Callable) -> Callable:
    """``--lexicon DIR`` (repeatable): folders of extra lexicon rows, read after the package's tables."""
    return click.option(
        "--lexicon",
        "lexicon_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="A folder of extra lexicon rows in the tables' format (heads.tsv, verbs.tsv, patterns.tsv ...): "
        "a head word, a verb or a clutter pattern of your own. Repeatable; also GOVKG_LEXICON.",
    )(command)


def use_lexicon(lexicon_dirs: tuple[Path, ...]) -> None:
    """Make extraction read the overlay folders: set before the extraction modules load (they read
    the lexicon once), and inherited by worker processes."""
    if not lexicon_dirs:
        return
    if "kg.lexicon" in sys.modules:  # only in a process that extracted already (tests calling cli())
        raise click.UsageError(
            "--lexicon must come before anything is extracted in this process; set GOVKG_LEXICON instead"
        )
    earlier = [p for p in os.environ.get("GOVKG_LEXICON", "").split(os.pathsep) if p]
    os.environ["GOVKG_LEXICON"] = os.pathsep.join([*earlier, *(str(p.resolve()) for p in lexicon_dirs)])


def out_option(help: str) -> Callable:  # noqa: A002  (click's word)
    """``--out DIR``, the output directory of ``kg build`` that the other commands read."""
    return click.option(
        "--out",
        "out_dir",
        default="exports",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


class OneLineErrors(click.Group):
    """Every command's failures as one line: the machine's (a folder that cannot be written, a
    full disk) naming path and reason; anything else with the path of a log holding the traceback."""

    def invoke(self, ctx: click.Context):
        # kg.errors is imported only on failure: it reads file names the way kg.ingest.reading does, which
        # loads the lexicon, and a command's --lexicon must be set before that happens
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, EOFError):
            raise
        except OSError as exc:
            from kg.errors import describe_os_error

            raise click.ClickException(describe_os_error(exc)) from None
        except Exception as exc:
            from kg.errors import one_line, write_crash_log

            log = write_crash_log(exc, sys.argv[1:])
            details = f"; details in {log}" if log else ""
            raise click.ClickException(f"{one_line(exc)} (an internal error{details}; please report it)") from None


RUN_AS_KG = False  # set by main(): the process is the `kg` command, not a test runner calling cli()


def command_seconds(command_started: float) -> float:
    """Wall seconds the command took: since the `kg` process started (start-up included) where
    /proc tells, else since the command's function was called (``command_started``)."""
    if not RUN_AS_KG:
        return time.perf_counter() - command_started
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            # the fields after the command name, which may itself hold spaces or parentheses
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            now = float(uptime.read().split()[0])
        return max(0.0, now - int(fields[19]) / os.sysconf("SC_CLK_TCK"))  # field 22: start time in ticks
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - command_started
