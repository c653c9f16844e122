"""`flask municipalities create`, `flask neighbourhoods create` and `flask profiles import`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from wijkplatform.core.commit import commit_if_ok, commit_or_exit
from wijkplatform.neighbourhoods import profiles, queries, services

municipalities_cli = AppGroup("municipalities", help="Manage municipalities.")
neighbourhoods_cli = AppGroup("neighbourhoods", help="Manage neighbourhoods.")


@municipalities_cli.command("create")
@click.option("--name", required=True)
@click.option("--code", "cbs_code", required=True, help="CBS code, e.g. GM0308.")
def create_municipality_command(name, cbs_code):
    """Add a municipality."""
    municipality = commit_or_exit(services.create_municipality, name=name, cbs_code=cbs_code)
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
    neighbourhood = commit_or_exit(
        services.create_neighbourhood,
        municipality=municipality,
        name=name,
        slug=slug,
        cbs_code=cbs_code,
        description=description,
    )
    click.echo(
        f"Created neighbourhood {neighbourhood.name} at /neighbourhoods/{neighbourhood.slug}/."
    )


profiles_cli = AppGroup("profiles", help="Import area profiles (CBS figures).")


@profiles_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="Year the figures are for, e.g. 2024.")
@click.option(
    "--create-missing",
    is_flag=True,
    help="Also create the municipality and neighbourhoods found in the file.",
)
@click.option(
    "--level",
    type=click.Choice(profiles.LEVELS),
    help="Whether wijken or buurten are the platform's neighbourhoods.",
)
@click.option("--verbose", "-v", is_flag=True, help="List every region, also imported ones.")
def import_profiles_command(file: Path, year, create_missing, level, verbose):
    """Import CBS 'Kerncijfers wijken en buurten': kwb CSV/xlsx, StatLine CSV or PDOK GeoJSON.

    A file with problems changes nothing; re-importing a year replaces it. Files of up to
    50 MB are read (the admin page takes up to 30 MB).
    """
    with force_locale("en"):  # the command line speaks English, like the other commands
        _import_profiles(file, year, create_missing, level, verbose)


def _import_profiles(file: Path, year, create_missing, level, verbose):
    if file.stat().st_size > profiles.MAX_FILE_BYTES:  # before reading it into memory
        raise click.ClickException(str(profiles.file_too_large()))
    report = commit_if_ok(  # a file with problems changes nothing
        profiles.import_profiles,
        file.read_bytes(),
        filename=file.name,
        year=year,
        create_missing=create_missing,
        level=level,
        progress=click.echo,
    )
    list_skipped = verbose or report.skipped <= profiles.LIST_SKIPPED_UP_TO
    for region in report.regions:
        if region.outcome == profiles.SKIPPED and not list_skipped:
            continue
        if verbose or region.outcome != profiles.IMPORTED:
            line = f"  {region.outcome:<9} {region.code:<11} {region.name}"
            if region.reason:
                line += f": {region.reason}"
            elif region.outcome == profiles.IMPORTED:
                line += (
                    f" ({region.known} figures, {region.secret} secret, {region.missing} missing)"
                )
            click.echo(line)
    if not list_skipped:
        for reason, count in report.skipped_by_reason():
            click.echo(f"  skipped   {count:>6} regions: {reason}")
    click.echo("")
    for line in report.summary_lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)
