"""`flask --app wijkplatform review refresh`: rebuild the review figures from the rows."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkplatform.core.commit import commit_or_exit

review_cli = AppGroup("review", help="Figures for the municipal review.")


@review_cli.command("refresh")
def refresh_command():
    """Count the review figures of every neighbourhood again, from the rows."""
    from wijkplatform.review import tallies

    written = commit_or_exit(tallies.refresh_all, progress=click.echo)
    click.echo(f"Done: {written} rows of figures.")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--municipality", "municipality_code", help="CBS code (GM…); default: all.")
@click.option("--neighbourhood", "neighbourhood_slug", help="Slug of one neighbourhood.")
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for the files.",
)
def export_command(fmt, municipality_code, neighbourhood_slug, output):
    """Write the open data (public data only) as JSON (one file per scope) or CSV (one file
    per data set), with progress."""
    from pathlib import Path

    from sqlalchemy import select

    from wijkplatform.extensions import db
    from wijkplatform.neighbourhoods.models import Municipality
    from wijkplatform.review import exports

    if municipality_code and neighbourhood_slug:
        raise click.UsageError("Give --municipality or --neighbourhood, not both.")
    if neighbourhood_slug:
        scopes = [exports.neighbourhood_scope(neighbourhood_slug)]
        if scopes[0] is None:
            raise click.UsageError(f"No neighbourhood with slug {neighbourhood_slug!r}.")
    elif municipality_code:
        scopes = [exports.municipality_scope(municipality_code)]
        if scopes[0] is None:
            raise click.UsageError(f"No municipality with code {municipality_code!r}.")
    else:
        codes = db.session.scalars(select(Municipality.cbs_code).order_by(Municipality.cbs_code))
        scopes = [exports.municipality_scope(code) for code in codes]
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)

    def write(path: Path, chunks) -> None:
        with path.open("w", encoding="utf-8", newline="") as file:
            for chunk in chunks:
                file.write(chunk)
        click.echo(f"Wrote {path}")

    for scope in scopes:
        click.echo(f"{scope.name} ({scope.key}):", err=True)
        if fmt == "json":

            def tell(dataset, rows):
                click.echo(f"  {dataset}: {rows} rows", err=True)

            write(folder / f"wijkplatform-{scope.key}.json", exports.json_chunks(scope, tell))
        else:
            for dataset in exports.DATASETS:

                def tell(rows, dataset=dataset):
                    click.echo(f"  {dataset}: {rows} rows", err=True)

                write(
                    folder / f"wijkplatform-{scope.key}-{dataset}.csv",
                    exports.csv_lines(scope, dataset, tell),
                )
