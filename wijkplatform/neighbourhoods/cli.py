"""`flask municipalities create` and `flask neighbourhoods create`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import queries, services

municipalities_cli = AppGroup("municipalities", help="Manage municipalities.")
neighbourhoods_cli = AppGroup("neighbourhoods", help="Manage neighbourhoods.")


def _fail(error: services.PlaceError):
    db.session.rollback()
    raise click.UsageError(f"{error.field}: {error.message}") from error


@municipalities_cli.command("create")
@click.option("--name", required=True)
@click.option("--code", "cbs_code", required=True, help="CBS code, e.g. GM0308.")
def create_municipality_command(name, cbs_code):
    """Add a municipality."""
    try:
        municipality = services.create_municipality(name=name, cbs_code=cbs_code)
    except services.PlaceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created municipality {municipality.name} ({municipality.cbs_code}).")


@neighbourhoods_cli.command("create")
@click.option("--municipality", "municipality_code", required=True, help="CBS code, e.g. GM0308.")
@click.option("--name", required=True)
@click.option("--slug", help="Web address part; made from the name if left out.")
@click.option("--code", "cbs_code", help="CBS wijk or buurt code, e.g. WK030800.")
@click.option("--description", default="")
def create_neighbourhood_command(municipality_code, name, slug, cbs_code, description):
    """Add a neighbourhood to a municipality."""
    municipality = queries.get_municipality_by_code(municipality_code)
    if municipality is None:
        raise click.UsageError(f"No municipality with code {municipality_code!r}.")
    try:
        neighbourhood = services.create_neighbourhood(
            municipality=municipality,
            name=name,
            slug=slug,
            cbs_code=cbs_code,
            description=description,
        )
    except services.PlaceError as error:
        _fail(error)
    db.session.commit()
    click.echo(
        f"Created neighbourhood {neighbourhood.name} at /neighbourhoods/{neighbourhood.slug}/."
    )
