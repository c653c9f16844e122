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
@click.option(
    "--reason",
    default="flask users create",
    show_default=True,
    help="Why, for the audit log (kept with a neighbourhood worker, reviewer or admin role).",
)
def create_user_command(
    email, display_name, role, neighbourhood_slug, municipality_code, password, reason
):
    """Create an account, or add a role to an existing one. A neighbourhood worker, reviewer
    or admin role is written to the audit log, like a role given in the admin area."""
    from wijkplatform.admin import services as admin_services

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
        admin_services.grant_role_from_command_line(
            user,
            Role(role),
            neighbourhood_id=neighbourhood_id,
            municipality_id=municipality_id,
            reason=reason,
        )
        return user, created

    user, created = commit_or_exit(create_or_update)
    click.echo(f"{'Created' if created else 'Updated'} {user.email} with role {role}.")


mail_cli = AppGroup("mail", help="Send the queued mail.")


@mail_cli.command("send")
@click.option("--batch", default=100, show_default=True, help="Messages claimed at a time.")
@click.option("--limit", type=int, help="Stop after this many messages (default: all due).")
def mail_send_command(batch, limit):
    """Send every queued message that is due; safe on several hosts at once (cron step)."""
    from wijkplatform.core import mail
    from wijkplatform.notifications import mailing
    from wijkplatform.notifications.models import Frequency

    mailing.queue_mails(Frequency.IMMEDIATELY)  # notifications people want right away
    report = mail.send_queued(batch=batch, limit=limit)
    click.echo(f"Sent {report.sent}, to retry {report.retried}, failed {report.failed}.")


@mail_cli.command("digest")
@click.option("--daily", "frequency", flag_value="daily", help="The daily digest.")
@click.option("--weekly", "frequency", flag_value="weekly", help="The weekly digest.")
@click.option("--batch", default=500, show_default=True, help="People per batch.")
def mail_digest_command(frequency, batch):
    """Queue the digest mails (then `mail send` sends them); once a day or week from cron."""
    from wijkplatform.notifications import mailing
    from wijkplatform.notifications.models import Frequency

    if frequency is None:
        raise click.UsageError("Choose --daily or --weekly.")
    report = mailing.queue_mails(Frequency(frequency), batch=batch)
    click.echo(f"Queued {report.mails} mails about {report.notifications} notifications.")


@mail_cli.command("prune")
@click.option("--days", default=30, show_default=True, help="Keep sent mail this long.")
def mail_prune_command(days):
    """Delete sent messages older than --days (daily from cron)."""
    from wijkplatform.core import mail

    count = commit_or_exit(mail.prune, days=days)
    click.echo(f"Deleted {count} sent messages.")


@mail_cli.command("failed")
@click.option("--retry", is_flag=True, help="Put every failed message back in the queue.")
def mail_failed_command(retry):
    """List the messages that could not be sent (id, tries, last error)."""
    from sqlalchemy import select

    from wijkplatform.core import mail
    from wijkplatform.extensions import db

    rows = db.session.scalars(
        select(mail.OutgoingMail)
        .where(mail.OutgoingMail.state == mail.MailState.FAILED)
        .order_by(mail.OutgoingMail.id)
    )
    for row in rows:
        click.echo(f"{row.id}\t{row.attempts}\t{row.created_at:%Y-%m-%d %H:%M}\t{row.last_error}")
    if retry:
        count = commit_or_exit(mail.retry_failed)
        click.echo(f"{count} messages queued again.")


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
    from wijkplatform.contributions.cli import comments_cli
    from wijkplatform.neighbourhoods.cli import (
        municipalities_cli,
        neighbourhoods_cli,
        profiles_cli,
    )
    from wijkplatform.opgaven.cli import opgaven_cli
    from wijkplatform.review.cli import export_command, review_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(review_cli)
    app.cli.add_command(export_command)
    app.cli.add_command(mail_cli)
    app.cli.add_command(municipalities_cli)
    app.cli.add_command(neighbourhoods_cli)
    app.cli.add_command(profiles_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(comments_cli)
    app.cli.add_command(opgaven_cli)
