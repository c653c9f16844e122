"""Commands that span features: `users create`, `demo`, `backup` and `restore`.

This module sits above every feature (like create_app), so it may use all of them.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from wijkplatform.accounts import services as account_services
from wijkplatform.accounts.models import Role
from wijkplatform.core.commit import commit_or_exit
from wijkplatform.neighbourhoods.queries import get_municipality_by_code, get_neighbourhood_by_slug

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", help="Name shown to others (default: part of e-mail).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.RESIDENT.value)
@click.option("--neighbourhood", "neighbourhood_slug", help="Slug, for resident or moderator.")
@click.option("--municipality", "municipality_code", help="CBS code, for reviewer.")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked if left out."
)
def create_user_command(email, display_name, role, neighbourhood_slug, municipality_code, password):
    """Create an account, or add a role to an existing one."""
    neighbourhood_id = municipality_id = None
    if neighbourhood_slug:
        neighbourhood = get_neighbourhood_by_slug(neighbourhood_slug)
        if neighbourhood is None:
            raise click.UsageError(f"No neighbourhood with slug {neighbourhood_slug!r}.")
        neighbourhood_id = neighbourhood.id
    if municipality_code:
        municipality = get_municipality_by_code(municipality_code)
        if municipality is None:
            raise click.UsageError(f"No municipality with code {municipality_code!r}.")
        municipality_id = municipality.id

    def create_or_update():
        user = account_services.find_user_by_email(email)
        if user is None:
            user = account_services.create_user(
                email=email, display_name=display_name or email.split("@")[0], password=password
            )
            created = True
        else:
            created = False
        account_services.grant_role(
            user, Role(role), neighbourhood_id=neighbourhood_id, municipality_id=municipality_id
        )
        return user, created

    user, created = commit_or_exit(create_or_update)
    click.echo(f"{'Created' if created else 'Updated'} {user.email} with role {role}.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo municipality; running it again adds nothing twice."""
    from wijkplatform.demo import load_demo

    report = commit_or_exit(load_demo, echo=click.echo)
    click.echo("")
    click.echo(report.summary())


@click.command("backup")
@click.option(
    "--output", type=click.Path(dir_okay=False), help="File to write (default: dated name)."
)
@with_appcontext
def backup_command(output):
    """Back up the whole database to a file (SQLite copy or pg_dump custom format)."""
    from pathlib import Path

    from wijkplatform.core import backup

    try:
        report = backup.backup(Path(output or backup.default_filename()), echo=click.echo)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file, yes):
    """Replace the whole database with the contents of a backup FILE."""
    from pathlib import Path

    from wijkplatform.core import backup

    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    try:
        report = backup.restore(Path(file), echo=click.echo)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())


def init_app(app) -> None:
    from wijkplatform.neighbourhoods.cli import (
        municipalities_cli,
        neighbourhoods_cli,
        profiles_cli,
    )

    app.cli.add_command(users_cli)
    app.cli.add_command(municipalities_cli)
    app.cli.add_command(neighbourhoods_cli)
    app.cli.add_command(profiles_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
