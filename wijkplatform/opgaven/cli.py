"""`flask --app wijkplatform opgaven recount-backers`: count the people behind every Opgave's
evidence again from the votes and contributions (opgaven/backers.py), after a bulk load or a
repair by hand."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkplatform.core.commit import commit_or_exit

opgaven_cli = AppGroup("opgaven", help="Opgaven.")


@opgaven_cli.command("recount-backers")
def recount_backers_command():
    """Count the people behind the evidence of every Opgave again, from the rows."""
    from wijkplatform.opgaven import backers

    written = commit_or_exit(backers.recount)
    click.echo(f"Done: {written} rows.")
